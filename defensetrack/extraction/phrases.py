"""Finding many known phrases (names, aliases) in text fast, without one giant regex.

A regex alternation of thousands of names is slow in Python's re. Instead we index phrases
by their first word and only look at capitalised words of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

CAPITALISED_WORD = re.compile(r"(?<![\w'’])[^\W\d_a-z]\w*")
FIRST_WORD = re.compile(r"\w+")


class PhraseIndex:
    """Known phrases, each starting with a capital letter, looked up by their first word."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[str]] = {}
        for phrase in set(phrases):
            if phrase and phrase[0].isupper():
                self._by_first.setdefault(FIRST_WORD.match(phrase).group(0), []).append(phrase)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)  # the longest phrase wins

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, phrase) for each occurrence, leftmost-longest, not overlapping."""
        cursor = 0
        for start, word in capitalised_words(text):
            if start < cursor:
                continue
            for phrase in self._by_first.get(word, ()):
                end = start + len(phrase)
                if text.startswith(phrase, start) and _ends_word(text, end):
                    yield start, end, phrase
                    cursor = end
                    break


@lru_cache(maxsize=4)
def capitalised_words(text: str) -> tuple[tuple[int, str], ...]:
    """(start, word) of every capitalised word; cached because the country, knowledge-base and
    people indexes all read the same article."""
    return tuple((m.start(), m.group(0)) for m in CAPITALISED_WORD.finditer(text))


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] == "_")
