"""Function views: call a selector, build a context, render. Bad input becomes a 400 with a message."""

from datetime import date
from html import escape
from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from defensetrack.tracker import selectors
from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.models import Country, Meeting, Person
from defensetrack.tracker.rates import SOURCES
from defensetrack.web.charts import matrix, month_chart
from defensetrack.web.totals import currency_totals

PLEDGE_SORTS = {
    "date": ("announced_on", "id"),
    "-date": ("-announced_on", "-id"),
    "amount": ("amount", "id"),
    "-amount": ("-amount", "-id"),
    "donor": ("donor__name", "-announced_on"),
    "recipient": ("recipient__name", "-announced_on"),
    "currency": ("currency", "-amount"),
}
SORT_LABELS = {
    "date": "date, oldest first",
    "-date": "date, newest first",
    "amount": "amount, smallest first",
    "-amount": "amount, largest first",
}


def _bad_request(
    request: HttpRequest, template: str, context: dict, error: DomainError
) -> HttpResponse:
    """Show the page's form again with the message, so a bad filter is a 400, never a 500."""
    context.update(error=error.message, field_errors=getattr(error, "fields", {}))
    return render(request, template, context, status=400)


def _filter_choices() -> dict:
    countries = Country.objects.only("code", "name").order_by("name")
    officials = Person.objects.only("id", "name").order_by("name")
    return {
        "countries": countries,
        # Tuples straight from the rows: a model instance per country and official took ms a page.
        "country_options": lambda: list(countries.values_list("code", "name")),
        "official_options": lambda: [
            (str(pk), name) for pk, name in officials.values_list("id", "name")
        ],
        "kinds": [*Meeting.Kind.choices, ("pledge", "Pledge")],
    }


def options(choices: list[tuple[str, str]], selected: str) -> SafeString:
    """<option>s built in Python: hundreds of countries and officials render in half a
    millisecond, where the template loop cost tens of milliseconds per page. Every value and label
    is escaped with html.escape, which is what Django's escape() calls (format_html per row took
    ten times as long)."""
    rows = [
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(label)}</option>"
        for value, label in choices
    ]
    return mark_safe('<option value="">Any</option>' + "".join(rows))  # escaped above


def timeline(request: HttpRequest) -> HttpResponse:
    choices = _filter_choices()
    countries = choices["country_options"]()
    context = {
        "params": request.GET,
        "kinds": choices["kinds"],
        "country_select": options(countries, request.GET.get("country", "").upper()),
        "partner_select": options(countries, request.GET.get("partner", "").upper()),
        "official_select": options(choices["official_options"](), request.GET.get("official", "")),
    }
    try:
        scope = selectors.timeline_scope(filters=request.GET)
        page = selectors.timeline_page(scope=scope, cursor=request.GET.get("cursor"))
        chart = month_chart(selectors.events_per_month(scope=scope, **_chart_window(page.entries)))
    except DomainError as error:
        return _bad_request(request, "web/timeline.html", context, error)
    sources = selectors.count_sources(page.entries)
    entries = [Row(entry, sources.get((entry.type, entry.record.pk), 0)) for entry in page.entries]
    context.update(
        months=_by_month(entries),
        next_query=_with_cursor(request, page.next_cursor),
        chart=chart,
        aggregate_ttl=selectors.AGGREGATE_TTL_SECONDS,
        is_first_page="cursor" not in request.GET,
    )
    return render(request, "web/timeline.html", context)


class Row:
    """A timeline entry with its number of distinct source articles; reads like the entry."""

    def __init__(self, entry: selectors.TimelineEntry, sources: int) -> None:
        self.entry, self.sources = entry, sources

    def __getattr__(self, name: str):
        return getattr(self.entry, name)


def _chart_window(entries: list) -> dict[str, date | None]:
    """The chart shows the 36 months up to the newest event on the page (no bounds: nothing dated).

    Bounded on both sides: a deep page counted every month from its window to today before.
    """
    newest = next((e.date for e in entries if e.date), None)
    if newest is None:
        return {"since": None, "until": None}
    next_month = date(newest.year + newest.month // 12, newest.month % 12 + 1, 1)
    return {"since": date(newest.year - 3, newest.month, 1), "until": next_month}


def _by_month(entries: list[Row]) -> list[tuple[str, list[Row]]]:
    def month(item: Row) -> str:
        day = item.date
        return day.strftime("%B %Y") if day else "Date unknown"

    return [(label, list(group)) for label, group in groupby(entries, key=month)]


def _with_cursor(request: HttpRequest, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return params.urlencode()


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/meeting.html", {"meeting": selectors.get_meeting(pk=pk)})


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.get_pledge(pk=pk)
    year = pledge.announced_on.year if pledge.announced_on else None
    totals = currency_totals(
        [{"currency": pledge.currency, "year": year, "total": pledge.amount, "count": 1}]
    )
    return render(
        request, "web/pledge.html", {"pledge": pledge, "total": totals[0], "sources": SOURCES}
    )


def pledge_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "-date")
    context = {
        "params": request.GET,
        "sort": sort,
        "sort_label": SORT_LABELS.get(sort, sort),
        "sorts": PLEDGE_SORTS,
        **_filter_choices(),
    }
    if sort not in PLEDGE_SORTS:
        error = DomainError(f"Sort by one of: {', '.join(PLEDGE_SORTS)}.")
        return _bad_request(request, "web/pledge_list.html", context, error)
    try:
        pledges = selectors.list_pledges(filters=request.GET).order_by(*PLEDGE_SORTS[sort])
        page = Paginator(pledges, 50).get_page(request.GET.get("page"))
        by_donor = _totals_by(pledges, "donor")
        by_recipient = _totals_by(pledges, "recipient")
    except DomainError as error:
        return _bad_request(request, "web/pledge_list.html", context, error)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    context.update(
        page=page,
        by_donor=by_donor,
        by_recipient=by_recipient,
        base_query=params.urlencode(),
        sources=SOURCES,
    )
    return render(request, "web/pledge_list.html", context)


def _totals_by(pledges, side: str) -> list[tuple[str, str, list]]:
    """(code, name, totals per currency) for the 15 countries on `side` with most new pledges."""
    rows = selectors.pledge_totals_by_year(qs=pledges, by=(f"{side}__code", f"{side}__name"))
    by_country: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        by_country.setdefault((row[f"{side}__code"], row[f"{side}__name"]), []).append(row)
    ranked = sorted(by_country.items(), key=lambda item: -sum(r["count"] for r in item[1]))
    return [(code, name, currency_totals(group)) for (code, name), group in ranked[:15]]


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.get_country(code=code)
    given, received = selectors.country_pledge_totals(country=country)
    scope = selectors.country_scope(country=country)
    latest = selectors.timeline_page(scope=scope, limit=10).entries
    context = {
        "country": country,
        "partners": selectors.list_country_partners(country=country),
        "given": currency_totals(given),
        "received": currency_totals(received),
        "posts": selectors.list_country_posts(country=country),
        "latest": latest,
        "chart": month_chart(selectors.events_per_month(scope=scope, **_chart_window(latest))),
        "sources": SOURCES,
        "aggregate_ttl": selectors.AGGREGATE_TTL_SECONDS,
    }
    return render(request, "web/country.html", context)


def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_official(pk=pk)
    context = {
        "person": person,
        "meetings": selectors.list_official_meetings(person=person),
        "counterparts": selectors.list_official_counterparts(person=person),
    }
    return render(request, "web/official.html", context)


def official_list(request: HttpRequest) -> HttpResponse:
    from defensetrack.tracker.models.people import Role

    context = {"filters": request.GET, "roles": Role.choices}
    try:
        officials = list(selectors.list_officials(filters=request.GET)[:200])
    except DomainError as error:
        return _bad_request(request, "web/officials.html", context, error)
    context["officials"] = officials
    return render(request, "web/officials.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.get_article_with_facts(pk=pk)
    return render(
        request, "web/article.html", {"article": article, "evidence": list(article.evidence.all())}
    )


def countries(request: HttpRequest) -> HttpResponse:
    top, pairs = selectors.meeting_matrix()
    return render(request, "web/countries.html", {"matrix": matrix(top, pairs)})


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = selectors.search_everything(query=query)
    return render(request, "web/search.html", {"query": query, "results": results})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database reads: whatever broke may break them too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
