"""The gazetteer: names, demonyms, governments by their seat, and what does not count."""

import pytest

from defensetrack.extraction import extract


def countries(text: str) -> set[str]:
    return set(extract(text).countries)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("France will train Ukrainian pilots.", {"FR", "UA"}),
        ("The Dutch government approved the plan.", {"NL"}),
        ("Russian-made drones hit the port.", {"RU"}),
        ("The Czech-led initiative found more shells.", {"CZ"}),
        ("Kyiv welcomed the decision.", {"UA"}),
        ("The Kremlin rejected the offer.", {"RU"}),
        ("The Pentagon confirmed the delivery.", {"US"}),
        ("Beijing protested against the deal.", {"CN"}),
        ("Washington and Seoul signed the accord.", {"US", "KR"}),
        ("The U.S. and the UK coordinated.", {"US", "GB"}),
        ("Türkiye offered to mediate.", {"TR"}),
        ("Ministers met at the Ramstein air base.", set()),
        ("Officials gathered in Brussels.", set()),
        ("The talks took place in Vilnius.", set()),
        ("NATO and the EU agreed.", set()),
        ("The summit was held in Canada.", {"CA"}),
        ("Only Antarctica is missing from the coalition.", set()),
    ],
)
def test_countries_named(text, expected):
    assert countries(text) == expected


def test_read_also_headlines_do_not_name_countries():
    text = (
        "Poland delivered more shells to Ukraine.\n"
        "Lithuania prepares a new package - Anušauskas02.05.23, 12:00 • 900 views\n"
        "The shells arrived on time."
    )
    assert countries(text) == {"PL", "UA"}


def test_codes_are_sorted():
    facts = extract("Ukraine thanked Sweden, Norway and Denmark.")
    assert list(facts.countries) == sorted(facts.countries)
