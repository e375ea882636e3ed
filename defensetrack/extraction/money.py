"""Amounts of money as written -> Money(Decimal, ISO 4217 code, text)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.types import Money

DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
# "1,000,000", "1.25", and the continental decimal comma "1,5" (one and a half)
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+[.,]\d+|\d+"
HALF_A = r"half a|a half|a quarter of a|a"
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))


@dataclass(frozen=True)
class MoneyMention:
    start: int
    end: int
    money: Money
    in_parentheses_after_money: bool = False


@cache
def _currency_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """prefix -> code, word -> code, code -> home country."""
    data = load_json("currencies.json")
    prefixes, words, home = {}, {}, {}
    for code, entry in data.items():
        if code.startswith("_"):
            continue
        for p in entry["prefixes"]:
            prefixes[p] = code
        for w in entry["words"]:
            words[w] = code
        home[code] = entry.get("country", "")
    return prefixes, words, home


@cache
def _multipliers() -> dict[str, int]:
    return {k: v for k, v in load_json("multipliers.json").items() if not k.startswith("_")}


def _alternation(options) -> str:
    return "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    prefixes, words, _ = _currency_tables()
    multipliers = _alternation(_multipliers())
    symbolic = [p for p in prefixes if not p.isalpha()]
    coded = [p for p in prefixes if p.isalpha()]
    prefix = (
        rf"(?:(?P<sym>{_alternation(symbolic)})\s?|(?<![A-Za-z])(?P<code>{_alternation(coded)})\s?)"
    )
    amount = rf"(?P<num>{NUMBER}|{HALF_A})(?:[\s-]?(?P<mult>{multipliers}))?(?![A-Za-z])"
    before = re.compile(rf"{prefix}{amount}")
    after = re.compile(
        rf"(?<![\w$€£¥])(?P<num>{NUMBER}|{HALF_A}|(?i:{WORDS})(?=\s(?:billion|million|trillion)))\s?(?:(?P<mult>{multipliers})\s)?"
        rf"(?:of\s)?(?P<word>{_alternation(words)}|kroner|krone|kronor|crowns)(?![A-Za-z])"
    )
    return before, after


@cache
def _currency_hint() -> re.Pattern[str]:
    prefixes, words, _ = _currency_tables()
    markers = set(prefixes) | set(words) | {"kroner", "krone", "kronor", "crowns"}
    return re.compile(_alternation(markers))


def currency_home(code: str) -> str:
    """The country whose own currency this is ("" for the euro): a donor hint."""
    return _currency_tables()[2].get(code, "")


def find_money(text: str, nearby_country: str = "") -> list[MoneyMention]:
    """Amounts in a sentence, in order. An amount in parentheses right after another one is
    a conversion of it and is flagged, not dropped, so callers can skip it."""
    found: list[MoneyMention] = []
    if not _currency_hint().search(text):
        return found  # no currency sign, code or word: no amount of money
    prefixes, words, _ = _currency_tables()
    before, after = _patterns()
    for m in before.finditer(text):
        if m.group("num") in ("a",) or (
            m.group("num").startswith(("half", "a ")) and not m.group("mult")
        ):
            continue
        code = prefixes[m.group("sym") or m.group("code")]
        _add(found, text, m, code)
    for m in after.finditer(text):
        if m.group("num") == "a" and not m.group("mult"):
            continue
        word = m.group("word")
        code = words.get(word) or _kroner_code(word, text[: m.start()], nearby_country)
        if code:
            _add(found, text, m, code)
    found.sort(key=lambda x: x.start)
    return [_flag_conversion(text, found, i) for i in range(len(found))]


def _add(found: list[MoneyMention], text: str, m: re.Match, code: str) -> None:
    if any(f.start < m.end() and m.start() < f.end for f in found):
        return
    value = _amount(m.group("num"), m.group("mult"))
    if value is None or value <= 0:
        return
    found.append(MoneyMention(m.start(), m.end(), Money(value, code, m.group(0).strip())))


def _amount(number: str, multiplier: str | None) -> Decimal | None:
    number = number.lower()
    if number in ("half a", "a half"):
        base = Decimal("0.5")
    elif number == "a quarter of a":
        base = Decimal("0.25")
    elif number == "a":
        base = Decimal(1)
    elif number in WORD_NUMBERS:
        base = Decimal(WORD_NUMBERS[number])
    else:
        if DECIMAL_COMMA.fullmatch(number):
            number = number.replace(",", ".")
        try:
            base = Decimal(number.replace(",", ""))
        except InvalidOperation:
            return None
    return base * _multipliers().get(multiplier or "", 1) if multiplier else base


def _kroner_code(word: str, before: str, nearby_country: str) -> str:
    """Bare 'kroner' is Norwegian or Danish: take the country hinted last before it."""
    if word == "kronor":
        return "SEK"
    window = before[-120:]
    hints = load_json("currencies.json")["_kroner_hints"]
    found = [(window.rfind(stem), code) for stem, code in hints.items() if stem in window]
    if found:
        return max(found)[1]
    by_country = {home: code for code, home in _currency_tables()[2].items() if home}
    return by_country.get(nearby_country, "")


PAREN_CONVERSION = re.compile(
    r"^\s*[(\[,]?\s*(?:or\s+|about\s+|around\s+|roughly\s+|approximately\s+|some\s+|nearly\s+|almost\s+|c\.\s*|~)*$"
)


def _flag_conversion(text: str, found: list[MoneyMention], i: int) -> MoneyMention:
    mention = found[i]
    if i == 0:
        return mention
    gap = text[found[i - 1].end : mention.start]
    if ("(" in gap and PAREN_CONVERSION.match(gap.replace("(", "", 1))) or gap.strip() in (
        "(",
        "/",
        "or",
    ):
        return MoneyMention(mention.start, mention.end, mention.money, True)
    return mention
