"""Accepting articles and running one through the pipeline: fetch, extract, load.

An accepted article is stored (status queued) before any task runs, and its task is queued only
after that row is committed. Processing claims the row with a conditional UPDATE, so a second
delivery of the same task changes nothing, and the row always says what happened to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from defensetrack.extraction import EXTRACTOR_VERSION, extract, parse_document
from defensetrack.tracker.errors import DomainError, RejectedInput, TransientFetchError
from defensetrack.tracker.models import Article, Feed
from defensetrack.tracker.services import bulk, dedup, sources
from defensetrack.tracker.services.facts import Report, do_load_reports

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
    queue: bool = True,
) -> tuple[Article, bool]:
    """Store an article and queue its processing; (article, created).

    The same address (tracking parameters aside) or the same text gives the existing article
    and created=False. Empty, binary or oversized input raises RejectedInput. With queue=False
    the caller queues the new article itself, with others (queue_articles).
    """
    from defensetrack.tracker.tasks import process_article_task  # tasks.py imports services

    fields = _accepted_fields(
        text=text, url=url, title=title, outlet=outlet, published=published, source=source
    )
    article, created = _get_or_create_article(fields, feed=feed)
    if created and queue:
        process_article_task.delay_on_commit(article.id)
    return article, created


def queue_articles(article_ids: list[int]) -> None:
    """Queue accepted articles that have their text, one task per INGEST_BATCH_SIZE of them,
    each processed as one batch.

    For bulk sources (a folder of files): one message for fifty articles instead of fifty,
    each of which would cost a worker a few milliseconds to receive and find already claimed.
    """
    from defensetrack.tracker.tasks import process_articles_task

    ids, size = list(article_ids), settings.INGEST_BATCH_SIZE
    for first in range(0, len(ids), size):
        process_articles_task.delay_on_commit(ids[first : first + size])


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

    Rows a live worker is processing right now are left alone. Articles with their text go in
    batches (queue_articles); one whose page was never fetched gets a task of its own.
    """
    from defensetrack.tracker.tasks import process_article_task

    busy = Q(status=Status.PROCESSING, claimed_at__gte=timezone.now() - STALE_AFTER)
    qs = Article.objects.filter(pk__in=list(article_ids)).exclude(busy).order_by("id")
    rows = list(qs.values_list("pk", Q(text="")))
    Article.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        status=Status.QUEUED, error="", attempts=0
    )
    queue_articles([pk for pk, textless in rows if not textless])
    for pk, textless in rows:
        if textless:
            process_article_task.delay_on_commit(pk)
    return len(rows)


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

    The worker takes other queued articles along (settings.INGEST_BATCH_SIZE in all) and loads
    their facts in one transaction: reading and writing for fifty articles at once costs about
    what one article alone did (BENCHMARKS.md). Their own tasks then find them claimed and do
    nothing. Only articles never tried before are taken along; one that comes back (a retry,
    a stale row, a batch that ran out of time) is processed alone and gets its own verdict.
    """
    if not _claim(article_id):
        return
    article = Article.objects.get(pk=article_id)
    if not article.text:
        try:
            if not _fetched(article):
                return
        except TransientFetchError as exc:
            if article.attempts >= MAX_ATTEMPTS:
                _finish(
                    article, Status.FAILED, f"{exc.message} Gave up after {article.attempts} tries."
                )
                return
            _finish(article, Status.QUEUED, exc.message)
            raise
        except Exception as exc:
            _fail(article, exc)
            return
    alone = article.attempts > 1
    _process([article] if alone else [article, *_claim_more(settings.INGEST_BATCH_SIZE - 1)])


def do_process_articles(*, article_ids: list[int]) -> None:
    """Process these articles as one batch (queue_articles); safe to run twice.

    Only rows still queued (or abandoned) and holding their text are claimed; one without text
    waits for its own task, which fetches it.
    """
    claimable = _claimable() & Q(pk__in=article_ids)
    articles = _claim_batch(Article.objects.filter(claimable), limit=len(article_ids))
    if articles:
        _process(articles)


def _fetched(article: Article) -> bool:
    """Fill an URL-only article from its page; False when there is nothing left to do."""
    _fetch_page(article)
    if article.duplicate_of_id:
        _finish(article, Status.DONE)
        return False
    return True


def _fail(article: Article, exc: Exception) -> None:
    """Record why the article failed: our own words for bad input, the error for a bug."""
    if isinstance(exc, DomainError):
        _finish(article, Status.FAILED, exc.message)
        return
    logger.exception("Article %s failed", article.pk, exc_info=exc)
    _finish(article, Status.FAILED, _unexpected(exc))


def _unexpected(exc: Exception) -> str:
    if _is_time_limit(exc):
        return "Processing took longer than the time limit; the article may be too long."
    return f"Processing stopped on an unexpected error ({type(exc).__name__}: {exc})."[:1000]


def _is_time_limit(exc: BaseException) -> bool:
    return type(exc).__name__ == "SoftTimeLimitExceeded"


def _claimable() -> Q:
    """Rows no worker holds: queued, or processing for longer than any task may run."""
    stale = Q(status=Status.PROCESSING, claimed_at__lt=timezone.now() - STALE_AFTER)
    return Q(status=Status.QUEUED) | stale


def _claim(article_id: int) -> bool:
    claimed = Article.objects.filter(_claimable(), pk=article_id).update(
        status=Status.PROCESSING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return bool(claimed)


def _claim_more(limit: int) -> list[Article]:
    """Up to `limit` queued articles that have their text and were never tried, oldest first,
    to go along with the one a worker was given."""
    never_tried = Article.objects.filter(status=Status.QUEUED, attempts=0)
    return _claim_batch(never_tried, limit=limit)


def _claim_batch(candidates, *, limit: int) -> list[Article]:
    """Claim up to `limit` of these rows that hold their text, oldest first. Rows another
    worker is claiming are skipped, not waited for (SKIP LOCKED; SQLite lets one writer in at a
    time and needs none of it)."""
    if limit <= 0:
        return []
    with transaction.atomic():
        ids = list(
            candidates.exclude(text="")
            .order_by("id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        Article.objects.filter(pk__in=ids).update(
            status=Status.PROCESSING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return list(Article.objects.filter(pk__in=ids).order_by("id"))


def _finish(article: Article, status: str, error: str = "", **fields) -> None:
    Article.objects.filter(pk=article.pk).update(
        status=status, error=error, processed_at=timezone.now(), updated=timezone.now(), **fields
    )


def _process(articles: list[Article]) -> None:
    """Extract each article, then load the facts of all that extracted in one transaction.

    An article whose extraction fails is marked failed on its own. When the batch's load fails,
    each article is loaded again alone, so one bad article cannot fail the others.
    """
    originals = dedup.find_originals([a for a in articles if a.duplicate_of_id is None])
    reports: list[Report] = []
    for n, article in enumerate(articles):
        try:
            reports.append(_extracted(article, originals))
        except Exception as exc:
            if _is_time_limit(exc) and len(articles) > 1:
                _release(articles[n:] + [r.article for r in reports])
                return
            _fail(article, exc)
    _load(reports)


def _extracted(article: Article, originals: dict[int, Article | None]) -> Report:
    facts = extract(article.text, published=article.published, title=article.title)
    first_time = article.processed_at is None
    article.text, article.facts = facts.text, facts.to_dict(id=str(article.pk))
    article.extractor_version = EXTRACTOR_VERSION
    if article.duplicate_of_id is None:
        article.duplicate_of = originals.get(article.pk)
    return Report(
        article=article,
        facts=facts,
        create=article.duplicate_of_id is None,
        replace=not first_time,
    )


def _load(reports: list[Report]) -> None:
    if not reports:
        return
    try:
        _load_and_finish(reports)
    except Exception as exc:
        if len(reports) == 1:
            _fail(reports[0].article, exc)
        elif _is_time_limit(exc):
            _release([r.article for r in reports])
        else:
            logger.warning(
                "A batch of %s articles failed to load; loading each alone.", len(reports)
            )
            for report in reports:
                _load([report])


def _load_and_finish(reports: list[Report]) -> None:
    """Load the batch and mark its articles done, in one transaction: a worker that dies
    mid-way leaves no half-loaded article behind."""
    for attempt in range(1, LOAD_TRIES + 1):
        try:
            with transaction.atomic():
                _commit_without_waiting_for_disk()
                do_load_reports(reports, version=EXTRACTOR_VERSION)
                _finish_all([r.article for r in reports])
            return
        except OperationalError as exc:
            if not _is_deadlock(exc) or attempt == LOAD_TRIES:
                raise


def _finish_all(articles: list[Article]) -> None:
    """The outcome in one write: the text the evidence offsets point into, facts, status."""
    now = timezone.now()
    for article in articles:
        article.status, article.error = Status.DONE, ""
        article.processed_at = article.updated = now
    fields = ["status", "error", "processed_at", "updated", "text", "facts"]
    bulk.update_rows(Article, articles, [*fields, "extractor_version", "duplicate_of"])


def _release(articles: list[Article]) -> None:
    """Put articles a batch could not finish in time back in the queue, each with its task:
    having been tried, each will be processed alone (do_process_article)."""
    from defensetrack.tracker.tasks import process_article_task

    ids = [a.pk for a in articles]
    Article.objects.filter(pk__in=ids).update(status=Status.QUEUED, updated=timezone.now())
    for article_id in ids:
        process_article_task.delay_on_commit(article_id)


def _commit_without_waiting_for_disk() -> None:
    """On PostgreSQL, let the load's COMMIT return before its log record reaches the disk.

    A crash may then lose the last fraction of a second of loads, and nothing more: the claim on
    the row was committed durably before, so a lost load leaves the row processing, and
    do_requeue_stale_articles (beat, every 10 minutes) queues it again. In exchange a worker
    does not wait for an fsync per batch.
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
