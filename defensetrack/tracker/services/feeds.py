"""RSS and Atom feeds: polled on their interval with ETag / Last-Modified; new entries queued.

One new entry becomes one URL article (create_article), fetched and processed by its own task;
an entry seen before has the same canonical URL and adds nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

import feedparser
from django.utils import timezone

from defensetrack.tracker.errors import DomainError, PermanentFetchError, TransientFetchError
from defensetrack.tracker.models import Article, Feed
from defensetrack.tracker.services import sources
from defensetrack.tracker.services.articles import create_article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollResult:
    entries: int = 0
    new: int = 0
    rejected: int = 0
    not_modified: bool = False


def do_add_feed(*, url: str, title: str = "") -> tuple[Feed, bool]:
    """The Feed for this address, created (enabled) if new; bad addresses raise RejectedInput."""
    sources.canonical_url(url)
    return Feed.objects.get_or_create(url=url.strip(), defaults={"title": title})


def do_poll_due_feeds() -> int:
    """Queue a poll for every enabled feed whose interval has passed; returns how many."""
    from defensetrack.tracker.tasks import poll_feed_task

    now = timezone.now()
    due = [
        feed.pk
        for feed in Feed.objects.filter(enabled=True).only(
            "id", "interval_minutes", "last_polled_at"
        )
        if feed.last_polled_at is None
        or feed.last_polled_at + timedelta(minutes=feed.interval_minutes) <= now
    ]
    for feed_id in due:
        poll_feed_task.delay_on_commit(feed_id)
    return len(due)


def do_poll_feed(*, feed_id: int) -> PollResult:
    """Fetch the feed if it changed and create an article per new entry; the feed row records
    when it was polled and the last error. Network trouble is re-raised for a retry."""
    feed = Feed.objects.get(pk=feed_id)
    try:
        page = sources.fetch(feed.url, headers=_conditional_headers(feed), what="The feed")
        if page.status == 304:
            _polled(feed, error="")
            return PollResult(not_modified=True)
        parsed = _parse(page.text, url=feed.url)
    except TransientFetchError as exc:
        _polled(feed, error=exc.message)
        raise
    except DomainError as exc:
        _polled(feed, error=exc.message)
        return PollResult()
    result = _create_entries(feed, parsed.entries)
    feed.etag, feed.last_modified = page.etag, page.last_modified
    feed.title = feed.title or (parsed.feed.get("title") or "")[:300]
    _polled(feed, error="")
    return result


def _conditional_headers(feed: Feed) -> dict[str, str]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _parse(text: str, *, url: str):
    parsed = feedparser.parse(text)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise PermanentFetchError(f"The feed at {url} could not be read as RSS or Atom ({reason}).")
    return parsed


def _create_entries(feed: Feed, entries) -> PollResult:
    new = rejected = 0
    for entry in entries:
        link = entry.get("link", "")
        if not link:
            rejected += 1
            continue
        try:
            _, created = create_article(
                url=link,
                title=entry.get("title", ""),
                published=_entry_date(entry),
                source=Article.Source.FEED,
                feed=feed,
            )
        except DomainError as exc:
            logger.info("Feed %s: entry %r skipped: %s", feed.pk, link, exc.message)
            rejected += 1
            continue
        new += created
    return PollResult(entries=len(entries), new=new, rejected=rejected)


def _entry_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _polled(feed: Feed, *, error: str) -> None:
    feed.last_polled_at, feed.last_error = timezone.now(), error
    feed.save()
