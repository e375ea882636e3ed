"""Read-only summaries for the pages: a country's partners and money, an official's record,
events per month, who meets whom, and search. Aggregates run in the database, one query each.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from defensetrack.tracker import rates
from defensetrack.tracker.filters import MeetingFilter, PledgeFilter
from defensetrack.tracker.models import Article, Country, Meeting, Person, Pledge, Post
from defensetrack.tracker.selectors import InvalidFilters


@dataclass(frozen=True)
class MoneyTotal:
    currency: str
    amount: Decimal
    eur: Decimal | None
    rates_used: str  # "1.0824 (2024)"; empty when no rate is known


def partners_by_meetings(*, country: Country, limit: int = 15) -> QuerySet[Country]:
    """Countries met most often by `country`, with the count as `meetings_together`."""
    met = Meeting.objects.filter(countries=country).values("pk")
    return (
        Country.objects.filter(meetings__in=met)
        .exclude(pk=country.pk)
        .annotate(meetings_together=Count("meetings", distinct=True))
        .order_by("-meetings_together", "name")[:limit]
    )


def pledge_totals(*, pledges: QuerySet[Pledge]) -> list[MoneyTotal]:
    """Totals per currency, each converted to EUR at the yearly average of its pledges' years."""
    rows = (
        pledges.order_by()
        .values("currency", year=ExtractYear("announced_on"))
        .annotate(total=Sum("amount"))
        .order_by("currency", "year")
    )
    by_currency: dict[str, list[tuple[int | None, Decimal]]] = {}
    for row in rows:
        by_currency.setdefault(row["currency"], []).append((row["year"], row["total"]))
    return [_total(currency, parts) for currency, parts in by_currency.items()]


def _total(currency: str, parts: list[tuple[int | None, Decimal]]) -> MoneyTotal:
    conversions = [rates.to_eur(amount, currency, year) for year, amount in parts]
    amount = sum((a for _, a in parts), Decimal(0))
    if currency == "EUR" or any(c is None for c in conversions):
        return MoneyTotal(currency, amount, amount if currency == "EUR" else None, "")
    used = ", ".join(sorted({f"{c.rate.per_eur} ({c.rate.year})" for c in conversions if c.rate}))
    return MoneyTotal(currency, amount, sum((c.eur for c in conversions), Decimal(0)), used)


def eur_sum(totals: list[MoneyTotal]) -> Decimal:
    return sum((t.eur for t in totals if t.eur is not None), Decimal(0))


def officials_of(*, country: Country) -> QuerySet[Post]:
    return Post.objects.filter(country=country).select_related("person").order_by("-start", "role")


def counterparts(*, person: Person, limit: int = 10) -> QuerySet[Person]:
    """People who sat in the most meetings with `person`, as `meetings_together`."""
    attended = person.meetings.values("pk")
    return (
        Person.objects.filter(meetings__in=attended)
        .exclude(pk=person.pk)
        .annotate(meetings_together=Count("meetings", distinct=True))
        .order_by("-meetings_together", "name")[:limit]
    )


def events_per_month(*, filters: Mapping[str, str]) -> list[tuple[date, int, int]]:
    """(month, meetings, pledges) for every month with events, oldest first."""
    kind = filters.get("kind", "")
    meeting_filters = {k: v for k, v in filters.items() if not (k == "kind" and v == "pledge")}
    meeting_form = MeetingFilter(
        meeting_filters, queryset=Meeting.objects.filter(date__isnull=False)
    )
    pledge_form = PledgeFilter(
        {k: v for k, v in filters.items() if k not in ("kind", "official")},
        queryset=Pledge.objects.filter(announced_on__isnull=False),
    )
    if not meeting_form.is_valid():
        raise InvalidFilters(meeting_form.errors)
    counts: dict[date, list[int]] = {}
    if kind != "pledge":
        for row in _monthly(meeting_form.qs, "date"):
            counts.setdefault(row["month"], [0, 0])[0] = row["n"]
    if kind in ("", "pledge") and not filters.get("official") and pledge_form.is_valid():
        for row in _monthly(pledge_form.qs, "announced_on"):
            counts.setdefault(row["month"], [0, 0])[1] = row["n"]
    return [(_as_date(month), m, p) for month, (m, p) in sorted(counts.items())]


def _monthly(qs: QuerySet, field: str) -> QuerySet:
    return (
        qs.order_by()
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
    )


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def meeting_matrix(*, limit: int = 12) -> tuple[list[Country], dict[tuple[int, int], int]]:
    """The most active countries and how often each pair met: who meets whom."""
    top = list(
        Country.objects.annotate(n=Count("meetings")).filter(n__gt=0).order_by("-n", "name")[:limit]
    )
    ids = [c.pk for c in top]
    through = Meeting.countries.through
    pairs = Counter()
    sides: dict[int, list[int]] = {}
    for meeting_id, country_id in through.objects.filter(country_id__in=ids).values_list(
        "meeting_id", "country_id"
    ):
        sides.setdefault(meeting_id, []).append(country_id)
    for members in sides.values():
        for a in members:
            for b in members:
                if a != b:
                    pairs[(a, b)] += 1
    return top, dict(pairs)


@dataclass(frozen=True)
class SearchResults:
    articles: list[Article]
    officials: list[Person]
    countries: list[Country]


def search(*, query: str, limit: int = 20) -> SearchResults:
    """Articles, officials and countries matching `query`; full-text ranking on PostgreSQL."""
    query = query.strip()
    if not query:
        return SearchResults([], [], [])
    officials = Person.objects.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    countries = Country.objects.filter(
        Q(name__icontains=query) | Q(code__iexact=query) | Q(aliases__icontains=query)
    )
    return SearchResults(
        articles=list(_search_articles(query)[:limit]),
        officials=list(officials.order_by("name")[:limit]),
        countries=list(countries.order_by("name")[:limit]),
    )


def _search_articles(query: str) -> QuerySet[Article]:
    articles = Article.objects.defer("text", "facts", "minhash")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A") + SearchVector("text", weight="B")
        terms = SearchQuery(query, search_type="websearch")
        return (
            articles.annotate(rank=SearchRank(vector, terms))
            .filter(rank__gt=0)
            .order_by("-rank", "-published")
        )
    return articles.filter(Q(title__icontains=query) | Q(text__icontains=query)).order_by(
        "-published"
    )
