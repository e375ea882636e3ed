"""Pledges: money a country (or the EU) commits to another country's defence.

Each amount in a sentence is read with the words around it: who gives (the country named
nearest before it, else the home of its currency), to whom, whether it is a running total,
and whether it is something else entirely (a contract price, a budget, a loan, a request,
a joint total of several donors, a breakdown of an amount already counted).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from defensetrack.extraction.clean import Sentence
from defensetrack.extraction.context import ArticleContext
from defensetrack.extraction.countries import demonym_codes, find_country_mentions
from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.money import MoneyMention, currency_home, find_money
from defensetrack.extraction.types import Money

PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|via)\s+$")
EU_NAMES = re.compile(r"\b(?:the\s+)?(?:EU|European Union|European Commission|Brussels)\b")
PERIOD_RANGE = re.compile(
    r"\b((?:19|20)\d\d)\s*(?:-|–|/|to|and|through|until)\s*((?:19|20)?\d\d)\b"
)
PERIOD_UNTIL = re.compile(r"\b(?:through|until|till|by|to)\s+((?:19|20)\d\d)\b")
PERIOD_YEAR = re.compile(r"\b(?:in|for|during|of)\s+((?:19|20)\d\d)\b")
SINCE_BEFORE = re.compile(r"\bsince\b", re.I)
CLAUSE_END = re.compile(
    r";|,\s+(?:and|while|but|bringing|raising|on top of)\b|\band (?:announced|said|will)\b"
)
THIS_YEAR = re.compile(r"\bthis year\b", re.I)
NEXT_YEAR = re.compile(r"\bnext year\b", re.I)
PURPOSE = re.compile(
    r"\s*(?:(?:in|to|into)\s+(?P<what>[\w' -]+?)\s+)?(?:for|to fund|to pay for|on|towards)\s+"
    r"(?P<purpose>[^,;.()]{3,90})"
)
# "on Tuesday", "for this year": when, not what for.
NOT_A_PURPOSE = re.compile(
    r"(?:the\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|"
    r"this year|next year|(?:the\s+)?(?:next|coming|past)\s+\w+(?:\s+\w+)?|\d{4})\b.*",
    re.I,
)
MINIMUM = Decimal(100_000)
LEADING_AMOUNT = re.compile(
    r"^\W*(?:about|around|roughly|some|nearly|almost|more than|over|up to|a further|another|"
    r"an additional|materiel worth about|materiel worth|equipment worth)?\s*$",
    re.I,
)
AGGRESSION_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:full-scale\s+|all-out\s+)?(?:invasion|aggression|attacks?|war|strikes?|assets|forces|troops|army|missiles?|shelling|occupation)\b",
    re.I,
)
SLOT_END = re.compile(
    r"(?:['’]s\b|\s*[,.;:)]|\s+(?:to|for|in|and|over|through|as|by|under|from|this|next|on|with|until|after|before|at)\b|\s*$)"
)


@dataclass
class Pledge:
    donor: str
    recipient: str
    money: Money
    period: str | None
    kind: str
    purpose: str
    announced_on: date | None
    sentence: Sentence
    confidence: float


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    return {
        k: re.compile(rf"(?:{v})")  # matched against lower-cased text
        for k, v in load_json("pledge_cues.json").items()
        if not k.startswith("_")
    }


def find_pledges(ctx: ArticleContext, main_recipient: str) -> list[Pledge]:
    pledges: list[Pledge] = []
    last_donor = ""
    for index, sentence in enumerate(ctx.sentences):
        amounts = find_money(sentence.text)
        component_mode = False
        previous_end = 0
        for mention in amounts:
            if mention.in_parentheses_after_money:
                continue
            pledge, component_mode = _read(
                ctx,
                index,
                sentence,
                mention,
                previous_end,
                main_recipient,
                last_donor,
                pledges,
                component_mode,
            )
            previous_end = mention.end
            if pledge is not None:
                last_donor = pledge.donor
                _add(pledges, pledge)
    return pledges


def _read(
    ctx,
    index,
    sentence,
    mention: MoneyMention,
    previous_end,
    main_recipient,
    last_donor,
    pledges,
    component_mode,
):
    cues = _cues()
    text = sentence.text
    # Cues are lower case and matched without re.I (much faster); offsets stay valid.
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    before = text[max(previous_end, mention.start - 90) : mention.start]
    after = text[mention.end : mention.end + 45]
    if mention.money.amount < MINIMUM:
        return None, component_mode
    if cues["not_pledge"].search(low[max(0, mention.start - 120) : mention.end + 25]):
        return None, component_mode
    if cues["not_pledge_after"].search(low[mention.end : mention.end + 90]):
        return None, component_mode
    if _domestic(low[mention.end : mention.end + 90], cues, main_recipient):
        return None, component_mode
    if cues["price_before"].search(low[max(0, mention.start - 60) : mention.start]):
        return None, component_mode  # "180 K2 tanks for about $3.4 billion": a price
    if not cues["commitment"].search(low):
        return None, component_mode
    donors = _donors_before(ctx, sentence, mention, main_recipient)
    if len(set(donors)) >= 2 and cues["joint"].search(low):
        return None, component_mode
    home = currency_home(mention.money.currency)
    if home in ("", "US") or home == main_recipient:
        home = ""  # dollars and euros are spent by many; a krone is Danish or Norwegian
    donor = home or _donor(ctx, sentence, mention, donors, main_recipient, last_donor)
    recipient = _recipient(ctx, sentence, mention, main_recipient, donor)
    if not donor or not recipient or donor == recipient:
        return None, component_mode
    leading = bool(LEADING_AMOUNT.match(text[: mention.start]))  # "About SEK 5.9 billion to..."
    low_before = low[mention.start - len(before) : mention.start]
    low_after = low[mention.end : mention.end + len(after)]
    if component_mode or leading or _is_component(low_before, low_after, cues):
        parent = _parent(pledges, donor, mention.money, sentence, ctx, index)
        if parent is not None or component_mode:
            return None, True
    kind = _kind(low_before, low_after, cues)
    return (
        Pledge(
            donor=donor,
            recipient=recipient,
            money=mention.money,
            period=_period(_clause(text, mention), ctx.published),
            kind=kind,
            purpose=_purpose(after),
            announced_on=_announced(ctx, index),
            sentence=sentence,
            confidence=0.8 if donors else 0.6,
        ),
        component_mode,
    )


def _domestic(after: str, cues, recipient: str) -> bool:
    """ "...in the country's own defence industry": money kept at home. Ukraine's own defence
    industry receiving money is a pledge (the Danish model)."""
    found = cues["domestic_industry"].search(after)
    if not found:
        return False
    owner = (found.group(1) or "").lower()
    return not (owner and recipient and demonym_codes().get(owner) == recipient)


def _is_component(before: str, after: str, cues) -> bool:
    """A breakdown: "including £200m for drones", "DKK 1.4 billion of it is earmarked"."""
    return bool(
        cues["component_before"].search(before[-60:]) or cues["component_after"].search(after)
    )


def _parent(pledges, donor, money, sentence, ctx, index):
    """A larger pledge by the same donor in the same currency, just before: the whole of
    which this amount is a part."""
    recent = {s.start for s in ctx.sentences[max(0, index - 6) : index + 1]}
    for pledge in reversed(pledges):
        if (
            pledge.donor == donor
            and pledge.money.currency == money.currency
            and pledge.money.amount > money.amount
            and pledge.sentence.start in recent
        ):
            return pledge
    return None


def _donors_before(ctx, sentence, mention, main_recipient) -> list[str]:
    """Countries acting before the amount in its sentence, nearest last."""
    lo, hi = sentence.start, sentence.start + mention.start
    found: list[tuple[int, str]] = []
    for m in ctx.countries:
        if (
            lo <= m.start < hi
            and m.kind != "place"
            and not _is_recipient_slot(sentence, m.start - lo)
        ):
            if AGGRESSION_AFTER.match(sentence.text, m.end - lo):
                continue  # "since the Russian invasion": a war, not a donor
            found.append((m.start, m.code))
    for p in ctx.persons:
        if lo <= p.start < hi:
            found.append((p.start, ctx.officials[p.official].country))
    for m in EU_NAMES.finditer(sentence.text[: mention.start]):
        place = m.group(0).endswith("Brussels") and PLACE_BEFORE.search(sentence.text[: m.start()])
        if not place:  # "Brussels will pay" is the EU; "talks in Brussels" is a place
            found.append((lo + m.start(), "EU"))
    found.sort()
    return [code for _, code in found if code != main_recipient and code]


RECIPIENT_SLOT = re.compile(
    r"\b(?:to|for|into|in support of|with|give|gives|giving|gave|provide|provides|send|sends|sent|"
    r"offer|offers|grant|grants|lend|lends|lending|hand|hands)\s+(?:the\s+)?$"
)


def _is_recipient_slot(sentence, local_start) -> bool:
    """ "to Ukraine", "give Argentina $40 million": the receiving end, not the giver."""
    return bool(RECIPIENT_SLOT.search(sentence.text[max(0, local_start - 20) : local_start]))


def _donor(ctx, sentence, mention, donors, recipient, last_donor) -> str:
    candidates = [d for d in donors if d != recipient]
    if candidates:
        return candidates[-1]
    after = sentence.start + mention.end
    for m in ctx.countries:
        if after <= m.start < sentence.end and m.kind != "place" and m.code != recipient:
            local = m.start - sentence.start
            by_donor = re.search(r"\bby\s+(?:the\s+)?$", sentence.text[max(0, local - 12) : local])
            if by_donor and not AGGRESSION_AFTER.match(sentence.text, m.end - sentence.start):
                return m.code  # "announced on Monday by the Netherlands"
    home = currency_home(mention.money.currency)
    if home and home != recipient:
        return home
    if last_donor and last_donor != recipient:
        return last_donor
    # Last resort: the country of the sentence nearest the amount ("his visit to Germany, a
    # day after the federal government announced ... 2.7 billion euros").
    nearest = sorted(
        (abs(m.start - (sentence.start + mention.start)), m.code)
        for m in ctx.countries
        if sentence.start <= m.start < sentence.end
        and m.code != recipient
        and m.kind != "place"
        and not AGGRESSION_AFTER.match(sentence.text, m.end - sentence.start)
    )
    return nearest[0][1] if nearest else ""


def _recipient(ctx, sentence, mention, main_recipient, donor) -> str:
    """The country the money goes to: the article's usual recipient when this sentence names
    it, else a country after "to"/"for" ("to the Philippines"), else the usual recipient."""
    lo, hi = sentence.start, sentence.end
    codes = [m.code for m in ctx.countries if lo <= m.start < hi]
    if main_recipient and main_recipient in codes:
        return main_recipient
    for slot in re.finditer(r"\b(?:to|for|into)\s+(?:the\s+)?(?=[A-Z])", sentence.text):
        start = lo + slot.end()
        for m in ctx.countries:
            if m.start == start and m.kind != "place" and SLOT_END.match(sentence.text, m.end - lo):
                return m.code
    if main_recipient:
        return main_recipient
    # No usual recipient (an article not about Ukraine): the other country of the sentence,
    # else the country the article names most, other than the donor.
    others = [
        m.code
        for m in ctx.countries
        if lo <= m.start < hi and m.code != donor and m.kind != "place"
    ]
    others += [ctx.officials[p.official].country for p in ctx.persons if lo <= p.start < hi]
    others = [c for c in others if c != donor]
    if others:
        return others[0]
    counts = Counter(m.code for m in ctx.countries if m.kind != "place" and m.code != donor)
    return counts.most_common(1)[0][0] if counts else ""


def _kind(before, after, cues) -> str:
    window = before + " " + after[:30]
    found = cues["cumulative"].search(window)
    if not found:
        return "new"
    if found.group(0) == "so far" and cues["superlative"].search(window):
        return "new"
    return "cumulative"


def _clause(text: str, mention: MoneyMention) -> str:
    """The words around an amount that can tie it to years: up to the neighbouring amounts'
    clause boundaries, so one amount's "this year" is not another's."""
    start = max(0, mention.start - 70)
    for boundary in CLAUSE_END.finditer(text, start, mention.start):
        start = boundary.end()
    end_match = CLAUSE_END.search(text, mention.end, mention.end + 70)
    end = end_match.start() if end_match else min(len(text), mention.end + 70)
    return text[start:end]


def _period(text: str, published: date | None) -> str | None:
    m = PERIOD_RANGE.search(text)
    if m:
        end = m.group(2)
        end = end if len(end) == 4 else m.group(1)[:2] + end
        return f"{m.group(1)}-{end}"
    m = PERIOD_UNTIL.search(text)
    if m and published and int(m.group(1)) > published.year:
        return f"{published.year}-{m.group(1)}"
    m = PERIOD_YEAR.search(text)
    if m and not SINCE_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
        return m.group(1)  # "in 2025"; but "since the invasion in 2022" is a start, not a period
    if published and THIS_YEAR.search(text):
        return str(published.year)
    if published and NEXT_YEAR.search(text):
        return str(published.year + 1)
    return None


def _purpose(after: str) -> str:
    """What the money is for: "for air defence". Not a day ("on Tuesday") nor the recipient:
    "C$500 million in new military assistance for Ukraine" is for "new military assistance"."""
    m = PURPOSE.match(after)
    if not m:
        return ""
    purpose, what = m.group("purpose").strip(), (m.group("what") or "").strip()
    if NOT_A_PURPOSE.fullmatch(purpose) or _only_a_country(purpose):
        return "" if _only_a_country(what) else what
    return purpose


def _only_a_country(phrase: str) -> bool:
    """ "Ukraine", "the Philippines", "Kyiv": a country and nothing else."""
    words = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I)
    mentions = find_country_mentions(words)
    return bool(mentions) and mentions[0].start == 0 and mentions[0].end >= len(words.rstrip())


def _announced(ctx, index) -> date | None:
    own = ctx.sentence_date(index)
    if own is not None:
        return own.value
    return None if ctx.sentences[index].background else ctx.published


def _add(pledges: list[Pledge], pledge: Pledge) -> None:
    """A restated amount is the same pledge."""
    for existing in pledges:
        if (
            existing.donor == pledge.donor
            and existing.recipient == pledge.recipient
            and existing.money.currency == pledge.money.currency
            and abs(existing.money.amount - pledge.money.amount)
            <= pledge.money.amount * Decimal("0.02")
        ):
            return
    pledges.append(pledge)
