"""Extracted facts -> records with their evidence: one real-world event is one record.

Rules kept here (and, for matching, in events.py) and nowhere else:
- A record an admin verified is never changed by loading; it only gains evidence.
- Reports of one meeting (same countries, dates within MEETING_DAYS, compatible participants) or of
  one pledge (same sides and currency, amounts within PLEDGE_AMOUNT_TOLERANCE, near in time) share
  a record, and each report adds its own Evidence.
- Before it reads what it may change, the loader takes the advisory locks (see locks.py) of every
  event and every new official its articles name, all at once, so two workers loading reports of
  one event queue up instead of both creating it, and never wait on each other in a cycle.
- Loading writes no history: a record's sources are its Evidence rows, and history is kept for
  the changes people make (services/verify.py keeps the loaded state as the first entry).

A worker loads a batch of articles in one transaction (do_load_reports): the rows every report
may need are read in a handful of queries for the whole batch, matching happens in memory, and
what is new is written with one INSERT per table. A batch of one article follows the same path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from defensetrack.extraction import ArticleFacts, MeetingFact, OfficialFact, PledgeFact, Span
from defensetrack.tracker.models import Article, Country, Evidence, Meeting, Person, Pledge, Post
from defensetrack.tracker.services import bulk, locks
from defensetrack.tracker.services.events import (
    KnownMeeting,
    KnownPledge,
    MeetingIndex,
    MeetingWanted,
    PledgeIndex,
    PledgeWanted,
)
from defensetrack.tracker.services.resolve import (
    find_person,
    remember_spellings,
    resolve_countries,
    resolve_person,
)

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "": 0, None: 0}


@dataclass
class Report:
    """One article's extracted facts, as the loader takes them."""

    article: Article
    facts: ArticleFacts
    # False for a republished copy: its facts only add evidence to records that exist.
    create: bool = True
    # True for a reprocess: the article's earlier evidence on unverified records is replaced.
    replace: bool = False


@dataclass
class _Batch:
    """What the batch has read and what it will write when every report is matched."""

    countries: dict[str, Country]
    meetings: MeetingIndex = field(default_factory=MeetingIndex)
    pledges: PledgeIndex = field(default_factory=PledgeIndex)
    # Persons by normalised name, and those persons' posts by (person, country, role).
    known_people: dict[str, Person] = field(default_factory=dict)
    known_posts: dict[tuple[int, int, str], Post] = field(default_factory=dict)
    posts_loaded_for: set[int] = field(default_factory=set)
    # Unverified posts seen: the title given and the first and last day seen (_widen_posts).
    seen_posts: dict[int, tuple[Post, str, date | None, date | None]] = field(default_factory=dict)
    new_meetings: list[KnownMeeting] = field(default_factory=list)
    changed_meetings: list[KnownMeeting] = field(default_factory=list)
    new_pledges: list[KnownPledge] = field(default_factory=list)
    changed_pledges: list[KnownPledge] = field(default_factory=list)
    meeting_countries: list = field(default_factory=list)
    meeting_people: list = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def do_load_reports(reports: Sequence[Report], *, version: str) -> None:
    """Record every fact of these articles with its evidence, and the articles' countries.

    Safe to call twice for the same articles. Runs in the caller's transaction (or its own):
    either every report of the batch is loaded or none is.
    """
    codes = set().union(*(fact_country_codes(r.facts) for r in reports))
    batch = _Batch(countries=resolve_countries(codes))
    with transaction.atomic(savepoint=False):
        creating_in = _read_people(batch, reports)
        before = _supported([r.article for r in reports if r.replace])
        locks.lock(_keys(reports, batch.countries, creating_in) | _keys_of(before))
        if before:
            replaced = [r.article.pk for r in reports if r.replace]
            _unverified(Evidence.objects.filter(article__in=replaced)).delete()
        batch.meetings = MeetingIndex.load(_meetings_wanted(batch, reports))
        batch.pledges = PledgeIndex.load(_pledges_wanted(batch, reports))
        for report in reports:
            _load_report(batch, report, version=version)
        _write(batch)
        # Last, so that the row locks on busy posts (a president's) are held only briefly.
        _widen_posts(batch.seen_posts)
        _link_countries(reports, batch.countries)
        for model, ids in before.items():
            model.objects.filter(
                pk__in=ids, verified_at__isnull=True, evidence__isnull=True
            ).delete()


def _load_report(batch: _Batch, report: Report, *, version: str) -> None:
    """Caller holds the transaction and the locks of every event and new official."""
    people: dict[str, Person] = {}
    common = {"article": report.article, "version": version, "create": report.create}
    for official in report.facts.officials:
        post = record_post(fact=official, batch=batch, **common)
        if post is not None:
            people[official.name] = post.person
    for fact in report.facts.meetings:
        record_meeting(fact=fact, people=people, batch=batch, **common)
    for fact in report.facts.pledges:
        record_pledge(fact=fact, batch=batch, **common)


def fact_country_codes(facts: ArticleFacts) -> set[str]:
    """Every country code the article's facts name."""
    codes = set(facts.countries) | {o.country for o in facts.officials}
    codes |= {c for m in facts.meetings for c in m.countries}
    return codes | {code for p in facts.pledges for code in (p.donor, p.recipient)}


# Reading ahead and locking ---------------------------------------------------------------------


def _read_people(batch: _Batch, reports: Sequence[Report]) -> set[str]:
    """Find the persons and posts the articles name, before any lock; return the countries
    where a person or a post may have to be created (their people keys must be locked)."""
    names = [
        name
        for r in reports
        for name in [o.name for o in r.facts.officials]
        + [n for m in r.facts.meetings for n in m.participants]
    ]
    _prefetch_people(batch, names)
    creating: set[str] = set()
    creators = [r.facts for r in reports if r.create]
    for facts in creators:
        for official in facts.officials:
            country = batch.countries.get(official.country)
            if country is not None and _known_person(batch, official.name, [country]) is None:
                creating.add(country.code)
    _prefetch_posts(batch, batch.known_people.values())
    for facts in creators:
        for official in facts.officials:
            person = batch.known_people.get(_name_key(official.name))
            country = batch.countries.get(official.country)
            if (
                person
                and country
                and (person.pk, country.pk, official.role) not in batch.known_posts
            ):
                creating.add(country.code)
        for meeting in facts.meetings:
            sides = _sides(meeting, batch.countries)
            if len(sides) < 2:
                continue
            for name in meeting.participants:
                if _known_person(batch, name, sides) is None:
                    creating.update(c.code for c in sides)
    return creating


def _known_person(batch: _Batch, name: str, countries: list[Country]) -> Person | None:
    """The existing person this name refers to, remembered in the batch; None if there is none."""
    key = _name_key(name)
    if key not in batch.known_people:
        person = next((p for c in countries if (p := find_person(name=name, country=c))), None)
        if person is None:
            return None
        batch.known_people[key] = person
    return batch.known_people[key]


def _prefetch_people(batch: _Batch, names: Iterable[str]) -> None:
    """One query for the persons named exactly as stored, instead of one per name."""
    wanted = {" ".join(n.split()) for n in names}
    if wanted:
        for person in Person.objects.filter(name__in=wanted).order_by("id"):
            batch.known_people.setdefault(_name_key(person.name), person)


def _prefetch_posts(batch: _Batch, people: Iterable[Person]) -> None:
    """One query for the posts of the persons whose posts were not read yet."""
    new = {p.pk: p for p in people if p.pk not in batch.posts_loaded_for}
    if new:
        for post in Post.objects.filter(person__in=list(new)):
            post.person = new[post.person_id]
            batch.known_posts[(post.person_id, post.country_id, post.role)] = post
        batch.posts_loaded_for |= set(new)


def _keys(
    reports: Sequence[Report], countries: dict[str, Country], creating_in: set[str]
) -> set[str]:
    keys = {locks.people_key(code) for code in creating_in}
    for report in reports:
        for meeting in report.facts.meetings:
            sides = _sides(meeting, countries)
            if len(sides) >= 2:
                keys.add(locks.meeting_key(c.code for c in sides))
        for pledge in report.facts.pledges:
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


def _supported(articles: list[Article]) -> dict:
    """The records these articles' evidence supports now, by model."""
    if not articles:
        return {}
    rows = Evidence.objects.filter(article__in=articles).values_list("meeting", "pledge", "post")
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


def _meetings_wanted(batch: _Batch, reports: Sequence[Report]) -> Iterable[MeetingWanted]:
    for report in reports:
        for fact in report.facts.meetings:
            sides = _sides(fact, batch.countries)
            if len(sides) >= 2:
                yield MeetingWanted(
                    sides=frozenset(c.pk for c in sides),
                    day=fact.date,
                    published=report.article.published,
                )


def _pledges_wanted(batch: _Batch, reports: Sequence[Report]) -> Iterable[PledgeWanted]:
    for report in reports:
        for fact in report.facts.pledges:
            donor, recipient = batch.countries.get(fact.donor), batch.countries.get(fact.recipient)
            if donor is not None and recipient is not None and donor != recipient:
                yield PledgeWanted(
                    key=(donor.pk, recipient.pk, fact.money.currency),
                    day=fact.announced_on or report.article.published,
                )


def _sides(fact: MeetingFact, countries: dict[str, Country]) -> list[Country]:
    """The meeting's known countries, each once, in the order the report names them."""
    return list({countries[c].pk: countries[c] for c in fact.countries if c in countries}.values())


def _name_key(name: str) -> str:
    return " ".join(name.split()).lower()


# Posts -----------------------------------------------------------------------------------------


def record_post(
    *, fact: OfficialFact, article: Article, version: str, batch: _Batch, create: bool = True
) -> Post | None:
    """The official's Post (person, country, role), to be widened to the article's date; with
    evidence. The caller holds the transaction and the people lock of the country if needed."""
    country = batch.countries.get(fact.country)
    if country is None:
        return None
    person = _person(fact, country, batch, create=create)
    if person is None:
        return None
    post = _get_post(person, country, fact, batch, create=create)
    if post is None:
        return None
    if not post.is_verified:
        _seen(batch, post, fact.title, article.published)
    _add_evidence(
        batch, post=post, spans=[fact.evidence], article=article, fact=fact, version=version
    )
    return post


def _person(fact: OfficialFact, country: Country, batch: _Batch, *, create: bool):
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
    person: Person, country: Country, fact: OfficialFact, batch: _Batch, *, create: bool
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


def _seen(batch: _Batch, post: Post, title: str, day: date | None) -> None:
    _, known_title, first, last = batch.seen_posts.get(post.pk, (post, "", day, day))
    if day is not None:
        first = min(first or day, day)
        last = max(last or day, day)
    batch.seen_posts[post.pk] = (post, known_title or title, first, last)


def _widen_posts(seen_posts: dict[int, tuple[Post, str, date | None, date | None]]) -> None:
    """Stretch each unverified post's dates to include the days it was seen, in id order, and
    fill a missing title (see bulk.widen_ranges for why in SQL)."""
    ranges = [
        (pk, first, last)
        for pk, (post, _, first, last) in sorted(seen_posts.items())
        if first is not None
        and not (post.start and post.end and post.start <= first <= last <= post.end)
    ]
    bulk.widen_ranges(Post, ranges, start="start", end="end", unless="verified_at", touch="updated")
    for pk, (post, title, _, _) in sorted(seen_posts.items()):
        if title and not post.title:
            Post.objects.filter(pk=pk, verified_at__isnull=True).update(
                title=Coalesce(NullIf(F("title"), Value("")), Value(title[:200]))
            )


# Meetings --------------------------------------------------------------------------------------


def record_meeting(
    *,
    fact: MeetingFact,
    article: Article,
    people: dict[str, Person],
    version: str,
    batch: _Batch,
    create: bool = True,
) -> Meeting | None:
    """The Meeting this report describes, found or created, with the report's evidence.

    Never changes a verified meeting: it only gains evidence. The caller holds the meeting's lock.
    """
    sides = _sides(fact, batch.countries)
    if len(sides) < 2:
        return None
    participants = _participants(fact, sides, people, create=create, known=batch.known_people)
    ids = {p.pk for p in participants}
    known = batch.meetings.find(
        frozenset(c.pk for c in sides), day=fact.date, published=article.published, people=ids
    )
    if known is None:
        if not create:
            return None
        known = KnownMeeting(
            record=Meeting(kind=fact.kind), sides=frozenset(c.pk for c in sides), new=True
        )
        _merge_meeting_fields(known.record, fact)
        batch.meetings.add(known)
        batch.new_meetings.append(known)
        through = Meeting.countries.through
        batch.meeting_countries += [through(meeting=known.record, country=c) for c in sides]
    elif not known.record.is_verified and _merge_meeting_fields(known.record, fact):
        _changed(batch.changed_meetings, known)
    if not known.record.is_verified:
        _add_participants(batch, known, participants)
    if article.published is not None:
        known.published.add(article.published)
    _add_evidence(
        batch,
        meeting=known.record,
        spans=fact.evidence,
        article=article,
        fact=fact,
        version=version,
    )
    return known.record


def _changed(changed: list, known: KnownMeeting | KnownPledge) -> None:
    """Note a stored record for the batch's UPDATE (once; a new one is inserted as it is)."""
    if not known.new and not known.changed:
        known.changed = True
        changed.append(known)


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


def _add_participants(batch: _Batch, known: KnownMeeting, participants: list[Person]) -> None:
    through = Meeting.participants.through
    for person in participants:
        if person.pk not in known.people:
            known.people.add(person.pk)
            batch.meeting_people.append(through(meeting=known.record, person=person))


def _merge_meeting_fields(meeting: Meeting, fact: MeetingFact) -> bool:
    """Merge a report into an unverified meeting: the finest date, a place, topics."""
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
    *, fact: PledgeFact, article: Article, version: str, batch: _Batch, create: bool = True
) -> Pledge | None:
    """The Pledge this report describes, found or created, with the report's evidence.

    Never changes a verified pledge: it only gains evidence. The caller holds the pledge's lock.
    """
    donor, recipient = batch.countries.get(fact.donor), batch.countries.get(fact.recipient)
    if donor is None or recipient is None or donor == recipient or fact.money.amount <= 0:
        return None
    key = (donor.pk, recipient.pk, fact.money.currency)
    day = fact.announced_on or article.published
    known = batch.pledges.find(key, amount=fact.money.amount, day=day)
    if known is None:
        if not create:
            return None
        known = KnownPledge(record=_new_pledge(fact, donor, recipient), new=True)
        batch.pledges.add(known)
        batch.new_pledges.append(known)
    elif not known.record.is_verified and _fill_pledge(known.record, fact):
        _changed(batch.changed_pledges, known)
    _add_evidence(
        batch,
        pledge=known.record,
        spans=[fact.evidence],
        article=article,
        fact=fact,
        version=version,
    )
    return known.record


def _new_pledge(fact: PledgeFact, donor: Country, recipient: Country) -> Pledge:
    pledge = Pledge(
        donor=donor,
        recipient=recipient,
        amount=fact.money.amount,
        currency=fact.money.currency,
        amount_text=fact.money.text[:100],
        kind=fact.kind,
        announced_on=fact.announced_on,
    )
    _fill_pledge(pledge, fact)
    return pledge


def _fill_pledge(pledge: Pledge, fact: PledgeFact) -> bool:
    """Fill what an unverified pledge is missing from a report; True if anything changed."""
    before = (pledge.period, pledge.purpose, pledge.announced_on)
    pledge.period = pledge.period or (fact.period or "")[:9]
    pledge.purpose = pledge.purpose or (fact.purpose or "")[:500]
    pledge.announced_on = pledge.announced_on or fact.announced_on
    return (pledge.period, pledge.purpose, pledge.announced_on) != before


# Evidence and writing --------------------------------------------------------------------------


def _add_evidence(
    batch: _Batch, *, spans: Iterable[Span], article: Article, fact, version: str, **record
) -> None:
    """One Evidence row per (article, record, sentence), inserted with the batch's others."""
    batch.evidence += [
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


def _write(batch: _Batch) -> None:
    """One INSERT or UPDATE per table for everything the batch matched or created.

    New records first, so that the links and evidence pointing at them get their ids. Links and
    evidence ignore conflicts and lean on the unique constraints: a second load of the same
    article, or another worker adding the same row at the same moment, adds nothing.
    """
    now = timezone.now()
    Meeting.objects.bulk_create([k.record for k in batch.new_meetings])
    Pledge.objects.bulk_create([k.record for k in batch.new_pledges])
    meetings = [k.record for k in batch.changed_meetings]
    pledges = [k.record for k in batch.changed_pledges]
    for record in [*meetings, *pledges]:
        record.updated = now
    fields = ["date", "date_precision", "location", "topics", "updated"]
    bulk.update_rows(Meeting, meetings, fields)
    bulk.update_rows(Pledge, pledges, ["period", "purpose", "announced_on", "updated"])
    Meeting.countries.through.objects.bulk_create(batch.meeting_countries, ignore_conflicts=True)
    Meeting.participants.through.objects.bulk_create(batch.meeting_people, ignore_conflicts=True)
    Evidence.objects.bulk_create(batch.evidence, ignore_conflicts=True)


def _link_countries(reports: Sequence[Report], countries: dict[str, Country]) -> None:
    """The countries each article names: one INSERT for the batch; a reprocess replaces them."""
    through = Article.countries.through
    links = []
    for report in reports:
        named = [countries[c] for c in report.facts.countries if c in countries]
        if report.replace:
            report.article.countries.set(named)
        else:
            links += [through(article=report.article, country=c) for c in named]
    through.objects.bulk_create(links, ignore_conflicts=True)
