"""Articles processed together: a batch loads what the same articles loaded one by one would,
costs a few queries for all of them, and one bad article fails alone."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from defensetrack.tracker.models import Article, Evidence, Meeting, Person, Pledge, Post
from defensetrack.tracker.services.articles import (
    create_article,
    do_process_article,
    do_process_articles,
)
from defensetrack.tracker.services.ingest import do_ingest, list_inputs
from tests.tracker.conftest import REPORT_A, REPORT_B, REPORT_C

START = date(2024, 1, 9)


def _accepted(text: str) -> int:
    """An accepted article whose task has not run (a worker's queue, frozen)."""
    article, created = create_article(text=text, queue=False)
    assert created
    return article.pk


def _dated(report: str, day: date) -> str:
    return report.replace("2025-03-06", day.isoformat()).replace("2025-05-20", day.isoformat())


def _reports(events: int, *, first: int = 0) -> list[str]:
    """Two outlets' reports of `events` meetings 45 days apart, and one other event each."""
    texts = []
    for n in range(first, first + events):
        day = START + timedelta(days=45 * n)
        note = f"\nFiled as report {n}."  # the header is no part of the text: bodies must differ
        texts += [_dated(r, day) + note for r in (REPORT_A, REPORT_C, REPORT_B)]
    return texts


def _what_was_loaded() -> dict:
    """Records as facts (no ids): what a batch and a one-by-one run must agree on."""
    meetings = sorted(
        (
            m.date,
            m.location,
            tuple(sorted(m.countries.values_list("code", flat=True))),
            tuple(sorted(m.participants.values_list("name", flat=True))),
            tuple(sorted(m.topics)),
            m.evidence.values("article").distinct().count(),
        )
        for m in Meeting.objects.all()
    )
    pledges = sorted(
        (p.donor.code, p.recipient.code, p.amount, p.currency, p.announced_on, p.evidence.count())
        for p in Pledge.objects.all()
    )
    posts = sorted(
        (p.person.name, p.country.code, p.role, p.start, p.end) for p in Post.objects.all()
    )
    return {"meetings": meetings, "pledges": pledges, "posts": posts}


def _forget_loaded_facts() -> None:
    for model in (Evidence, Meeting, Pledge, Post, Person):
        model.objects.all().delete()
    Article.objects.update(status=Article.Status.QUEUED, processed_at=None, attempts=0)


def test_a_batch_loads_what_one_article_at_a_time_loads(db):
    ids = [_accepted(text) for text in _reports(3)]

    do_process_articles(article_ids=ids)
    together = _what_was_loaded()
    _forget_loaded_facts()
    for article_id in ids:
        do_process_articles(article_ids=[article_id])
    one_by_one = _what_was_loaded()

    assert together == one_by_one
    # Each reported meeting once, with both outlets' reports as its evidence.
    assert len(together["meetings"]) == 6
    assert [m[-1] for m in together["meetings"] if "UA" in m[2]] == [2, 2, 2]
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}


def test_reports_of_one_event_in_one_batch_make_one_record(db):
    do_process_articles(article_ids=[_accepted(REPORT_A), _accepted(REPORT_B)])
    meeting = Meeting.objects.get()
    assert meeting.evidence.values("article").distinct().count() == 2
    assert Pledge.objects.get().evidence.count() == 2
    assert Person.objects.count() == 2


def test_a_copy_republished_in_the_same_batch_is_linked_to_its_original(db):
    original = _accepted(REPORT_A)
    first_copy = _accepted(REPORT_A.replace("also talked about", "also discussed"))
    second_copy = _accepted(REPORT_A.replace("also talked about", "also covered"))
    do_process_articles(article_ids=[original, first_copy, second_copy])
    # Both copies point at the original, not at each other: a copy is no original.
    duplicate_of = dict(Article.objects.values_list("pk", "duplicate_of"))
    assert duplicate_of == {original: None, first_copy: original, second_copy: original}
    meeting = Meeting.objects.get()
    assert meeting.evidence.values("article").distinct().count() == 3
    assert Pledge.objects.count() == 1


def test_queries_for_a_batch_barely_grow_with_its_size(db):
    def queries(events: int, first: int) -> int:
        ids = [_accepted(text) for text in _reports(events, first=first)]
        with CaptureQueriesContext(connection) as captured:
            do_process_articles(article_ids=ids)
        return len(captured)

    queries(1, first=0)  # the officials and posts exist from here on
    three_articles, fifteen_articles = queries(1, first=1), queries(5, first=2)
    assert fifteen_articles <= three_articles + 3
    with CaptureQueriesContext(connection) as captured:
        do_process_articles(article_ids=[_accepted(_dated(REPORT_C, START) + "\nAlone.")])
    alone = len(captured)
    assert fifteen_articles <= alone + 5


def test_a_worker_takes_queued_articles_along_but_not_ones_tried_before(db):
    first, second, third = (_accepted(text) for text in _reports(1))
    Article.objects.filter(pk=third).update(attempts=1)  # came back after a failed try

    do_process_article(article_id=first)

    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses[first] == statuses[second] == Article.Status.DONE
    assert statuses[third] == Article.Status.QUEUED
    do_process_article(article_id=second)  # its own task finds nothing left to do
    assert Article.objects.get(pk=second).attempts == 1


def test_the_batch_size_setting_limits_what_is_taken_along(db, settings):
    settings.INGEST_BATCH_SIZE = 2
    ids = [_accepted(text) for text in _reports(1)]
    do_process_article(article_id=ids[0])
    assert Article.objects.filter(status=Article.Status.DONE).count() == 2


def test_an_article_that_fails_to_load_fails_alone(postgres):
    ids = [_accepted(text) for text in _reports(1)]
    bad = ids[1]
    with connection.cursor() as cursor:  # a real database error, for this article only
        cursor.execute(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN"
            f" IF NEW.article_id = {bad} THEN RAISE EXCEPTION 'evidence refused'; END IF;"
            " RETURN NEW; END $$ LANGUAGE plpgsql;"
            " CREATE TRIGGER refuse BEFORE INSERT ON tracker_evidence"
            " FOR EACH ROW EXECUTE FUNCTION refuse();"
        )

    do_process_articles(article_ids=ids)

    failed = Article.objects.get(pk=bad)
    assert failed.status == Article.Status.FAILED
    assert "evidence refused" in failed.error
    assert not Evidence.objects.filter(article_id=bad).exists()
    others = Article.objects.exclude(pk=bad)
    assert set(others.values_list("status", flat=True)) == {Article.Status.DONE}
    assert Evidence.objects.filter(article__in=others).count() > 0


def test_ingesting_a_folder_queues_one_task_per_batch(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.INGEST_BATCH_SIZE = 2
    for n, text in enumerate(_reports(2)[:5]):
        (tmp_path / f"{n}.txt").write_text(text)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        summary = do_ingest(list_inputs([tmp_path]))
    assert summary.new == 5
    assert len(queued) == 3  # 2 + 2 + 1 articles
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.QUEUED}

    for callback in queued:
        callback()
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}


@pytest.mark.parametrize("given", [[], [987654]])
def test_a_batch_of_nothing_known_does_nothing(db, given):
    do_process_articles(article_ids=given)
    assert not Article.objects.exists()
