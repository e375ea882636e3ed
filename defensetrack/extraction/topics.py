"""Topics of a meeting from the closed list, by keywords in its evidence."""

from __future__ import annotations

import re
from functools import cache

from defensetrack.extraction.knowledge import load_json


@cache
def _topic_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for all keywords; the group that matched names the topic."""
    data = load_json("topics.json")
    topics = tuple(t for t in data if not t.startswith("_"))
    body = "|".join(
        f"(?P<t{i}>" + "|".join(re.escape(k.lower()) for k in data[t]) + ")"
        for i, t in enumerate(topics)
    )
    return re.compile(rf"\b(?:{body})"), topics  # keywords are lower case; text is lowered


def find_topics(text: str) -> tuple[str, ...]:
    """Topics of the closed list whose keywords occur, in the list's order."""
    pattern, topics = _topic_pattern()
    found = {int(m.lastgroup[1:]) for m in pattern.finditer(text.lower())}
    return tuple(topics[i] for i in sorted(found))
