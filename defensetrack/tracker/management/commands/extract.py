"""`manage.py extract PATH...`: print the facts of articles as JSON Lines.

Thin on purpose: reading files and printing is all it does; the facts come from
defensetrack.extraction. It touches no database, so it runs before migrations exist.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from defensetrack.extraction import extract, parse_document

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


class Command(BaseCommand):
    help = (
        "Extract countries, officials, meetings and pledges from articles and print one JSON "
        "object per article (JSON Lines), in the shape of docs/extraction-schema.md: id, "
        "published, countries, officials, meetings, pledges (plus evidence and confidence). "
        "PATH is a file, a folder (read recursively for .txt, .html and .htm) or - for stdin."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")

    def handle(self, *args, **options) -> None:
        try:
            for line in extract_lines(options["paths"], stdin=sys.stdin):
                self.stdout.write(line)
        except FileNotFoundError as exc:
            raise CommandError(f"no such file or folder: {exc.filename}") from exc


def extract_lines(paths: Iterable[str], *, stdin=None) -> Iterator[str]:
    """One JSON line per article found under paths; usable without Django settings."""
    for article_id, raw, is_html in read_articles(paths, stdin=stdin):
        yield json.dumps(article_to_dict(raw, article_id, is_html=is_html), ensure_ascii=False)


def article_to_dict(raw: str, article_id: str | None, *, is_html: bool | None = None) -> dict:
    document = parse_document(raw, is_html=is_html)
    facts = extract(document.text, published=document.published, title=document.title)
    return facts.to_dict(article_id)


def read_articles(paths: Iterable[str], *, stdin=None) -> Iterator[tuple[str, str, bool | None]]:
    """(id, text, is_html) for each article; ids are file names without their extension."""
    for given in paths:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin
            yield "stdin", stream.read(), None
            continue
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(2, "not found", given)
        files = (
            sorted(
                p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()
            )
            if path.is_dir()
            else [path]
        )
        for file in files:
            yield (
                file.stem,
                decode(file.read_bytes()),
                file.suffix.lower() in (".html", ".htm") or None,
            )


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); a file in another encoding still yields readable text."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
