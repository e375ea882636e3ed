"""Input parsing: the seed text format, bare text and HTML pages become a Document."""

from __future__ import annotations

import re
from datetime import date

from defensetrack.extraction.types import Document

SEED_FIRST_LINE = re.compile(r"^\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*)$")
DATELINE = re.compile(r"^\s*([^•\n]{1,60}?)\s+•\s+([^•\n]{1,80}?)\s*$")
VIEW_COUNTER = re.compile(r"\d{2}\.\d{2}\.\d{2,4},\s*\d{1,2}:\d{2}\s*•\s*[\d\s,.]+\s*views?", re.I)
LOOKS_LIKE_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|article|div|p|meta|title)\b", re.I)


def parse_document(raw: str, *, is_html: bool | None = None) -> Document:
    """Split raw input into title, outlet, dateline city, publication date and body.

    The three shapes we receive: the seed text format (line 1 "date YYYY-MM-DD Title",
    optional line 2 "City • Outlet"), bare text, and HTML pages.
    """
    raw = raw if isinstance(raw, str) else str(raw)
    if is_html is None:
        is_html = bool(LOOKS_LIKE_HTML.search(raw[:5000]))
    if is_html:
        return _parse_html(raw)
    return _parse_text(raw)


def _parse_text(raw: str) -> Document:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = SEED_FIRST_LINE.match(lines[0]) if lines else None
    if not first:
        return Document(text=raw.strip())
    published = _iso_date(first.group(1))
    title = first.group(2).strip()
    rest = lines[1:]
    location = outlet = ""
    if rest:
        dateline = DATELINE.match(rest[0])
        if dateline and not VIEW_COUNTER.search(rest[0]):
            location, outlet = dateline.group(1).strip(), dateline.group(2).strip()
            rest = rest[1:]
    return Document(
        title=title,
        outlet=outlet,
        location=location,
        published=published,
        text="\n".join(rest).strip(),
    )


def _parse_html(raw: str) -> Document:
    # Imported here: trafilatura is slow to import and plain text never needs it.
    import trafilatura

    try:
        text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
    except Exception:  # a broken page must not stop a batch
        text = ""
    title = outlet = ""
    published = None
    try:
        meta = trafilatura.extract_metadata(raw)
    except Exception:
        meta = None
    if meta is not None:
        title = meta.title or ""
        outlet = meta.sitename or ""
        published = _iso_date(meta.date)
    if published is None:
        published = _htmldate(raw)
    return Document(title=title, outlet=outlet, location="", published=published, text=text.strip())


def _htmldate(raw: str) -> date | None:
    try:
        from htmldate import find_date

        return _iso_date(find_date(raw, extensive_search=False, original_date=True))
    except Exception:
        return None


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except (TypeError, ValueError):
        return None
