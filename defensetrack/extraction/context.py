"""What the meeting and pledge readers share: the article's mentions, the Meeting being
assembled, and the small readings both need (sides of a clause, dates, places)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from defensetrack.extraction.clean import Sentence
from defensetrack.extraction.countries import CountryMention, is_demonym
from defensetrack.extraction.dates import DateMention
from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.people import Official, PersonMention, TitleOnlyMention

LOCATION = re.compile(
    r"\b(?i:in|at)\s+(?:the\s+)?([A-Z][\w'’-]+(?:\.(?=\s[A-Z]))?(?:\s(?:(?:of|de|the)\s)?[A-Z][\w'’-]+)*)"
)


NOT_LOCATION = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|\d)"
)


@dataclass
class Meeting:
    date: date | None
    precision: str | None
    countries: set[str]
    participants: list[str]
    kind: str
    location: str
    sentences: list[Sentence] = field(default_factory=list)
    gathering: bool = False


@cache
def meeting_cues() -> dict[str, re.Pattern[str]]:
    data = load_json("meeting_cues.json")
    compiled = {}
    for key, pattern in data.items():
        if key.startswith("_"):
            continue
        if key == "planned_local":
            compiled[key] = re.compile(pattern, re.I)
        elif key == "participation":
            compiled[key] = re.compile(rf"\b(?:{pattern})", re.I)  # stems: "announc"
        elif key == "person_nouns":
            compiled[key] = re.compile(
                rf"^(?:\s+and\s+[A-Z][\w-]+)?(?:['’]s)?\s+(?:[\w-]+\s+)?(?:{pattern})s?\b", re.I
            )
        else:
            compiled[key] = re.compile(rf"\b(?:{pattern})\b", re.I)
    return compiled


@dataclass
class ArticleContext:
    """What meetings and pledges read: the sentences and every mention found in them."""

    sentences: list[Sentence]
    published: date | None
    officials: list[Official]
    persons: list[PersonMention]
    title_only: list[TitleOnlyMention]
    countries: list[CountryMention]
    dates: dict[int, list[DateMention]]  # sentence index -> dates, offsets local
    _starts: list[int] = field(default_factory=list, repr=False)

    def persons_in(self, start: int, end: int) -> list[PersonMention]:
        """People named in text[start:end]; persons are in text order, so bisect."""
        starts = self._person_starts()
        return self.persons[bisect_left(starts, start) : bisect_left(starts, end)]

    def _person_starts(self) -> list[int]:
        if len(self._starts) != len(self.persons):
            self._starts[:] = [p.start for p in self.persons]
        return self._starts

    def sentence_date(self, index: int) -> DateMention | None:
        found = self.dates.get(index, [])
        dated = [d for d in found if not d.future]
        return dated[0] if dated else None


def ctx_text_between(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start : end - sentence.start]


def sides_in(ctx, sentence, start, end) -> tuple[set[str], list[str]]:
    """Countries of the people and delegations named in text[start:end] of the sentence."""
    lo, hi = sentence.start + start, sentence.start + end
    sides: set[str] = set()
    participants: list[str] = []
    for person in ctx.persons_in(lo, hi):
        official = ctx.officials[person.official]
        sides.add(official.country)
        participants.append(official.name)
    for mention in ctx.title_only:
        if lo <= mention.start < hi:
            sides.add(mention.country)
    sides |= delegations_in(ctx, sentence, lo, hi)
    return sides, participants


# "the leaders of Japan, South Korea and New Zealand"
PEOPLE_OF = re.compile(
    r"\b(?:leaders?|ministers?|representatives|delegations?|counterparts|heads of (?:state|government)|"
    r"envoys?)\s+(?:of|from)\s+(?:(?:the\s+)?[A-Z][\w ]*?(?:,\s*|\s+and\s+))*(?:the\s+)?$"
)


def delegations_in(ctx, sentence, lo, hi) -> set[str]:
    """ "the British delegation", "US envoy", "his Polish counterpart": a country as a side."""
    nouns = meeting_cues()["person_nouns"]
    text = sentence.text
    sides = set()
    for mention in ctx.countries:
        if lo <= mention.start < hi and mention.kind in ("name", "demonym", "seat", "metonym"):
            local = mention.start - sentence.start
            tail = text[mention.end - sentence.start : mention.end - sentence.start + 40]
            if nouns.match(tail) or PEOPLE_OF.search(text[max(0, local - 80) : local]):
                sides.add(mention.code)
    return sides


def meeting_date(ctx, index) -> DateMention | None:
    """The sentence's own date, else the last date given before it in the same section,
    else (in the reported event, not background) the publication date."""
    sentence = ctx.sentences[index]
    own = ctx.sentence_date(index)
    if own is not None:
        return own
    for back in range(index - 1, -1, -1):
        previous = ctx.sentences[back]
        if previous.background != sentence.background:
            break
        if sentence.background and previous.paragraph != sentence.paragraph:
            break
        found = ctx.sentence_date(back)
        if found is not None and found.value is not None:
            return found
    if sentence.background or ctx.published is None:
        return None
    return DateMention(0, 0, ctx.published, "day")


def meeting_location(text: str) -> str:
    """Where the talks were: the first place after "in"/"at" that is not a date, an
    organisation's acronym ("at NATO headquarters") or a demonym ("in the Albanian capital")."""
    for m in LOCATION.finditer(text):
        place = m.group(1).rstrip(".")
        if NOT_LOCATION.match(place) or place.isupper() or is_demonym(place.split()[0]):
            continue
        return place
    return ""


def add_meeting(meetings: list[Meeting], meeting: Meeting) -> None:
    """One meeting per set of sides and date: a restatement adds evidence, not a meeting."""
    for existing in meetings:
        elsewhere = (
            existing.gathering != meeting.gathering
            and existing.location
            and meeting.location
            and existing.location != meeting.location
        )
        if (
            existing.countries == meeting.countries
            and _near(existing.date, meeting.date)
            and not elsewhere
        ):
            existing.sentences.extend(s for s in meeting.sentences if s not in existing.sentences)
            existing.participants = list(
                dict.fromkeys(existing.participants + meeting.participants)
            )
            if existing.date is None:
                existing.date, existing.precision = meeting.date, meeting.precision
            if not existing.location:
                existing.location = meeting.location
            if existing.kind == "meeting" and meeting.kind != "meeting":
                existing.kind = meeting.kind
            return
    meetings.append(meeting)


def _near(a: date | None, b: date | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs((a - b).days) <= 1


CLAUSE_START = re.compile(r"(?:^|[.;:]\s+|,\s+(?:and|while|but)\s+|\band\s+)(?:the\s+)?$", re.I)


LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
