"""Shapes selector output into what the SVG templates draw; no drawing library, no JavaScript."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, BOTTOM = 720, 160, 20


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    meetings_y: float
    meetings_height: float
    pledges_y: float
    pledges_height: float
    label: str
    title: str
    show_label: bool


def monthly_bars(rows: list[tuple[date, int, int]]) -> list[Bar]:
    """Stacked bars (meetings below, pledges above), one a month, scaled to the busiest month."""
    if not rows:
        return []
    tallest = max(m + p for _, m, p in rows) or 1
    slot = WIDTH / len(rows)
    scale = (HEIGHT - BOTTOM - 4) / tallest
    every = max(1, len(rows) // 12)
    bars = []
    for index, (month, meetings, pledges) in enumerate(rows):
        base = HEIGHT - BOTTOM
        meetings_height = meetings * scale
        pledges_height = pledges * scale
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.1, 1),
                width=round(slot * 0.8, 1),
                meetings_y=round(base - meetings_height, 1),
                meetings_height=round(meetings_height, 1),
                pledges_y=round(base - meetings_height - pledges_height, 1),
                pledges_height=round(pledges_height, 1),
                label=month.strftime("%b %y"),
                title=f"{month:%B %Y}: {meetings} meeting(s), {pledges} pledge(s)",
                show_label=index % every == 0,
            )
        )
    return bars


@dataclass(frozen=True)
class MatrixCell:
    count: int
    shade: int  # 0-100, for the cell's background


def matrix_rows(
    countries, pairs: dict[tuple[int, int], int]
) -> list[tuple[object, list[MatrixCell]]]:
    """Rows of the who-meets-whom table, each cell shaded by how often the pair met."""
    most = max(pairs.values(), default=1)
    return [
        (
            row,
            [
                MatrixCell(c := pairs.get((row.pk, col.pk), 0), round(100 * c / most))
                for col in countries
            ],
        )
        for row in countries
    ]
