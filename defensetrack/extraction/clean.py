"""Page noise out, sentences in: the cleaned text that every fact's offsets refer to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from defensetrack.extraction.document import VIEW_COUNTER

SHARE_LINE = re.compile(
    r"^\s*(?:share(?: this)?|tweet|print|subscribe|follow us|read (?:also|more)|see also|"
    r"related|advertisement|photo credit)\b[^.]{0,80}$",
    re.I,
)
READ_ALSO_PREFIX = re.compile(r"^\s*(?:read (?:also|more)|see also)\s*[:\-–]", re.I)
# "Let us remind you" and its kin open background: its events still count, but they
# are not the reported event, so they are not dated from the publication date.
BACKGROUND_MARKER = re.compile(
    r"^\s*(?:let us remind you|let us recall|recall that|background|for reference|as a reminder|"
    r"earlier,? |previously,? )",
    re.I,
)
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "approx",
        "inc",
        "ltd",
        "co",
        "corp",
        "adm",
        "capt",
        "sgt",
        "gov",
        "prof",
        "est",
        "dept",
        "fig",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "cf",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-ÖØ-Þ])")


MAX_SENTENCE = 600  # characters; longer ones are cut at spaces


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    background: bool


def clean_text(body: str) -> str:
    """Drop lines that are not the article's own text: pasted "read also" headlines with
    their view counters, share buttons. Captions stay: they are the article's text."""
    if not isinstance(body, str):
        body = str(body)
    kept = []
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if VIEW_COUNTER.search(stripped) or READ_ALSO_PREFIX.match(stripped):
            continue
        if SHARE_LINE.match(stripped):
            continue
        kept.append(" ".join(stripped.split()))
    return "\n".join(kept)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets; a line is a paragraph, and a background marker line makes the
    rest of the article background."""
    sentences: list[Sentence] = []
    offset = 0
    background = False
    for paragraph, line in enumerate(text.split("\n")):
        if (BACKGROUND_MARKER.match(line) and len(line) < 40) or line.lower().startswith(
            ("let us remind you", "recall that")
        ):
            background = True
        start = 0
        for match in SENTENCE_END.finditer(line):
            if _ends_with_abbreviation(line[start : match.start() + 1]):
                continue
            end = match.start() + len(match.group(0).rstrip())
            sentences.append(_sentence(line, offset, start, end, paragraph, background))
            start = match.end()
        if start < len(line):
            sentences.append(_sentence(line, offset, start, len(line), paragraph, background))
        offset += len(line) + 1
    return _bounded([s for s in sentences if s.text])


def _sentence(line: str, offset: int, start: int, end: int, paragraph: int, bg: bool) -> Sentence:
    return Sentence(offset + start, offset + end, line[start:end], paragraph, bg)


def _bounded(sentences: list[Sentence]) -> list[Sentence]:
    """News sentences are short; a "sentence" of thousands of characters is a page without
    punctuation. Cut it into pieces at spaces, so that no rule ever reads a huge span."""
    out = []
    for s in sentences:
        if len(s.text) <= MAX_SENTENCE:
            out.append(s)
            continue
        start = 0
        while start < len(s.text):
            end = min(len(s.text), start + MAX_SENTENCE)
            if end < len(s.text):
                cut = s.text.rfind(" ", start + MAX_SENTENCE // 2, end)
                end = cut if cut > start else end
            piece = s.text[start:end]
            out.append(Sentence(s.start + start, s.start + end, piece, s.paragraph, s.background))
            start = end
    return [s for s in out if s.text.strip()]


def _ends_with_abbreviation(chunk: str) -> bool:
    words = chunk.split()
    if not words:
        return False
    last = words[-1].rstrip(".").lower()
    if len(last) == 1 and last.isalpha():
        return True  # an initial: "Lloyd J. Austin"
    return last in ABBREVIATIONS
