"""Officials: names next to titles (or known from officials.tsv) -> name, country, role.

A person counts when a title of head of state, head of government or minister is attached
to their name, or when the knowledge base says they hold such a post on the publication date.
Later mentions by surname (or by family name, for names written family name first) are tied
back to the full name so that meetings can see who took part.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from defensetrack.extraction.clean import Sentence
from defensetrack.extraction.countries import CountryMention, demonym_codes
from defensetrack.extraction.knowledge import KnownOfficial, known_officials, load_json
from defensetrack.extraction.phrases import PhraseIndex

UNDECOMPOSED_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d"})
ROLE_RANK = {
    "defence_minister": 0,
    "foreign_minister": 0,
    "finance_minister": 0,
    "head_of_state": 1,
    "head_of_government": 1,
    "other_minister": 2,
    "deputy_minister": 3,
}
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
FAMILY_NAME_FIRST = frozenset({"KR", "KP", "CN", "VN", "TW"})
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
POSSESSIVE_AFTER = re.compile(r"['’]s\b")  # "the prime minister's residence"
AND_GAP = re.compile(r"\s*,?\s*and\s+")
OF_OR_FOR = re.compile(r"\b(?:of|for)\b", re.I)
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
OPEN_WORDS = frozenset({"the", "and", "by", "with", "said", "as", "former"})
BODIES = frozenset({"Commission", "Council", "NATO", "EU", "Parliament"})
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?\s+")
APPOSITION_GAP = re.compile(r"^,?\s*")
COUNTRY_TO_TITLE_GAP = re.compile(
    r"^(?:['’]s)?\s+(?:(?:own|new|newly appointed|current|then|long-serving|recently appointed|"
    r"acting|interim)\s+)?$",
    re.I,
)
OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w-]+(?:\s[A-Z][\w-]+)?(?=\s+[A-Z])")
COUNTERPART = re.compile(
    r"\b(?:his|her|their)\s+(?:(?P<adj>[A-Z][^\W\d_]+(?:[-\s][A-Z][^\W\d_]+)?)\s+)?"
    r"(?:counterpart|colleague|opposite number)s?(?:\s+from\s+(?P<from>[A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?))?,?\s+",
)


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    role: str
    country: str  # implied by the title itself ("Secretary of Defense": US), or ""
    civil_service_in: tuple[str, ...]  # countries where this title is not a minister
    text: str
    generic: bool = False


@dataclass
class Official:
    """An official being assembled; frozen into OfficialFact by the pipeline."""

    name: str
    country: str
    role: str
    title: str
    sentence: Sentence
    confidence: float
    aliases: set[str] = field(default_factory=set)
    guessed: bool = False  # country read from the sentence, not from the title or the KB
    votes: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class PersonMention:
    start: int
    end: int
    official: int  # index into the officials list


@dataclass(frozen=True)
class TitleOnlyMention:
    """ "the Dutch defence minister": no official, but a country that can be a meeting side."""

    start: int
    end: int
    country: str


TITLE_WORDS = (
    "minister",
    "president",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "leader",
    "head of",
    "pentagon",
    "taoiseach",
    "emir",
    "emperor",
)


@cache
def _title_table() -> tuple[
    re.Pattern[str], tuple[dict, ...], tuple[tuple[re.Pattern[str], dict], ...]
]:
    """One combined pattern for the specific titles (alternatives in priority order, so the
    leftmost, most specific wins) and the generic "X minister" patterns for what is left."""
    data = load_json("titles.json")
    specific = [e for e in data["titles"] if not e.get("generic")]
    # Matched against lower-cased text without re.I, which is much faster in Python's re.
    combined = re.compile(
        "|".join(
            rf"(?P<t{i}>\b(?:{e['pattern'].replace('[A-Z]', '[a-z]')})\b)"
            for i, e in enumerate(specific)
        )
    )
    # Generic titles run case-insensitively, but "[A-Z]" in them must stay a capital letter.
    generic = tuple(
        (re.compile(rf"\b(?:{e['pattern'].replace('[A-Z]', '(?-i:[A-Z])')})\b", re.I), e)
        for e in data["titles"]
        if e.get("generic")
    )
    return combined, tuple(specific), generic


@cache
def _disqualifiers() -> tuple[re.Pattern[str], tuple[str, ...]]:
    data = load_json("titles.json")
    words = sorted(data["disqualifiers_before"], key=len, reverse=True)
    before = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")[\s-]*$", re.I)
    return before, tuple(s.lower() for s in data["disqualifiers_after"])


def find_titles(text: str) -> list[Title]:
    """Titles in a sentence, most specific first; generic "X minister" only where nothing
    more specific matched."""
    lowered = text.lower()
    windows = _title_windows(lowered)
    if not windows:
        return []
    if len(lowered) != len(text):  # a letter whose lower case is longer: keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    combined, specific, generic = _title_table()
    titles = []
    taken_until = 0
    # Try the title pattern only where a title's first word starts: far fewer positions.
    for start, end in windows:
        for first in TITLE_START.finditer(lowered, start, end):
            if first.start() < taken_until:
                continue
            m = combined.match(lowered, first.start(), end)
            if m:
                titles.append(_title(m, specific[int(m.lastgroup[1:])], text))
                taken_until = m.end()
    for pattern, entry in generic:
        for m in pattern.finditer(text):
            if any(t.start < m.end() and m.start() < t.end for t in titles):
                continue
            if _plausible_generic(m.group(0)):
                titles.append(_title(m, entry, text))
    titles.sort(key=lambda t: t.start)
    return titles


# Every specific title in titles.json starts with one of these words.
TITLE_START = re.compile(
    r"\b(?:deputy|first|vice|state|secretary|defen[cs]e|war|minister|armed|national|head|pentagon|"
    r"foreign|external|chancellor|treasury|finance|prime|premier|taoiseach|president|king|queen|"
    r"emperor|emir|crown|supreme|leader)"
)


def _title_windows(lowered: str) -> list[tuple[int, int]]:
    """Stretches of text around title words: the title regex only needs to look there."""
    spans = []
    for word in TITLE_WORDS:
        at = lowered.find(word)
        while at != -1:
            spans.append((max(0, at - 70), min(len(lowered), at + len(word) + 50)))
            at = lowered.find(word, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _title(m: re.Match, entry: dict, text: str) -> Title:
    return Title(
        m.start(),
        m.end(),
        entry["role"],
        entry.get("country", ""),
        tuple(entry.get("not_official_in", ())),
        text[m.start() : m.end()],
        bool(entry.get("generic")),
    )


def _plausible_generic(title: str) -> bool:
    first = title.split()[0].lower()
    if first in demonym_codes() or first in {
        "prime",
        "deputy",
        "the",
        "a",
        "his",
        "her",
        "former",
        "chief",
        "cabinet",
    }:
        return False
    return not (title.lower().startswith("minister") and len(title.split()) == 1)


def _disqualified(text: str, title: Title, mentions: list[CountryMention], offset: int) -> bool:
    before_re, after = _disqualifiers()
    before = text[max(0, title.start - 30) : title.start]
    if before_re.search(before):
        return True
    tail = text[title.end : title.end + 20].lower()
    if any(tail.startswith(s) for s in after):
        return True
    # "Hanwha President Kim", "Commission President": a capitalised word that is not a
    # country right before the title names a company or a body.
    prev = re.search(r"([A-Z][\w&.-]*)\s+$", before)
    if prev and _names_a_body(prev, title, mentions, offset):
        return True
    # "President of Hanwha Aerospace": a title of a company or a body.
    of = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w-]*)", text[title.end : title.end + 40])
    return bool(of and of.group(1).lower() not in demonym_codes() and title.role == "head_of_state")


def _names_a_body(
    prev: re.Match, title: Title, mentions: list[CountryMention], offset: int
) -> bool:
    word = prev.group(1)
    word_start = offset + title.start - len(prev.group(0))
    if any(m.start <= word_start < m.end for m in mentions) or word.lower() in OPEN_WORDS:
        return False
    return word.lower() not in NOT_NAME or word in BODIES


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


def _country_before(text: str, pos: int, mentions: list[CountryMention], offset: int) -> str:
    """The country named just before a title: "Poland's", "German", "US"."""
    for mention in reversed(mentions):
        local_end = mention.end - offset
        if local_end > pos:
            continue
        if pos - local_end > 40:
            break
        if COUNTRY_TO_TITLE_GAP.match(text[local_end:pos]):
            return mention.code
        break
    return ""


def _country_after(text: str, end: int) -> str:
    """ "Minister of Defence of Spain": the country after the title."""
    m = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)", text[end : end + 40])
    if not m:
        return ""
    codes = demonym_codes()
    for candidate in (m.group(1), m.group(1).split()[0]):
        if candidate.lower() in codes:
            return codes[candidate.lower()]
    return ""


def _country_of_adjective(adj: str | None) -> str:
    if not adj:
        return ""
    codes = demonym_codes()
    return codes.get(adj.lower()) or codes.get(adj.split()[-1].lower(), "")


@cache
def _known_pattern() -> tuple[PhraseIndex | None, dict[str, list[KnownOfficial]]]:
    by_form: dict[str, list[KnownOfficial]] = {}
    for official in known_officials():
        for form in (official.name, *official.aliases):
            if len(form) >= 4:
                by_form.setdefault(form, []).append(official)
    if not by_form:
        return None, {}
    return PhraseIndex(by_form), by_form


def known_in_office(name: str, on: date | None) -> tuple[bool, KnownOfficial | None]:
    """(is this a known person, their post on that date or None)."""
    _, by_form = _known_pattern()
    rows = by_form.get(name, [])
    if not rows:
        last = name.split()[-1] if name.split() else ""
        rows = [r for r in by_form.get(last, []) if r.name.split()[-1] == last]
        rows += [r for form, rs in by_form.items() if form == name for r in rs]
        if not rows:
            rows = [
                r
                for r in _known_by_last_word().get(_last_word(name), ())
                if _same_person(r.name, name)
            ]
    if not rows:
        return False, None
    current = [r for r in rows if r.in_office(on)]
    current.sort(key=lambda r: ROLE_RANK.get(r.role, 9))
    return True, (current[0] if current else None)


@cache
def _known_by_last_word() -> dict[str, tuple[KnownOfficial, ...]]:
    """Known officials indexed by the folded last word of every form of their name."""
    index: dict[str, list[KnownOfficial]] = {}
    for row in known_officials():
        for form in (row.name, *row.aliases):
            index.setdefault(_last_word(form), []).append(row)
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def _last_word(name: str) -> str:
    words = fold_name(name)
    return words[-1] if words else ""


def _known_roles(name: str) -> set[str]:
    """Every post the knowledge base lists for this person, in any period."""
    return {
        row.role
        for row in _known_by_last_word().get(_last_word(name), ())
        if _same_person(row.name, name) or any(_same_person(a, name) for a in row.aliases)
    }


def _same_person(a: str, b: str) -> bool:
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


def find_officials(
    sentences: list[Sentence],
    text: str,
    mentions: list[CountryMention],
    published: date | None,
    main_country: str,
) -> tuple[list[Official], list[TitleOnlyMention]]:
    """Officials named with a title, as someone's counterpart, or known to the knowledge base."""
    officials: list[Official] = []
    title_only: list[TitleOnlyMention] = []
    article_codes = {m.code for m in mentions if m.kind != "place"}
    known_hits = _known_hits(text)
    for sentence in sentences:
        _titled_officials(sentence, mentions, published, officials, title_only, article_codes)
        _counterparts(sentence, officials, published)
        hits = [h for h in known_hits if sentence.start <= h[0] < sentence.end]
        if hits:
            _known_officials(sentence, hits, published, officials)
    officials = _merge(officials, main_country)
    outgoing = _outgoing_names(sentences)
    officials = [o for o in officials if not any(_same_person(o.name, n) for n in outgoing)]
    return [o for o in officials if o.country], title_only


def _titled_officials(sentence, mentions, published, officials, title_only, article_codes) -> None:
    text, offset = sentence.text, sentence.start
    local_mentions = [m for m in mentions if sentence.start <= m.start < sentence.end]
    titles = find_titles(text)
    previous: tuple[str, int] | None = None  # (country, end of name) of the last official
    for title in titles:
        if _disqualified(text, title, local_mentions, offset):
            continue
        country = _country_before(text, title.start, local_mentions, offset) or _country_after(
            text, title.end
        )
        inherited = ""
        if previous and AND_GAP.fullmatch(text[previous[1] : title.start]):
            inherited = previous[0]  # "Japan's State Minister A and State Minister B"
        name_from = title.end
        of_country = OF_COUNTRY.match(text, title.end)
        if of_country and country:  # "President of Ukraine Volodymyr Zelensky"
            name_from = of_country.end()
        portfolio = title.generic or bool(OF_OR_FOR.search(title.text))
        named = read_name_after(text, name_from, PORTFOLIO_WORDS if portfolio else frozenset())
        if named and named[0] - name_from > (40 if portfolio else 3):
            named = None  # the name must follow the title closely (no comma after "Minister of X")
        if named is None and text[title.start - 2 : title.start] == ", ":
            named = read_name_before(text, title.start)
            if named is None and re.search(r",\s*(?:the\s+)?$", text[: title.start]):
                named = read_name_before(text, title.start)
        if named is None and not POSSESSIVE_AFTER.match(text, title.end):
            before = re.search(r"(?:['’]s|,)\s*(?:the\s+)?$", text[: title.start])
            named = read_name_before(text, title.start) if before else None
        if named and title.generic and len(named[2].split()) < 2:
            named = (
                None  # "minister for energy, ... said Europe": a generic title needs a full name
            )
        if named is None:
            if country and not _is_plural(text, title):
                title_only.append(
                    TitleOnlyMention(offset + title.start, offset + title.end, country)
                )
            continue
        name = named[2]
        if _not_a_minister(text, named):
            continue
        known, post = known_in_office(name, published)
        if known and post is None and title.role in _known_roles(name):
            continue  # no longer (or not yet) in that office on the publication date
        country = country or (post.country if post else "") or inherited
        if not country and title.country in article_codes:
            country = title.country  # "Defence Secretary": British, when Britain is in the story
        confidence = 0.9 if country else 0.6
        guessed = not country
        if guessed:  # "Canada will put C$3 million ..., Defence Minister Bill Blair said"
            country = _sentence_country(text, local_mentions, offset, titles)
        if country in title.civil_service_in:
            continue
        officials.append(
            Official(name, country, title.role, title.text, sentence, confidence, guessed=guessed)
        )
        previous = (country, named[1]) if not guessed else None


@cache
def _name_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_json("titles.json")
    return (
        re.compile(data["not_a_minister_after_name"], re.I),
        re.compile(data["outgoing_before_name"], re.I),
    )


def _outgoing_names(sentences: list[Sentence]) -> list[str]:
    """People the article says are being replaced ("Shmyhal replaces Rustem Umerov")."""
    _, outgoing = _name_cues()
    names = []
    for sentence in sentences:
        for m in OUTGOING_OBJECT.finditer(sentence.text):
            if outgoing.search(sentence.text[: m.start(1)]):
                names.append(m.group(1))
    return names


OUTGOING_OBJECT = re.compile(
    r"\b(?:replac(?:es|ed|ing)|succeed(?:s|ed|ing)|took over from|taking over from)\s+"
    r"((?:[A-Z][^\W\d_]+(?:[-'’][^\W\d_]+)*\s?){1,3})"
)


def _not_a_minister(text: str, named: tuple[int, int, str]) -> bool:
    """ "Rajesh Kumar Singh, the ministry's senior civil servant"; "replaces Rustem Umerov"."""
    after_name, outgoing = _name_cues()
    start, end, _ = named
    return bool(after_name.match(text, end) or outgoing.search(text[max(0, start - 60) : start]))


SLOT_BEFORE = re.compile(r"\b(?:to|for|into|with|against|from|in|on|of|by)\s+(?:the\s+)?$", re.I)
HOSTILE_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:full-scale\s+)?(?:invasion|aggression|attacks?|strikes?|war)\b"
)


def _sentence_country(text: str, mentions: list[CountryMention], offset: int, titles) -> str:
    """For a title without a country: the country the sentence is about, i.e. the first one
    named that is neither another title's country ("Japan's Minister"), nor a place or a
    recipient ("to Ukraine"), nor an aggressor ("Russian strikes")."""
    for mention in mentions:
        if mention.kind == "place":
            continue
        local_start, local_end = mention.start - offset, mention.end - offset
        if any(
            0 <= t.start - local_end <= 40 and COUNTRY_TO_TITLE_GAP.match(text[local_end : t.start])
            for t in titles
        ):
            continue  # another title's country
        if SLOT_BEFORE.search(text[max(0, local_start - 12) : local_start]):
            continue
        if HOSTILE_AFTER.match(text[local_end:]):
            continue
        return mention.code
    return ""


def _is_plural(text: str, title: Title) -> bool:
    return text[title.end : title.end + 1] == "s"


def _counterparts(sentence, officials, published) -> None:
    for m in COUNTERPART.finditer(sentence.text):
        named = read_name_after(sentence.text, m.end())
        if not named or named[0] != m.end():
            continue
        country = _country_of_adjective(m.group("adj")) or _country_of_adjective(m.group("from"))
        known, post = known_in_office(named[2], published)
        if known and post is None:
            continue
        if not country and post:
            country = post.country
        role = officials[-1].role if officials else (post.role if post else "other_minister")
        if post:
            role = post.role
        officials.append(Official(named[2], country, role, "", sentence, 0.8))


def _known_hits(text: str) -> list[tuple[int, int, str]]:
    """Forms of known officials' names in the whole text, found in one pass."""
    pattern, _ = _known_pattern()
    return list(pattern.finditer(text)) if pattern is not None else []


def _known_officials(sentence, hits, published, officials) -> None:
    _, by_form = _known_pattern()
    for start, end, form in hits:
        start, end = start - sentence.start, end - sentence.start
        if _not_a_minister(sentence.text, (start, end, form)):
            continue
        current = [r for r in by_form[form] if r.in_office(published)]
        if not current:
            continue
        current.sort(key=lambda r: ROLE_RANK.get(r.role, 9))
        row = current[0]
        officials.append(Official(form, row.country, row.role, "", sentence, 0.85))


def _merge(officials: list[Official], main_country: str) -> list[Official]:
    """One entry per person: the fullest name, a known country, the most specific role."""
    merged: list[Official] = []
    for official in officials:
        if official.country:
            official.votes[official.country] += 0.3 if official.guessed else 1.0
        target = next(
            (o for o in merged if _same_person(o.name, official.name) and _compatible(o, official)),
            None,
        )
        if target is None:
            merged.append(official)
            continue
        if len(fold_name(official.name)) > len(fold_name(target.name)):
            target.aliases.add(target.name)
            target.name = official.name
        elif official.name != target.name:
            target.aliases.add(official.name)
        target.votes.update(official.votes)
        target.guessed = target.guessed and official.guessed
        if (
            official.title and ROLE_RANK.get(official.role, 9) < ROLE_RANK.get(target.role, 9)
        ) or not target.title:
            target.role, target.title = official.role, official.title or target.title
        target.confidence = max(target.confidence, official.confidence)
    for official in merged:
        # Guessed countries are a vote per sentence; a title's or the KB's country outweighs them.
        official.country = official.votes.most_common(1)[0][0] if official.votes else main_country
    return merged


def _compatible(a: Official, b: Official) -> bool:
    if a.guessed or b.guessed:
        return True
    return not a.country or not b.country or a.country == b.country


def find_person_mentions(text: str, officials: list[Official]) -> list[PersonMention]:
    """Where each official is named: full name, surname, family name (written first), aliases."""
    forms: dict[str, int] = {}
    for index, official in enumerate(officials):
        for form in _forms(official):
            forms.setdefault(form, index)
    # A given name alone ("Anwar") refers to an official only when no other official shares it.
    given = Counter(o.name.split()[0] for o in officials if len(o.name.split()) >= 2)
    given_only = set()
    for index, official in enumerate(officials):
        words = official.name.split()
        if (
            len(words) >= 2
            and given[words[0]] == 1
            and len(words[0]) >= 3
            and words[0].lower() not in NOT_NAME
        ):
            if words[0] not in forms:
                given_only.add(words[0])
            forms.setdefault(words[0], index)
    if not forms:
        return []
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])({body})(?![\w-])")
    mentions = []
    for m in pattern.finditer(text):
        if m.group(1) in given_only and text[m.end() : m.end() + 1] == ".":
            continue  # "Gen." is a rank, not Gen Nakatani
        mentions.append(PersonMention(m.start(), m.end(), forms[m.group(1)]))
    return mentions


def _forms(official: Official) -> set[str]:
    forms = {official.name, *official.aliases}
    words = [w for w in official.name.split() if w.rstrip(".").lower() not in NAME_SUFFIXES]
    if words != official.name.split():
        forms.add(" ".join(words))  # "Ferdinand Marcos Jr." is also "Ferdinand Marcos"
    if len(words) >= 2:
        forms.add(words[-1])
        if official.country in FAMILY_NAME_FIRST:
            forms.add(words[0])
    for row in _known_by_last_word().get(_last_word(official.name), ()):
        if row.country == official.country and _same_person(row.name, official.name):
            forms.update((row.name, *row.aliases))
    return {f for f in forms if len(f) >= 3 and f.lower() not in NOT_NAME}
