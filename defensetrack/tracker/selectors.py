"""Every read for pages and the API: querysets with their joins, and small summaries. No writes.

The joins live here (select_related / prefetch_related) so a list's query count does not grow with
its rows, whoever shows it.
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    F,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.filters import (
    ArticleFilter,
    CountryFilter,
    MeetingFilter,
    OfficialFilter,
    PledgeFilter,
)
from defensetrack.tracker.models import (
    Article,
    Country,
    Evidence,
    Meeting,
    Person,
    Pledge,
    Post,
)

T = TypeVar("T")


def _filtered(filterset_class, params: Mapping[str, str], qs: QuerySet) -> QuerySet:
    """Apply a FilterSet; bad parameters raise DomainError with django-filter's messages."""
    if not any(params.get(name) for name in filterset_class.base_filters):
        return qs  # nothing to apply; building and validating the form costs a millisecond
    filterset = filterset_class(params, queryset=qs)
    if not filterset.is_valid():
        raise InvalidFilters(filterset.errors)
    return filterset.qs


class InvalidFilters(DomainError):
    """Filter parameters that do not parse; `fields` maps each parameter to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("Check the marked filters.")
        self.fields = {name: [str(m) for m in messages] for name, messages in errors.items()}


# Meetings --------------------------------------------------------------------------------------


_MEETING_SIDES = (
    Prefetch("countries", queryset=Country.objects.only("id", "code", "name")),
    Prefetch("participants", queryset=Person.objects.only("id", "name")),
)


def meetings_with_sides() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related(*_MEETING_SIDES)


def list_meetings(*, filters: Mapping[str, str]) -> QuerySet[Meeting]:
    qs = meetings_with_sides().order_by("-date", "-id")
    return _filtered(MeetingFilter, filters, qs)


def _evidence_with_articles() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("article").only(
        "id",
        "sentence",
        "start",
        "end",
        "confidence",
        "meeting_id",
        "pledge_id",
        "post_id",
        "article__id",
        "article__title",
        "article__url",
        "article__outlet",
        "article__published",
    )


def get_meeting(*, pk: int) -> Meeting:
    qs = meetings_with_sides().prefetch_related(
        Prefetch("evidence", queryset=_evidence_with_articles().order_by("article__published"))
    )
    return get_object_or_404(qs, pk=pk)


# Pledges ---------------------------------------------------------------------------------------


def pledges_with_sides() -> QuerySet[Pledge]:
    return Pledge.objects.select_related("donor", "recipient")


def list_pledges(*, filters: Mapping[str, str]) -> QuerySet[Pledge]:
    qs = pledges_with_sides().order_by("-announced_on", "-id")
    return _filtered(PledgeFilter, filters, qs)


def get_pledge(*, pk: int) -> Pledge:
    qs = pledges_with_sides().prefetch_related(
        Prefetch("evidence", queryset=_evidence_with_articles().order_by("article__published"))
    )
    return get_object_or_404(qs, pk=pk)


# Countries, officials, articles ----------------------------------------------------------------


def list_countries(*, filters: Mapping[str, str]) -> QuerySet[Country]:
    return _filtered(CountryFilter, filters, Country.objects.order_by("name"))


def get_country(*, code: str) -> Country:
    return get_object_or_404(Country, code=code.upper())


def posts_with_countries() -> QuerySet[Post]:
    return Post.objects.select_related("country").order_by("-start", "id")


def list_officials(*, filters: Mapping[str, str]) -> QuerySet[Person]:
    qs = Person.objects.prefetch_related(Prefetch("posts", queryset=posts_with_countries()))
    return _filtered(OfficialFilter, filters, qs.order_by("name", "id")).distinct()


def get_official(*, pk: int) -> Person:
    qs = Person.objects.prefetch_related(
        Prefetch(
            "posts",
            queryset=posts_with_countries().prefetch_related(
                Prefetch("evidence", queryset=_evidence_with_articles())
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


def list_articles(*, filters: Mapping[str, str]) -> QuerySet[Article]:
    qs = Article.objects.defer("text", "facts", "minhash").order_by("-published", "-id")
    return _filtered(ArticleFilter, filters, qs)


def get_article(*, pk: int) -> Article:
    qs = Article.objects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.only("id", "code", "name")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("start")),
    )
    return get_object_or_404(qs, pk=pk)


# The timeline: meetings and pledges in one date-ordered stream ------------------------------------

MEETING, PLEDGE = "meeting", "pledge"
_RANK = {MEETING: 0, PLEDGE: 1}  # on one date, meetings come before pledges
TIMELINE_KINDS = (*Meeting.Kind.values, PLEDGE)


@dataclass(frozen=True)
class TimelineEntry:
    type: str  # MEETING or PLEDGE
    date: date | None
    record: Meeting | Pledge

    @property
    def cursor(self) -> str:
        day = self.date.isoformat() if self.date else "none"
        return f"{day}~{self.type}~{self.record.pk}"


Position = tuple[date | None, str, int]


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    next_cursor: str | None


def parse_cursor(raw: str) -> Position:
    """Read a cursor made by TimelineEntry.cursor; anything else is a DomainError."""
    try:
        day, kind, pk = raw.split("~")
        if kind not in _RANK:
            raise ValueError(kind)
        return (None if day == "none" else date.fromisoformat(day)), kind, int(pk)
    except ValueError as exc:
        raise DomainError(
            "That cursor is not one this server made; start from the first page."
        ) from exc


def _dated_after(field: str, kind: str, cursor: Position | None) -> Q:
    """Dated rows of `kind` after the cursor in (date desc, type, id desc) order."""
    if cursor is None:
        return Q()
    day, cursor_kind, pk = cursor
    if day is None:  # the cursor is already among the undated rows
        return Q(pk__in=[])
    rank, cursor_rank = _RANK[kind], _RANK[cursor_kind]
    earlier = Q(**{f"{field}__lt": day})
    if rank < cursor_rank:
        return earlier
    same_day = Q(**{field: day})
    after = earlier | (same_day & Q(pk__lt=pk)) if rank == cursor_rank else earlier | same_day
    # The bound outside the OR is what lets PostgreSQL start the index scan at the cursor;
    # without it a deep page scanned (and dropped) every newer row first: 50k rows, 50 ms.
    return Q(**{f"{field}__lte": day}) & after


def _undated_after(kind: str, cursor: Position | None) -> Q:
    """Undated rows come after every dated one, meetings before pledges, by id desc."""
    if cursor is None or cursor[0] is not None:
        return Q()
    rank, cursor_rank = _RANK[kind], _RANK[cursor[1]]
    if rank < cursor_rank:
        return Q(pk__in=[])
    return Q(pk__lt=cursor[2]) if rank == cursor_rank else Q()


def _rows_after(qs: QuerySet, field: str, kind: str, cursor: Position | None, limit: int) -> list:
    """Up to `limit` rows after the cursor; each step is an index range scan on (field, id)."""
    dated = qs.filter(**{f"{field}__isnull": False}).filter(_dated_after(field, kind, cursor))
    rows = list(dated.order_by(f"-{field}", "-id")[:limit])
    # Always asked, even when the page is full, so a page costs the same queries however
    # many rows there are; it is one short index scan.
    undated = qs.filter(**{f"{field}__isnull": True}).filter(_undated_after(kind, cursor))
    rows += undated.order_by("-id")[: max(limit - len(rows), 1)]
    return rows[:limit]


@dataclass(frozen=True)
class TimelineScope:
    """What the timeline's filters keep, built once for both a page's list and its chart:
    building and validating the two FilterSets (and looking up their country ids) cost ~10 ms.
    None where the filters leave that kind of event out."""

    counted: tuple[tuple[str, str], ...]  # the filters that change a count, for cache keys
    meetings: QuerySet[Meeting] | None
    pledges: QuerySet[Pledge] | None


def timeline_scope(*, filters: Mapping[str, str]) -> TimelineScope:
    """The timeline's filters applied; filters that do not parse raise InvalidFilters."""
    kind = filters.get("kind", "")
    if kind and kind not in TIMELINE_KINDS:
        raise InvalidFilters({"kind": [f"Choose one of: {', '.join(TIMELINE_KINDS)}."]})
    meetings = pledges = None
    if kind != PLEDGE:
        meetings = _filtered(MeetingFilter, filters, Meeting.objects.all())
    if kind in ("", PLEDGE) and not filters.get("official"):
        pledge_filters = {k: v for k, v in filters.items() if k != "kind"}
        pledges = _filtered(PledgeFilter, pledge_filters, Pledge.objects.all())
    return TimelineScope(_counted(filters), meetings, pledges)


def country_scope(*, country: Country) -> TimelineScope:
    """timeline_scope(filters={"country": country.code}) for a country already looked up: the
    same meetings and pledges under the same cache keys, without building two FilterSets and
    looking the country up twice (7 ms of a country page)."""
    return TimelineScope(
        counted=_counted({"country": country.code}),
        meetings=Meeting.objects.filter(countries=country),
        pledges=Pledge.objects.filter(Q(donor=country) | Q(recipient=country)),
    )


def list_timeline(
    *, filters: Mapping[str, str], cursor: str | None = None, limit: int = 50
) -> TimelinePage:
    """One page of meetings and pledges, newest first, after `cursor` (keyset: stays fast deep)."""
    return timeline_page(scope=timeline_scope(filters=filters), cursor=cursor, limit=limit)


def timeline_page(
    *, scope: TimelineScope, cursor: str | None = None, limit: int = 50
) -> TimelinePage:
    """list_timeline for filters already applied (see timeline_scope)."""
    position = parse_cursor(cursor) if cursor else None
    entries: list[TimelineEntry] = []
    if scope.meetings is not None:
        found = _rows_after(scope.meetings, "date", MEETING, position, limit + 1)
        entries += [TimelineEntry(MEETING, m.date, m) for m in found]
    if scope.pledges is not None:
        pledges = scope.pledges.select_related("donor", "recipient")
        found = _rows_after(pledges, "announced_on", PLEDGE, position, limit + 1)
        entries += [TimelineEntry(PLEDGE, p.announced_on, p) for p in found]
    entries.sort(key=_timeline_key)
    page = entries[:limit]
    # Sides only for the meetings that made the page (about half of those fetched): building
    # the related rows, not the query, is what a prefetch costs.
    prefetch_related_objects([e.record for e in page if e.type == MEETING], *_MEETING_SIDES)
    next_cursor = page[-1].cursor if len(entries) > limit else None
    return TimelinePage(entries=page, next_cursor=next_cursor)


def _timeline_key(entry: TimelineEntry) -> tuple[bool, int, int, int]:
    # Newest first, undated last; then meetings before pledges; then newest id first.
    day = entry.date.toordinal() if entry.date else 0
    return (entry.date is None, -day, _RANK[entry.type], -entry.record.pk)


# Dashboard summaries: small aggregates for the pages -------------------------------------------

# Aggregates (charts, partner counts, pledge totals) scan thousands of rows and change only when
# articles are loaded or records corrected, so they are cached this long; the pages say so.
AGGREGATE_TTL_SECONDS = 60
# Parameters that change what a filtered aggregate counts; a cursor or page size does not.
_COUNTED_PARAMS = frozenset(MeetingFilter.base_filters) | frozenset(PledgeFilter.base_filters)


def _cached(key: tuple, compute: Callable[[], T]) -> T:
    """compute(), kept AGGREGATE_TTL_SECONDS in Django's cache under `key` (a tuple of plain
    values). Invalid filters raise from compute() and are never cached."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    name = f"defensetrack:aggregate:{digest}"
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, AGGREGATE_TTL_SECONDS)
    return value


def _counted(filters: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The filters that change what an aggregate counts, in a stable order, for a cache key."""
    return tuple(sorted((k, str(v)) for k, v in filters.items() if k in _COUNTED_PARAMS and v))


def count_sources(entries: list[TimelineEntry]) -> dict[tuple[str, int], int]:
    """Distinct source articles per timeline entry, in one query whatever the page size."""
    meeting_ids = [e.record.pk for e in entries if e.type == MEETING]
    pledge_ids = [e.record.pk for e in entries if e.type == PLEDGE]
    rows = (
        Evidence.objects.filter(Q(meeting_id__in=meeting_ids) | Q(pledge_id__in=pledge_ids))
        .values("meeting_id", "pledge_id")
        .annotate(n=Count("article_id", distinct=True))
        .order_by()
    )
    counts: dict[tuple[str, int], int] = {}
    for row in rows:
        key = (MEETING, row["meeting_id"]) if row["meeting_id"] else (PLEDGE, row["pledge_id"])
        counts[key] = row["n"]
    return counts


def list_country_partners(*, country: Country, limit: int = 15) -> list[Country]:
    """Countries met most often with `country`, each with `meeting_count` (cached, see _cached)."""
    return _cached(("partners", country.pk, limit), lambda: _rank_partners(country, limit))


def _rank_partners(country: Country, limit: int) -> list[Country]:
    # Counted on the meeting-country table alone: going through Meeting (what
    # Country.objects.filter(meetings__countries=...) does) joined 100,000 meetings for nothing.
    sides = Meeting.countries.through.objects
    attended = sides.filter(country=country).values("meeting_id")
    rows = (
        sides.filter(_meeting_in(attended))
        .exclude(country=country)
        .values("country_id")
        .annotate(n=Count("*"))
        .order_by()  # ranked below: joining Country to sort ties by name cost a join per side
    )
    counts = {row["country_id"]: row["n"] for row in rows}
    partners = Country.objects.only("id", "code", "name").in_bulk(list(counts)).values()
    ranked = sorted(partners, key=lambda partner: (-counts[partner.pk], partner.name))[:limit]
    for partner in ranked:
        partner.meeting_count = counts[partner.pk]
    return ranked


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))` (PostgreSQL): one index scan that looks up each value."""

    arg_joiner = " = ANY("  # between the column and the array
    template = "%(expressions)s)"
    output_field = BooleanField()


def _meeting_in(meeting_ids: QuerySet) -> Q | _AnyOf:
    """Sides of the meetings in `meeting_ids` (a values("meeting_id") queryset).

    On PostgreSQL the ids go in an array, so each is looked up in the (meeting, country) index:
    the planner turns `IN (subquery)` into a hash join that reads every side of every meeting
    (200,000 rows for the ~13,000 meetings of one country; 32 -> 19 ms). Elsewhere, IN.
    """
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return _AnyOf(F("meeting_id"), ArraySubquery(meeting_ids))
    return Q(meeting_id__in=meeting_ids)


def pledge_totals_by_year(*, qs: QuerySet[Pledge], by: tuple[str, ...] = ()) -> list[dict]:
    """New commitments summed per currency and announcement year (running totals left out,
    since adding a running total to the pledges it sums would count them twice)."""
    return list(_totals_by_year(qs, by).order_by(*by, "currency", "year"))


def _totals_by_year(qs: QuerySet[Pledge], by: tuple[str, ...]) -> QuerySet[Pledge]:
    # COUNT(*), not COUNT(id): the pledge_*_by_date indexes do not hold id, and naming it
    # would send every row to the table.
    return (
        qs.filter(kind=Pledge.Kind.NEW)
        .values(*by, "currency", year=ExtractYear("announced_on"))
        .annotate(total=Sum("amount"), count=Count("*"))
    )


def country_pledge_totals(*, country: Country) -> tuple[list[dict], list[dict]]:
    """(given, received) totals per currency and year for `country` (cached, see _cached)."""
    return _cached(("pledge_totals", country.pk), lambda: _pledge_totals(country))


def _pledge_totals(country: Country) -> tuple[list[dict], list[dict]]:
    # Each side in its own index-only scan (indexes pledge_given_by_date and
    # pledge_received_by_date), both in one query. "Donor or recipient" read every pledge row
    # of the country from the table instead: 20 -> 11 ms for 13,000 pledges. A pledge never has
    # the same country on both sides, so no pledge is counted twice.
    given = Pledge.objects.filter(donor=country)
    received = Pledge.objects.filter(recipient=country)
    parts = [
        _totals_by_year(pledges, ()).annotate(side=Value(side)).order_by()
        for side, pledges in (("given", given), ("received", received))
    ]
    rows = sorted(
        parts[0].union(parts[1], all=True),
        key=lambda row: (row["currency"], row["year"] is None, row["year"] or 0),
    )
    sides: dict[str, list[dict]] = {"given": [], "received": []}
    for row in rows:
        sides[row.pop("side")].append(row)
    return sides["given"], sides["received"]


def list_country_posts(*, country: Country, limit: int = 50) -> list[Post]:
    qs = Post.objects.filter(country=country).select_related("person")
    return list(qs.order_by("role", "-start", "person__name")[:limit])


def events_per_month(
    *, scope: TimelineScope, since: date | None = None, until: date | None = None
) -> list[tuple[date, int, int]]:
    """(month, meetings, pledges) for the timeline's filters, oldest month first; dated rows only,
    from `since` and before `until` when given.

    The bounds keep the scan to an index range: counting all of history costs a full table scan.
    Cached per filters and bounds (see _cached): the count still reads thousands of rows.
    """
    key = ("events_per_month", scope.counted, since, until)
    return _cached(key, lambda: _count_events_per_month(scope, since, until))


def _count_events_per_month(
    scope: TimelineScope, since: date | None, until: date | None
) -> list[tuple[date, int, int]]:
    months: dict[date, list[int]] = {}
    if scope.meetings is not None:
        dated = scope.meetings.filter(_in_window("date", since, until))
        for day, n in _count_per_day(dated, "date"):
            months.setdefault(day.replace(day=1), [0, 0])[0] += n
    if scope.pledges is not None:
        dated = scope.pledges.filter(_in_window("announced_on", since, until))
        for day, n in _count_per_day(dated, "announced_on"):
            months.setdefault(day.replace(day=1), [0, 0])[1] += n
    return [(month, m, p) for month, (m, p) in sorted(months.items())]


def _count_per_day(qs: QuerySet, field: str) -> QuerySet:
    """(day, rows) pairs; the caller folds days into months.

    Grouped on the indexed date itself: PostgreSQL counts along the index, where truncating
    each row's date to its month (a cast to timestamptz per row) and hashing took twice as long
    for the unfiltered timeline (19,000 meetings in its 36-month window: 8 -> 3.5 ms). Behind a
    join (one country's meetings) both cost the same.
    """
    return qs.values_list(field).annotate(n=Count("*")).order_by()


def _in_window(field: str, since: date | None, until: date | None) -> Q:
    window = Q(**{f"{field}__gte": since or date.min})  # also leaves out undated rows
    return window & Q(**{f"{field}__lt": until}) if until else window


def list_official_counterparts(*, person: Person, limit: int = 10) -> list[Person]:
    """Officials who met `person` most often, each with `meeting_count`."""
    qs = Person.objects.filter(meetings__participants=person).exclude(pk=person.pk)
    qs = qs.annotate(meeting_count=Count("meetings")).order_by("-meeting_count", "name")
    return list(qs.only("id", "name")[:limit])


def list_official_meetings(*, person: Person, limit: int = 100) -> list[Meeting]:
    return list(meetings_with_sides().filter(participants=person).order_by("-date", "-id")[:limit])


def get_article_with_facts(*, pk: int) -> Article:
    """An article with its evidence in text order and each evidence's post (for post links)."""
    qs = Article.objects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.only("id", "code", "name")),
        Prefetch("evidence", queryset=Evidence.objects.select_related("post").order_by("start")),
    )
    return get_object_or_404(qs, pk=pk)


def meeting_matrix(*, size: int = 12) -> tuple[list[Country], dict[tuple[int, int], int]]:
    """The `size` countries with most meetings and how often each pair met, in two queries."""
    top = list(
        Country.objects.annotate(meeting_count=Count("meetings"))
        .filter(meeting_count__gt=0)
        .order_by("-meeting_count", "name")
        .only("id", "code", "name")[:size]
    )
    ids = [c.pk for c in top]
    through = Meeting.countries.through
    rows = (
        through.objects.filter(country_id__in=ids, meeting__countries__in=ids)
        .values("country_id", other=F("meeting__countries"))
        .annotate(n=Count("meeting_id"))
        .order_by()
    )
    pairs = {(r["country_id"], r["other"]): r["n"] for r in rows if r["country_id"] != r["other"]}
    return top, pairs


@dataclass(frozen=True)
class SearchResults:
    articles: list[Article]
    officials: list[Person]
    countries: list[Country]


def search_everything(*, query: str, limit: int = 20) -> SearchResults:
    """Articles by full-text search on PostgreSQL (ranked), by substring elsewhere; officials and
    countries by name, since short names gain nothing from stemming."""
    query = query.strip()[:200]
    if not query:
        return SearchResults([], [], [])
    articles = Article.objects.defer("text", "facts", "minhash")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        # Exactly the expression of the GIN index article_search (migration 0004): a change
        # here needs a new index, or every search reads every article. The config is named
        # because an index cannot depend on default_text_search_config.
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "text", weight="B", config="english"
        )
        terms = SearchQuery(query, search_type="websearch", config="english")
        # @@ is what the index answers, and what "matches" means: ts_rank is above zero for
        # an article with one word of two, or with the very word a query excludes.
        articles = articles.alias(document=vector).filter(document=terms)
        articles = articles.annotate(rank=SearchRank(vector, terms))
        articles = articles.order_by("-rank", "-published")
    else:
        articles = articles.filter(Q(title__icontains=query) | Q(text__icontains=query))
    officials = list_officials(filters={"q": query})
    countries = list_countries(filters={"q": query})
    return SearchResults(list(articles[:limit]), list(officials[:limit]), list(countries[:limit]))
