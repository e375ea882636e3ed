"""ArticleFacts -> the contract's JSON shape (docs/extraction-schema.md), plus evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from defensetrack.extraction.types import ArticleFacts, Span


def facts_to_dict(facts: ArticleFacts, id: str | None = None) -> dict:
    """Plain JSON-ready types only; amounts become int (or float if fractional) here and
    nowhere earlier, so no rounding happens along the way."""
    return {
        "id": id,
        "published": facts.published.isoformat() if facts.published else None,
        "countries": list(facts.countries),
        "officials": [
            {
                "name": o.name,
                "country": o.country,
                "role": o.role,
                "title": o.title,
                "aliases": list(o.aliases),
                "evidence": _evidence(o.evidence),
                "confidence": o.confidence,
            }
            for o in facts.officials
        ],
        "meetings": [
            {
                "date": m.date.isoformat() if m.date else None,
                "date_precision": m.date_precision,
                "countries": list(m.countries),
                "participants": list(m.participants),
                "kind": m.kind,
                "location": m.location or None,
                "topics": list(m.topics),
                "evidence": [_evidence(s) for s in m.evidence],
                "confidence": m.confidence,
            }
            for m in facts.meetings
        ],
        "pledges": [
            {
                "donor": p.donor,
                "recipient": p.recipient,
                "amount": json_number(p.money.amount),
                "currency": p.money.currency,
                "amount_text": p.money.text,
                "period": p.period,
                "kind": p.kind,
                "purpose": p.purpose,
                "announced_on": p.announced_on.isoformat() if p.announced_on else None,
                "evidence": _evidence(p.evidence),
                "confidence": p.confidence,
            }
            for p in facts.pledges
        ],
    }


def json_number(amount: Decimal) -> int | float:
    integral = amount.to_integral_value()
    return int(integral) if integral == amount else float(amount)


def _evidence(span: Span) -> dict:
    return {"text": span.text, "start": span.start, "end": span.end}
