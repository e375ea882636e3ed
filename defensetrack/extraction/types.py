"""The result types of extraction: frozen dataclasses, so facts can be shared and cached safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ROLES = (
    "head_of_state",
    "head_of_government",
    "defence_minister",
    "foreign_minister",
    "finance_minister",
    "other_minister",
    "deputy_minister",
)
MEETING_KINDS = ("meeting", "call", "video_call")
PLEDGE_KINDS = ("new", "cumulative")
DATE_PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Document:
    """An article split into its parts; `text` is the body that extract() reads."""

    title: str = ""
    outlet: str = ""
    location: str = ""
    published: date | None = None
    text: str = ""


@dataclass(frozen=True)
class Span:
    """A sentence of ArticleFacts.text, kept as evidence: text[start:end] == text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Money:
    """An amount as written; Decimal so that no float rounding creeps into sums."""

    amount: Decimal
    currency: str
    text: str


@dataclass(frozen=True)
class OfficialFact:
    name: str
    country: str
    role: str
    title: str
    aliases: tuple[str, ...]
    evidence: Span
    confidence: float


@dataclass(frozen=True)
class MeetingFact:
    date: date | None
    date_precision: str | None
    countries: tuple[str, ...]
    participants: tuple[str, ...]
    kind: str
    location: str
    topics: tuple[str, ...]
    evidence: tuple[Span, ...]
    confidence: float


@dataclass(frozen=True)
class PledgeFact:
    donor: str
    recipient: str
    money: Money
    period: str | None
    kind: str
    purpose: str
    announced_on: date | None
    evidence: Span
    confidence: float


@dataclass(frozen=True)
class ArticleFacts:
    published: date | None
    title: str
    text: str
    countries: tuple[str, ...] = ()
    officials: tuple[OfficialFact, ...] = ()
    meetings: tuple[MeetingFact, ...] = ()
    pledges: tuple[PledgeFact, ...] = field(default=())

    def to_dict(self, id: str | None = None) -> dict:
        """The extraction contract's JSON shape (see docs/extraction-schema.md)."""
        from defensetrack.extraction.serialize import facts_to_dict

        return facts_to_dict(self, id)
