"""RSS and Atom feeds: polled with ETag / Last-Modified, one article per new entry, bad feeds
recorded on the feed row. Feeds and pages are served locally by pytest-httpserver."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from defensetrack.tracker.models import Article, Feed, Meeting
from defensetrack.tracker.services.feeds import do_poll_due_feeds, do_poll_feed
from defensetrack.tracker.tasks import poll_due_feeds_task, requeue_stale_articles_task
from tests.tracker.conftest import REPORT_A, REPORT_C
from tests.tracker.test_fetch import page


def rss(*links: str) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{link}</link>"
        f"<pubDate>Thu, 06 Mar 2025 10:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post defence</title>'
        f"<link>https://example.org/</link><description>d</description>{items}</channel></rss>"
    )


def atom(*links: str) -> str:
    entries = "".join(
        f"<entry><title>Entry {i}</title><link href='{link}'/><id>urn:{i}</id>"
        "<updated>2025-05-20T08:00:00Z</updated></entry>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Wire</title><id>urn:wire</id><updated>2025-05-20T08:00:00Z</updated>{entries}</feed>"
    )


def serve_feed(httpserver, body: str, *, etag: str = '"v1"') -> Feed:
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": etag}).respond_with_data(
        "", status=304
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        body,
        content_type="application/rss+xml",
        headers={"ETag": etag, "Last-Modified": "Thu, 06 Mar 2025 10:00:00 GMT"},
    )
    return Feed.objects.create(url=httpserver.url_for("/feed.xml"))


def test_a_poll_queues_new_entries_and_the_next_poll_sends_the_etag(
    db, httpserver, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/one").respond_with_data(page(REPORT_A), content_type="text/html")
    httpserver.expect_request("/two").respond_with_data(page(REPORT_C), content_type="text/html")
    feed = serve_feed(
        httpserver, rss(httpserver.url_for("/one"), httpserver.url_for("/two?utm_medium=rss"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = do_poll_feed(feed_id=feed.pk)
    assert (result.entries, result.new) == (2, 2)
    articles = Article.objects.order_by("id")
    assert [a.status for a in articles] == [Article.Status.DONE] * 2
    assert {a.feed_id for a in articles} == {feed.pk}
    assert {a.source for a in articles} == {Article.Source.FEED}
    assert Meeting.objects.count() == 2
    feed.refresh_from_db()
    assert (feed.etag, feed.title, feed.last_error) == ('"v1"', "Harbour Post defence", "")
    assert feed.last_polled_at is not None
    again = do_poll_feed(feed_id=feed.pk)
    assert again.not_modified and Article.objects.count() == 2


def test_entries_seen_before_add_nothing(db, httpserver):
    link = httpserver.url_for("/story")
    feed = serve_feed(httpserver, atom(link, link + "#comments"), etag='"a"')
    first = do_poll_feed(feed_id=feed.pk)
    Feed.objects.filter(pk=feed.pk).update(etag="")
    second = do_poll_feed(feed_id=feed.pk)
    assert (first.new, second.new, Article.objects.count()) == (1, 0, 1)
    assert Article.objects.get().published == date(2025, 5, 20)


def test_a_malformed_feed_is_recorded_on_the_feed(db, httpserver):
    httpserver.expect_request("/bad.xml").respond_with_data(
        "<html><body>This is not a feed <p>at all", content_type="text/html"
    )
    feed = Feed.objects.create(url=httpserver.url_for("/bad.xml"))
    result = do_poll_feed(feed_id=feed.pk)
    feed.refresh_from_db()
    assert result.new == 0 and not Article.objects.exists()
    assert "could not be read as RSS or Atom" in feed.last_error


def test_a_missing_feed_is_recorded_on_the_feed(db, httpserver):
    httpserver.expect_request("/gone.xml").respond_with_data("no", status=404)
    feed = Feed.objects.create(url=httpserver.url_for("/gone.xml"))
    do_poll_feed(feed_id=feed.pk)
    feed.refresh_from_db()
    assert feed.last_error.endswith("answered HTTP 404.")


def test_only_enabled_feeds_past_their_interval_are_due(db, django_capture_on_commit_callbacks):
    now = timezone.now()
    Feed.objects.create(url="https://a.example.org/rss", last_polled_at=None)
    Feed.objects.create(url="https://b.example.org/rss", last_polled_at=now - timedelta(hours=2))
    Feed.objects.create(url="https://c.example.org/rss", last_polled_at=now - timedelta(minutes=5))
    Feed.objects.create(url="https://d.example.org/rss", enabled=False)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert do_poll_due_feeds() == 2
    assert len(queued) == 2


def test_the_beat_tasks_run(db, httpserver, django_capture_on_commit_callbacks):
    serve_feed(httpserver, rss(httpserver.url_for("/x")))
    httpserver.expect_request("/x").respond_with_data(page(REPORT_C), content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds_task.apply().get() == 1
    assert Article.objects.get().status == Article.Status.DONE
    stale = Article.objects.create(text="Ministers met.", status=Article.Status.PROCESSING)
    Article.objects.filter(pk=stale.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_articles_task.apply().get() == 1
    stale.refresh_from_db()
    assert stale.status == Article.Status.DONE and stale.attempts == 1


def test_ingest_feed_adds_and_polls_a_feed(db, httpserver):
    serve_feed(httpserver, rss(httpserver.url_for("/p")))
    out = StringIO()
    call_command("ingest", "--feed", httpserver.url_for("/feed.xml"), stdout=out)
    assert "1 entries, 1 new articles queued, 0 skipped" in out.getvalue()
    assert Feed.objects.get().enabled
