"""Amounts of money in every form the news writes them."""

from decimal import Decimal

import pytest

from defensetrack.extraction.money import find_money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$7 billion", "7000000000", "USD"),
        ("EUR 1.2bn", "1200000000", "EUR"),
        ("€500 million", "500000000", "EUR"),
        ("1.5 billion euros", "1500000000", "EUR"),
        ("NOK 2.7 billion", "2700000000", "NOK"),
        ("£300m", "300000000", "GBP"),
        ("half a billion dollars", "500000000", "USD"),
        ("$400 mln", "400000000", "USD"),
        ("C$2bn", "2000000000", "CAD"),
        ("A$250 million", "250000000", "AUD"),
        ("¥1.6 billion", "1600000000", "JPY"),
        ("600 million yen", "600000000", "JPY"),
        ("UAH 5bn", "5000000000", "UAH"),
        ("PLN 7bn", "7000000000", "PLN"),
        ("9 trillion won", "9000000000000", "KRW"),
        ("SEK 16 billion", "16000000000", "SEK"),
        ("DKK 580 million", "580000000", "DKK"),
        ("CAD 20 million", "20000000", "CAD"),
        ("US$1.25 billion", "1250000000", "USD"),
        ("three billion Danish kroner", "3000000000", "DKK"),
        ("$1,300,000", "1300000", "USD"),
        ("$1.25-billion", "1250000000", "USD"),
        ("EUR 1,5 billion", "1500000000", "EUR"),
        ("Rs 500 crore", "5000000000", "INR"),
        ("12 billion hryvnias", "12000000000", "UAH"),
        ("2 billion Swedish kronor", "2000000000", "SEK"),
    ],
)
def test_amount_and_currency(text, amount, currency):
    found = find_money(f"They pledged {text} on Monday.")
    assert len(found) == 1
    money = found[0].money
    assert money.amount == Decimal(amount)
    assert isinstance(money.amount, Decimal)
    assert money.currency == currency
    assert money.text == text


def test_conversion_in_parentheses_is_flagged():
    found = find_money("a package of DKK 6.7 billion (about $970 million) for air defence")
    assert [m.money.currency for m in found] == ["DKK", "USD"]
    assert [m.in_parentheses_after_money for m in found] == [False, True]


@pytest.mark.parametrize("text", ["1,000 drones", "in 2025", "4.7% of GDP", "180 tanks"])
def test_numbers_without_currency_are_not_money(text):
    assert find_money(text) == []


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Norway will give 2 billion kroner to Ukraine.", "NOK"),
        ("Denmark adds 500 million kroner for shells.", "DKK"),
        ("Sweden pledged 3 billion kronor.", "SEK"),
    ],
)
def test_bare_kroner_take_the_country_named_before(text, currency):
    assert [m.money.currency for m in find_money(text)] == [currency]
