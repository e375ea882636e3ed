"""Lookups in the officials knowledge base (data/officials.tsv): who holds which post when."""

from __future__ import annotations

from datetime import date
from functools import cache

from defensetrack.extraction.knowledge import KnownOfficial, known_officials
from defensetrack.extraction.names import fold_name, same_person
from defensetrack.extraction.phrases import PhraseIndex
from defensetrack.extraction.titles import ROLE_RANK


@cache
def known_pattern() -> tuple[PhraseIndex | None, dict[str, list[KnownOfficial]]]:
    by_form: dict[str, list[KnownOfficial]] = {}
    for official in known_officials():
        for form in (official.name, *official.aliases):
            if len(form) >= 4:
                by_form.setdefault(form, []).append(official)
    if not by_form:
        return None, {}
    return PhraseIndex(by_form), by_form


def known_in_office(name: str, on: date | None) -> tuple[bool, KnownOfficial | None]:
    """(is this a known person, their post on that date or None)."""
    _, by_form = known_pattern()
    rows = by_form.get(name, [])
    if not rows:
        last = name.split()[-1] if name.split() else ""
        rows = [r for r in by_form.get(last, []) if r.name.split()[-1] == last]
        rows += [r for form, rs in by_form.items() if form == name for r in rs]
        if not rows:
            rows = [
                r
                for r in known_by_last_word().get(last_word(name), ())
                if same_person(r.name, name)
            ]
    if not rows:
        return False, None
    current = [r for r in rows if r.in_office(on)]
    current.sort(key=lambda r: ROLE_RANK.get(r.role, 9))
    return True, (current[0] if current else None)


@cache
def known_by_last_word() -> dict[str, tuple[KnownOfficial, ...]]:
    """Known officials indexed by the folded last word of every form of their name."""
    index: dict[str, list[KnownOfficial]] = {}
    for row in known_officials():
        for form in (row.name, *row.aliases):
            index.setdefault(last_word(form), []).append(row)
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def last_word(name: str) -> str:
    words = fold_name(name)
    return words[-1] if words else ""


def known_roles(name: str) -> set[str]:
    """Every post the knowledge base lists for this person, in any period."""
    return {
        row.role
        for row in known_by_last_word().get(last_word(name), ())
        if same_person(row.name, name) or any(same_person(a, name) for a in row.aliases)
    }


def known_hits(text: str) -> list[tuple[int, int, str]]:
    """Forms of known officials' names in the whole text, found in one pass."""
    pattern, _ = known_pattern()
    return list(pattern.finditer(text)) if pattern is not None else []
