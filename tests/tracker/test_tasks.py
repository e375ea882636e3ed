"""The pipeline on a real `celery worker` process, Redis and PostgreSQL: what production runs.

This process publishes to Redis; the worker subprocess reads the same test database.
"""

import time
from io import StringIO

from django.core.management import call_command
from werkzeug import Response

from defensetrack.tracker.models import Article, Evidence, Meeting
from defensetrack.tracker.services.articles import create_article
from defensetrack.tracker.tasks import process_article_task, process_articles_task
from tests.tracker.conftest import REPORT_A, REPORT_B, REPORT_C, wait_for
from tests.tracker.test_fetch import page

FINISHED = (Article.Status.DONE, Article.Status.FAILED)


def _finished(ids):
    return lambda: Article.objects.filter(pk__in=ids, status__in=FINISHED).count() == len(ids)


def test_a_worker_loads_two_outlets_reports_as_one_meeting(celery_worker):
    first, _ = create_article(text=REPORT_A)
    second, _ = create_article(text=REPORT_B)
    wait_for(_finished([first.pk, second.pk]), what="the worker to process both articles")
    meeting = Meeting.objects.get()
    assert set(meeting.evidence.values_list("article", flat=True)) == {first.pk, second.pk}
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}


def test_a_task_delivered_twice_changes_nothing(celery_worker):
    article, _ = create_article(text=REPORT_C)
    wait_for(_finished([article.pk]), what="the first run")
    before = (Article.objects.values_list("updated", "attempts").get(), Evidence.objects.count())
    result_ids = [process_article_task.delay(article.pk).id for _ in range(2)]
    wait_for(
        lambda: all(
            f"[{task_id}] succeeded" in celery_worker.read_text() for task_id in result_ids
        ),
        what="the redelivered tasks",
    )
    after = (Article.objects.values_list("updated", "attempts").get(), Evidence.objects.count())
    assert after == before and Meeting.objects.count() == 1


def test_a_batch_task_delivered_twice_changes_nothing(celery_worker):
    ids = [create_article(text=r, queue=False)[0].pk for r in (REPORT_A, REPORT_B, REPORT_C)]
    first = process_articles_task.delay(ids).id
    wait_for(_finished(ids), what="the batch")
    before = (sorted(Article.objects.values_list("updated", "attempts")), Evidence.objects.count())
    again = [process_articles_task.delay(ids).id for _ in range(2)]
    wait_for(
        lambda: all(f"[{task_id}] succeeded" in celery_worker.read_text() for task_id in again),
        what="the redelivered batches",
    )
    after = (sorted(Article.objects.values_list("updated", "attempts")), Evidence.objects.count())
    assert after == before
    assert f"[{first}] succeeded" in celery_worker.read_text()
    assert Meeting.objects.count() == 2


def test_ingesting_a_folder_twice_through_the_worker_adds_nothing(celery_worker, tmp_path):
    for name, report in (("a.txt", REPORT_A), ("b.txt", REPORT_B), ("c.txt", REPORT_C)):
        (tmp_path / name).write_text(report)
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert "read 3, new 3, duplicate 0, failed 0" in out.getvalue()
    wait_for(_finished(list(Article.objects.values_list("pk", flat=True))), what="the worker")
    counts = (Meeting.objects.count(), Evidence.objects.count())
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert "read 3, new 0, duplicate 3, failed 0" in out.getvalue()
    time.sleep(1)  # nothing was queued; give a stray task the chance to show itself
    assert (Article.objects.count(), Meeting.objects.count(), Evidence.objects.count()) == (
        3,
        *counts,
    )
    assert counts[0] == 2


def test_bad_pages_fail_with_clear_errors_and_the_worker_keeps_going(celery_worker, httpserver):
    def slow(request):
        time.sleep(3)
        return Response("<p>too late</p>", content_type="text/html")

    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    httpserver.expect_request("/scripts").respond_with_data(
        "<html><head><script>" + "x();" * 500 + "</script></head><body></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/binary").respond_with_data(
        b"\x00\x01\x02PK\x03\x04" * 200, content_type="application/octet-stream"
    )
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/good").respond_with_data(page(REPORT_C), content_type="text/html")
    ids = {
        path: create_article(url=httpserver.url_for(path), source="url")[0].pk
        for path in ("/missing", "/loop", "/scripts", "/binary", "/down", "/slow", "/good")
    }
    permanent = [ids[p] for p in ("/missing", "/loop", "/scripts", "/binary", "/good")]
    wait_for(_finished(permanent), timeout=60, what="the worker to finish the articles")
    errors = dict(Article.objects.filter(pk__in=ids.values()).values_list("pk", "error"))
    assert errors[ids["/missing"]].endswith("answered HTTP 404.")
    assert "redirects too many times" in errors[ids["/loop"]]
    assert errors[ids["/scripts"]].startswith("No article text was found on the page")
    assert "binary file, not text" in errors[ids["/binary"]]
    assert Article.objects.get(pk=ids["/good"]).status == Article.Status.DONE
    assert Meeting.objects.count() == 1
    # Network trouble is retried with backoff: back in the queue, with the reason on the row.
    for path, reason in (
        ("/down", "HTTP 500; we will try again"),
        ("/slow", "could not be reached"),
    ):
        wait_for(
            lambda pk=ids[path], reason=reason: reason in Article.objects.get(pk=pk).error,
            timeout=90,  # the slow page holds the single-threaded test server for seconds
            what=f"the retry note on {path}",
        )
        retried = Article.objects.get(pk=ids[path])
        # Still retrying, or (on a slow run) out of retries and failed with that said.
        if retried.status == Article.Status.FAILED:
            assert "Gave up after" in retried.error
        else:
            assert retried.status in (Article.Status.QUEUED, Article.Status.PROCESSING)
        assert retried.attempts >= 1


def test_the_worker_keeps_its_database_connection_from_task_to_task(celery_worker):
    from django.db import connection

    def sessions() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    first, _ = create_article(text=REPORT_A)
    wait_for(_finished([first.pk]), what="the worker's first article")
    before = sessions()
    texts = [REPORT_C.replace("Filed", "x") + f"\nDispatch {n}." for n in range(8)]
    ids = [create_article(text=text)[0].pk for text in texts]
    wait_for(_finished(ids), what="eight more articles")
    # A new connection per task (Celery's default) would open at least eight sessions.
    assert sessions() - before <= 2
