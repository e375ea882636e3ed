"""The gazetteer: country names, demonyms and seats of government -> ISO alpha-2 codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.phrases import PhraseIndex

# pycountry names that are also ordinary words or given names in English news copy.
AMBIGUOUS_NAMES = frozenset(
    {"Chad", "Jordan", "Niger", "Guinea", "Jersey", "Georgia", "Turkey", "Man"}
)
# A seat of government after one of these is a place ("talks in Berlin"), not a government.
LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|from|to|into|via|around|visit(?:ed|ing)?|trip to|arrived in|"
    r"flew to|travelled to|traveled to|held in|based in)\s+(?:the\s+)?)$"
)


@dataclass(frozen=True)
class CountryMention:
    start: int
    end: int
    code: str
    kind: str  # name, demonym, seat, metonym
    surface: str


@cache
def _aliases() -> dict[str, tuple[str, str]]:
    """alias -> (code, kind), from our data file plus pycountry's names for the rest."""
    table: dict[str, tuple[str, str]] = {}
    data = load_json("countries.json")
    for code, entry in data.items():
        if code.startswith("_"):
            continue
        for kind, key in (("name", "names"), ("demonym", "demonyms"), ("seat", "seats")):
            for alias in entry.get(key, []):
                table[alias] = (code, kind)
        for alias in entry.get("metonyms", []):
            table[alias] = (code, "metonym")
    territories = set(data.get("_not_sovereign", ()))  # only sovereign states count
    for code, name in _pycountry_names():
        if code not in data and code not in territories and name not in AMBIGUOUS_NAMES:
            table.setdefault(name, (code, "name"))
    return table


def _pycountry_names() -> list[tuple[str, str]]:
    try:
        import pycountry
    except ImportError:
        return []
    names = []
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                names.append((country.alpha_2, name))
    return names


@cache
def _index() -> PhraseIndex:
    return PhraseIndex(_aliases())


def find_country_mentions(text: str) -> list[CountryMention]:
    """Every naming of a country in text, with seats of government read as the government
    only when no preposition of place precedes them."""
    table = _aliases()
    mentions = []
    for start, end, surface in _index().finditer(text):
        if start > 0 and text[start - 1] == ".":
            continue  # inside an abbreviation or a web address
        code, kind = table[surface]
        if kind == "seat" and LOCATIVE_BEFORE.search(text[max(0, start - 25) : start]):
            kind = "place"
        mentions.append(CountryMention(start, end, code, kind, surface))
    return mentions


def countries_named(mentions: list[CountryMention]) -> set[str]:
    """Codes the article names as a country, a people or a government."""
    return {m.code for m in mentions if m.kind != "place"}


@cache
def demonym_codes() -> dict[str, str]:
    """Lower-cased name or demonym -> code, for reading a title's country ("Danish colleague")."""
    return {alias.lower(): code for alias, (code, _kind) in _aliases().items()}


def is_demonym(word: str) -> bool:
    """ "Albanian", "Polish": a people's adjective, not a place."""
    entry = _aliases().get(word)
    return entry is not None and entry[1] == "demonym"
