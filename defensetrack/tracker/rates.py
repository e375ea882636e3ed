"""Converting pledge totals to EUR with a shipped table of yearly average rates (Decimal).

Pages show the rate and year used, and the table's source, next to every converted figure.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

SOURCE = "European Central Bank reference rates, yearly averages (UAH: National Bank of Ukraine)"


@dataclass(frozen=True)
class Conversion:
    eur: Decimal
    rate: Decimal  # units of the currency per 1 EUR
    year: int


@cache
def _table() -> dict[str, dict[int, Decimal]]:
    text = resources.files("defensetrack.tracker").joinpath("data/eur_rates.csv").read_text()
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    table: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        table.setdefault(row["currency"], {})[int(row["year"])] = Decimal(row["per_eur"])
    return table


def to_eur(amount: Decimal, currency: str, year: int | None) -> Conversion | None:
    """The amount in EUR at that year's average (the nearest year we have); None if unknown."""
    if currency == "EUR":
        return Conversion(eur=amount, rate=Decimal(1), year=year or 0)
    years = _table().get(currency)
    if not years:
        return None
    chosen = min(years, key=lambda y: abs(y - year)) if year else max(years)
    rate = years[chosen]
    return Conversion(eur=(amount / rate).quantize(Decimal("1")), rate=rate, year=chosen)
