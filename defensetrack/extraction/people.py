"""Officials: names next to titles (or known from officials.tsv) -> name, country, role.

A person counts when a title of head of state, head of government or minister is attached
to their name, or when the knowledge base says they hold such a post on the publication date.
Later mentions by surname (or by family name, for names written family name first) are tied
back to the full name so that meetings can see who took part.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from defensetrack.extraction.clean import Sentence
from defensetrack.extraction.countries import CountryMention
from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.known import (
    known_by_last_word,
    known_hits,
    known_in_office,
    known_pattern,
    known_roles,
    last_word,
)
from defensetrack.extraction.names import (
    NAME_SUFFIXES,
    NOT_NAME,
    PORTFOLIO_WORDS,
    fold_name,
    read_name_after,
    read_name_before,
    same_person,
)
from defensetrack.extraction.phrases import PhraseIndex
from defensetrack.extraction.titles import (
    COUNTRY_TO_TITLE_GAP,
    OF_COUNTRY,
    ROLE_RANK,
    Title,
    country_after_title,
    country_before_title,
    country_of_adjective,
    disqualified_title,
    find_titles,
)

# Titles that name different posts in different countries; the knowledge base decides.
AMBIGUOUS_TITLES = frozenset({"chancellor", "leader", "minister", "premier", "secretary"})
FAMILY_NAME_FIRST = frozenset({"KR", "KP", "CN", "VN", "TW"})


POSSESSIVE_AFTER = re.compile(r"['’]s\b")  # "the prime minister's residence"


AND_GAP = re.compile(r"\s*,?\s*and\s+")


OF_OR_FOR = re.compile(r"\b(?:of|for)\b", re.I)


COUNTERPART = re.compile(
    r"\b(?:his|her|their)\s+(?:(?P<adj>[A-Z][^\W\d_]+(?:[-\s][A-Z][^\W\d_]+)?)\s+)?"
    r"(?:counterpart|colleague|opposite number)s?(?:\s+from\s+(?P<from>[A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?))?,?\s+",
)


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
    role: str = ""


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
    hits_in_text = known_hits(text)
    for sentence in sentences:
        _titled_officials(sentence, mentions, published, officials, title_only, article_codes)
        _counterparts(sentence, officials, published)
        hits = [h for h in hits_in_text if sentence.start <= h[0] < sentence.end]
        if hits:
            _known_officials(sentence, hits, published, officials)
    _vote_by_role(officials, title_only)
    officials = _merge(officials, main_country)
    outgoing = _outgoing_names(sentences)
    officials = [o for o in officials if not any(same_person(o.name, n) for n in outgoing)]
    return [o for o in officials if o.country], title_only


def _titled_officials(sentence, mentions, published, officials, title_only, article_codes) -> None:
    text, offset = sentence.text, sentence.start
    local_mentions = [m for m in mentions if sentence.start <= m.start < sentence.end]
    titles = find_titles(text)
    previous: tuple[str, int] | None = None  # (country, end of name) of the last official
    for title in titles:
        if disqualified_title(text, title, local_mentions, offset):
            continue
        country = country_before_title(
            text, title.start, local_mentions, offset
        ) or country_after_title(text, title.end)
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
                    TitleOnlyMention(offset + title.start, offset + title.end, country, title.role)
                )
            continue
        name = named[2]
        if _not_a_minister(text, named):
            continue
        known, post = known_in_office(name, published)
        if known and post is None and title.role in known_roles(name):
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
        role = title.role
        if post is not None and title.text.lower() in AMBIGUOUS_TITLES:
            role = post.role  # "Chancellor Rachel Reeves": the Exchequer's, not Germany's
        officials.append(
            Official(name, country, role, title.text, sentence, confidence, guessed=guessed)
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
        country = country_of_adjective(m.group("adj")) or country_of_adjective(m.group("from"))
        known, post = known_in_office(named[2], published)
        if known and post is None:
            continue
        if not country and post:
            country = post.country
        role = officials[-1].role if officials else (post.role if post else "other_minister")
        if post:
            role = post.role
        officials.append(Official(named[2], country, role, "", sentence, 0.8))


def _known_officials(sentence, hits, published, officials) -> None:
    _, by_form = known_pattern()
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


def _vote_by_role(officials: list[Official], title_only: list[TitleOnlyMention]) -> None:
    """ "President Andrzej Duda ... the Polish president said": a title without a country takes
    the country of the one country-bearing mention of the same post elsewhere."""
    for official in officials:
        if not official.guessed:
            continue
        countries = {t.country for t in title_only if t.role == official.role}
        if len(countries) == 1:
            official.country = countries.pop()
            official.guessed = False


def _merge(officials: list[Official], main_country: str) -> list[Official]:
    """One entry per person: the fullest name, a known country, the most specific role."""
    merged: list[Official] = []
    for official in officials:
        if official.country:
            official.votes[official.country] += 0.3 if official.guessed else 1.0
        target = next(
            (o for o in merged if same_person(o.name, official.name) and _compatible(o, official)),
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
    mentions = []
    for start, end, form in PhraseIndex(forms).finditer(text):
        if text[end : end + 1] == "-" or (start and text[start - 1] == "-"):
            continue  # part of a longer hyphenated word
        if form in given_only and text[end : end + 1] == ".":
            continue  # "Gen." is a rank, not Gen Nakatani
        mentions.append(PersonMention(start, end, forms[form]))
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
    for row in known_by_last_word().get(last_word(official.name), ()):
        if row.country == official.country and same_person(row.name, official.name):
            forms.update((row.name, *row.aliases))
    return {f for f in forms if len(f) >= 3 and f.lower() not in NOT_NAME}
