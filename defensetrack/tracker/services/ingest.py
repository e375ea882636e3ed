"""Ingesting many inputs at once (files, folders, addresses) for the ingest and load_demo commands.

Each input goes through create_article like any other; a bad one is counted and explained, and
the rest carry on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.models import Article
from defensetrack.tracker.services import sources
from defensetrack.tracker.services.articles import create_article, queue_articles


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)

    def statuses(self) -> Counter:
        """How far the new articles got (all done when tasks run inline)."""
        rows = Article.objects.filter(pk__in=self.new_ids).values_list("status", flat=True)
        return Counter(rows)

    def line(self) -> str:
        return f"read {self.read}, new {self.new}, duplicate {self.duplicate}, failed {self.failed}"


def is_web_address(value: str) -> bool:
    """Anything with a scheme is an address (ftp:// too, so it is refused as one, not a path)."""
    return "://" in value


def list_inputs(inputs: Iterable[str | Path]) -> list[str | Path]:
    """Web addresses as given, and every article file under the given files and folders."""
    found: list[str | Path] = []
    for given in inputs:
        if isinstance(given, str) and is_web_address(given):
            found.append(given)
        else:
            found += sources.list_article_files([given])
    return found


def do_ingest(
    inputs: Iterable[str | Path], *, progress: Callable[[Iterable], Iterable] | None = None
) -> IngestSummary:
    """Create an article per input; a rejected input is counted with its reason, never raised.

    Files are queued settings.INGEST_BATCH_SIZE at a time, each batch as one task (as soon as it
    is full, so workers start while the rest is read); addresses are queued one by one, since
    each is fetched on its own.
    """
    summary = IngestSummary()
    items = list(inputs)
    waiting: list[int] = []
    for item in progress(items) if progress else items:
        summary.read += 1
        try:
            article, created = ingest_one(item)
        except DomainError as exc:
            summary.failed += 1
            summary.errors.append(f"{item}: {exc.message}")
            continue
        if not created:
            summary.duplicate += 1
            continue
        summary.new += 1
        summary.new_ids.append(article.pk)
        if article.text:
            waiting.append(article.pk)
        if len(waiting) >= settings.INGEST_BATCH_SIZE:
            queue_articles(waiting)
            waiting = []
    queue_articles(waiting)
    return summary


def ingest_one(item: str | Path) -> tuple[Article, bool]:
    """Accept one input; a file's article is left for the caller to queue (queue_articles)."""
    if isinstance(item, str) and is_web_address(item):
        return create_article(url=item, source=Article.Source.URL)
    path = Path(item)
    text = sources.read_text_file(path)
    return create_article(text=text, source=Article.Source.FILE, queue=False)
