from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.web.conftest import HOSTILE

URL = reverse("web:pledges")


def test_it_sorts_by_a_whitelisted_column(client, db):
    small = factories.PledgeFactory(amount=Decimal("5"))
    big = factories.PledgeFactory(amount=Decimal("900"))
    response = client.get(URL, {"sort": "-amount"})
    assert list(response.context["page"]) == [big, small]
    assert "sorted by amount, largest first" in response.content.decode()
    pledges = list(client.get(URL, {"sort": "amount"}).context["page"])
    assert pledges == [small, big]


def test_it_rejects_an_unknown_sort(client, db):
    response = client.get(URL, {"sort": "amount; drop table"})
    assert response.status_code == 400
    assert "Sort by one of" in response.content.decode()


def test_it_filters_by_donor_and_currency(client, db):
    factories.PledgeFactory(donor=factories.country("DE"), currency="EUR")
    norway = factories.PledgeFactory()
    assert list(client.get(URL, {"donor": "no"}).context["page"]) == [norway]
    assert list(client.get(URL, {"currency": "usd"}).context["page"]) == [norway]


def test_it_totals_by_donor_per_currency_with_eur_and_the_rate_used(client, db):
    factories.PledgeFactory(amount=Decimal("1082.40"), announced_on=date(2024, 3, 1))
    factories.PledgeFactory(amount=Decimal("1082.40"), announced_on=date(2024, 4, 1))
    factories.PledgeFactory(amount=Decimal("9999"), kind="cumulative")  # a running total: not added
    response = client.get(URL)
    code, _name, totals = response.context["by_donor"][0]
    assert (code, totals[0].amount, totals[0].eur) == ("NO", Decimal("2164.80"), Decimal("2000.00"))
    html = response.content.decode()
    assert "1.0824 (2024) USD per EUR" in html
    assert "European Central Bank" in html


def test_it_shows_pledge_detail_with_sources_escaped(client, scene):
    html = client.get(reverse("web:pledge", args=[scene["pledge"].pk])).content.decode()
    assert "Norway pledged $7 billion." in html
    assert "used for 2025" in html  # no 2025 rate in the table: the nearest year is named
    assert HOSTILE not in html


def test_it_answers_a_bad_amount_filter_with_a_message(client, db):
    response = client.get(URL, {"date_from": "soon"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("verified=perhaps", "verified", "Enter true or false."),
        ("kind=loan", "kind", "Select a valid choice."),
    ],
)
def test_it_names_a_filter_value_it_cannot_read(client, db, query, name, message):
    response = client.get(f"{URL}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert f"<strong>{name}</strong>: {message}" in html


@pytest.mark.parametrize("rows", [3, 30])
def test_it_renders_pledges_in_fixed_queries(client, django_assert_num_queries, make_events, rows):
    make_events(rows)
    with django_assert_num_queries(5):
        client.get(URL, {"sort": "-amount"})
