from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories
from tests.web.conftest import HOSTILE


def test_it_ranks_partners_by_meetings(client, db):
    factories.MeetingFactory(countries=["UA", "PL"])
    factories.MeetingFactory(countries=["UA", "PL"])
    factories.MeetingFactory(countries=["UA", "FR"])
    partners = client.get(reverse("web:country", args=["ua"])).context["partners"]
    assert [(p.code, p.meeting_count) for p in partners] == [("PL", 2), ("FR", 1)]


def test_it_counts_a_partner_once_per_meeting_and_skips_meetings_without_it(client, db):
    factories.MeetingFactory(countries=["UA", "PL", "FR"])
    factories.MeetingFactory(countries=["UA", "PL"])
    factories.MeetingFactory(countries=["PL", "FR"])  # Ukraine was not there
    factories.MeetingFactory(countries=["PL", "FR"])
    partners = client.get(reverse("web:country", args=["UA"])).context["partners"]
    assert [(p.code, p.meeting_count) for p in partners] == [("PL", 2), ("FR", 1)]


def test_it_shows_the_fifteen_most_met_partners_ties_by_name(client, db):
    once = ["AT", "BE", "BG", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HU", "IE", "IT"]
    for code in [*once, "LV", "PL", "PL"]:
        factories.MeetingFactory(countries=["UA", code])
    partners = client.get(reverse("web:country", args=["UA"])).context["partners"]
    names = sorted(factories.country(code).name for code in [*once, "LV"])
    assert [(p.name, p.meeting_count) for p in partners] == [
        ("Poland", 2),
        *[(name, 1) for name in names[:14]],
    ]


def test_it_sums_each_currency_over_the_years_on_each_side(client, db):
    no, pl, ua = factories.country("NO"), factories.country("PL"), factories.country("UA")
    factories.PledgeFactory(amount=Decimal("100"), currency="EUR", announced_on=date(2022, 5, 1))
    factories.PledgeFactory(
        donor=pl, amount=Decimal("50"), currency="EUR", announced_on=date(2024, 2, 1)
    )
    factories.PledgeFactory(amount=Decimal("30"), currency="NOK", announced_on=date(2024, 2, 1))
    factories.PledgeFactory(donor=ua, recipient=pl, amount=Decimal("7"), currency="EUR")
    factories.PledgeFactory(
        donor=ua, recipient=no, amount=Decimal("4"), currency="EUR", announced_on=None
    )
    factories.PledgeFactory(donor=no, recipient=pl, amount=Decimal("999"), currency="EUR")
    context = client.get(reverse("web:country", args=["UA"])).context
    assert [(t.currency, t.amount, t.count) for t in context["received"]] == [
        ("EUR", 150, 2),
        ("NOK", 30, 1),
    ]
    assert [(t.currency, t.amount, t.count) for t in context["given"]] == [("EUR", 11, 2)]


def test_its_chart_counts_its_meetings_and_the_pledges_on_either_side(client, db):
    ua, pl = factories.country("UA"), factories.country("PL")
    factories.MeetingFactory(date=date(2025, 1, 3), countries=["UA", "PL"])
    factories.MeetingFactory(date=date(2025, 1, 3), countries=["UA", "FR"])  # the same day
    factories.MeetingFactory(date=date(2025, 1, 31), countries=["UA", "FR", "PL"])
    factories.MeetingFactory(date=date(2025, 2, 1), countries=["UA", "FR"])
    factories.MeetingFactory(date=date(2025, 1, 15), countries=["PL", "FR"])  # not Ukraine's
    factories.PledgeFactory(announced_on=date(2025, 1, 9))  # received
    factories.PledgeFactory(donor=ua, recipient=pl, announced_on=date(2025, 1, 9))  # given
    factories.PledgeFactory(recipient=pl, announced_on=date(2025, 1, 30))  # not Ukraine's
    html = client.get(reverse("web:country", args=["UA"])).content.decode()
    assert "January 2025: 3 meeting(s), 2 pledge(s)" in html
    assert "February 2025: 1 meeting(s), 0 pledge(s)" in html


def test_it_totals_pledges_given_and_received_in_eur(client, db):
    factories.PledgeFactory(amount=Decimal("1053"), announced_on=date(2022, 5, 1))
    response = client.get(reverse("web:country", args=["UA"]))
    received = response.context["received"]
    assert received[0].eur == Decimal("1000.00") and response.context["given"] == []
    assert "1.0530 (2022) USD per EUR" in response.content.decode()


def test_it_splits_given_from_received_and_leaves_out_running_totals(client, db):
    pl, ua = factories.country("PL"), factories.country("UA")
    factories.PledgeFactory(donor=ua, recipient=pl, amount=Decimal("5"), currency="EUR")
    factories.PledgeFactory(donor=pl, recipient=ua, amount=Decimal("7"), currency="EUR")
    factories.PledgeFactory(donor=pl, recipient=ua, amount=Decimal("9"), kind="cumulative")
    context = client.get(reverse("web:country", args=["UA"])).context
    assert [(t.currency, t.amount, t.count) for t in context["given"]] == [("EUR", 5, 1)]
    assert [(t.currency, t.amount, t.count) for t in context["received"]] == [("EUR", 7, 1)]


def test_it_lists_officials_posts_and_latest_events_escaped(client, scene):
    html = client.get(reverse("web:country", args=["UA"])).content.decode()
    assert reverse("web:official", args=[scene["minister"].pk]) in html
    assert "6 Sep 2023" in html
    assert reverse("web:meeting", args=[scene["meeting"].pk]) in html
    assert HOSTILE not in html


def test_its_latest_events_and_chart_are_the_timelines_for_the_country(client, db):
    factories.MeetingFactory(date=date(2025, 3, 2), countries=["UA", "PL"], location="Rzeszow")
    factories.MeetingFactory(date=date(2025, 3, 9), countries=["PL", "FR"], location="Lille")
    factories.PledgeFactory(announced_on=date(2025, 2, 1), amount=Decimal("5"))
    factories.PledgeFactory(
        donor=factories.country("UA"), recipient=factories.country("PL"), amount=Decimal("6")
    )
    factories.PledgeFactory(recipient=factories.country("PL"), amount=Decimal("7"))
    country = client.get(reverse("web:country", args=["UA"])).context
    cache.clear()  # the two pages share the chart's cache key: count it again
    timeline = client.get(reverse("web:timeline"), {"country": "UA"}).context
    shown = [(e.type, e.record.pk) for _, entries in timeline["months"] for e in entries]
    assert [(e.type, e.record.pk) for e in country["latest"]] == shown
    assert len(shown) == 3 and country["chart"] == timeline["chart"]


def test_it_says_not_found_for_an_unknown_code(client, db):
    assert client.get(reverse("web:country", args=["XX"])).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_it_renders_country_in_fixed_queries(client, django_assert_num_queries, make_events, rows):
    make_events(rows)
    with django_assert_num_queries(13):
        client.get(reverse("web:country", args=["UA"]))


def test_it_reuses_its_counts_for_a_minute_and_says_so(client, django_assert_num_queries, db):
    factories.MeetingFactory(countries=["UA", "PL"])
    first = client.get(reverse("web:country", args=["UA"]))
    factories.MeetingFactory(countries=["UA", "PL"])
    # The partner ranking, pledge totals and chart come from the cache; the lists are live.
    with django_assert_num_queries(8):
        second = client.get(reverse("web:country", args=["UA"]))
    assert [p.meeting_count for p in second.context["partners"]] == [1]
    assert len(second.context["latest"]) == len(first.context["latest"]) + 1
    assert "counted at most 60 seconds ago" in second.content.decode()
