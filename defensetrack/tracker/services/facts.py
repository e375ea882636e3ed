"""Extracted facts -> records with their evidence: one real-world event is one record.

Rules kept here and nowhere else:
- A record an admin verified is never changed by loading; it only gains evidence.
- Reports of one meeting (same countries, dates within MEETING_DAYS, compatible participants) or of
  one pledge (same sides and currency, amounts within PLEDGE_AMOUNT_TOLERANCE, near in time) share
  a record, and each report adds its own Evidence.
- Before it reads what it may change, the loader takes the advisory locks (see locks.py) of every
  event and every new official the article names, all at once, so two workers loading reports of
  one event queue up instead of both creating it, and never wait on each other in a cycle.
- Loading writes no history: a record's sources are its Evidence rows, and history is kept for
  the changes people make (services/verify.py keeps the loaded state as the first entry).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Least, NullIf
from django.utils import timezone

from defensetrack.extraction import ArticleFacts, MeetingFact, OfficialFact, PledgeFact, Span
from defensetrack.tracker.models import Article, Country, Evidence, Meeting, Person, Pledge, Post
from defensetrack.tracker.services import locks
from defensetrack.tracker.services.resolve import (
    find_person,
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
    # Looked up once per article: persons by normalised name, and those persons' posts.
    known_people: dict[str, Person] = field(default_factory=dict)
    known_posts: dict[tuple[int, int, str], Post] = field(default_factory=dict)
    posts_loaded_for: set[int] = field(default_factory=set)
    # Unverified posts seen, with the title the article gives: widened last (see _widen_posts).
    seen_posts: dict[int, tuple[Post, str]] = field(default_factory=dict)


def do_load_facts(
    *,
    article: Article,
    facts: ArticleFacts,
    version: str,
    create: bool = True,
    replace: bool = False,
) -> Loaded:
    """Record every fact of one article with its evidence, and the article's countries.

    Safe to call twice. With create=False (a republished copy) facts only add evidence to
    records that exist. With replace=True (a reprocess) the article's earlier evidence on
    unverified records is replaced, and records left without any evidence are deleted.
    """
    countries = resolve_countries(fact_country_codes(facts))
    loaded = Loaded()
    with transaction.atomic(savepoint=False):
        creating_in = _read_people(loaded, facts, countries, create=create)
        before = _supported(article) if replace else {}
        locks.lock(_keys(facts, countries, creating_in) | _keys_of(before))
        if before:
            _unverified(Evidence.objects.filter(article=article)).delete()
        _load_all(article, facts, countries, version=version, create=create, loaded=loaded)
        Evidence.objects.bulk_create(loaded.evidence, ignore_conflicts=True)
        # Last, so that the row locks on busy posts (a president's) are held only briefly.
        _widen_posts(loaded.seen_posts, article.published)
        named = [countries[c] for c in facts.countries if c in countries]
        if replace:
            article.countries.set(named)
        else:  # nothing to compare with: one INSERT instead of a read and an INSERT
            article.countries.add(*named)
        for model, ids in before.items():
            model.objects.filter(
                pk__in=ids, verified_at__isnull=True, evidence__isnull=True
            ).delete()
    return loaded


def _load_all(article, facts, countries, *, version: str, create: bool, loaded: Loaded) -> None:
    """Caller holds the transaction and the locks of every event and new official."""
    people: dict[str, Person] = {}
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


# Reading ahead and locking ---------------------------------------------------------------------


def _read_people(
    batch: Loaded, facts: ArticleFacts, countries: dict[str, Country], *, create: bool
) -> set[str]:
    """Find the persons and posts the article names, before any lock; return the countries
    where a person or a post may have to be created (their people keys must be locked)."""
    names = [o.name for o in facts.officials] + [n for m in facts.meetings for n in m.participants]
    _prefetch_people(batch, names)
    creating: set[str] = set()
    for official in facts.officials:
        country = countries.get(official.country)
        if country is not None and _known_person(batch, official.name, [country]) is None:
            creating.add(country.code)
    _prefetch_posts(batch, batch.known_people.values())
    for official in facts.officials:
        person = batch.known_people.get(_name_key(official.name))
        country = countries.get(official.country)
        if person and country and (person.pk, country.pk, official.role) not in batch.known_posts:
            creating.add(country.code)
    for meeting in facts.meetings:
        sides = [countries[c] for c in meeting.countries if c in countries]
        if len(sides) < 2:
            continue
        for name in meeting.participants:
            if _known_person(batch, name, sides) is None:
                creating.update(c.code for c in sides)
    return creating if create else set()


def _known_person(batch: Loaded, name: str, countries: list[Country]) -> Person | None:
    """The existing person this name refers to, remembered in the batch; None if there is none."""
    key = _name_key(name)
    if key not in batch.known_people:
        person = next((p for c in countries if (p := find_person(name=name, country=c))), None)
        if person is None:
            return None
        batch.known_people[key] = person
    return batch.known_people[key]


def _prefetch_people(batch: Loaded, names: Iterable[str]) -> None:
    """One query for the article's persons named exactly as stored, instead of one per name."""
    wanted = {" ".join(n.split()) for n in names}
    if wanted:
        for person in Person.objects.filter(name__in=wanted).order_by("id"):
            batch.known_people.setdefault(_name_key(person.name), person)


def _prefetch_posts(batch: Loaded, people: Iterable[Person]) -> None:
    """One query for the posts of the persons whose posts were not read yet."""
    new = {p.pk: p for p in people if p.pk not in batch.posts_loaded_for}
    if new:
        for post in Post.objects.filter(person__in=list(new)):
            post.person = new[post.person_id]
            batch.known_posts[(post.person_id, post.country_id, post.role)] = post
        batch.posts_loaded_for |= set(new)


def _keys(facts: ArticleFacts, countries: dict[str, Country], creating_in: set[str]) -> set[str]:
    keys = {locks.people_key(code) for code in creating_in}
    for meeting in facts.meetings:
        codes = [c for c in meeting.countries if c in countries]
        if len(set(codes)) >= 2:
            keys.add(locks.meeting_key(codes))
    for pledge in facts.pledges:
        if pledge.donor in countries and pledge.recipient in countries:
            keys.add(locks.pledge_key(pledge.donor, pledge.recipient))
    return keys


def _keys_of(records: dict) -> set[str]:
    """The lock keys of records a reprocess may delete, so that no worker is adding to them."""
    keys: set[str] = set()
    if records.get(Meeting):
        sides: dict[int, list[str]] = {}
        through = Meeting.countries.through.objects.filter(meeting_id__in=records[Meeting])
        for meeting_id, code in through.values_list("meeting_id", "country__code"):
            sides.setdefault(meeting_id, []).append(code)
        keys |= {locks.meeting_key(codes) for codes in sides.values()}
    if records.get(Pledge):
        pairs = Pledge.objects.filter(pk__in=records[Pledge])
        pairs = pairs.values_list("donor__code", "recipient__code")
        keys |= {locks.pledge_key(donor, recipient) for donor, recipient in pairs}
    if records.get(Post):
        codes = Post.objects.filter(pk__in=records[Post]).values_list("country__code", flat=True)
        keys |= {locks.people_key(code) for code in codes}
    return keys


def _supported(article: Article) -> dict:
    """The records this article's evidence supports now, by model."""
    rows = Evidence.objects.filter(article=article).values_list("meeting", "pledge", "post")
    found: dict = {Meeting: set(), Pledge: set(), Post: set()}
    for meeting, pledge, post in rows:
        for model, pk in ((Meeting, meeting), (Pledge, pledge), (Post, post)):
            if pk is not None:
                found[model].add(pk)
    return {model: ids for model, ids in found.items() if ids}


def _unverified(qs):
    """Evidence rows whose record no admin verified: the ones a reprocess may replace."""
    return (
        qs.exclude(meeting__verified_at__isnull=False)
        .exclude(pledge__verified_at__isnull=False)
        .exclude(post__verified_at__isnull=False)
    )


def _name_key(name: str) -> str:
    return " ".join(name.split()).lower()


# Posts -----------------------------------------------------------------------------------------


def record_post(
    *,
    fact: OfficialFact,
    article: Article,
    countries: dict[str, Country],
    version: str,
    batch: Loaded,
    create: bool = True,
) -> Post | None:
    """The official's Post (person, country, role), to be widened to the article's date; with
    evidence. The caller holds the transaction and the people lock of the country if needed."""
    country = countries.get(fact.country)
    if country is None:
        return None
    person = _person(fact, country, batch, create=create)
    if person is None:
        return None
    post = _get_post(person, country, fact, batch, create=create)
    if post is None:
        return None
    if not post.is_verified:
        batch.seen_posts[post.pk] = (post, fact.title)
    _add_evidence(
        batch, post=post, spans=[fact.evidence], article=article, fact=fact, version=version
    )
    return post


def _person(fact: OfficialFact, country: Country, batch: Loaded, *, create: bool):
    key = _name_key(fact.name)
    person = batch.known_people.get(key)
    if person is not None:
        remember_spellings(person, [fact.name, *fact.aliases])
    elif create:
        person = resolve_person(name=fact.name, country=country, aliases=fact.aliases)
    if person is not None:
        batch.known_people[key] = person
    return person


def _get_post(
    person: Person, country: Country, fact: OfficialFact, batch: Loaded, *, create: bool
) -> Post | None:
    _prefetch_posts(batch, [person])
    key = (person.pk, country.pk, fact.role)
    post = batch.known_posts.get(key)
    if post is None and create:
        # Read again under the people lock: a worker that held it before us may have added it
        # since the read-ahead.
        post = Post.objects.filter(person=person, country=country, role=fact.role).first()
        if post is None:
            post = Post(person=person, country=country, role=fact.role, title=fact.title)
            post.save_without_historical_record()
        batch.known_posts[key] = post
    return post


def _widen_posts(seen_posts: dict[int, tuple[Post, str]], seen: date | None) -> None:
    """Stretch each unverified post's dates to include the day it was seen, and fill a missing
    title; one UPDATE per post that needs it, in id order (no two workers wait in a cycle).

    Least/Greatest in SQL, not values computed here: another worker may have widened the same
    post since we read it, and neither change may be lost.
    """
    for pk in sorted(seen_posts):
        post, title = seen_posts[pk]
        changes: dict = {}
        if seen is not None and not (post.start and post.end and post.start <= seen <= post.end):
            changes["start"] = Least(Coalesce(F("start"), Value(seen)), Value(seen))
            changes["end"] = Greatest(Coalesce(F("end"), Value(seen)), Value(seen))
        if title and not post.title:
            changes["title"] = Coalesce(NullIf(F("title"), Value("")), Value(title[:200]))
        if changes:
            Post.objects.filter(pk=pk, verified_at__isnull=True).update(
                updated=timezone.now(), **changes
            )


# Meetings --------------------------------------------------------------------------------------


def record_meeting(
    *,
    fact: MeetingFact,
    article: Article,
    countries: dict[str, Country],
    people: dict[str, Person],
    version: str,
    batch: Loaded,
    create: bool = True,
) -> Meeting | None:
    """The Meeting this report describes, found or created, with the report's evidence.

    Never changes a verified meeting: it only gains evidence. The caller holds the meeting's lock.
    """
    sides = [countries[c] for c in fact.countries if c in countries]
    if len(set(sides)) < 2:
        return None
    participants = _participants(fact, sides, people, create=create, known=batch.known_people)
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
        person = people.get(name) or known.get(_name_key(name))
        if person is None:
            person = next(
                (p for p in (find_person(name=name, country=c) for c in sides) if p), None
            )
        if person is None and create:
            person = resolve_person(name=name, country=None)
        if person is not None:
            known[_name_key(name)] = person
            found.append(person)
    return found


def _find_same_meeting(
    fact: MeetingFact, sides: list[Country], participants: list[Person], article: Article
) -> Meeting | None:
    """A meeting of exactly these countries, near in date, whose participants do not conflict.

    The meeting found carries `participant_ids`, so merging into it needs no second read.
    """
    qs = Meeting.objects.filter(countries=sides[0])
    day = fact.date or article.published
    if fact.date is not None:
        qs = qs.filter(date__range=(fact.date - MEETING_DAYS, fact.date + MEETING_DAYS))
    elif day is not None:
        near = (day - MEETING_DAYS, day + MEETING_DAYS)
        qs = qs.filter(date__isnull=True, evidence__article__published__range=near).distinct()
    else:
        return None
    candidates = list(qs.order_by("id"))
    if not candidates:
        return None
    ids = [m.pk for m in candidates]
    countries = _linked(Meeting.countries.through, "country_id", ids)
    people = _linked(Meeting.participants.through, "person_id", ids)
    wanted, ours = {c.pk for c in sides}, {p.pk for p in participants}
    for meeting in candidates:
        theirs = people.get(meeting.pk, set())
        if countries.get(meeting.pk) == wanted and (not ours or not theirs or ours & theirs):
            meeting.participant_ids = theirs
            return meeting
    return None


def _linked(through, column: str, meeting_ids: list[int]) -> dict[int, set[int]]:
    """meeting id -> the ids it links to in a many-to-many table, in one query of plain ids."""
    linked: dict[int, set[int]] = {}
    rows = through.objects.filter(meeting_id__in=meeting_ids).values_list("meeting_id", column)
    for meeting_id, other_id in rows:
        linked.setdefault(meeting_id, set()).add(other_id)
    return linked


def _apply_meeting(
    meeting: Meeting, fact: MeetingFact, sides: list[Country], participants: list[Person], *, new
) -> None:
    """Merge a report into an unverified meeting: the finest date, a place, topics, people."""
    changed = _merge_meeting_fields(meeting, fact)
    if new or changed:
        meeting.save_without_historical_record()
    if new:
        _add_through(Meeting.countries.through, meeting, "country", sides)
    known = set() if new else meeting.participant_ids
    missing = list({p.pk: p for p in participants if p.pk not in known}.values())
    if missing:
        _add_through(Meeting.participants.through, meeting, "person", missing)


def _add_through(through, meeting: Meeting, field_name: str, rows: list) -> None:
    """Link rows in one INSERT (a row another worker added already is left as it is)."""
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
    batch: Loaded,
    create: bool = True,
) -> Pledge | None:
    """The Pledge this report describes, found or created, with the report's evidence.

    Never changes a verified pledge: it only gains evidence. The caller holds the pledge's lock.
    """
    donor, recipient = countries.get(fact.donor), countries.get(fact.recipient)
    if donor is None or recipient is None or donor == recipient or fact.money.amount <= 0:
        return None
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
        pledge.save_without_historical_record()


# Evidence --------------------------------------------------------------------------------------


def _add_evidence(
    batch: Loaded, *, spans: Iterable[Span], article: Article, fact, version: str, **record
) -> None:
    """One Evidence row per (article, record, sentence), inserted with the article's others.

    The INSERT ignores conflicts and leans on the unique constraints: a second load of the same
    article, or another worker adding the same row at the same moment, adds nothing.
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
    batch.evidence += rows
