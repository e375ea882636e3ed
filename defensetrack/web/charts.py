"""Shapes selector output into SVG geometry; templates only draw what is computed here."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, PAD = 720, 160, 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    kind: str  # "meetings" or "pledges"
    count: int


@dataclass(frozen=True)
class Column:
    title: str  # "January 2025: 2 meeting(s), 1 pledge(s)", read by screen readers and on hover
    bars: list[Bar]


@dataclass(frozen=True)
class MonthChart:
    columns: list[Column]
    ticks: list[tuple[float, str]]
    peak: int
    summary: str  # the chart in words, for screen readers
    width: int = WIDTH
    height: int = HEIGHT


def month_chart(rows: list[tuple[date, int, int]], *, months: int = 36) -> MonthChart | None:
    """Stacked bars for each month from the first with events to the last, at most `months`
    of them; None when there are none. Months without events get an empty column, so the
    bars stand on a time axis: a quiet quarter shows as a gap, not as bars pushed together."""
    rows = _every_month(rows)[-months:]
    if not rows:
        return None
    peak = max(m + p for _, m, p in rows) or 1
    step = (WIDTH - 2 * PAD) / len(rows)
    scale = (HEIGHT - 2 * PAD) / peak
    columns: list[Column] = []
    ticks: list[tuple[float, str]] = []
    for index, (month, meetings, pledges) in enumerate(rows):
        x = PAD + index * step
        label = month.strftime("%b %Y")
        base = HEIGHT - PAD
        bars: list[Bar] = []
        for kind, count in (("meetings", meetings), ("pledges", pledges)):
            if count:
                bars.append(
                    Bar(
                        x, base - count * scale, max(step - 2, 1), count * scale, label, kind, count
                    )
                )
                base -= count * scale
        title = f"{month:%B %Y}: {meetings} meeting(s), {pledges} pledge(s)"
        columns.append(Column(title=title, bars=bars))
        if index % max(len(rows) // 6, 1) == 0:
            ticks.append((x, label))
    total_m = sum(m for _, m, _ in rows)
    total_p = sum(p for _, _, p in rows)
    summary = (
        f"Events per month from {rows[0][0]:%B %Y} to {rows[-1][0]:%B %Y}: "
        f"{total_m} meetings and {total_p} pledges; busiest month {peak} events."
    )
    return MonthChart(columns=columns, ticks=ticks, peak=peak, summary=summary)


def _every_month(rows: list[tuple[date, int, int]]) -> list[tuple[date, int, int]]:
    """The rows (first day of a month, meetings, pledges), with the missing months as zeros."""
    if not rows:
        return []
    counts = {month: (meetings, pledges) for month, meetings, pledges in rows}
    month, last = rows[0][0], rows[-1][0]
    filled = []
    while month <= last:
        filled.append((month, *counts.get(month, (0, 0))))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return filled


@dataclass(frozen=True)
class Cell:
    partner: str  # the column's country code
    count: int
    shade: int  # 0-4, for the colour class
    title: str


@dataclass(frozen=True)
class Matrix:
    countries: list  # Country rows, in rank order
    rows: list[tuple[object, list[Cell]]]


def matrix(countries: list, pairs: dict[tuple[int, int], int]) -> Matrix:
    """Who meets whom as a grid of cells; shades grow with the count relative to the busiest pair."""
    peak = max(pairs.values(), default=0) or 1
    rows = []
    for row in countries:
        cells = []
        for col in countries:
            count = pairs.get((row.pk, col.pk), 0)
            shade = 0 if not count else 1 + min(3, 4 * count // (peak + 1))
            cells.append(
                Cell(col.code, count, shade, f"{row.name} and {col.name}: {count} meeting(s)")
            )
        rows.append((row, cells))
    return Matrix(countries=countries, rows=rows)
