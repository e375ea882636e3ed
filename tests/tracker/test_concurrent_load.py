"""Two workers loading reports of one event at the same moment must end with one record.

Real threads, each with its own PostgreSQL connection and transactions: the advisory locks of
services/locks.py decide who creates the record, not timing luck.
"""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from defensetrack.tracker.models import Article, Evidence, Meeting, Person, Pledge, Post
from defensetrack.tracker.services.articles import do_process_article, do_process_articles
from tests.tracker.conftest import REPORT_A, REPORT_B

ROUNDS = 4


def _dated(report: str, day: date) -> str:
    return report.replace("2025-03-06", day.isoformat())


def _process_together(article_ids: list, *, work_on=do_process_article) -> list[BaseException]:
    """Each id (or list of ids) processed by its own thread, all starting at the same moment."""
    barrier = threading.Barrier(len(article_ids))
    errors: list[BaseException] = []

    def work(given) -> None:
        try:
            barrier.wait(timeout=10)
            if isinstance(given, list):
                do_process_articles(article_ids=given)
            else:
                work_on(article_id=given)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(given,)) for given in article_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def _two_reports(round_: int, *, tag: str) -> list[int]:
    """Two outlets' reports of one event, 90 days after the previous round's; their ids."""
    day = date(2025, 3, 6) + timedelta(days=90 * round_)
    return [
        Article.objects.create(
            text=_dated(report, day), published=day, content_hash=f"{tag}{round_}{i}"
        ).pk
        for i, report in enumerate((REPORT_A, REPORT_B))
    ]


@pytest.fixture(autouse=True)
def _one_article_per_worker(settings):
    """Each thread loads its own article, not its neighbour's too (see the batch test below)."""
    settings.INGEST_BATCH_SIZE = 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_loading_one_event_make_one_meeting(postgres):
    for round_ in range(ROUNDS):
        assert _process_together(_two_reports(round_, tag="event")) == []
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}
    assert Meeting.objects.count() == ROUNDS
    assert Pledge.objects.count() == ROUNDS
    for meeting in Meeting.objects.all():
        assert meeting.evidence.values("article").distinct().count() == 2
    assert Evidence.objects.filter(meeting__isnull=False).count() == 2 * ROUNDS
    assert Person.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_adding_the_post_of_a_known_official_make_one_post(postgres):
    # Both read ahead that the persons exist but hold no post yet; only one may add each post.
    for round_ in range(ROUNDS):
        Post.objects.all().delete()
        Person.objects.get_or_create(name="Rustem Umerov")
        Person.objects.get_or_create(name="Tore Onshus Sandvik")
        assert _process_together(_two_reports(round_, tag="post")) == []
        assert Post.objects.count() == 2
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}
    assert Person.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_loading_batches_with_reports_of_the_same_events_make_one_record_each(
    postgres,
):
    # Each batch holds one outlet's reports of every event: both batches create or match the
    # same meetings, pledges, persons and posts at the same moment.
    events = [_two_reports(round_, tag="batch") for round_ in range(ROUNDS)]
    batches = [[pair[0] for pair in events], [pair[1] for pair in events]]
    assert _process_together(batches) == []
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}
    assert Meeting.objects.count() == Pledge.objects.count() == ROUNDS
    for meeting in Meeting.objects.all():
        assert meeting.evidence.values("article").distinct().count() == 2
    assert Person.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reports_of_different_events_do_not_wait_for_each_other(postgres):
    """A held meeting key blocks only loads of a meeting of the same countries."""
    from django.db import connections, transaction

    from defensetrack.tracker.services import locks

    with transaction.atomic():
        locks.lock([locks.meeting_key(["NO", "UA"])])
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                other.set_autocommit(False)
                for keys, free in (
                    ([locks.meeting_key(["PL", "UA"])], True),
                    ([locks.pledge_key("NO", "UA")], True),
                    ([locks.meeting_key(["UA", "NO"])], False),
                ):
                    numbers = sorted(locks._as_bigint(k) for k in keys)
                    cursor.execute(
                        "SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM unnest(%s::bigint[]) k",
                        [numbers],
                    )
                    assert cursor.fetchone()[0] is free, keys
                    other.rollback()
        finally:
            other.close()
