"""Pledges: donor, recipient, amount, new or cumulative, and what is not a pledge."""

from datetime import date
from decimal import Decimal

import pytest

from defensetrack.extraction import extract

PUBLISHED = date(2025, 3, 14)


def pledges(text: str) -> set[tuple[str, str, Decimal, str, str]]:
    return {
        (p.donor, p.recipient, p.money.amount, p.money.currency, p.kind)
        for p in extract(text, published=PUBLISHED).pledges
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Norway will allocate $7 billion to Ukraine in 2025 for joint projects.",
            ("NO", "UA", Decimal("7000000000"), "USD", "new"),
        ),
        (
            "Finland announced a new EUR 200m military aid package for Ukraine on Tuesday.",
            ("FI", "UA", Decimal("200000000"), "EUR", "new"),
        ),
        (
            "Sweden has provided SEK 50 billion in military support to Ukraine since 2022.",
            ("SE", "UA", Decimal("50000000000"), "SEK", "cumulative"),
        ),
        (
            "The EU will transfer €1.5 billion to Ukraine for weapons.",
            ("EU", "UA", Decimal("1500000000"), "EUR", "new"),
        ),
        (
            "Japan will provide ¥1.6 billion in radars to the Philippines.",
            ("JP", "PH", Decimal("1600000000"), "JPY", "new"),
        ),
        (
            "Britain will give Ukraine £300m for long-range drones.",
            ("GB", "UA", Decimal("300000000"), "GBP", "new"),
        ),
    ],
)
def test_pledges(text, expected):
    assert expected in pledges(text)


def test_conversion_in_parentheses_is_the_same_pledge():
    text = "Denmark will send Ukraine DKK 1 billion (about $145 million) in artillery."
    assert pledges(text) == {("DK", "UA", Decimal("1000000000"), "DKK", "new")}


def test_breakdown_is_not_a_separate_pledge():
    text = (
        "Germany will give Ukraine €3 billion in military aid this year. "
        "€500 million of it is earmarked for air defence."
    )
    assert pledges(text) == {("DE", "UA", Decimal("3000000000"), "EUR", "new")}


@pytest.mark.parametrize(
    "text",
    [
        "Poland signed a contract worth $6 billion for Korean tanks.",
        "Ukraine asked for $5 billion in air defence from its partners.",
        "Australia will spend A$368 billion on its own submarine programme.",
        "Canada is lending Ukraine C$1 billion to repair power plants.",
        "Partners committed more than €20 billion in total at the meeting.",
        "Denmark, Norway and Sweden jointly pay for a $500 million package for Ukraine.",
        "Ukraine's own drone budget is UAH 5bn this year.",
        "Lithuania will spend 0.25% of GDP on military aid to Ukraine.",
    ],
)
def test_not_pledges(text):
    assert pledges(text) == set()


def test_period_and_purpose():
    text = "Germany will provide €11 billion to Ukraine for air defence through 2029."
    pledge = extract(text, published=PUBLISHED).pledges[0]
    assert pledge.period == "2025-2029"
    assert "air defence" in pledge.purpose


def test_ukraine_in_passing_is_not_the_recipient():
    text = (
        "Japan will give coastal radars worth 600 million yen to the Philippines. "
        "The grant covers five radars. Russia's war in Ukraine has worried Manila."
    )
    assert {(p.donor, p.recipient) for p in extract(text, published=PUBLISHED).pledges} == {
        ("JP", "PH")
    }


@pytest.mark.parametrize(
    ("text", "donor"),
    [
        ("Brussels will transfer €1.4 billion to Ukraine for ammunition.", "EU"),
        ("At talks in Brussels, Norway pledged NOK 2 billion for Ukraine's air defence.", "NO"),
    ],
)
def test_brussels_is_the_eu_only_when_it_acts(text, donor):
    assert {p.donor for p in extract(text, published=PUBLISHED).pledges} == {donor}


def test_purpose_is_neither_the_recipient_nor_a_day():
    cases = {
        "Canada announced C$200 million in new military assistance for Ukraine.": (
            "new military assistance"
        ),
        "Norway pledged NOK 3 billion to Ukraine on Thursday.": "",
        "Denmark will give DKK 1 billion for Ukraine.": "",
        "Sweden will provide SEK 2 billion to Ukraine for artillery shells.": "artillery shells",
    }
    for text, purpose in cases.items():
        (pledge,) = extract(text, published=PUBLISHED).pledges
        assert pledge.purpose == purpose, text
