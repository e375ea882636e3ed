"""Queueing again: failed and finished rows go back to the queue, a row a live worker holds does
not, and rows whose worker died are picked up by the stale sweep."""

from datetime import timedelta

from django.utils import timezone

from defensetrack.tracker.models import Article
from defensetrack.tracker.services.articles import (
    STALE_AFTER,
    do_requeue_articles,
    do_requeue_stale_articles,
)
from tests.tracker.conftest import REPORT_C


def _article(status: str, *, claimed_ago: timedelta | None = None, **fields) -> Article:
    claimed = timezone.now() - claimed_ago if claimed_ago is not None else None
    return Article.objects.create(text=REPORT_C, status=status, claimed_at=claimed, **fields)


def test_it_requeues_failed_and_done_rows_but_not_busy_ones(db, django_capture_on_commit_callbacks):
    failed = _article(Article.Status.FAILED, error="The page answered HTTP 404.", attempts=3)
    done = _article(Article.Status.DONE, content_hash="b")
    busy = _article(Article.Status.PROCESSING, claimed_ago=timedelta(seconds=5), content_hash="c")
    unfetched = Article.objects.create(url="https://news.example/x", status=Article.Status.FAILED)
    ids = [failed.pk, done.pk, busy.pk, unfetched.pk, 999999]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        count = do_requeue_articles(article_ids=ids)
    # One task for the two articles with their text, one for the page still to be fetched.
    assert count == 3 and len(queued) == 2
    failed.refresh_from_db()
    assert (failed.status, failed.error, failed.attempts) == (Article.Status.QUEUED, "", 0)
    busy.refresh_from_db()
    assert busy.status == Article.Status.PROCESSING


def test_the_stale_sweep_resends_abandoned_and_forgotten_rows(
    db, django_capture_on_commit_callbacks
):
    abandoned = _article(Article.Status.PROCESSING, claimed_ago=STALE_AFTER + timedelta(minutes=1))
    _article(Article.Status.PROCESSING, claimed_ago=timedelta(seconds=10), content_hash="b")
    forgotten = _article(Article.Status.QUEUED, content_hash="c")
    Article.objects.filter(pk=forgotten.pk).update(updated=timezone.now() - timedelta(hours=2))
    _article(Article.Status.QUEUED, content_hash="d")
    with django_capture_on_commit_callbacks(execute=True):
        assert do_requeue_stale_articles() == 2
    for article in (abandoned, forgotten):
        article.refresh_from_db()
        assert article.status == Article.Status.DONE
