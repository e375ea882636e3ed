"""Accepting articles and running one through the pipeline: fetch, extract, load.

An accepted article is stored (status queued) before any task runs, and its task is queued only
after that row is committed. Processing claims the row with a conditional UPDATE, so a second
delivery of the same task changes nothing, and the row always says what happened to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from defensetrack.extraction import EXTRACTOR_VERSION, extract, parse_document
from defensetrack.tracker.errors import DomainError, RejectedInput, TransientFetchError
from defensetrack.tracker.models import Article, Feed
from defensetrack.tracker.services import dedup, sources
from defensetrack.tracker.services.facts import do_load_facts

logger = logging.getLogger(__name__)
Status = Article.Status

# Longer than any task's hard time limit: a row still processing after this lost its worker.
STALE_AFTER = timedelta(minutes=5)
# A queued row whose message should long have been delivered (a broker restart lost it).
QUEUED_TOO_LONG = timedelta(minutes=30)
# Network failures are retried; after this many tries the article is marked failed.
MAX_ATTEMPTS = 6
# A load PostgreSQL aborted to break a deadlock is run again this many times in all.
LOAD_TRIES = 3


# Accepting -------------------------------------------------------------------------------------


def create_article(
    *,
    text: str = "",
    url: str = "",
    title: str = "",
    outlet: str = "",
    published: date | None = None,
    source: str = Article.Source.TEXT,
    feed: Feed | None = None,
) -> tuple[Article, bool]:
    """Store an article and queue its processing; (article, created).

    The same address (tracking parameters aside) or the same text gives the existing article
    and created=False. Empty, binary or oversized input raises RejectedInput.
    """
    from defensetrack.tracker.tasks import process_article_task  # tasks.py imports services

    fields = _accepted_fields(
        text=text, url=url, title=title, outlet=outlet, published=published, source=source
    )
    article, created = _get_or_create_article(fields, feed=feed)
    if created:
        process_article_task.delay_on_commit(article.id)
    return article, created


def _accepted_fields(*, text, url, title, outlet, published, source) -> dict:
    """The Article fields for this input, or RejectedInput saying what is wrong with it."""
    if not (text or "").strip() and not (url or "").strip():
        raise RejectedInput("Give the article's text or its web address; both are empty.")
    fields = {
        "url": (url or "").strip()[:2000],
        "canonical_url": sources.canonical_url(url) if (url or "").strip() else "",
        "source": source,
        "title": (title or "").strip(),
        "outlet": (outlet or "").strip(),
        "published": published,
    }
    if (text or "").strip():
        fields.update(_text_fields(text, fields))
    fields["title"], fields["outlet"] = fields["title"][:500], fields["outlet"][:200]
    return fields


def _text_fields(text: str, given: dict) -> dict:
    """Body, metadata the text carries (seed header, HTML), hash and signature."""
    sources.check_text(text, what="The article")
    doc = parse_document(text)
    if not doc.text.strip():
        raise RejectedInput(
            "No article text was found in the input: it holds only markup, scripts or a header."
        )
    return {
        "text": doc.text,
        "title": given["title"] or doc.title,
        "outlet": given["outlet"] or doc.outlet,
        "location": doc.location[:200],
        "published": given["published"] or doc.published,
        "content_hash": dedup.content_hash(doc.text),
        "minhash": dedup.minhash_signature(doc.text),
    }


def _get_or_create_article(fields: dict, *, feed: Feed | None) -> tuple[Article, bool]:
    existing = _existing_article(fields)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(feed=feed, **fields)
            dedup.store_bands(article)
            return article, True
    except IntegrityError:
        # Another request stored the same article between our look-up and our insert.
        existing = _existing_article(fields)
        if existing is None:
            raise
        return existing, False


def _existing_article(fields: dict) -> Article | None:
    match = Q(pk__in=[])
    if fields["canonical_url"]:
        match |= Q(canonical_url=fields["canonical_url"])
    if fields.get("content_hash"):
        match |= Q(content_hash=fields["content_hash"])
    return Article.objects.filter(match).defer("text", "facts", "minhash").order_by("id").first()


# Queueing again --------------------------------------------------------------------------------


def do_requeue_articles(*, article_ids: Iterable[int]) -> int:
    """Queue articles again (failed ones, or all with a newer extractor); returns how many.

    Rows a live worker is processing right now are left alone.
    """
    from defensetrack.tracker.tasks import process_article_task

    busy = Q(status=Status.PROCESSING, claimed_at__gte=timezone.now() - STALE_AFTER)
    qs = Article.objects.filter(pk__in=list(article_ids)).exclude(busy)
    ids = list(qs.values_list("pk", flat=True))
    Article.objects.filter(pk__in=ids).update(status=Status.QUEUED, error="", attempts=0)
    for article_id in ids:
        process_article_task.delay_on_commit(article_id)
    return len(ids)


def do_requeue_stale_articles() -> int:
    """Send again the tasks of rows whose worker died or whose message was lost; how many."""
    from defensetrack.tracker.tasks import process_article_task

    now = timezone.now()
    stale = Q(status=Status.PROCESSING, claimed_at__lt=now - STALE_AFTER) | Q(
        status=Status.QUEUED, updated__lt=now - QUEUED_TOO_LONG
    )
    ids = list(Article.objects.filter(stale).values_list("pk", flat=True))
    for article_id in ids:
        process_article_task.delay_on_commit(article_id)
    return len(ids)


# Processing ------------------------------------------------------------------------------------


def do_process_article(*, article_id: int) -> None:
    """Fetch if needed, extract, load the facts; records the outcome on the row.

    Safe to run twice: only a queued (or abandoned) row is claimed. A network failure puts the
    row back to queued and re-raises TransientFetchError so the task retries with backoff.
    """
    if not _claim(article_id):
        return
    article = Article.objects.get(pk=article_id)
    try:
        _process(article)
    except TransientFetchError as exc:
        if article.attempts >= MAX_ATTEMPTS:
            _finish(
                article, Status.FAILED, f"{exc.message} Gave up after {article.attempts} tries."
            )
            return
        _finish(article, Status.QUEUED, exc.message)
        raise
    except DomainError as exc:
        _finish(article, Status.FAILED, exc.message)
    except Exception as exc:
        logger.exception("Article %s failed", article_id)
        _finish(article, Status.FAILED, _unexpected(exc))


def _unexpected(exc: Exception) -> str:
    if type(exc).__name__ == "SoftTimeLimitExceeded":
        return "Processing took longer than the time limit; the article may be too long."
    return f"Processing stopped on an unexpected error ({type(exc).__name__}: {exc})."[:1000]


def _claim(article_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(
        status=Status.PROCESSING, claimed_at__lt=now - STALE_AFTER
    )
    claimed = Article.objects.filter(claimable, pk=article_id).update(
        status=Status.PROCESSING, claimed_at=now, attempts=F("attempts") + 1
    )
    return bool(claimed)


def _finish(article: Article, status: str, error: str = "", **fields) -> None:
    Article.objects.filter(pk=article.pk).update(
        status=status, error=error, processed_at=timezone.now(), updated=timezone.now(), **fields
    )


def _process(article: Article) -> None:
    if not article.text:
        _fetch_page(article)
        if article.duplicate_of_id:
            _finish(article, Status.DONE)
            return
    facts = extract(article.text, published=article.published, title=article.title)
    first_time = article.processed_at is None
    article.text, article.facts = facts.text, facts.to_dict(id=str(article.pk))
    article.extractor_version = EXTRACTOR_VERSION
    if article.duplicate_of_id is None:
        article.duplicate_of = dedup.find_original(article)
    # One transaction: a worker that dies mid-way leaves no half-loaded article behind.
    for attempt in range(1, LOAD_TRIES + 1):
        try:
            with transaction.atomic():
                _commit_without_waiting_for_disk()
                _load(article, facts, first_time=first_time)
                # The outcome in one write: the text the evidence offsets point into, facts, status.
                _finish(
                    article,
                    Status.DONE,
                    text=article.text,
                    facts=article.facts,
                    extractor_version=article.extractor_version,
                    duplicate_of=article.duplicate_of,
                )
            return
        except OperationalError as exc:
            if not _is_deadlock(exc) or attempt == LOAD_TRIES:
                raise


def _commit_without_waiting_for_disk() -> None:
    """On PostgreSQL, let the load's COMMIT return before its log record reaches the disk.

    A crash may then lose the last fraction of a second of loads, and nothing more: the claim on
    the row was committed durably before, so a lost load leaves the row processing, and
    do_requeue_stale_articles (beat, every 10 minutes) queues it again. In exchange a worker
    does not wait for an fsync per article.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _is_deadlock(exc: OperationalError) -> bool:
    """PostgreSQL broke a lock cycle by aborting us (two loads updating the same person's
    aliases in opposite order, say): the whole transaction can simply run again."""
    return getattr(exc.__cause__, "pgcode", None) in ("40P01", "40001")


def _fetch_page(article: Article) -> None:
    """Fill an URL-only article from its page; an identical page makes it a duplicate."""
    page = sources.fetch(article.url)
    doc = parse_document(page.text, is_html=True)
    if not doc.text.strip():
        raise RejectedInput(f"No article text was found on the page at {article.url}.")
    sources.check_text(doc.text, what=f"The page at {article.url}")
    article.text = doc.text
    article.title = article.title or doc.title[:500]
    article.outlet = article.outlet or doc.outlet[:200]
    article.published = article.published or doc.published
    article.content_hash = dedup.content_hash(doc.text)
    article.minhash = dedup.minhash_signature(doc.text)
    try:
        with transaction.atomic():
            article.save()
            dedup.store_bands(article)
    except IntegrityError:
        # Another article already has this text (the unique hash says so): this one repeats it.
        same = Article.objects.filter(content_hash=article.content_hash).first()
        article.content_hash, article.duplicate_of = "", same
        article.save()


def _load(article: Article, facts, *, first_time: bool) -> None:
    """Load the facts; a reprocess replaces this article's evidence and drops orphaned facts."""
    do_load_facts(
        article=article,
        facts=facts,
        version=EXTRACTOR_VERSION,
        create=article.duplicate_of_id is None,
        replace=not first_time,
    )
