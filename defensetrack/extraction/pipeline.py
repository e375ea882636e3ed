"""Runs the steps in order over the cleaned text and assembles ArticleFacts."""

from __future__ import annotations

from collections import Counter
from datetime import date

from defensetrack.extraction.clean import Sentence, clean_text, split_sentences
from defensetrack.extraction.countries import countries_named, find_country_mentions
from defensetrack.extraction.dates import find_dates
from defensetrack.extraction.meetings import ArticleContext, Meeting, find_meetings
from defensetrack.extraction.people import Official, find_officials, find_person_mentions
from defensetrack.extraction.pledges import Pledge, find_pledges
from defensetrack.extraction.topics import find_topics
from defensetrack.extraction.types import (
    ArticleFacts,
    MeetingFact,
    OfficialFact,
    PledgeFact,
    Span,
)

# The country most articles are about; a pledge with no named recipient goes to it only
# when the article names it.
DEFAULT_RECIPIENT = "UA"
MAX_TEXT = 60_000  # characters read per article


def extract(text: str, *, published: date | None = None, title: str = "") -> ArticleFacts:
    """The facts of one article body. Never raises: a failure yields empty facts, because one
    odd article must not stop a batch."""
    try:
        return _extract(text if isinstance(text, str) else str(text), published, title or "")
    except Exception:
        cleaned = clean_text(text) if isinstance(text, str) else ""
        return ArticleFacts(published=published, title=title or "", text=cleaned)


def _extract(raw: str, published: date | None, title: str) -> ArticleFacts:
    text = _bounded_text(clean_text(raw))
    sentences = split_sentences(text)
    mentions = find_country_mentions(text)
    counts = Counter(m.code for m in mentions if m.kind != "place")
    main_country = counts.most_common(1)[0][0] if counts else ""
    officials, title_only = find_officials(sentences, text, mentions, published, main_country)
    persons = find_person_mentions(text, officials)
    dates = {i: find_dates(s.text, published) for i, s in enumerate(sentences)}
    ctx = ArticleContext(sentences, published, officials, persons, title_only, mentions, dates)
    meetings = find_meetings(ctx)
    recipient = _usual_recipient(counts)
    pledges = find_pledges(ctx, recipient)
    codes = countries_named(mentions) | {o.country for o in officials}
    for meeting in meetings:
        codes |= meeting.countries
    for pledge in pledges:
        codes |= {pledge.donor, pledge.recipient}
    codes.discard("EU")
    codes.discard("")
    return ArticleFacts(
        published=published,
        title=title,
        text=text,
        countries=tuple(sorted(codes)),
        officials=tuple(_official_fact(o) for o in officials),
        meetings=tuple(_meeting_fact(m, sentences) for m in meetings),
        pledges=tuple(_pledge_fact(p) for p in pledges),
    )


def _bounded_text(text: str) -> str:
    """A news article is a few thousand words; anything far longer is a page dump, and only
    its beginning is read, cut at a paragraph, so that time per article stays bounded."""
    if len(text) <= MAX_TEXT:
        return text
    cut = text.rfind("\n", 0, MAX_TEXT)
    return text[: cut if cut > MAX_TEXT // 2 else MAX_TEXT]


def _usual_recipient(counts: Counter) -> str:
    """Ukraine, when the article is about it (named more than once, or among the two countries
    named most); an article that mentions Ukraine only in passing has no usual recipient."""
    top = [code for code, _ in counts.most_common(2)]
    return DEFAULT_RECIPIENT if counts[DEFAULT_RECIPIENT] >= 2 or DEFAULT_RECIPIENT in top else ""


def _span(sentence: Sentence) -> Span:
    return Span(sentence.start, sentence.end, sentence.text)


def _official_fact(official: Official) -> OfficialFact:
    return OfficialFact(
        name=official.name,
        country=official.country,
        role=official.role,
        title=official.title,
        aliases=tuple(sorted(official.aliases)),
        evidence=_span(official.sentence),
        confidence=round(official.confidence, 2),
    )


def _meeting_fact(meeting: Meeting, sentences: list[Sentence]) -> MeetingFact:
    evidence = tuple(_span(s) for s in meeting.sentences)
    return MeetingFact(
        date=meeting.date,
        date_precision=meeting.precision if meeting.date else None,
        countries=tuple(sorted(meeting.countries)),
        participants=tuple(meeting.participants),
        kind=meeting.kind,
        location=meeting.location,
        topics=find_topics(_topic_text(meeting, sentences)),
        evidence=evidence,
        confidence=0.7 if meeting.gathering else 0.8,
    )


def _topic_text(meeting: Meeting, sentences: list[Sentence]) -> str:
    """The evidence and, for talks reported in one sentence, the two sentences after it in the
    same section ("They discussed drones and air defence")."""
    chosen = list(meeting.sentences[:4])
    if len(chosen) == 1 and chosen[0] in sentences:
        at = sentences.index(chosen[0])
        chosen += [s for s in sentences[at + 1 : at + 3] if s.background == chosen[0].background]
    return " ".join(s.text for s in chosen)


def _pledge_fact(pledge: Pledge) -> PledgeFact:
    return PledgeFact(
        donor=pledge.donor,
        recipient=pledge.recipient,
        money=pledge.money,
        period=pledge.period,
        kind=pledge.kind,
        purpose=pledge.purpose,
        announced_on=pledge.announced_on,
        evidence=_span(pledge.sentence),
        confidence=pledge.confidence,
    )
