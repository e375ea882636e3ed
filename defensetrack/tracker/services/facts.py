"""Extracted facts -> records with their evidence: one real-world event is one record.

Rules kept here and nowhere else:
- A record an admin verified is never changed by loading; it only gains evidence.
- Reports of one meeting (same countries, dates within MEETING_DAYS, compatible participants) or of
  one pledge (same sides and currency, amounts within PLEDGE_AMOUNT_TOLERANCE, near in time) share
  a record, and each report adds its own Evidence.
- Before looking for a match, the loader locks the Country rows of every side in code order (one
  transaction per article), so two workers loading reports of one event queue up instead of both
  creating it, and never wait on each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from defensetrack.extraction import ArticleFacts, MeetingFact, OfficialFact, PledgeFact, Span
from defensetrack.tracker.models import Article, Country, Evidence, Meeting, Person, Pledge, Post
from defensetrack.tracker.services.resolve import (
    find_person,
    lock_countries,
    remember_spellings,
    resolve_countries,
    resolve_person,
)

MEETING_DAYS = timedelta(days=3)
# Outlets report a pledge on the day or weeks later ("last month Norway pledged...").
PLEDGE_DAYS = timedelta(days=30)
PLEDGE_AMOUNT_TOLERANCE = Decimal("0.02")
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "": 0, None: 0}


@dataclass
class Loaded:
    """What one article's facts became; `skipped` counts facts naming unknown countries."""

    posts: set[int] = field(default_factory=set)
    meetings: set[int] = field(default_factory=set)
    pledges: set[int] = field(default_factory=set)
    skipped: int = 0
    # Evidence rows waiting for one INSERT at the end of the article's transaction.
    evidence: list[Evidence] = field(default_factory=list)
    # Looked up once per article: persons by lower-cased name, and those persons' posts.
    known_people: dict[str, Person] = field(default_factory=dict)
    known_posts: dict[tuple[int, int, str], Post] = field(default_factory=dict)
    posts_loaded_for: set[int] = field(default_factory=set)


def do_load_facts(
    *, article: Article, facts: ArticleFacts, version: str, create: bool = True
) -> Loaded:
    """Record every fact of one article with its evidence, and the article's countries.

    Safe to call twice. With create=False (a republished copy) facts only add evidence to
    records that exist.
    """
    countries = resolve_countries(fact_country_codes(facts))
    loaded = Loaded()
    with transaction.atomic(savepoint=False):
        lock_countries(countries.values())
        _load_all(article, facts, countries, version=version, create=create, loaded=loaded)
        Evidence.objects.bulk_create(loaded.evidence, ignore_conflicts=True)
        article.countries.set([countries[c] for c in facts.countries if c in countries])
    return loaded


def _load_all(article, facts, countries, *, version: str, create: bool, loaded: Loaded) -> None:
    """Caller holds the transaction and the locks on every country in `countries`."""
    people: dict[str, Person] = {}
    names = [o.name for o in facts.officials] + [n for m in facts.meetings for n in m.participants]
    _prefetch_people(loaded, names)
    common = {"article": article, "countries": countries, "version": version, "create": create}
    for official in facts.officials:
        post = record_post(fact=official, batch=loaded, **common)
        if post is None:
            loaded.skipped += 1
            continue
        loaded.posts.add(post.pk)
        people[official.name] = post.person
    for fact in facts.meetings:
        _count(
            loaded,
            loaded.meetings,
            record_meeting(fact=fact, people=people, batch=loaded, **common),
        )
    for fact in facts.pledges:
        _count(loaded, loaded.pledges, record_pledge(fact=fact, batch=loaded, **common))


def _prefetch_people(batch: Loaded, names: Iterable[str]) -> None:
    """Two queries for the article's named persons and their posts, instead of two per name."""
    wanted = {" ".join(n.split()) for n in names}
    if not wanted:
        return
    # Exact names use the index on name; other spellings fall back to resolve_person.
    people = list(Person.objects.filter(name__in=wanted).order_by("id"))
    for person in people:
        batch.known_people.setdefault(person.name.lower(), person)
    for post in Post.objects.filter(person__in=people):
        batch.known_posts[(post.person_id, post.country_id, post.role)] = post
    batch.posts_loaded_for = {p.pk for p in people}


@contextmanager
def _locked(sides: Iterable[Country], batch: Loaded | None) -> Iterator[None]:
    """A transaction holding the sides' locks; within a batch the loader already holds them."""
    if batch is not None:
        yield
        return
    with transaction.atomic():
        lock_countries(sides)
        yield


def fact_country_codes(facts: ArticleFacts) -> set[str]:
    """Every country code the article's facts name."""
    codes = set(facts.countries) | {o.country for o in facts.officials}
    codes |= {c for m in facts.meetings for c in m.countries}
    return codes | {code for p in facts.pledges for code in (p.donor, p.recipient)}


def _count(loaded: Loaded, ids: set[int], record) -> None:
    if record is None:
        loaded.skipped += 1
    else:
        ids.add(record.pk)


# Posts -----------------------------------------------------------------------------------------


def record_post(
    *,
    fact: OfficialFact,
    article: Article,
    countries: dict[str, Country],
    version: str,
    create: bool = True,
    batch: Loaded | None = None,
) -> Post | None:
    """The official's Post (person, country, role), widened to the article's date; with evidence.

    Given a batch, the caller holds the transaction and the lock on the country, and the
    evidence is left in the batch for one INSERT.
    """
    country = countries.get(fact.country)
    if country is None:
        return None
    with _locked([country], batch):
        person = _person(fact, country, batch, create=create)
        if person is None:
            return None
        post = _get_post(person, country, fact, batch, create=create)
        if post is None:
            return None
        if not post.is_verified:
            _widen_post(post, fact.title, article.published)
        _add_evidence(
            batch, post=post, spans=[fact.evidence], article=article, fact=fact, version=version
        )
    return post


def _person(fact: OfficialFact, country: Country, batch: Loaded | None, *, create: bool):
    key = " ".join(fact.name.split()).lower()
    person = batch.known_people.get(key) if batch else None
    if person is not None:
        remember_spellings(person, fact.aliases)
    elif create:
        person = resolve_person(name=fact.name, country=country, aliases=fact.aliases)
    else:
        person = find_person(name=fact.name, country=country, aliases=fact.aliases)
    if person is not None and batch is not None:
        batch.known_people[key] = person
    return person


def _get_post(
    person: Person, country: Country, fact: OfficialFact, batch: Loaded | None, *, create: bool
) -> Post | None:
    key = (person.pk, country.pk, fact.role)
    if batch is not None and person.pk in batch.posts_loaded_for:
        post = batch.known_posts.get(key)  # all this person's posts were read already
    else:
        post = Post.objects.filter(person=person, country=country, role=fact.role).first()
    if post is None and create:
        post = Post.objects.create(person=person, country=country, role=fact.role, title=fact.title)
    if post is not None and batch is not None:
        batch.known_posts[key] = post
        batch.posts_loaded_for.add(person.pk)
    return post


def _widen_post(post: Post, title: str, seen: date | None) -> None:
    """Stretch the post's dates to include the day it was seen; save only if something changed."""
    before = (post.start, post.end, post.title)
    if seen is not None:
        post.start = min(post.start or seen, seen)
        post.end = max(post.end or seen, seen)
    post.title = post.title or title
    if (post.start, post.end, post.title) != before:
        post.save()


# Meetings --------------------------------------------------------------------------------------


def record_meeting(
    *,
    fact: MeetingFact,
    article: Article,
    countries: dict[str, Country],
    people: dict[str, Person],
    version: str,
    create: bool = True,
    batch: Loaded | None = None,
) -> Meeting | None:
    """The Meeting this report describes, found or created, with the report's evidence.

    Never changes a verified meeting: it only gains evidence. Batch: as in record_post.
    """
    sides = [countries[c] for c in fact.countries if c in countries]
    if len(sides) < 2:
        return None
    with _locked(sides, batch):
        known = batch.known_people if batch is not None else {}
        participants = _participants(fact, sides, people, create=create, known=known)
        meeting = _find_same_meeting(fact, sides, participants, article)
        if meeting is None:
            if not create:
                return None
            meeting = Meeting(kind=fact.kind)
            _apply_meeting(meeting, fact, sides, participants, new=True)
        elif not meeting.is_verified:
            _apply_meeting(meeting, fact, sides, participants, new=False)
        _add_evidence(
            batch, meeting=meeting, spans=fact.evidence, article=article, fact=fact, version=version
        )
    return meeting


def _participants(
    fact: MeetingFact,
    sides: list[Country],
    people: dict[str, Person],
    *,
    create: bool,
    known: dict[str, Person],
) -> list[Person]:
    """Persons for the participants; names not among the article's officials are looked up."""
    found = []
    for name in fact.participants:
        person = people.get(name) or known.get(" ".join(name.split()).lower())
        if person is None:
            person = next(
                (p for p in (find_person(name=name, country=c) for c in sides) if p), None
            )
        if person is None and create:
            person = resolve_person(name=name, country=None)
        if person is not None:
            found.append(person)
    return found


def _find_same_meeting(
    fact: MeetingFact, sides: list[Country], participants: list[Person], article: Article
) -> Meeting | None:
    """A meeting of exactly these countries, near in date, whose participants do not conflict."""
    wanted = {c.pk for c in sides}
    qs = Meeting.objects.filter(countries=sides[0]).prefetch_related("countries", "participants")
    day = fact.date or article.published
    if fact.date is not None:
        qs = qs.filter(date__range=(fact.date - MEETING_DAYS, fact.date + MEETING_DAYS))
    elif day is not None:
        near = (day - MEETING_DAYS, day + MEETING_DAYS)
        qs = qs.filter(date__isnull=True, evidence__article__published__range=near)
    else:
        return None
    ours = {p.pk for p in participants}
    for meeting in qs.distinct().order_by("id"):
        if {c.pk for c in meeting.countries.all()} != wanted:
            continue
        theirs = {p.pk for p in meeting.participants.all()}
        if not ours or not theirs or ours & theirs:
            return meeting
    return None


def _apply_meeting(
    meeting: Meeting, fact: MeetingFact, sides: list[Country], participants: list[Person], *, new
) -> None:
    """Merge a report into an unverified meeting: the finest date, a place, topics, people.

    The steps save without history, then one final save records one history entry holding the
    meeting's final countries and participants (instead of one entry per step).
    """
    changed = _merge_meeting_fields(meeting, fact) or new
    meeting.skip_history_when_saving = True
    try:
        if new:
            meeting.save()
            _add_through(Meeting.countries.through, meeting, "country", sides)
        known = set() if new else {p.pk for p in meeting.participants.all()}
        missing = list({p.pk: p for p in participants if p.pk not in known}.values())
        if missing:
            _add_through(Meeting.participants.through, meeting, "person", missing)
            changed = True
    finally:
        del meeting.skip_history_when_saving
    if changed:
        meeting.save()


def _add_through(through, meeting: Meeting, field_name: str, rows: list) -> None:
    """Link rows in one INSERT; the meeting's final save records them in its history."""
    links = [through(meeting=meeting, **{field_name: row}) for row in rows]
    through.objects.bulk_create(links, ignore_conflicts=True)


def _merge_meeting_fields(meeting: Meeting, fact: MeetingFact) -> bool:
    changed = False
    if _PRECISION_RANK[fact.date_precision] > _PRECISION_RANK[meeting.date_precision]:
        meeting.date, meeting.date_precision = fact.date, fact.date_precision or ""
        changed = True
    if fact.location and not meeting.location:
        meeting.location, changed = fact.location[:200], True
    topics = sorted({*meeting.topics, *fact.topics})
    if topics != sorted(meeting.topics):
        meeting.topics, changed = topics, True
    return changed


# Pledges ---------------------------------------------------------------------------------------


def record_pledge(
    *,
    fact: PledgeFact,
    article: Article,
    countries: dict[str, Country],
    version: str,
    create: bool = True,
    batch: Loaded | None = None,
) -> Pledge | None:
    """The Pledge this report describes, found or created, with the report's evidence.

    Never changes a verified pledge: it only gains evidence. Batch: as in record_post.
    """
    donor, recipient = countries.get(fact.donor), countries.get(fact.recipient)
    if donor is None or recipient is None or donor == recipient or fact.money.amount <= 0:
        return None
    with _locked([donor, recipient], batch):
        pledge = _find_same_pledge(fact, donor, recipient, article)
        if pledge is None:
            if not create:
                return None
            pledge = Pledge(donor=donor, recipient=recipient)
            _apply_pledge(pledge, fact, new=True)
        elif not pledge.is_verified:
            _apply_pledge(pledge, fact, new=False)
        _add_evidence(
            batch, pledge=pledge, spans=[fact.evidence], article=article, fact=fact, version=version
        )
    return pledge


def _find_same_pledge(
    fact: PledgeFact, donor: Country, recipient: Country, article: Article
) -> Pledge | None:
    amount = fact.money.amount
    low, high = amount * (1 - PLEDGE_AMOUNT_TOLERANCE), amount * (1 + PLEDGE_AMOUNT_TOLERANCE)
    qs = Pledge.objects.filter(
        donor=donor,
        recipient=recipient,
        currency=fact.money.currency,
        amount__gte=low,
        amount__lte=high,
    )
    day = fact.announced_on or article.published
    if day is None:
        return qs.filter(announced_on__isnull=True).order_by("id").first()
    near = (day - PLEDGE_DAYS, day + PLEDGE_DAYS)
    return qs.filter(announced_on__range=near).order_by("id").first()


def _apply_pledge(pledge: Pledge, fact: PledgeFact, *, new: bool) -> None:
    """Fill an unverified pledge from the report; later reports only fill what is missing."""
    if new:
        pledge.amount = fact.money.amount
        pledge.currency = fact.money.currency
        pledge.amount_text = fact.money.text[:100]
        pledge.kind = fact.kind
        pledge.announced_on = fact.announced_on
    before = (pledge.period, pledge.purpose, pledge.announced_on)
    pledge.period = pledge.period or (fact.period or "")[:9]
    pledge.purpose = pledge.purpose or (fact.purpose or "")[:500]
    pledge.announced_on = pledge.announced_on or fact.announced_on
    if new or (pledge.period, pledge.purpose, pledge.announced_on) != before:
        pledge.save()


# Evidence --------------------------------------------------------------------------------------


def _add_evidence(
    batch: Loaded | None, *, spans: Iterable[Span], article: Article, fact, version: str, **record
) -> None:
    """One Evidence row per (article, record, sentence); rows already there are left as they are.

    ignore_conflicts leans on the unique constraints: a second call, or another worker adding
    the same row at the same moment, inserts nothing and raises nothing, in one query.
    """
    rows = [
        Evidence(
            article=article,
            start=span.start,
            end=span.end,
            sentence=span.text,
            confidence=fact.confidence,
            extractor_version=version,
            **record,
        )
        for span in spans
    ]
    if batch is not None:
        batch.evidence += rows
    else:
        Evidence.objects.bulk_create(rows, ignore_conflicts=True)
