"""Names to rows: an official is found by full name, alias, close spelling or surname within the
same country, and created only when none of these fits."""

import pytest
from django.utils import timezone

from defensetrack.tracker.models import Country, Person
from defensetrack.tracker.services.resolve import find_person, resolve_countries, resolve_person
from tests.factories import PersonFactory, PostFactory


@pytest.fixture
def reznikov(db):
    post = PostFactory(person=PersonFactory(name="Oleksii Reznikov", aliases=["Oleksiy Reznikov"]))
    return post.person


def ua() -> Country:
    return Country.objects.get(code="UA")


@pytest.mark.parametrize(
    "name",
    ["Oleksii Reznikov", "oleksii  reznikov", "Oleksiy Reznikov", "Reznikov", "O. Reznikov"],
)
def test_it_finds_the_official_by_name_alias_or_surname(reznikov, name):
    assert find_person(name=name, country=ua()) == reznikov


def test_a_close_spelling_is_the_same_person(db):
    zelensky = PostFactory(person=PersonFactory(name="Volodymyr Zelensky")).person
    assert find_person(name="Volodymyr Zelenskyy", country=ua()) == zelensky


@pytest.mark.parametrize(
    ("name", "code"),
    [("Anna Reznikov", "UA"), ("Reznikov", "PL"), ("Rustem Umerov", "UA")],
)
def test_other_people_are_not_matched(reznikov, name, code):
    assert find_person(name=name, country=Country.objects.get(code=code)) is None


def test_it_creates_a_new_official_and_keeps_new_spellings(reznikov):
    created = resolve_person(name="Rustem Umerov", country=ua(), aliases=["Umerov"])
    assert (created.name, created.aliases) == ("Rustem Umerov", ["Umerov"])
    again = resolve_person(name="Reznikov", country=ua())
    assert again == reznikov and "Reznikov" in Person.objects.get(pk=reznikov.pk).aliases
    assert Person.objects.count() == 2


def test_a_verified_official_gets_no_new_aliases(reznikov):
    Person.objects.filter(pk=reznikov.pk).update(verified_at=timezone.now())
    assert resolve_person(name="Reznikov", country=ua()) == reznikov
    assert Person.objects.get(pk=reznikov.pk).aliases == ["Oleksiy Reznikov"]


def test_unknown_country_codes_are_left_out(db):
    assert set(resolve_countries(["ua", "NO", "XX", ""])) == {"UA", "NO"}
