"""Titles that make a person an official ("Defence Minister", "Secretary of State") and the
country they carry ("Poland's", "German", "of Spain"); titles of companies and bodies out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from defensetrack.extraction.countries import CountryMention, demonym_codes
from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.names import NOT_NAME

ROLE_RANK = {
    "defence_minister": 0,
    "foreign_minister": 0,
    "finance_minister": 0,
    "head_of_state": 1,
    "head_of_government": 1,
    "other_minister": 2,
    "deputy_minister": 3,
}


OPEN_WORDS = frozenset({"the", "and", "by", "with", "said", "as", "former"})


BODIES = frozenset({"Commission", "Council", "NATO", "EU", "Parliament"})


COUNTRY_TO_TITLE_GAP = re.compile(
    r"^(?:['’]s)?\s+(?:(?:own|new|newly appointed|current|then|long-serving|recently appointed|"
    r"acting|interim)\s+)?$",
    re.I,
)


OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w-]+(?:\s[A-Z][\w-]+)?(?=\s+[A-Z])")


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    role: str
    country: str  # implied by the title itself ("Secretary of Defense": US), or ""
    civil_service_in: tuple[str, ...]  # countries where this title is not a minister
    text: str
    generic: bool = False


TITLE_WORDS = (
    "minister",
    "president",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "leader",
    "head of",
    "pentagon",
    "taoiseach",
    "emir",
    "emperor",
)


@cache
def title_table() -> tuple[
    re.Pattern[str], tuple[dict, ...], tuple[tuple[re.Pattern[str], dict], ...]
]:
    """One combined pattern for the specific titles (alternatives in priority order, so the
    leftmost, most specific wins) and the generic "X minister" patterns for what is left."""
    data = load_json("titles.json")
    specific = [e for e in data["titles"] if not e.get("generic")]
    # Matched against lower-cased text without re.I, which is much faster in Python's re.
    combined = re.compile(
        "|".join(
            rf"(?P<t{i}>\b(?:{e['pattern'].replace('[A-Z]', '[a-z]')})\b)"
            for i, e in enumerate(specific)
        )
    )
    # Generic titles run case-insensitively, but "[A-Z]" in them must stay a capital letter.
    generic = tuple(
        (re.compile(rf"\b(?:{e['pattern'].replace('[A-Z]', '(?-i:[A-Z])')})\b", re.I), e)
        for e in data["titles"]
        if e.get("generic")
    )
    return combined, tuple(specific), generic


@cache
def _disqualifiers() -> tuple[re.Pattern[str], tuple[str, ...]]:
    data = load_json("titles.json")
    words = sorted(data["disqualifiers_before"], key=len, reverse=True)
    before = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")[\s-]*$", re.I)
    return before, tuple(s.lower() for s in data["disqualifiers_after"])


def find_titles(text: str) -> list[Title]:
    """Titles in a sentence, most specific first; generic "X minister" only where nothing
    more specific matched."""
    lowered = text.lower()
    windows = _title_windows(lowered)
    if not windows:
        return []
    if len(lowered) != len(text):  # a letter whose lower case is longer: keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    combined, specific, generic = title_table()
    titles = []
    taken_until = 0
    # Try the title pattern only where a title's first word starts: far fewer positions.
    for start, end in windows:
        for first in TITLE_START.finditer(lowered, start, end):
            if first.start() < taken_until:
                continue
            m = combined.match(lowered, first.start(), end)
            if m:
                titles.append(_title(m, specific[int(m.lastgroup[1:])], text))
                taken_until = m.end()
    for pattern, entry in generic:
        for m in pattern.finditer(text):
            if any(t.start < m.end() and m.start() < t.end for t in titles):
                continue
            if _plausible_generic(m.group(0)):
                titles.append(_title(m, entry, text))
    titles.sort(key=lambda t: t.start)
    return titles


# Every specific title in titles.json starts with one of these words.
TITLE_START = re.compile(
    r"\b(?:deputy|first|vice|state|secretary|defen[cs]e|war|minister|armed|national|head|pentagon|"
    r"foreign|external|chancellor|treasury|finance|prime|premier|taoiseach|president|king|queen|"
    r"emperor|emir|crown|supreme|leader)"
)


TITLE_WORD = re.compile("|".join(re.escape(w) for w in TITLE_WORDS))


def _title_windows(lowered: str) -> list[tuple[int, int]]:
    """Stretches of text around title words: the title regex only needs to look there."""
    spans = [
        (max(0, m.start() - 70), min(len(lowered), m.end() + 50))
        for m in TITLE_WORD.finditer(lowered)
    ]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _title(m: re.Match, entry: dict, text: str) -> Title:
    return Title(
        m.start(),
        m.end(),
        entry["role"],
        entry.get("country", ""),
        tuple(entry.get("not_official_in", ())),
        text[m.start() : m.end()],
        bool(entry.get("generic")),
    )


def _plausible_generic(title: str) -> bool:
    first = title.split()[0].lower()
    if first in demonym_codes() or first in {
        "prime",
        "deputy",
        "the",
        "a",
        "his",
        "her",
        "former",
        "chief",
        "cabinet",
    }:
        return False
    return not (title.lower().startswith("minister") and len(title.split()) == 1)


def disqualified_title(
    text: str, title: Title, mentions: list[CountryMention], offset: int
) -> bool:
    before_re, after = _disqualifiers()
    before = text[max(0, title.start - 30) : title.start]
    if before_re.search(before):
        return True
    tail = text[title.end : title.end + 20].lower()
    if any(tail.startswith(s) for s in after):
        return True
    # "Hanwha President Kim", "Commission President": a capitalised word that is not a
    # country right before the title names a company or a body.
    prev = re.search(r"([A-Z][\w&.-]*)\s+$", before)
    if prev and _names_a_body(prev, title, mentions, offset):
        return True
    # "President of Hanwha Aerospace": a title of a company or a body.
    of = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w-]*)", text[title.end : title.end + 40])
    return bool(of and of.group(1).lower() not in demonym_codes() and title.role == "head_of_state")


def _names_a_body(
    prev: re.Match, title: Title, mentions: list[CountryMention], offset: int
) -> bool:
    word = prev.group(1)
    word_start = offset + title.start - len(prev.group(0))
    if any(m.start <= word_start < m.end for m in mentions) or word.lower() in OPEN_WORDS:
        return False
    return word.lower() not in NOT_NAME or word in BODIES


def country_before_title(text: str, pos: int, mentions: list[CountryMention], offset: int) -> str:
    """The country named just before a title: "Poland's", "German", "US"."""
    for mention in reversed(mentions):
        local_end = mention.end - offset
        if local_end > pos:
            continue
        if pos - local_end > 40:
            break
        if COUNTRY_TO_TITLE_GAP.match(text[local_end:pos]):
            return mention.code
        break
    return ""


def country_after_title(text: str, end: int) -> str:
    """ "Minister of Defence of Spain": the country after the title."""
    m = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)", text[end : end + 40])
    if not m:
        return ""
    codes = demonym_codes()
    for candidate in (m.group(1), m.group(1).split()[0]):
        if candidate.lower() in codes:
            return codes[candidate.lower()]
    return ""


def country_of_adjective(adj: str | None) -> str:
    if not adj:
        return ""
    codes = demonym_codes()
    return codes.get(adj.lower()) or codes.get(adj.split()[-1].lower(), "")
