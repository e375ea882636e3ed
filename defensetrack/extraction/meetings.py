"""Meetings: who talked with whom (in person, by phone, by video), when and where.

Sentence by sentence: a trigger ("held talks", "spoke by phone", "video link") that is not
planned ("will meet", "later today") and whose clause shows officials or delegations of at
least two countries makes a meeting. Multilateral gatherings are read in gatherings.py.
"""

from __future__ import annotations

import re

from defensetrack.extraction.context import (
    CLAUSE_START,
    LIST_GAP,
    ArticleContext,
    Meeting,
    add_meeting,
    ctx_text_between,
    meeting_cues,
    meeting_date,
    meeting_location,
    sides_in,
)
from defensetrack.extraction.dates import DateMention
from defensetrack.extraction.gatherings import find_gatherings
from defensetrack.extraction.triggers import (
    WITH_END,
    Trigger,
    all_triggers,
    meeting_kind,
    triggers_in,
)

__all__ = ["ArticleContext", "Meeting", "find_meetings"]


SUBJECT_PRONOUN = re.compile(r"^(?:[A-Z][\w ,]{0,30},\s+)?(?:he|she|they|the two|both)\b", re.I)


GROUP_SUBJECT = re.compile(
    r"\b(?:the|both|all)\s+(?:(two|three|four|five|six)\s+)?(?:leaders|ministers|sides|men|women|"
    r"presidents|prime ministers|heads of (?:state|government)|delegations|countries|governments)\b"
    r"|\bthe\s+(two|three|four|five|six)\b|\btheir (?:talks|meeting)\b"
    r"|^(?:[A-Z][\w ,]{0,30},\s+)?they\b",
    re.I,
)


NUMBERED_GROUP = re.compile(
    r"\bthe\s+(two|three|four|five|six)\s+(?:[A-Z]\w+\s+)?(?:leaders|ministers|heads|presidents)\b",
    re.I,
)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def find_meetings(ctx: ArticleContext) -> list[Meeting]:
    all_triggers.cache_clear()  # the cache serves one article's repeated looks at a sentence
    gatherings = find_gatherings(ctx)
    in_scene = {s.start for g in gatherings for s in g.sentences}
    gatherings = [g for g in gatherings if len(g.countries) >= 2]
    meetings: list[Meeting] = []
    focus: int | None = None  # the official the text is currently about, for "He also met..."
    for index, sentence in enumerate(ctx.sentences):
        persons = ctx.persons_in(sentence.start, sentence.end)
        subject = persons[0].official if persons else focus
        # Inside a gathering, "chaired", "joined" or "attended" is taking part in it, not a
        # meeting of its own; only explicit talks are.
        weak = sentence.start not in in_scene
        for meeting in _sentence_meetings(ctx, index, sentence, subject, focus, weak):
            add_meeting(meetings, meeting)
        if persons:
            focus = persons[0].official
    for gathering in gatherings:
        add_meeting(meetings, gathering)
    return [m for m in meetings if len(m.countries) >= 2]


def _sentence_meetings(ctx, index, sentence, subject, focus, weak):
    text = sentence.text
    cues = meeting_cues()
    # Planned cues sit just before the trigger ("is expected to hold talks"): look there only.
    triggers = [
        m
        for m in triggers_in(text, weak)
        if not cues["planned_local"].search(text[max(0, m.start() - 80) : m.start()])
    ]
    if not triggers or cues["planned_sentence"].search(text):
        return []
    kind = meeting_kind(text)
    withs = [t for t in triggers if WITH_END.search(t.group(0))]
    if withs:
        return _with_meetings(ctx, index, sentence, withs, focus, kind)
    segments = _segments(ctx, sentence, triggers)
    out = []
    for seg_start, seg_end in segments:
        sides, participants = sides_in(ctx, sentence, seg_start, seg_end)
        lead = ctx.persons_in(sentence.start, sentence.start + triggers[0].start())
        # The subject is borrowed ("He also met...", "..., followed by a meeting with B") only
        # when the clause itself does not already show two sides.
        weak_only = all(meeting_cues()["presence"].fullmatch(t.group(0)) for t in triggers)
        borrow = seg_start > 0 or (not lead and not weak_only) or SUBJECT_PRONOUN.match(text)
        if borrow and len(sides) < 2 and subject is not None:
            official = ctx.officials[
                subject if seg_start > 0 or lead else (focus if focus is not None else subject)
            ]
            sides.add(official.country)
            participants.insert(0, official.name)
        if len(sides) < 2 and not weak_only:  # "Japan and the Philippines held a meeting"
            sides |= _country_subjects(ctx, sentence, triggers[0])
        group = GROUP_SUBJECT.search(text[:seg_end])
        if group and len(sides) < 2:
            size = group.group(1) or group.group(2) or "two"
            sides |= _group_sides(ctx, index, NUMBERS.get(size.lower(), 2))
        when = _segment_date(ctx, index, seg_start, seg_end)
        objects = _country_objects(ctx, sentence, triggers, seg_start, seg_end)
        out += _meetings_with_each(sides, objects, when, participants, kind, sentence)
    return out


def _meetings_with_each(sides, others, when, participants, kind, sentence) -> list[Meeting]:
    """One meeting of `sides` with all of `others`, or, where several countries are named after
    the trigger ("signed agreements with Germany and France"), one with each of them."""
    side_sets = [sides | {c} for c in others] if len(others) > 1 else [sides | set(others)]
    return [
        Meeting(
            date=when.value if when else None,
            precision=when.precision if when else None,
            countries=side_set,
            participants=list(dict.fromkeys(participants)),
            kind=kind,
            location=meeting_location(sentence.text),
            sentences=[sentence],
        )
        for side_set in side_sets
        if len(side_set) >= 2
    ]


OBJECT_END = re.compile(
    r"[.;:]|,\s+(?=[a-z])|\s+(?:in contrast|while|whereas|but|before|after|to (?:discuss|coordinate|align)|"
    r"where|which|who|on the sidelines|during)\b"
)


BOUNDARY_BEFORE = re.compile(r"[.;:]|,\s+(?:while|but|and)\b|\bwhile\b")


LIST_LAST_GAP = re.compile(r",?\s+and\s+[^,;.]*")  # "...Starmer and Polish Prime Minister "


LIST_GAP_BEFORE = re.compile(r",\s+[^,;.]*")  # "Macron, German Chancellor "


POSSESSIVE_BEFORE = re.compile(r"\b(?:his|her|their|its)\s+(?:\w+\s+){0,3}$", re.I)


def _with_meetings(ctx, index, sentence, withs, focus, kind) -> list[Meeting]:
    """ "A held talks with B", "a call between A and B": the sides are the subject and the
    people (or countries) after "with", clause by clause."""
    text = sentence.text
    out: list[Meeting] = []
    taken: set[int] = set()  # people already read as the other side of an earlier "with"
    for trigger in withs:
        end_match = OBJECT_END.search(text, trigger.end())
        end = end_match.start() if end_match else len(text)
        sides, participants = sides_in(ctx, sentence, trigger.end(), end)
        objects = [
            p.start for p in ctx.persons_in(sentence.start + trigger.end(), sentence.start + end)
        ]
        countries = [] if objects else _objects_after(ctx, sentence, trigger.end())
        if not trigger.group(0).lower().endswith("between"):
            found = _subject_of(ctx, sentence, trigger, taken, focus)
            for official in found:
                sides.add(ctx.officials[official].country)
                participants.insert(0, ctx.officials[official].name)
            if not found:  # "the US president's special envoy, who held talks with..."
                sides |= sides_in(ctx, sentence, 0, trigger.start())[0]
            group = NUMBERED_GROUP.search(text[: trigger.start()])
            if group:  # "Zelensky and the four European leaders had a call with Trump"
                size = NUMBERS[group.group(1).lower()] + len(found)
                sides |= _group_sides(ctx, index, size, sentence.start + trigger.start())
        taken.update(objects)
        start = 0
        for b in BOUNDARY_BEFORE.finditer(text, 0, trigger.start()):
            start = b.end()
        when = _segment_date(ctx, index, start, end)
        out += _meetings_with_each(sides, countries, when, participants, kind, sentence)
    return out


def _subject_of(ctx, sentence, trigger, taken, focus) -> list[int]:
    """Who had the talks: the person named last before the trigger, with the others of a list
    ending in it ("A, B and C arrived for talks with"); "his call with": the sentence's first
    person; else the one the text is about."""
    before = ctx.persons_in(sentence.start, sentence.start + trigger.start())
    if POSSESSIVE_BEFORE.search(sentence.text[: trigger.start()]) and before:
        return [before[0].official]
    free = [p for p in before if p.start not in taken]
    if free:
        chosen = [free[-1]]
        for earlier in reversed(free[:-1]):
            gap = ctx_text_between(sentence, earlier.end, chosen[0].start)
            pattern = LIST_LAST_GAP if len(chosen) == 1 else LIST_GAP_BEFORE
            if not pattern.fullmatch(gap):
                break
            chosen.insert(0, earlier)
        return [p.official for p in chosen]
    if ctx.title_only and any(
        sentence.start <= t.start < sentence.start + trigger.start() for t in ctx.title_only
    ):
        return []
    trigger_at = sentence.start + trigger.start()
    if any(
        m.kind == "name" and m.start >= sentence.start and 0 <= trigger_at - m.end <= 40
        for m in ctx.countries
    ):
        return []  # "Denmark and Finland signed agreements with...": countries, not a person
    return [] if focus is None else [focus]


def _objects_after(ctx, sentence, local_end) -> list[str]:
    """Countries named as a list right after "with": "agreements with Germany and France"."""
    objects: list[str] = []
    cursor = sentence.start + local_end
    for mention in ctx.countries:
        if mention.start < cursor or mention.kind not in ("name", "seat", "metonym"):
            continue
        gap = ctx_text_between(sentence, cursor, mention.start)
        if not re.fullmatch(r"\s*(?:the\s+|,\s*|and\s+)*", gap):
            break
        objects.append(mention.code)
        cursor = mention.end
    return list(dict.fromkeys(objects))


def _country_objects(ctx, sentence, triggers, seg_start, seg_end) -> list[str]:
    """Countries named right after "talks with" / "agreements with": the other sides."""
    objects: list[str] = []
    if not ctx.persons_in(sentence.start + seg_start, sentence.start + seg_end):
        return []
    strong = meeting_cues()["meeting"]
    for trigger in triggers:
        if not (seg_start <= trigger.start() < seg_end) or not trigger.group(0).lower().endswith(
            "with"
        ):
            continue
        if not strong.match(trigger.group(0)):
            continue
        cursor = sentence.start + trigger.end()
        for mention in ctx.countries:
            if mention.start < cursor or mention.kind not in ("name", "seat", "metonym"):
                continue
            gap = ctx_text_between(sentence, cursor, mention.start)
            if not re.fullmatch(r"\s*(?:the\s+|,\s*|and\s+)*", gap):
                break
            objects.append(mention.code)
            cursor = mention.end
    return list(dict.fromkeys(objects))


def _country_subjects(ctx, sentence, trigger) -> set[str]:
    """Two or more countries named as a list right before the trigger are its sides."""
    names = [
        m
        for m in ctx.countries
        if sentence.start <= m.start < sentence.start + trigger.start() and m.kind == "name"
    ]
    if len(names) < 2:
        return set()
    group = [names[-1]]
    for earlier in reversed(names[:-1]):
        gap = ctx_text_between(sentence, earlier.end, group[0].start)
        if not LIST_GAP.fullmatch(gap):
            break
        group.insert(0, earlier)
    tail = ctx_text_between(sentence, group[-1].end, sentence.start + trigger.start())
    if (
        len(group) < 2
        or len(tail) > 40
        or not CLAUSE_START.search(ctx_text_between(sentence, sentence.start, group[0].start))
    ):
        return set()
    return {m.code for m in group}


def _group_sides(ctx, index, size, until: int | None = None) -> set[str]:
    """ "The three leaders met": the countries of the officials named last, going back (in
    this sentence, only those before `until`)."""
    sides: set[str] = set()
    for back in range(index, max(-1, index - 12), -1):
        sentence = ctx.sentences[back]
        end = until if back == index and until is not None else sentence.end
        for person in reversed(ctx.persons_in(sentence.start, end)):
            if len(sides) < size:
                sides.add(ctx.officials[person.official].country)
        if len(sides) >= size:
            break
    return sides if len(sides) == size else set()


def _segments(ctx, sentence, triggers: list[Trigger]) -> list[tuple[int, int]]:
    """One clause per separately reported meeting: "talks with A, followed by a separate
    meeting with B" is two meetings, and so is "his call with A, unlike his call with B"."""
    cuts = []
    previous = triggers[0]
    for trigger in triggers[1:]:
        if trigger.start() < previous.end():
            continue
        between = ctx.persons_in(sentence.start + previous.end(), sentence.start + trigger.start())
        if between:
            cuts.append(trigger.start())
        previous = trigger
    bounds = [0, *cuts, len(sentence.text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _segment_date(ctx, index, seg_start, seg_end) -> DateMention | None:
    for found in ctx.dates.get(index, []):
        if seg_start <= found.start < seg_end and not found.future:
            return found
    return meeting_date(ctx, index)
