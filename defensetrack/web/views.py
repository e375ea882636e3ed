"""Server-rendered pages: each view calls selectors, builds a context and renders one template."""

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from defensetrack.tracker import selectors, summaries
from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.models import Meeting, Person, Pledge, Role
from defensetrack.tracker.rates import SOURCE as RATES_SOURCE
from defensetrack.web import charts

TIMELINE_PAGE = 50
PLEDGE_SORTS = {
    "date": "announced_on",
    "-date": "-announced_on",
    "amount": "amount",
    "-amount": "-amount",
}


def _bad_request(request: HttpRequest, error: DomainError) -> HttpResponse:
    fields = getattr(error, "fields", {})
    return render(request, "web/bad_request.html", {"error": error, "fields": fields}, status=400)


def timeline(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.list_timeline(
            filters=request.GET, cursor=request.GET.get("cursor") or None, limit=TIMELINE_PAGE
        )
        monthly = summaries.events_per_month(filters=request.GET)
    except DomainError as error:
        return _bad_request(request, error)
    months = [(month, list(entries)) for month, entries in groupby(page.entries, key=_month_of)]
    params = request.GET.copy()
    params.pop("cursor", None)
    if page.next_cursor:
        params["cursor"] = page.next_cursor
    context = {
        "months": months,
        "next_query": params.urlencode() if page.next_cursor else "",
        "bars": charts.monthly_bars(monthly),
        "chart": charts,
        "filters": request.GET,
        "kinds": [*Meeting.Kind.choices, ("pledge", "Pledge")],
        "officials": Person.objects.filter(meetings__isnull=False).distinct().order_by("name"),
        "is_first_page": not request.GET.get("cursor"),
    }
    return render(request, "web/timeline.html", context)


def _month_of(entry: selectors.TimelineEntry):
    return (entry.date.year, entry.date.month) if entry.date else None


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/meeting.html", {"meeting": selectors.get_meeting(pk=pk)})


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/pledge.html", {"pledge": selectors.get_pledge(pk=pk)})


def pledge_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "-date")
    try:
        pledges = selectors.list_pledges(filters=request.GET)
    except DomainError as error:
        return _bad_request(request, error)
    ordered = pledges.order_by(PLEDGE_SORTS.get(sort, "-announced_on"), "-id")
    context = {
        "pledges": ordered[:500],
        "shown_limit": 500,
        "totals_by_donor": _totals_by(pledges, "donor"),
        "totals_by_recipient": _totals_by(pledges, "recipient"),
        "filters": request.GET,
        "sort": sort,
        "sorts": PLEDGE_SORTS,
        "kinds": Pledge.Kind.choices,
    }
    return render(request, "web/pledges.html", context)


def _totals_by(pledges, side: str) -> list[dict]:
    from django.db.models import Sum

    return list(
        pledges.order_by()
        .values(f"{side}__code", f"{side}__name", "currency")
        .annotate(total=Sum("amount"))
        .order_by(f"{side}__name", "currency")
    )


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = selectors.get_country(code=code)
    given = summaries.pledge_totals(pledges=country.pledges_given.all())
    received = summaries.pledge_totals(pledges=country.pledges_received.all())
    context = {
        "country": country,
        "partners": summaries.partners_by_meetings(country=country),
        "given": given,
        "given_eur": summaries.eur_sum(given),
        "received": received,
        "received_eur": summaries.eur_sum(received),
        "rates_source": RATES_SOURCE,
        "posts": summaries.officials_of(country=country),
        "latest": selectors.list_timeline(filters={"country": country.code}, limit=10).entries,
        "bars": charts.monthly_bars(summaries.events_per_month(filters={"country": country.code})),
        "chart": charts,
    }
    return render(request, "web/country.html", context)


def country_list(request: HttpRequest) -> HttpResponse:
    countries, pairs = summaries.meeting_matrix()
    context = {
        "active": countries,
        "matrix": charts.matrix_rows(countries, pairs),
        "countries": selectors.list_countries(filters={"sovereign": "true"}),
    }
    return render(request, "web/countries.html", context)


def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_official(pk=pk)
    context = {
        "person": person,
        "meetings": selectors.list_meetings(filters={"official": str(person.pk)})[:100],
        "counterparts": summaries.counterparts(person=person),
    }
    return render(request, "web/official.html", context)


def official_list(request: HttpRequest) -> HttpResponse:
    try:
        officials = selectors.list_officials(filters=request.GET)
    except DomainError as error:
        return _bad_request(request, error)
    context = {"officials": officials[:500], "filters": request.GET, "roles": Role.choices}
    return render(request, "web/officials.html", context)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/article.html", {"article": selectors.get_article(pk=pk)})


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    context = {"query": query, "results": summaries.search(query=query)}
    return render(request, "web/search.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
