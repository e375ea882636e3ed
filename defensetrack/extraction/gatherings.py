"""Multilateral gatherings (contact groups, summits, ministerials): one meeting whose sides
are the countries the article shows taking part, in the sentences that report it."""

from __future__ import annotations

import re
from datetime import date

from defensetrack.extraction.clean import Sentence
from defensetrack.extraction.context import (
    CLAUSE_START,
    LIST_GAP,
    ArticleContext,
    Meeting,
    add_meeting,
    delegations_in,
    meeting_cues,
    meeting_date,
    meeting_location,
    sides_in,
)
from defensetrack.extraction.dates import DateMention
from defensetrack.extraction.triggers import meeting_kind, triggers_in


def find_gatherings(ctx: ArticleContext) -> list[Meeting]:
    """Contact groups, summits, ministerials: one meeting with every country shown taking part."""
    cues = meeting_cues()
    meetings: list[Meeting] = []
    done: set[tuple[date | None, bool]] = set()
    for index, sentence in enumerate(ctx.sentences):
        lowered = sentence.text.lower()
        if not any(word in lowered for word in GATHERING_WORDS):
            continue
        found = cues["gathering"].search(sentence.text)
        if not found or cues["planned_sentence"].search(sentence.text):
            continue
        lead = sentence.text[max(0, found.start() - 80) : found.start()]
        if SETTING_ONLY.search(lead):
            continue  # "on the sidelines of the summit": the setting of other talks
        if HYPOTHETICAL_BEFORE.search(lead):
            continue  # "cautious about a summit": one that has not happened
        if (
            cues["meeting"].search(sentence.text[: found.start()])
            and len(ctx.persons_in(sentence.start, sentence.end)) >= 2
        ):
            continue  # "A met B in Tirana, where leaders gathered for the summit": A and B's talks
        when = meeting_date(ctx, index)
        if when is None or when.value is None:
            continue  # a gathering mentioned without its day is background, not the event
        key = (when.value if when else None, sentence.background)
        if key in done:
            continue
        scene = _scene(ctx, index, when)
        if not _held(scene):
            continue
        done.add(key)
        sides: set[str] = set()
        participants: list[str] = []
        for s in scene:
            found, names = _participants(ctx, s, first=s is sentence)
            sides |= found
            participants += names
        meeting = Meeting(
            date=when.value if when else None,
            precision=when.precision if when else None,
            countries=sides,
            participants=list(dict.fromkeys(participants)),
            kind=meeting_kind(" ".join(s.text for s in scene[:2])),
            location=meeting_location(sentence.text),
            sentences=scene,
            gathering=True,
        )
        add_meeting(meetings, meeting)
    return meetings


GATHERING_WORDS = (
    "contact group",
    "udcg",
    "ramstein",
    "summit",
    "ministerial",
    "conferenc",
    "gather",
    "meeting of",
    "coalition",
    "countries",
    "nations",
    "partners",
    "allies",
    "talks of",
)


HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:about|for|towards|toward|on|of|arranging|arrange|propose|proposed|planned|possible)\s+"
    r"(?:a|an)\s+(?:[\w-]+\s+)?$",
    re.I,
)


SETTING_ONLY = re.compile(
    r"\b(?:sidelines of|on the eve of|ahead of|in the run-up to|before|since|launched within|"
    r"within|adopted at|announced at|agreed at|made at)\s+(?:the\s+|a\s+|an\s+|its\s+|this\s+)?[\w\s'’-]{0,40}$",
    re.I,
)


def _scene(ctx, index, when) -> list[Sentence]:
    """The sentences that report one gathering: from its first mention on, in the same
    section, leaving out sentences that carry a different date."""
    first = ctx.sentences[index]
    scene = [first]
    # The lead paragraph before the gathering is named often already reports it.
    for back in range(index):
        s = ctx.sentences[back]
        same_part = s.paragraph == first.paragraph and s.background == first.background
        if same_part and not _other_occasion(ctx.dates.get(back, []), when):
            scene.append(s)
    for back in range(index + 1, len(ctx.sentences)):
        s = ctx.sentences[back]
        if s.background != first.background or (
            first.background and s.paragraph != first.paragraph
        ):
            break
        if _other_occasion(ctx.dates.get(back, []), when):
            continue
        scene.append(s)
    return scene


def _other_occasion(dates: list[DateMention], when: DateMention | None) -> bool:
    """A sentence dated before the gathering ("last week", "on March 3") reports something else;
    a later date ("after January 20") is only looking ahead."""
    for found in dates:
        if found.future:
            continue
        if found.value is None:
            return True
        if when is None or when.value is None or found.value < when.value:
            return True
    return False


def _held(scene: list[Sentence]) -> bool:
    cues = meeting_cues()
    return any(triggers_in(s.text) or cues["participation"].search(s.text) for s in scene[:3])


CLAUSE_BOUNDARY = re.compile(r"[:;]|,\s+(?:while|whereas|but|and)\b|\bwhile\b")


PRESENCE_CUE = re.compile(
    r"video link|by video|sent (?:representatives|delegations?|ministers)|delegations?\b|took part|attended|joined",
    re.I,
)


DATELINE_OPENING = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[\w .'’-]{2,40})?\s+[–—-]\s+")


HOSTILE_ACT = re.compile(
    r"^\s+(?:\w+\s+){0,3}(?:attack|invad|strik|launch|shell|occup|bomb|fir(?:ed|ing)|advanc|captur|kill)",
    re.I,
)


REPORTED_START = re.compile(r"\bthat\s+(?:the\s+)?$", re.I)


REPORTED_VERB = re.compile(
    r"^\s+(?:had\s+|has\s+)?(?:announced|pledged|promised|committed|offered|would provide|will provide|"
    r"would send|will send|would supply|will supply)\b"
)


COUNTRY_VERB = re.compile(
    r"^(?:\s+(?:alone|also|too|itself))?\s+(?:will|would|is|has|had|was|are|were|announced|pledged|"
    r"promised|committed|offered|said|pledges|promises|commits|offers|plans|intends|confirmed|agreed|"
    r"used|took|joined|sent|indicated|presented|unveiled)\b"
)


def _participants(ctx, sentence, first: bool = False) -> tuple[set[str], list[str]]:
    """Countries a sentence shows taking part in a gathering: its officials and delegations,
    countries said to attend or follow by video, countries announcing something there."""
    if not first and has_own_talks(sentence.text):
        return set(), []  # bilateral talks on the side are a meeting of their own
    if not first and NOT_YET.search(sentence.text):
        return set(), []  # "was expected to meet X later": not (yet) taking part
    text = sentence.text
    if first:
        sides, names = sides_in(ctx, sentence, 0, len(text))
    else:
        sides, names = _actors(ctx, sentence)
    local = [
        m
        for m in ctx.countries
        if sentence.start <= m.start < sentence.end and m.kind in ("name", "demonym")
    ]
    for cue in PRESENCE_CUE.finditer(text):
        boundary = 0
        for b in CLAUSE_BOUNDARY.finditer(text, 0, cue.start()):
            boundary = b.end()
        sides |= {m.code for m in local if boundary <= m.start - sentence.start < cue.start()}
    sides |= _acting_countries(sentence, local)
    opening = DATELINE_OPENING.match(text)
    if opening:  # "RAMSTEIN AIR BASE, Germany – ...": where the story was filed
        filed = {m.code for m in local if m.start - sentence.start < opening.end()}
        others = {m.code for m in local if m.start - sentence.start >= opening.end()}
        others |= {
            ctx.officials[p.official].country for p in ctx.persons_in(sentence.start, sentence.end)
        }
        sides -= filed - others
    return sides, names


def _acting_countries(sentence, local) -> set[str]:
    """Countries that act at the start of a clause: "Canada will allocate...", "Italy, Greece
    and Poland used the call to announce...", "...that Denmark had announced..."."""
    text = sentence.text
    names = [m for m in local if m.kind == "name"]
    acting: set[str] = set()
    i = 0
    while i < len(names):
        before = text[: names[i].start - sentence.start]
        reported = REPORTED_START.search(before)
        clause_start = CLAUSE_START.search(before)
        group = [names[i]]
        while i + 1 < len(names) and LIST_GAP.fullmatch(
            text[group[-1].end - sentence.start : names[i + 1].start - sentence.start]
        ):
            i += 1
            group.append(names[i])
        rest = text[group[-1].end - sentence.start :]
        if clause_start or reported:
            verb = REPORTED_VERB if reported else COUNTRY_VERB
            if verb.match(rest) and not HOSTILE_ACT.match(rest):
                acting |= {m.code for m in group}
        if WHICH_ACTED.match(rest):  # "thanked Poland and Slovakia, which indicated at the..."
            acting |= {m.code for m in group}
        i += 1
    return acting


WHICH_ACTED = re.compile(
    r",\s+(?:which|who)\s+(?:\w+\s+){0,2}(?:indicated|announced|pledged|promised|said|offered|"
    r"committed|confirmed|presented|unveiled)\b"
)
ATTENDANCE = re.compile(
    r"\b(?:came|arrived|attended|took part|joined|were present|gathered|hosted by|chaired by|"
    r"co-chaired by|opened by)\b",
    re.I,
)
CHANGE_OF_SUBJECT = re.compile(
    r"\b(?:said|says|told|stop\w*|against|defeat\w*|urged|warned)\b", re.I
)
NOT_YET = re.compile(
    r"\b(?:is|are|was|were) (?:expected|due|scheduled|set) to\b|\blater (?:today|in the day)\b|"
    r"\bwill (?:meet|visit|travel|attend)\b",
    re.I,
)


ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?$", re.I)


def _actors(ctx, sentence) -> tuple[set[str], list[str]]:
    """People (and title-only officials) who do something at the gathering: a participation
    verb follows them ("Truss, who also attended, said..."); a name merely cited ("as Trump
    has put it", "stopping Putin") does not make a side."""
    cues = meeting_cues()
    text = sentence.text
    sides: set[str] = set()
    names: list[str] = []
    spans = [
        (p.start, p.end, ctx.officials[p.official])
        for p in ctx.persons_in(sentence.start, sentence.end)
    ]
    spans += [
        (t.start, t.end, None) for t in ctx.title_only if sentence.start <= t.start < sentence.end
    ]
    # "Nearly twenty ministers came, among them ...", "The gathering was hosted by ...".
    attendance = ATTENDANCE.search(text)
    for start, end, official in spans:
        after = text[end - sentence.start : end - sentence.start + 80]
        before = text[max(0, start - sentence.start - 15) : start - sentence.start]
        acts = cues["participation"].search(after) or ACCORDING_TO.search(before)
        if not (acts or _listed_as_attending(text, attendance, start - sentence.start)):
            continue
        if official is None:
            sides.add(next(t.country for t in ctx.title_only if t.start == start))
        else:
            sides.add(official.country)
            names.append(official.name)
    sides |= delegations_in(ctx, sentence, sentence.start, sentence.end)
    return sides, names


def _listed_as_attending(text: str, attendance: re.Match | None, at: int) -> bool:
    """Named after "came, among them" or "was hosted by", in the same breath: "who also
    attended, said stopping Putin..." does not bring Putin."""
    if attendance is None or at < attendance.start():
        return False
    return not CHANGE_OF_SUBJECT.search(text, attendance.end(), at)


def has_own_talks(text: str) -> bool:
    if not triggers_in(text):
        return False
    cues = meeting_cues()
    return bool(
        (cues["meeting"].search(text) or cues["call"].search(text))
        and not cues["gathering"].search(text)
    )
