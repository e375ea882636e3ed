"""Extraction: article text -> facts (countries, officials, meetings, pledges).

Pure Python on purpose: nothing here imports Django or the rest of defensetrack, reads
files outside data/, touches the network or asks for today's date.
"""

from defensetrack.extraction.document import parse_document
from defensetrack.extraction.pipeline import extract
from defensetrack.extraction.types import (
    ArticleFacts,
    Document,
    MeetingFact,
    Money,
    OfficialFact,
    PledgeFact,
    Span,
)

EXTRACTOR_VERSION = "1.0.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleFacts",
    "Document",
    "MeetingFact",
    "Money",
    "OfficialFact",
    "PledgeFact",
    "Span",
    "extract",
    "parse_document",
]
