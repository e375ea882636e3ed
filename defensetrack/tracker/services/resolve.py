"""Names in extracted facts -> rows: country codes to Country, officials' names to Person.

A person is matched by full name, by an alias, by a close spelling, or by surname among the
officials of the same country ("Reznikov" after "Oleksii Reznikov"); otherwise created. Callers
creating persons hold the people lock of the person's country (see locks.py), so two workers
never create the same official twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from rapidfuzz import fuzz

from defensetrack.tracker.models import Country, Person

# token_sort_ratio at or above this is the same name spelled differently (Zelensky / Zelenskyy).
SAME_NAME_SCORE = 90


def resolve_countries(codes: Iterable[str]) -> dict[str, Country]:
    """Country rows by code, in one query; unknown codes are simply absent from the result."""
    wanted = {code.upper() for code in codes if code}
    return {c.code: c for c in Country.objects.filter(code__in=wanted)}


def resolve_person(*, name: str, country: Country | None, aliases: Iterable[str] = ()) -> Person:
    """The Person for this name, created if none fits; new spellings are kept as aliases.

    The caller holds the people lock of `country` (and of the meeting's sides for a participant
    without one) when it may create a person.
    """
    name = " ".join(name.split())
    person = find_person(name=name, country=country, aliases=aliases)
    if person is None:
        person = Person(name=name, aliases=sorted(set(aliases) - {name}))
        person.save_without_historical_record()  # loading keeps no history; see facts.py
        return person
    remember_spellings(person, [name, *aliases])
    return person


def find_person(
    *, name: str, country: Country | None, aliases: Iterable[str] = ()
) -> Person | None:
    """The existing official this name refers to, or None."""
    exact = Person.objects.filter(name__iexact=name).order_by("id").first()
    if exact is not None:
        return exact
    forms = {_key(name), *(_key(a) for a in aliases)}
    candidates = _candidates(name, country)
    for person in candidates:
        if forms & {_key(person.name), *(_key(a) for a in person.aliases)}:
            return person
    for person in candidates:
        if fuzz.token_sort_ratio(_key(name), _key(person.name)) >= SAME_NAME_SCORE:
            return person
    if country is not None:
        return _same_surname(name, [p for p in candidates if p.in_country])
    return None


def _candidates(name: str, country: Country | None) -> list[Person]:
    """Officials of the same country, plus anyone whose name ends with this name's last word."""
    surname = name.split()[-1] if name.split() else name
    in_country = Q(posts__country=country) if country is not None else Q(pk__in=[])
    qs = Person.objects.filter(in_country | Q(name__iendswith=surname)).distinct().order_by("id")
    people = list(qs)
    member_ids = (
        set(Person.objects.filter(in_country).values_list("id", flat=True)) if country else set()
    )
    for person in people:
        person.in_country = person.pk in member_ids
    return people


def _same_surname(name: str, people: list[Person]) -> Person | None:
    """A one-word name, or a full name, whose surname is that of exactly one official."""
    words = name.split()
    if not words:
        return None
    surname = _key(words[-1])
    matches = [p for p in people if p.name.split() and _key(p.name.split()[-1]) == surname]
    if len(matches) != 1:
        return None
    # "Reznikov" fits "Oleksii Reznikov"; "Anna Reznikov" is someone else.
    given = [_key(w) for w in words[:-1]]
    theirs = [_key(w) for w in matches[0].name.split()[:-1]]
    if given and theirs and not _initials_agree(given, theirs):
        return None
    return matches[0]


def _initials_agree(given: list[str], theirs: list[str]) -> bool:
    return given[0][:1] == theirs[0][:1]


def remember_spellings(person: Person, names: Iterable[str]) -> None:
    """Keep new forms of the name as aliases (never on a person an admin verified)."""
    if person.is_verified:
        return
    known = {_key(person.name), *(_key(a) for a in person.aliases)}
    new = [n for n in dict.fromkeys(names) if n and _key(n) not in known]
    if new:
        person.aliases = sorted({*person.aliases, *new})
        person.save_without_historical_record(update_fields=["aliases", "updated"])


def _key(name: str) -> str:
    return " ".join(name.casefold().replace(".", " ").split())
