"""Meetings: who talked with whom (in person, by phone, by video), when and where.

Sentence by sentence: a trigger ("held talks", "spoke by phone", "video link") that is not
planned ("will meet", "later today") and whose sentence shows officials or delegations of at
least two countries makes a meeting. A multilateral gathering (contact group, summit) takes
as sides every country shown taking part in the sentences that report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from defensetrack.extraction.clean import Sentence
from defensetrack.extraction.countries import CountryMention, is_demonym
from defensetrack.extraction.dates import DateMention
from defensetrack.extraction.knowledge import load_json
from defensetrack.extraction.people import Official, PersonMention, TitleOnlyMention

SPLIT_CUES = re.compile(
    r"\b(?:followed by|then|later|separately|a separate|before (?:meeting|talks|holding)|"
    r"after (?:meeting|talks))\b",
    re.I,
)
SUBJECT_PRONOUN = re.compile(r"^(?:[A-Z][\w ,]{0,30},\s+)?(?:he|she|they|the two|both)\b", re.I)
LOCATION = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w'’-]+(?:\.(?=\s[A-Z]))?(?:\s(?:(?:of|de|the)\s)?[A-Z][\w'’-]+)*)"
)
GROUP_SUBJECT = re.compile(
    r"\b(?:the|both|all)\s+(?:(two|three|four|five|six)\s+)?(?:leaders|ministers|sides|men|women|"
    r"presidents|prime ministers|heads of (?:state|government)|delegations|countries|governments)\b"
    r"|\bthe\s+(two|three|four|five|six)\b|\btheir (?:talks|meeting)\b"
    r"|^(?:[A-Z][\w ,]{0,30},\s+)?they\b",
    re.I,
)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
NOT_LOCATION = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|\d)"
)


@dataclass
class Meeting:
    date: date | None
    precision: str | None
    countries: set[str]
    participants: list[str]
    kind: str
    location: str
    sentences: list[Sentence] = field(default_factory=list)
    gathering: bool = False


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    data = load_json("meeting_cues.json")
    compiled = {}
    for key, pattern in data.items():
        if key.startswith("_"):
            continue
        if key == "planned_local":
            compiled[key] = re.compile(pattern, re.I)
        elif key == "participation":
            compiled[key] = re.compile(rf"\b(?:{pattern})", re.I)  # stems: "announc"
        elif key == "person_nouns":
            compiled[key] = re.compile(
                rf"^(?:\s+and\s+[A-Z][\w-]+)?(?:['’]s)?\s+(?:[\w-]+\s+)?(?:{pattern})s?\b", re.I
            )
        else:
            compiled[key] = re.compile(rf"\b(?:{pattern})\b", re.I)
    return compiled


@dataclass
class ArticleContext:
    """What meetings and pledges read: the sentences and every mention found in them."""

    sentences: list[Sentence]
    published: date | None
    officials: list[Official]
    persons: list[PersonMention]
    title_only: list[TitleOnlyMention]
    countries: list[CountryMention]
    dates: dict[int, list[DateMention]]  # sentence index -> dates, offsets local

    def persons_in(self, start: int, end: int) -> list[PersonMention]:
        return [p for p in self.persons if start <= p.start < end]

    def sentence_date(self, index: int) -> DateMention | None:
        found = self.dates.get(index, [])
        dated = [d for d in found if not d.future]
        return dated[0] if dated else None


def find_meetings(ctx: ArticleContext) -> list[Meeting]:
    _all_triggers.cache_clear()  # the cache serves one article's repeated looks at a sentence
    gatherings = _gatherings(ctx)
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
            _add(meetings, meeting)
        if persons:
            focus = persons[0].official
    for gathering in gatherings:
        _add(meetings, gathering)
    return [m for m in meetings if len(m.countries) >= 2]


def _sentence_meetings(ctx, index, sentence, subject, focus, weak):
    text = sentence.text
    cues = _cues()
    triggers = [
        m for m in _triggers(text, weak) if not cues["planned_local"].search(text[: m.start()])
    ]
    if not triggers or cues["planned_sentence"].search(text):
        return []
    kind = _kind(text)
    withs = [t for t in triggers if WITH_END.search(t.group(0))]
    if withs:
        return _with_meetings(ctx, index, sentence, withs, focus, kind)
    segments = _segments(ctx, sentence, triggers)
    out = []
    for seg_start, seg_end in segments:
        sides, participants = _sides(ctx, sentence, seg_start, seg_end)
        lead = ctx.persons_in(sentence.start, sentence.start + triggers[0].start())
        # The subject is borrowed ("He also met...", "..., followed by a meeting with B") only
        # when the clause itself does not already show two sides.
        weak_only = all(_cues()["presence"].fullmatch(t.group(0)) for t in triggers)
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
        # "signed agreements with Germany and France": one meeting with each of them.
        for side_set in (
            [sides | {c} for c in objects] if len(objects) > 1 else [sides | set(objects)]
        ):
            if len(side_set) < 2:
                continue
            out.append(
                Meeting(
                    date=when.value if when else None,
                    precision=when.precision if when else None,
                    countries=side_set,
                    participants=list(dict.fromkeys(participants)),
                    kind=kind,
                    location=_location(text),
                    sentences=[sentence],
                )
            )
    return out


WITH_END = re.compile(r"\b(?:with|between)$", re.I)
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
        sides, participants = _sides(ctx, sentence, trigger.end(), end)
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
                sides |= _sides(ctx, sentence, 0, trigger.start())[0]
        taken.update(objects)
        start = 0
        for b in BOUNDARY_BEFORE.finditer(text, 0, trigger.start()):
            start = b.end()
        when = _segment_date(ctx, index, start, end)
        for side_set in (
            [sides | {c} for c in countries] if len(countries) > 1 else [sides | set(countries)]
        ):
            if len(side_set) < 2:
                continue
            out.append(
                Meeting(
                    date=when.value if when else None,
                    precision=when.precision if when else None,
                    countries=side_set,
                    participants=list(dict.fromkeys(participants)),
                    kind=kind,
                    location=_location(text),
                    sentences=[sentence],
                )
            )
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
    strong = _cues()["meeting"]
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


def ctx_text_between(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start : end - sentence.start]


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


def _group_sides(ctx, index, size) -> set[str]:
    """ "The three leaders met": the countries of the officials named last, going back."""
    sides: set[str] = set()
    for back in range(index, max(-1, index - 12), -1):
        sentence = ctx.sentences[back]
        for person in reversed(ctx.persons_in(sentence.start, sentence.end)):
            if len(sides) < size:
                sides.add(ctx.officials[person.official].country)
        if len(sides) >= size:
            break
    return sides if len(sides) == size else set()


@dataclass(frozen=True)
class Trigger:
    """Words saying talks took place; read like a regex match (start(), end(), group(0))."""

    begin: int
    finish: int
    words: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, _index: int = 0) -> str:
        return self.words


WITH_OR_BETWEEN = re.compile(r"\b(?:with|between)\b", re.I)
FOLLOWING_WITH = re.compile(r"\s+(?:in (?-i:[A-Z])[\w-]+\s+)?(?:with|between)\b", re.I)


TRIGGER_WORDS = (
    "met",
    "meet",
    "talk",
    "call",
    "phone",
    "video",
    "virtual",
    "online",
    "host",
    "receiv",
    "welcom",
    "chair",
    "attend",
    "took part",
    "joined",
    "visit",
    "sign",
    "discuss",
    "sat down",
    "spent",
    "conversation",
    "consultation",
    "2+2",
    "rang",
    "link",
    "lunch",
    "conferenc",
)


def _triggers(text: str, weak: bool = True) -> tuple[Trigger, ...]:
    """Words saying talks took place. Weak ones ("joined", "by video link", "chaired") are
    left out inside a gathering, where they mean taking part in it."""
    if weak:
        return tuple(t for t, _strong in _all_triggers(text))
    return tuple(t for t, strong in _all_triggers(text) if strong)


@lru_cache(maxsize=1024)
def _all_triggers(text: str) -> tuple[tuple[Trigger, bool], ...]:
    """Every trigger of a sentence with whether it holds inside a gathering too. "held talks"
    takes a following "with" along, so that the other side can be read after it."""
    lowered = text.lower()
    if not any(word in lowered for word in TRIGGER_WORDS):
        return ()
    cues = _cues()
    found = []
    for key in ("meeting", "call", "video_call", "presence"):
        for m in cues[key].finditer(text):
            end = m.end()
            tail = FOLLOWING_WITH.match(text, end)
            if tail and not WITH_END.search(m.group(0)):
                end = tail.end()
            words = text[m.start() : end]
            strong = key == "meeting" or bool(WITH_OR_BETWEEN.search(words))
            found.append((Trigger(m.start(), end, words), strong and key != "presence"))
    found.sort(key=lambda pair: pair[0].start())
    return tuple(found)


def _kind(text: str) -> str:
    cues = _cues()
    if cues["video_call"].search(text) and not re.search(
        r"\bin person\b|\bin the hall\b", text, re.I
    ):
        return "video_call"
    if cues["call"].search(text):
        return "call"
    return "meeting"


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
    return _meeting_date(ctx, index)


def _sides(ctx, sentence, start, end) -> tuple[set[str], list[str]]:
    """Countries of the people and delegations named in text[start:end] of the sentence."""
    lo, hi = sentence.start + start, sentence.start + end
    sides: set[str] = set()
    participants: list[str] = []
    for person in ctx.persons_in(lo, hi):
        official = ctx.officials[person.official]
        sides.add(official.country)
        participants.append(official.name)
    for mention in ctx.title_only:
        if lo <= mention.start < hi:
            sides.add(mention.country)
    sides |= _delegations(ctx, sentence, lo, hi)
    return sides, participants


# "the leaders of Japan, South Korea and New Zealand"
PEOPLE_OF = re.compile(
    r"\b(?:leaders?|ministers?|representatives|delegations?|counterparts|heads of (?:state|government)|"
    r"envoys?)\s+(?:of|from)\s+(?:(?:the\s+)?[A-Z][\w ]*?(?:,\s*|\s+and\s+))*(?:the\s+)?$"
)


def _delegations(ctx, sentence, lo, hi) -> set[str]:
    """ "the British delegation", "US envoy", "his Polish counterpart": a country as a side."""
    nouns = _cues()["person_nouns"]
    text = sentence.text
    sides = set()
    for mention in ctx.countries:
        if lo <= mention.start < hi and mention.kind in ("name", "demonym", "seat", "metonym"):
            local = mention.start - sentence.start
            tail = text[mention.end - sentence.start : mention.end - sentence.start + 40]
            if nouns.match(tail) or PEOPLE_OF.search(text[max(0, local - 80) : local]):
                sides.add(mention.code)
    return sides


def _meeting_date(ctx, index) -> DateMention | None:
    """The sentence's own date, else the last date given before it in the same section,
    else (in the reported event, not background) the publication date."""
    sentence = ctx.sentences[index]
    own = ctx.sentence_date(index)
    if own is not None:
        return own
    for back in range(index - 1, -1, -1):
        previous = ctx.sentences[back]
        if previous.background != sentence.background:
            break
        if sentence.background and previous.paragraph != sentence.paragraph:
            break
        found = ctx.sentence_date(back)
        if found is not None and found.value is not None:
            return found
    if sentence.background or ctx.published is None:
        return None
    return DateMention(0, 0, ctx.published, "day")


def _location(text: str) -> str:
    """Where the talks were: the first place after "in"/"at" that is not a date, an
    organisation's acronym ("at NATO headquarters") or a demonym ("in the Albanian capital")."""
    for m in LOCATION.finditer(text):
        place = m.group(1).rstrip(".")
        if NOT_LOCATION.match(place) or place.isupper() or is_demonym(place.split()[0]):
            continue
        return place
    return ""


def _add(meetings: list[Meeting], meeting: Meeting) -> None:
    """One meeting per set of sides and date: a restatement adds evidence, not a meeting."""
    for existing in meetings:
        elsewhere = (
            existing.gathering != meeting.gathering
            and existing.location
            and meeting.location
            and existing.location != meeting.location
        )
        if (
            existing.countries == meeting.countries
            and _near(existing.date, meeting.date)
            and not elsewhere
        ):
            existing.sentences.extend(s for s in meeting.sentences if s not in existing.sentences)
            existing.participants = list(
                dict.fromkeys(existing.participants + meeting.participants)
            )
            if existing.date is None:
                existing.date, existing.precision = meeting.date, meeting.precision
            if not existing.location:
                existing.location = meeting.location
            if existing.kind == "meeting" and meeting.kind != "meeting":
                existing.kind = meeting.kind
            return
    meetings.append(meeting)


def _near(a: date | None, b: date | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs((a - b).days) <= 1


def _gatherings(ctx: ArticleContext) -> list[Meeting]:
    """Contact groups, summits, ministerials: one meeting with every country shown taking part."""
    cues = _cues()
    meetings: list[Meeting] = []
    done: set[tuple[date | None, bool]] = set()
    for index, sentence in enumerate(ctx.sentences):
        lowered = sentence.text.lower()
        if not any(word in lowered for word in GATHERING_WORDS):
            continue
        found = cues["gathering"].search(sentence.text)
        if not found or cues["planned_sentence"].search(sentence.text):
            continue
        if SETTING_ONLY.search(sentence.text[: found.start()]):
            continue  # "on the sidelines of the summit": the setting of other talks
        if HYPOTHETICAL_BEFORE.search(sentence.text[: found.start()]):
            continue  # "cautious about a summit": one that has not happened
        if (
            cues["meeting"].search(sentence.text[: found.start()])
            and len(ctx.persons_in(sentence.start, sentence.end)) >= 2
        ):
            continue  # "A met B in Tirana, where leaders gathered for the summit": A and B's talks
        when = _meeting_date(ctx, index)
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
            kind=_kind(" ".join(s.text for s in scene[:2])),
            location=_location(sentence.text),
            sentences=scene,
            gathering=True,
        )
        _add(meetings, meeting)
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
    cues = _cues()
    return any(_triggers(s.text) or cues["participation"].search(s.text) for s in scene[:3])


CLAUSE_BOUNDARY = re.compile(r"[:;]|,\s+(?:while|whereas|but|and)\b|\bwhile\b")
PRESENCE_CUE = re.compile(
    r"video link|by video|sent (?:representatives|delegations?|ministers)|delegations?\b|took part|attended|joined",
    re.I,
)
DATELINE_OPENING = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[\w .'’-]{2,40})?\s+[–—-]\s+")
CLAUSE_START = re.compile(r"(?:^|[.;:]\s+|,\s+(?:and|while|but)\s+|\band\s+)(?:the\s+)?$", re.I)
HOSTILE_ACT = re.compile(
    r"^\s+(?:\w+\s+){0,3}(?:attack|invad|strik|launch|shell|occup|bomb|fir(?:ed|ing)|advanc|captur|kill)",
    re.I,
)
REPORTED_START = re.compile(r"\bthat\s+(?:the\s+)?$", re.I)
REPORTED_VERB = re.compile(
    r"^\s+(?:had\s+|has\s+)?(?:announced|pledged|promised|committed|offered|would provide|will provide|"
    r"would send|will send|would supply|will supply)\b"
)
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
COUNTRY_VERB = re.compile(
    r"^(?:\s+(?:alone|also|too|itself))?\s+(?:will|would|is|has|had|was|are|were|announced|pledged|"
    r"promised|committed|offered|said|pledges|promises|commits|offers|plans|intends|confirmed|agreed|"
    r"used|took|joined|sent|indicated|presented|unveiled)\b"
)


def _participants(ctx, sentence, first: bool = False) -> tuple[set[str], list[str]]:
    """Countries a sentence shows taking part in a gathering: its officials and delegations,
    countries said to attend or follow by video, countries announcing something there."""
    if not first and _has_own_talks(sentence.text):
        return set(), []  # bilateral talks on the side are a meeting of their own
    if not first and NOT_YET.search(sentence.text):
        return set(), []  # "was expected to meet X later": not (yet) taking part
    text = sentence.text
    if first:
        sides, names = _sides(ctx, sentence, 0, len(text))
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
        if not CLAUSE_START.search(before) and not reported:
            i += 1
            continue
        group = [names[i]]
        while i + 1 < len(names) and LIST_GAP.fullmatch(
            text[group[-1].end - sentence.start : names[i + 1].start - sentence.start]
        ):
            i += 1
            group.append(names[i])
        verb = REPORTED_VERB if reported else COUNTRY_VERB
        rest = text[group[-1].end - sentence.start :]
        if verb.match(rest) and not HOSTILE_ACT.match(rest):
            acting |= {m.code for m in group}
        i += 1
    return acting


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
    cues = _cues()
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
    for start, end, official in spans:
        after = text[end - sentence.start : end - sentence.start + 80]
        before = text[max(0, start - sentence.start - 15) : start - sentence.start]
        if not cues["participation"].search(after) and not ACCORDING_TO.search(before):
            continue
        if official is None:
            sides.add(next(t.country for t in ctx.title_only if t.start == start))
        else:
            sides.add(official.country)
            names.append(official.name)
    sides |= _delegations(ctx, sentence, sentence.start, sentence.end)
    return sides, names


def _has_own_talks(text: str) -> bool:
    if not _triggers(text):
        return False
    cues = _cues()
    return bool(
        (cues["meeting"].search(text) or cues["call"].search(text))
        and not cues["gathering"].search(text)
    )
