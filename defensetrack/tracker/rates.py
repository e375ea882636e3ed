"""Yearly average EUR exchange rates, shipped as data, so pledge totals can be compared in euros.

The table (data/eur_rates.csv) holds units of currency per euro, as Decimal strings. A pledge is
converted at the rate of the year it was announced; a year missing from the table uses the nearest
year listed, and the result says which rate and year were used so the page can show it.
"""

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

RATES_FILE = Path(__file__).parent / "data" / "eur_rates.csv"
SOURCES = {
    "ECB": "European Central Bank, annual average of the euro foreign exchange reference rates",
    "NBU×ECB": "National Bank of Ukraine UAH/USD annual average × ECB USD annual average "
    "(approximate: the ECB publishes no hryvnia rate)",
}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EurRate:
    currency: str
    year: int
    per_eur: Decimal  # units of `currency` for one euro
    source: str  # a key of SOURCES

    @property
    def source_text(self) -> str:
        return SOURCES.get(self.source, self.source)


@dataclass(frozen=True)
class Conversion:
    """An amount in euros and the rate behind it; `rate` is None when the amount was in EUR."""

    eur: Decimal
    rate: EurRate | None
    asked_year: int | None

    @property
    def used_other_year(self) -> bool:
        return self.rate is not None and self.rate.year != self.asked_year


@cache
def load_rates() -> dict[str, dict[int, EurRate]]:
    """The shipped table by currency and year; read once per process."""
    table: dict[str, dict[int, EurRate]] = {}
    with RATES_FILE.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            rate = EurRate(
                row["currency"], int(row["year"]), Decimal(row["per_eur"]), row["source"]
            )
            table.setdefault(rate.currency, {})[rate.year] = rate
    return table


def rate_for(currency: str, year: int | None) -> EurRate | None:
    """The rate of `year`, else the nearest year listed (the later one on a tie); None if unknown."""
    by_year = load_rates().get(currency.upper())
    if not by_year:
        return None
    if year is None:
        return by_year[max(by_year)]
    nearest = min(by_year, key=lambda listed: (abs(listed - year), -listed))
    return by_year[nearest]


def to_eur(amount: Decimal, currency: str, year: int | None) -> Conversion | None:
    """`amount` in euros, rounded to the cent; None when the table has no rate for the currency."""
    if currency.upper() == "EUR":
        return Conversion(eur=amount.quantize(CENT), rate=None, asked_year=year)
    rate = rate_for(currency, year)
    if rate is None:
        return None
    eur = (amount / rate.per_eur).quantize(CENT, rounding=ROUND_HALF_EVEN)
    return Conversion(eur=eur, rate=rate, asked_year=year)
