"""Finding the meeting or pledge a report describes among those stored and those just created.

A batch of articles is loaded in one transaction (services/facts.py). Instead of one query per
reported event, the loader reads every stored meeting and pledge that any report of the batch
could match in a few queries, then matches in memory; the records it creates join the same
index, so the batch's second report of an event finds the record its first report created.

The matching rules are the ones facts.py states:
- a meeting matches a meeting of exactly the same countries, dated within MEETING_DAYS of the
  report's date (an undated report: an undated meeting reported within MEETING_DAYS of the
  article's publication), whose participants do not conflict with the report's;
- a pledge matches one with the same donor, recipient and currency, an amount within
  PLEDGE_AMOUNT_TOLERANCE, announced within PLEDGE_DAYS (undated: an undated pledge);
- among several matches, the oldest record wins, as it always has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q

from defensetrack.tracker.models import Evidence, Meeting, Pledge

MEETING_DAYS = timedelta(days=3)
# Outlets report a pledge on the day or weeks later ("last month Norway pledged...").
PLEDGE_DAYS = timedelta(days=30)
PLEDGE_AMOUNT_TOLERANCE = Decimal("0.02")

Sides = frozenset[int]  # country ids of a meeting
PledgeKey = tuple[int, int, str]  # donor id, recipient id, currency


@dataclass(eq=False)
class KnownMeeting:
    """A meeting the batch may match, with its links as plain ids (no query to compare them)."""

    record: Meeting
    sides: Sides
    people: set[int] = field(default_factory=set)
    # Publication days of the articles reporting it: how an undated meeting is matched.
    published: set[date] = field(default_factory=set)
    new: bool = False
    changed: bool = False


@dataclass(eq=False)
class KnownPledge:
    record: Pledge
    new: bool = False
    changed: bool = False


@dataclass(frozen=True)
class MeetingWanted:
    """What one meeting report will look for: its countries, its date or its article's."""

    sides: Sides
    day: date | None
    published: date | None


@dataclass(frozen=True)
class PledgeWanted:
    key: PledgeKey
    day: date | None


class MeetingIndex:
    """Candidate meetings by exact country set, oldest first; new meetings are added last."""

    def __init__(self) -> None:
        self._by_sides: dict[Sides, list[KnownMeeting]] = {}

    @classmethod
    def load(cls, wanted: Iterable[MeetingWanted]) -> MeetingIndex:
        """Read every stored meeting one of these reports may match: at most four queries."""
        index = cls()
        wanted = [w for w in wanted if w.day or w.published]
        dated = _windows(((min(w.sides), w.day) for w in wanted if w.day), MEETING_DAYS)
        undated = _windows(
            ((min(w.sides), w.published) for w in wanted if not w.day and w.published),
            MEETING_DAYS,
        )
        found: dict[int, Meeting] = {}
        if dated:
            q = _any(Q(countries=c, date__range=r) for c, r in dated)
            found.update((m.pk, m) for m in Meeting.objects.filter(q))
        published: dict[int, set[date]] = {}
        if undated:
            q = _any(
                Q(meeting__countries=c, meeting__date__isnull=True, article__published__range=r)
                for c, r in undated
            )
            rows = Evidence.objects.filter(q).values_list("meeting_id", "article__published")
            for meeting_id, day in rows:
                published.setdefault(meeting_id, set()).add(day)
            missing = set(published) - set(found)
            found.update((m.pk, m) for m in Meeting.objects.filter(pk__in=missing))
        if not found:
            return index
        ids = sorted(found)
        sides = _linked(Meeting.countries.through, "country_id", ids)
        people = _linked(Meeting.participants.through, "person_id", ids)
        for pk in ids:
            index.add(
                KnownMeeting(
                    record=found[pk],
                    sides=frozenset(sides.get(pk, ())),
                    people=people.get(pk, set()),
                    published=published.get(pk, set()),
                )
            )
        return index

    def add(self, known: KnownMeeting) -> None:
        self._by_sides.setdefault(known.sides, []).append(known)

    def find(
        self, sides: Sides, *, day: date | None, published: date | None, people: set[int]
    ) -> KnownMeeting | None:
        """The oldest meeting of exactly these countries near in date whose participants do
        not conflict with `people` (either side knowing none is no conflict)."""
        if day is None and published is None:
            return None
        for known in self._by_sides.get(sides, ()):
            if not _near_meeting(known, day=day, published=published):
                continue
            if not people or not known.people or people & known.people:
                return known
        return None


def _near_meeting(known: KnownMeeting, *, day: date | None, published: date | None) -> bool:
    held = known.record.date
    if day is not None:
        return held is not None and abs(held - day) <= MEETING_DAYS
    return held is None and any(abs(p - published) <= MEETING_DAYS for p in known.published)


class PledgeIndex:
    """Candidate pledges by (donor, recipient, currency), oldest first; new ones added last."""

    def __init__(self) -> None:
        self._by_key: dict[PledgeKey, list[KnownPledge]] = {}

    @classmethod
    def load(cls, wanted: Iterable[PledgeWanted]) -> PledgeIndex:
        """Read every stored pledge one of these reports may match, in one query."""
        index = cls()
        wanted = list(wanted)
        terms = [
            Q(donor_id=d, recipient_id=r, currency=cur, announced_on__range=window)
            for (d, r, cur), window in _windows(
                ((w.key, w.day) for w in wanted if w.day), PLEDGE_DAYS
            )
        ]
        terms += [
            Q(donor_id=d, recipient_id=r, currency=cur, announced_on__isnull=True)
            for d, r, cur in {w.key for w in wanted if w.day is None}
        ]
        if terms:
            for pledge in Pledge.objects.filter(_any(terms)).order_by("id"):
                index.add(KnownPledge(record=pledge))
        return index

    def add(self, known: KnownPledge) -> None:
        record = known.record
        key = (record.donor_id, record.recipient_id, record.currency)
        self._by_key.setdefault(key, []).append(known)

    def find(self, key: PledgeKey, *, amount: Decimal, day: date | None) -> KnownPledge | None:
        low = amount * (1 - PLEDGE_AMOUNT_TOLERANCE)
        high = amount * (1 + PLEDGE_AMOUNT_TOLERANCE)
        for known in self._by_key.get(key, ()):
            pledge = known.record
            if not low <= pledge.amount <= high:
                continue
            announced = pledge.announced_on
            if day is None and announced is None:
                return known
            if day is not None and announced is not None and abs(announced - day) <= PLEDGE_DAYS:
                return known
        return None


def _windows(days: Iterable[tuple], reach: timedelta) -> list[tuple]:
    """(group, (first, last)) ranges covering each day +- reach, overlapping ones merged, so
    that a batch of reports of the same weeks reads with a short query."""
    by_group: dict = {}
    for group, day in days:
        by_group.setdefault(group, []).append(day)
    merged = []
    for group, group_days in by_group.items():
        ranges: list[list[date]] = []
        for day in sorted(group_days):
            if ranges and day - reach <= ranges[-1][1]:
                ranges[-1][1] = day + reach
            else:
                ranges.append([day - reach, day + reach])
        merged += [(group, (first, last)) for first, last in ranges]
    return merged


def _any(terms: Iterable[Q]) -> Q:
    return reduce(or_, terms)


def _linked(through, column: str, meeting_ids: list[int]) -> dict[int, set[int]]:
    """meeting id -> the ids it links to in a many-to-many table, in one query of plain ids."""
    linked: dict[int, set[int]] = {}
    rows = through.objects.filter(meeting_id__in=meeting_ids).values_list("meeting_id", column)
    for meeting_id, other_id in rows:
        linked.setdefault(meeting_id, set()).add(other_id)
    return linked
