"""Page latency: timeline (first, filtered, deep) and a country page over 100,000 meetings and
100,000 pledges in PostgreSQL, rendered through Django's test client (view + template + SQL).

Run: .venv/bin/python bench/bench_pages.py [--rows 100000] [--requests 30]
Needs PostgreSQL: BENCH_PAGES_DATABASE_URL, default a scratch database `defensetrack_bench_pages`
that is created, migrated and filled once (a fixed random seed; rerun reuses the rows). Prints a
markdown table of medians; the target is under 150 ms for each page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import scratch  # bench/scratch.py: this folder is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_PAGES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/defensetrack_bench_pages"
)
LIMIT_MS = 150.0
CODES = ["UA", "US", "GB", "DE", "FR", "PL", "NO", "SE", "FI", "DK", "NL", "JP", "PH", "CA", "LT"]


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="defensetrack.settings",
        DEFENSETRACK_ALLOW_INSECURE_KEY="1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=scratch.static_root(),
    )
    scratch.create_database_if_missing(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(rows: int) -> None:
    """Bulk-create `rows` meetings (two countries, a participant each) and `rows` pledges."""
    from defensetrack.tracker.models import Country, Meeting, Person, Pledge

    if Meeting.objects.count() >= rows:
        return
    rng = random.Random(7)
    countries = {c.code: c for c in Country.objects.filter(code__in=CODES)}
    people = Person.objects.bulk_create([Person(name=f"Official {n}") for n in range(300)])
    start = date(2010, 1, 1)
    days = (date(2025, 12, 31) - start).days
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(date=start + timedelta(days=rng.randrange(days)), date_precision="day")
            for _ in range(rows)
        ],
        batch_size=5000,
    )
    through = Meeting.countries.through
    sides, seats = [], []
    for meeting in meetings:
        a, b = rng.sample(CODES, 2)
        sides += [
            through(meeting=meeting, country=countries[a]),
            through(meeting=meeting, country=countries[b]),
        ]
        seats.append(Meeting.participants.through(meeting=meeting, person=rng.choice(people)))
    through.objects.bulk_create(sides, batch_size=10000)
    Meeting.participants.through.objects.bulk_create(seats, batch_size=10000)
    pledges = []
    for _ in range(rows):
        donor, recipient = rng.sample(CODES, 2)
        pledges.append(
            Pledge(
                donor=countries[donor],
                recipient=countries[recipient],
                amount=Decimal(rng.randrange(1, 5000)) * 10**6,
                currency=rng.choice(["USD", "EUR", "GBP", "NOK"]),
                announced_on=start + timedelta(days=rng.randrange(days)),
            )
        )
    Pledge.objects.bulk_create(pledges, batch_size=5000)
    scratch.vacuum_analyze()


def _deep_cursor(rows: int) -> str:
    from defensetrack.tracker.selectors import list_timeline

    page = list_timeline(filters={}, limit=rows)  # half-way down the 2 x rows entries
    return page.entries[-1].cursor


def _median_ms(client, url: str, requests: int, *, cold: bool) -> tuple[float, int]:
    """Median over `requests` after three warm-up requests. Cold: the cache of aggregates
    (charts, partner ranking, totals; kept AGGREGATE_TTL_SECONDS) is emptied before each request,
    as for the first visitor after new data or a new filter."""
    from django.core.cache import cache

    for _ in range(3):
        response = client.get(url)
    timings = []
    for _ in range(requests):
        if cold:
            cache.clear()
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        epilog="The database (BENCH_PAGES_DATABASE_URL) is filled once and reused by later runs.",
    )
    parser.add_argument("--rows", type=int, default=100_000, help="meetings, and as many pledges")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per figure")
    args = parser.parse_args()
    _setup_django()
    _fill(args.rows)
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    pages = {
        "timeline, first page": "/",
        "timeline, filtered (UA with PL, since 2015)": "/?country=UA&partner=PL&date_from=2015-01-01",
        "timeline, deep page (half-way)": f"/?cursor={_deep_cursor(args.rows)}",
        "country page (UA)": "/countries/UA/",
    }
    # Medians move by a third on this shared 2-core machine when something else runs: say how
    # busy it was, so figures from different sittings are not compared blindly.
    print(f"1-minute load average before: {os.getloadavg()[0]:.2f}\n")
    print(
        f"| page ({args.rows:,} meetings + {args.rows:,} pledges) | median ms, cache warm "
        "| median ms, cache cold | status |"
    )
    print("|---|---:|---:|---:|")
    slow = False
    for label, url in pages.items():
        warm, status = _median_ms(client, url, args.requests, cold=False)
        cold, _ = _median_ms(client, url, args.requests, cold=True)
        slow |= max(warm, cold) > LIMIT_MS or status != 200
        print(f"| {label} | {warm:.1f} | {cold:.1f} | {status} |")
    print(f"\nTarget: under {LIMIT_MS:.0f} ms median each, warm and cold: ", end="")
    print("MISSED" if slow else "met")
    print(f"1-minute load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
