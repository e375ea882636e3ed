"""Pledge totals per currency, converted to EUR with the shipped yearly rates (shown on the page)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from defensetrack.tracker.rates import Conversion, to_eur


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    amount: Decimal
    count: int
    eur: Decimal | None  # None when a year's amount has no rate in the table
    conversions: tuple[Conversion, ...]  # one per announcement year, to show rate and year


def currency_totals(rows: list[dict]) -> list[CurrencyTotal]:
    """Fold (currency, year, total, count) rows into one total per currency, largest in EUR first."""
    by_currency: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_currency[row["currency"]].append(row)
    totals = [_total(currency, group) for currency, group in by_currency.items()]
    return sorted(totals, key=lambda t: (t.eur is None, -(t.eur or 0), t.currency))


def _total(currency: str, rows: list[dict]) -> CurrencyTotal:
    conversions = [to_eur(row["total"], currency, row["year"]) for row in rows]
    known = [c for c in conversions if c is not None]
    eur = sum((c.eur for c in known), Decimal(0)) if len(known) == len(rows) else None
    return CurrencyTotal(
        currency=currency,
        amount=sum((row["total"] for row in rows), Decimal(0)),
        count=sum(row["count"] for row in rows),
        eur=eur,
        conversions=tuple(c for c in known if c.rate is not None),
    )
