"""The officials knowledge base: names without titles, terms of office, and life without it."""

from datetime import date

import pytest

from defensetrack.extraction import extract
from defensetrack.extraction import known as known_module
from defensetrack.extraction.knowledge import KnownOfficial

ROWS = (
    KnownOfficial("XA", "head_of_state", "Ada Quill", ("Quill",), date(2025, 1, 20), None),
    KnownOfficial("XB", "defence_minister", "Bo Stave", (), date(2020, 1, 1), date(2023, 6, 30)),
)


def _clear_caches() -> None:
    known_module.known_pattern.cache_clear()
    known_module.known_by_last_word.cache_clear()


@pytest.fixture
def knowledge(monkeypatch):
    """A two-person knowledge base instead of data/officials.tsv."""
    monkeypatch.setattr(known_module, "known_officials", lambda: ROWS)
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def no_knowledge(monkeypatch):
    monkeypatch.setattr(known_module, "known_officials", lambda: ())
    _clear_caches()
    yield
    _clear_caches()


def people(text: str, published: date) -> set[tuple[str, str, str]]:
    return {(o.name, o.country, o.role) for o in extract(text, published=published).officials}


def test_known_name_without_title_is_an_official(knowledge):
    found = people("Ada Quill thanked the partners.", date(2025, 3, 1))
    assert ("Ada Quill", "XA", "head_of_state") in found


def test_not_yet_in_office_is_not_an_official(knowledge):
    assert people("President Ada Quill thanked the partners.", date(2024, 12, 1)) == set()


def test_term_ended_before_publication(knowledge):
    text = "Defence Minister Bo Stave visited the factory."
    assert people(text, date(2024, 1, 1)) == set()
    assert ("Bo Stave", "XB", "defence_minister") in people(text, date(2022, 1, 1))


def test_a_new_post_not_in_the_knowledge_base_still_counts(knowledge):
    text = "Estonia's Foreign Minister Bo Stave visited Kyiv."
    assert ("Bo Stave", "EE", "foreign_minister") in people(text, date(2024, 1, 1))


def test_titles_work_without_the_knowledge_base(no_knowledge):
    text = (
        "Ukraine's Defence Minister Rustem Umerov met Poland's Foreign Minister Radosław Sikorski."
    )
    found = people(text, date(2024, 3, 1))
    assert ("Rustem Umerov", "UA", "defence_minister") in found
    assert ("Radosław Sikorski", "PL", "foreign_minister") in found
