"""API latency: 100,000 meetings and 100,000 pledges in PostgreSQL, served by gunicorn.

Run: .venv/bin/python bench/bench_api.py [--rows 100000] [--requests 40] [--keep]
Needs PostgreSQL (BENCH_API_DATABASE_URL, default a scratch database `defensetrack_api_bench`
that is dropped and re-created). Rows are bulk-created with a fixed random seed, so two runs
measure the same data.

Each request is sent --requests times, one after another over one keep-alive connection, after
a few warm-up requests; the table gives the median and the 95th percentile. The same questions
also go to a plain DRF ModelViewSet defined below (page-number pagination, no select_related or
prefetch_related, the shipped serializers and FilterSets). It is mounted under /bench/plain/ by
this script's own WSGI app (`build_app()`), so both run in the same gunicorn with the same
settings. It is a yardstick, not shipped code.

The deep pages start halfway down: the timeline at entry N (of 2N) with a cursor made by the
timeline's own TimelineEntry.cursor, meetings at N/2 with a cursor made by the API's own
CursorPagination, against the plain view's `?page=` at the same depth (OFFSET and COUNT(*)).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import scratch  # bench/scratch.py: this folder is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_API_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/defensetrack_api_bench"
)
LIMIT_MS = 50.0
WARM_UP = 5
CODES = [
    "UA",
    "US",
    "GB",
    "DE",
    "FR",
    "PL",
    "NO",
    "SE",
    "FI",
    "DK",
    "NL",
    "BE",
    "IT",
    "ES",
    "CA",
    "LT",
    "LV",
    "EE",
    "CZ",
    "RO",
]
FIRST_DAY = date(2014, 1, 1)
DAYS = 4000


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEFENSETRACK_ALLOW_INSECURE_KEY": "1",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        # Throttling is real in production; here it would only measure the throttle.
        "API_ANON_RATE": "100000000/minute",
        "DJANGO_SETTINGS_MODULE": "defensetrack.settings",
        "STATIC_ROOT": scratch.static_root(),
    }


# The plain yardstick, served by gunicorn through build_app() ---------------------------------


def build_app():
    """gunicorn's app factory: the project's URLs plus the plain ModelViewSets under /bench/."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(_env())
    import django

    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    globals()["urlpatterns"] = _plain_urlpatterns()
    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()


def _plain_urlpatterns() -> list:
    from django.urls import include, path
    from django_filters.rest_framework import DjangoFilterBackend
    from rest_framework import pagination, routers, viewsets
    from rest_framework.filters import OrderingFilter

    from defensetrack.api import serializers
    from defensetrack.tracker import filters
    from defensetrack.tracker.models import Meeting, Pledge

    class Pages(pagination.PageNumberPagination):
        page_size = 50

    class PlainMeetings(viewsets.ModelViewSet):
        queryset = Meeting.objects.order_by("-date", "-id")
        serializer_class = serializers.MeetingSerializer
        pagination_class = Pages
        filter_backends = [DjangoFilterBackend, OrderingFilter]
        filterset_class = filters.MeetingFilter
        ordering_fields = ["id", "date"]

    class PlainPledges(PlainMeetings):
        queryset = Pledge.objects.order_by("-announced_on", "-id")
        serializer_class = serializers.PledgeSerializer
        filterset_class = filters.PledgeFilter
        ordering_fields = ["id", "amount", "announced_on"]

    router = routers.SimpleRouter()
    router.register("meetings", PlainMeetings, basename="plain-meeting")
    router.register("pledges", PlainPledges, basename="plain-pledge")
    return [path("bench/plain/", include(router.urls)), path("", include("defensetrack.urls"))]


# The scratch database ----------------------------------------------------------------------


def _recreate_database() -> None:
    scratch.recreate_database(DATABASE_URL, _env())


def _some_day(rng: random.Random) -> date | None:
    # A few undated rows, as extraction leaves them; the timeline puts them last.
    return None if rng.random() < 0.03 else FIRST_DAY + timedelta(days=rng.randrange(DAYS))


def _fill(rows: int) -> None:
    """Bulk-create `rows` meetings (two sides, one participant each) and `rows` pledges."""

    from defensetrack.tracker.models import Country, Meeting, Person, Pledge

    rng = random.Random(20251125)
    countries = list(Country.objects.filter(code__in=CODES))
    ukraine = next(c for c in countries if c.code == "UA")
    people = Person.objects.bulk_create(Person(name=f"Official {n}") for n in range(2000))
    kinds, locations = list(Meeting.Kind.values), ["Brussels", "Kyiv", "Ramstein", "Oslo", ""]
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                date=_some_day(rng),
                date_precision="day",
                kind=rng.choice(kinds),
                location=rng.choice(locations),
            )
            for _ in range(rows)
        ),
        batch_size=5000,
    )
    sides, attendees = Meeting.countries.through, Meeting.participants.through
    side_rows, attendee_rows = [], []
    for meeting in meetings:
        first = ukraine if rng.random() < 0.3 else rng.choice(countries)
        second = rng.choice([c for c in countries if c != first])
        side_rows += [
            sides(meeting_id=meeting.pk, country_id=first.pk),
            sides(meeting_id=meeting.pk, country_id=second.pk),
        ]
        attendee_rows.append(attendees(meeting_id=meeting.pk, person_id=rng.choice(people).pk))
    sides.objects.bulk_create(side_rows, batch_size=10000)
    attendees.objects.bulk_create(attendee_rows, batch_size=10000)
    Pledge.objects.bulk_create((_pledge(rng, countries) for _ in range(rows)), batch_size=5000)
    scratch.vacuum_analyze()


def _pledge(rng: random.Random, countries: list):
    from defensetrack.tracker.models import Pledge

    donor, recipient = rng.sample(countries, 2)
    amount = Decimal(rng.randrange(1, 10_000)) * Decimal(10) ** rng.randrange(4, 9)
    return Pledge(
        donor=donor,
        recipient=recipient,
        amount=amount,
        currency=rng.choice(["USD", "EUR", "GBP", "NOK"]),
        amount_text="as written",
        kind=rng.choice(list(Pledge.Kind.values)),
        announced_on=_some_day(rng),
    )


# Deep cursors, made by the server's own code ------------------------------------------------


def _timeline_cursor_at(depth: int) -> str:
    """A cursor about `depth` entries down the timeline (meetings and pledges, newest first).

    Meetings and pledges have the same spread of dates, so the meeting depth/2 down is preceded by
    about as many pledges.
    """
    from defensetrack.tracker.models import Meeting
    from defensetrack.tracker.selectors import TimelineEntry

    meeting = Meeting.objects.filter(date__isnull=False).order_by("-date", "-id")[depth // 2]
    return TimelineEntry("meeting", meeting.date, meeting).cursor


def _meetings_cursor_at(depth: int) -> str:
    from rest_framework.pagination import Cursor

    from defensetrack.api.pagination import NewestFirstCursor
    from defensetrack.tracker.models import Meeting

    position = Meeting.objects.order_by("-id").values_list("id", flat=True)[depth]
    pager = NewestFirstCursor()
    pager.base_url = "http://bench/api/v1/meetings/"
    pager.cursor_query_param = "cursor"
    url = pager.encode_cursor(Cursor(offset=0, reverse=False, position=str(position)))
    return url.split("cursor=", 1)[1]


# Serving and timing -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "--pythonpath", str(ROOT / "bench")]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"]
    command += ["bench_api:build_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=_env())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(http.client.HTTPConnection("127.0.0.1", port), "/api/v1/countries/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    return response.status, response.read()


def _latencies(port: int, path: str, count: int) -> list[float]:
    """Milliseconds per request, over one keep-alive connection, after a warm-up."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    for n in range(WARM_UP + count):
        started = time.perf_counter()
        status, body = _get(connection, path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:300]!r}")
        if n >= WARM_UP:
            timings.append(elapsed)
    connection.close()
    return timings


def _questions(rows: int) -> list[tuple[str, str, str]]:
    """(what, our request, the plain ModelViewSet's request for the same answer)."""
    deep = rows  # halfway down the 2 * rows timeline entries
    plain_page = rows // 2 // 50  # halfway down the meetings, 50 a page
    filtered = "country=UA&date_from=2020-01-01&kind=call"
    pledges = "donor=DE&currency=EUR&amount_min=1000000&ordering=-amount"
    return [
        ("timeline, first page", "/api/v1/timeline/", "/bench/plain/meetings/?ordering=-date"),
        (
            "meetings filtered (country, date, kind)",
            f"/api/v1/meetings/?{filtered}",
            f"/bench/plain/meetings/?{filtered}",
        ),
        (
            "pledges filtered (donor, currency, amount), by amount",
            f"/api/v1/pledges/?{pledges}",
            f"/bench/plain/pledges/?{pledges}",
        ),
        (
            f"timeline, deep cursor page (~{deep:,} entries down)",
            f"/api/v1/timeline/?cursor={_timeline_cursor_at(deep)}",
            f"/bench/plain/meetings/?ordering=-date&page={plain_page}",
        ),
        (
            f"meetings, deep cursor page ({rows // 2:,} rows down)",
            f"/api/v1/meetings/?cursor={_meetings_cursor_at(rows // 2)}",
            f"/bench/plain/meetings/?ordering=-id&page={plain_page}",
        ),
    ]


def _report(results: list[tuple[str, list[float], list[float]]], args) -> bool:
    print(f"{args.rows:,} meetings + {args.rows:,} pledges, PostgreSQL, gunicorn --workers ")
    print(f"{args.workers} (sync); {args.requests} sequential requests each after {WARM_UP} ")
    print("warm-up, one keep-alive connection; 50 rows a page.\n")
    print("| request | API median ms | API p95 ms | plain ModelViewSet median ms | plain / API |")
    print("|---|---:|---:|---:|---:|")
    ok = True
    for what, ours, plain in results:
        median, baseline = statistics.median(ours), statistics.median(plain)
        p95 = statistics.quantiles(ours, n=20)[-1]
        ok &= median < LIMIT_MS
        print(f"| {what} | {median:.1f} | {p95:.1f} | {baseline:.1f} | {baseline / median:.1f}x |")
    print(f"\nEvery API median under {LIMIT_MS:.0f} ms: {'yes' if ok else 'NO'}")
    # Latency on a shared machine follows its load; print it so two runs can be compared.
    print(f"Load average after the run (1, 5, 15 min): {os.getloadavg()}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument("--reuse", action="store_true", help="Use the kept database as it is.")
    args = parser.parse_args()

    os.environ.update(_env())
    sys.path.insert(0, str(ROOT))
    if not args.reuse:
        _recreate_database()
    import django

    django.setup()
    if not args.reuse:
        started = time.perf_counter()
        _fill(args.rows)
        print(f"(bulk-created in {time.perf_counter() - started:.0f} s)\n", flush=True)
    questions = _questions(args.rows)
    from django.db import connection

    connection.close()
    port = _free_port()
    server = _start_gunicorn(port, args.workers)
    try:
        results = [
            (what, _latencies(port, ours, args.requests), _latencies(port, plain, args.requests))
            for what, ours, plain in questions
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    ok = _report(results, args)
    if not args.keep:
        scratch.drop_database(DATABASE_URL)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
