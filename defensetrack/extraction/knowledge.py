"""Loads the data files once per process; the rest of the package asks here."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


@cache
def load_json(name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@dataclass(frozen=True)
class KnownOfficial:
    """One row of officials.tsv: who held which post from when to when."""

    country: str
    role: str
    name: str
    aliases: tuple[str, ...]
    start: date | None
    end: date | None

    def in_office(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        if self.start is not None and on < self.start:
            return False
        return self.end is None or on <= self.end


@cache
def known_officials() -> tuple[KnownOfficial, ...]:
    """The officials knowledge base; empty when another engineer has not delivered it yet."""
    path = DATA_DIR / "officials.tsv"
    if not path.exists():
        return ()
    rows = []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                official = _known_official(row)
                if official is not None:
                    rows.append(official)
    except (OSError, csv.Error, UnicodeDecodeError):
        return ()
    return tuple(rows)


def _known_official(row: dict) -> KnownOfficial | None:
    name = (row.get("name") or "").strip()
    country = (row.get("country") or "").strip().upper()
    if not name or len(country) != 2:
        return None
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return KnownOfficial(
        country=country,
        role=(row.get("role") or "").strip(),
        name=name,
        aliases=aliases,
        start=_date_or_none(row.get("start")),
        end=_date_or_none(row.get("end")),
    )


def _date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value and value.strip() else None
    except ValueError:
        return None
