"""Words that say talks took place ("held talks with", "spoke by phone", "video link"), and
the kind of talks they make."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from defensetrack.extraction.context import meeting_cues

WITH_END = re.compile(r"\b(?:with|between)$", re.I)


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


IN_PERSON = re.compile(r"\bin person\b|\bin the hall\b", re.I)
# Words every match of each cue in data/meeting_cues.json contains: a cheap test before the
# regular expression. Keep in step with the cues when they change.
KEY_WORDS = {
    "meeting": (
        "met",
        "meet",
        "talk",
        "consultation",
        "discussion",
        "conversation",
        "bilateral",
        "lunch",
        "dinner",
        "breakfast",
        "called on",
        "courtesy",
        "sat down",
        "spent",
        "discuss",
        "2+2",
        "sign",
        "conference",
        "received",
        "welcomed",
        "hosted",
        "summit",
        "exchange",
        "clash",
        "row",
        "spat",
        "agreed with",
    ),
    "call": ("phone", "call", "rang"),
    "video_call": ("video", "virtual", "online"),
    "presence": (
        "host",
        "receiv",
        "welcom",
        "chair",
        "attend",
        "took part",
        "joined",
        "visit",
        "sign",
    ),
}
# A sentence without any of these has no trigger at all.
TRIGGER_WORDS = tuple(sorted({word for words in KEY_WORDS.values() for word in words}))
# The same word lists as single patterns over lower-cased text: one scan instead of many.
TRIGGER_HINT = re.compile("|".join(re.escape(w) for w in TRIGGER_WORDS))
KEY_HINTS = {
    key: re.compile("|".join(re.escape(w) for w in words)) for key, words in KEY_WORDS.items()
}


def triggers_in(text: str, weak: bool = True) -> tuple[Trigger, ...]:
    """Words saying talks took place. Weak ones ("joined", "by video link", "chaired") are
    left out inside a gathering, where they mean taking part in it."""
    if weak:
        return tuple(t for t, _strong in all_triggers(text))
    return tuple(t for t, strong in all_triggers(text) if strong)


@lru_cache(maxsize=1024)
def all_triggers(text: str) -> tuple[tuple[Trigger, bool], ...]:
    """Every trigger of a sentence with whether it holds inside a gathering too. "held talks"
    takes a following "with" along, so that the other side can be read after it."""
    lowered = text.lower()
    if not TRIGGER_HINT.search(lowered):
        return ()
    cues = meeting_cues()
    found = []
    for key in ("meeting", "call", "video_call", "presence"):
        if not KEY_HINTS[key].search(lowered):
            continue  # every match of this cue contains one of these words
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


def meeting_kind(text: str) -> str:
    """video_call, call or meeting; a hybrid meeting ("in person", "in the hall") is a meeting."""
    cues = meeting_cues()
    lowered = text.lower()
    video = KEY_HINTS["video_call"].search(lowered) and cues["video_call"].search(text)
    if video and not IN_PERSON.search(text):
        return "video_call"
    if KEY_HINTS["call"].search(lowered) and cues["call"].search(text):
        return "call"
    return "meeting"
