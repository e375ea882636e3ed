"""Dates: explicit, and relative to the publication date (a Friday here)."""

from datetime import date

import pytest

from defensetrack.extraction.dates import find_dates

PUBLISHED = date(2025, 7, 4)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They spoke on Thursday.", date(2025, 7, 3)),
        ("They spoke on Friday.", date(2025, 7, 4)),
        ("They spoke late on Monday.", date(2025, 6, 30)),
        ("They spoke today.", date(2025, 7, 4)),
        ("They spoke yesterday.", date(2025, 7, 3)),
        ("They met on June 25.", date(2025, 6, 25)),
        ("They met on 12 February 2024.", date(2024, 2, 12)),
        ("They met on December 29.", date(2024, 12, 29)),
        ("They met two days ago.", date(2025, 7, 2)),
    ],
)
def test_day_dates(text, expected):
    found = [d for d in find_dates(text, PUBLISHED) if d.value]
    assert found[0].value == expected
    assert found[0].precision == "day"


@pytest.mark.parametrize(
    "text", ["They met in November.", "They met earlier this month.", "They met last month."]
)
def test_vague_dates_give_no_day(text):
    found = find_dates(text, PUBLISHED)
    assert found
    assert all(d.value is None for d in found)


def test_next_week_day_is_future():
    assert find_dates("They will meet next Tuesday.", PUBLISHED)[0].future


def test_without_publication_date_relative_words_give_nothing():
    assert all(d.value is None for d in find_dates("They met yesterday.", None))
