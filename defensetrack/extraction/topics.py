"""Topics of a meeting from the closed list, by keywords in its evidence."""

from __future__ import annotations

import re
from functools import cache

from defensetrack.extraction.knowledge import load_json


@cache
def _topic_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_json("topics.json")
    return tuple(
        (topic, re.compile(r"\b(?:" + "|".join(re.escape(k) for k in words) + ")", re.I))
        for topic, words in data.items()
        if not topic.startswith("_")
    )


def find_topics(text: str) -> tuple[str, ...]:
    return tuple(topic for topic, pattern in _topic_patterns() if pattern.search(text))
