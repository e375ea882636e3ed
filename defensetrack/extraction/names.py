"""Reading and comparing people's names: capitalised runs after or before a title, and a
folded form (case, accents, hyphens) for telling whether two mentions are one person."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from defensetrack.extraction.countries import demonym_codes

UNDECOMPOSED_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d"})


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "le", "la", "bin", "al", "ter", "del"}
)


NAME_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?|[A-Z]\.")


# Capitalised words that start no name: they end a name read after a title.
NOT_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "of",
        "for",
        "and",
        "but",
        "or",
        "to",
        "with",
        "by",
        "from",
        "as",
        "after",
        "before",
        "during",
        "while",
        "when",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "who",
        "which",
        "what",
        "where",
        "there",
        "here",
        "minister",
        "ministry",
        "president",
        "prime",
        "secretary",
        "defence",
        "defense",
        "foreign",
        "finance",
        "affairs",
        "state",
        "office",
        "government",
        "parliament",
        "council",
        "commission",
        "nato",
        "eu",
        "un",
        "g7",
        "g20",
        "chancellor",
        "premier",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "madam",
        "general",
        "admiral",
        "ambassador",
        "said",
        "says",
        "told",
        "also",
        "however",
        "meanwhile",
        "according",
        "earlier",
        "later",
        "last",
        "next",
        "new",
        "armed",
        "forces",
        "air",
        "force",
        "navy",
        "army",
        "group",
        "contact",
        "summit",
        "meeting",
        "talks",
        "call",
        "agreement",
        "pact",
        "deal",
        "package",
        "aid",
        "first",
        "second",
        "third",
        "let",
        "recall",
        "read",
        "photo",
        "video",
        "telegram",
        "x",
        "facebook",
    ]
)


PORTFOLIO_WORDS = frozenset(
    [
        "affairs",
        "industry",
        "industries",
        "business",
        "financial",
        "finance",
        "development",
        "energy",
        "digital",
        "interior",
        "justice",
        "health",
        "agriculture",
        "education",
        "culture",
        "transport",
        "environment",
        "infrastructure",
        "labour",
        "social",
        "strategic",
        "veterans",
        "european",
        "integration",
        "security",
        "policy",
        "communications",
        "technology",
        "science",
        "innovation",
        "climate",
        "growth",
        "employment",
        "family",
        "youth",
        "sport",
        "tourism",
        "housing",
        "regional",
        "local",
        "administration",
        "reintegration",
        "territories",
        "economy",
        "trade",
        "and",
        "of",
        "for",
        "the",
    ]
)


HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?\s+")


APPOSITION_GAP = re.compile(r"^,?\s*")


def read_name_after(
    text: str, pos: int, skip: frozenset = frozenset()
) -> tuple[int, int, str] | None:
    """The capitalised name that starts at pos (after spaces), if any; leading words in skip
    (the rest of a portfolio: "... Financial Affairs Morten Bødskov") are passed over."""
    gap = APPOSITION_GAP.match(text[pos:])
    pos += gap.end() if gap else 0
    while skip:
        word = NAME_TOKEN.match(text, pos)
        if not word or word.group(0).lower() not in skip:
            break
        pos = word.end() + 1
    honorific = HONORIFIC.match(text[pos:])
    if honorific:
        pos += honorific.end()
    tokens: list[re.Match] = []
    cursor = pos
    while len(tokens) < 5:
        m = NAME_TOKEN.match(text, cursor)
        if not m:
            break
        word = m.group(0)
        bare = word.rstrip(".")
        if bare.lower() in PARTICLES and tokens:
            pass
        elif not word[0].isupper() or bare.lower() in NOT_NAME or bare.lower() in demonym_codes():
            break
        tokens.append(m)
        if word.endswith(".") and len(bare) > 1:
            break  # a full stop after a word ends the sentence, not an initial
        space = re.match(r" (?=\S)", text[m.end() :])
        if not space:
            break
        cursor = m.end() + 1
    while tokens and tokens[-1].group(0).rstrip(".").lower() in PARTICLES:
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].start(), tokens[-1].end()
    name = text[start:end]
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
        name, end = name[:-1], end - 1
    name = re.sub(r"['’]s$", "", name)
    return start, start + len(name), name


def read_name_before(text: str, pos: int) -> tuple[int, int, str] | None:
    """The name that ends right before ", " at pos: "Rustem Umerov, head of the ministry"."""
    m = re.search(
        r"((?:[A-Z][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?\s){1,3}[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)*),\s*(?:the\s+|who\s+is\s+(?:also\s+)?(?:the\s+)?)?$",
        text[max(0, pos - 80) : pos],
    )
    if not m:
        return None
    name = m.group(1)
    words = name.split()
    while words and (
        words[0].rstrip(".").lower() in NOT_NAME or words[0].lower() in demonym_codes()
    ):
        words = words[1:]
    if len(words) < 2:
        return None
    name = " ".join(words)
    end = max(0, pos - 80) + m.end(1)
    return end - len(name), end, name


def same_person(a: str, b: str) -> bool:
    wa, wb = fold_name(a), fold_name(b)
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    return short == long_[: len(short)] or short == long_[-len(short) :]


@lru_cache(maxsize=8192)
def fold_name(name: str) -> tuple[str, ...]:
    """Lower case, no accents, hyphens split words: for comparing two forms of a name."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.translate(UNDECOMPOSED_LETTERS)
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return tuple(w for w in words if len(w) > 1 and w not in {"jr", "sr", "ii", "iii", "iv"})
