"""Dates in a sentence, explicit or relative to the publication date (never to today)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"

MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}")
DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_ALONE = re.compile(rf"\b(?:in|last|early|late|mid-?)\s+{_MONTH}(?:\s+(\d{{4}}))?\b")
WEEKDAY = re.compile(
    r"\b(?:(last|next|this|on|late on|early on|late|early)\s+)?"
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b",
    re.I,
)
SAME_DAY = re.compile(
    r"\b(today|this morning|this afternoon|this evening|tonight|earlier today)\b", re.I
)
DAY_BEFORE = re.compile(r"\b(yesterday|last night|overnight)\b", re.I)
DAYS_AGO = re.compile(r"\b((?:a|one|two|three|four|five|six|\d) (?:days?|weeks?) ago)\b", re.I)
VAGUE = re.compile(
    r"\b(earlier this (?:month|year|week)|last (?:month|week|year|weekend)|over the weekend|"
    r"recently|in recent (?:days|weeks))\b",
    re.I,
)


# Any date expression contains one of these; most sentences contain none and skip the rest.
RELATIVE_WORDS = (
    "today",
    "yesterday",
    "this ",
    "tonight",
    "night",
    "ago",
    "last ",
    "recent",
    "earlier",
)
MONTH_WORD = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
DATE_WORDS = (
    "day",
    "today",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "ago",
    "earlier",
    "last",
    "this",
    "recent",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
)
# The word lists as single patterns over lower-cased text: one scan instead of many.
DATE_HINT = re.compile("|".join(re.escape(w) for w in DATE_WORDS))
RELATIVE_HINT = re.compile("|".join(re.escape(w) for w in RELATIVE_WORDS))


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date | None
    precision: str | None
    future: bool = False


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Date expressions of a sentence, in order; a month alone or "earlier this month"
    gives value None (the conventions date a meeting only to the day)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    if not DATE_HINT.search(lowered):
        return found

    def add(m: re.Match, value: date | None, precision: str | None, future: bool = False) -> None:
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        if value is not None and published is not None and value > published + timedelta(days=1):
            future = True  # "after January 20" in an article of January 9: looking ahead
        found.append(DateMention(m.start(), m.end(), value, precision, future))

    if "-" in text:
        for m in ISO_DATE.finditer(text):
            add(m, _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day")
    if MONTH_WORD.search(text):
        for m in MONTH_DAY.finditer(text):
            add(m, *_day_date(m.group(1), m.group(2), m.group(3), published))
        for m in DAY_MONTH.finditer(text):
            add(m, *_day_date(m.group(2), m.group(1), m.group(3), published))
        for m in MONTH_ALONE.finditer(text):
            add(m, None, None)
    if "day" in lowered:
        for m in WEEKDAY.finditer(text):
            qualifier = (m.group(1) or "").lower()
            if qualifier == "next":
                add(m, None, None, future=True)
            else:
                add(m, _weekday_before(m.group(2).lower(), published, qualifier == "last"), "day")
    if not RELATIVE_HINT.search(lowered):
        found.sort(key=lambda d: d.start)
        return found
    for m in SAME_DAY.finditer(text):
        add(m, published, "day" if published else None)
    for m in DAY_BEFORE.finditer(text):
        add(m, published - timedelta(days=1) if published else None, "day" if published else None)
    for m in DAYS_AGO.finditer(text):
        add(m, relative_date(m.group(1), published), "day")
    for m in VAGUE.finditer(text):
        add(m, None, None)
    found.sort(key=lambda d: d.start)
    return found


def _day_date(month: str, day: str, year: str | None, published: date | None):
    month_no = MONTHS.get(month.lower().rstrip("."))
    if month_no is None:
        return None, None
    if year:
        return _safe_date(int(year), month_no, int(day)), "day"
    if published is None:
        return None, None
    candidate = _safe_date(published.year, month_no, int(day))
    # A day without a year is the latest such day not far after publication.
    if candidate is not None and candidate > published + timedelta(days=31):
        candidate = _safe_date(published.year - 1, month_no, int(day))
    return candidate, "day" if candidate else None


def _weekday_before(name: str, published: date | None, strictly_before: bool) -> date | None:
    if published is None:
        return None
    delta = (published.weekday() - WEEKDAYS.index(name)) % 7
    if strictly_before and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


@lru_cache(maxsize=4096)
def relative_date(phrase: str, published: date | None) -> date | None:
    """Phrases like "two days ago", read by dateparser from the publication date; cached
    because dateparser is slow and the same phrases come back."""
    if published is None:
        return None
    try:
        import dateparser

        base = datetime(published.year, published.month, published.day, 12)
        parsed = dateparser.parse(
            phrase,
            languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
        )
    except Exception:
        return None
    return parsed.date() if parsed else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
