"""The month chart stands on a time axis: quiet months are empty columns, not skipped."""

from datetime import date

from defensetrack.web.charts import month_chart


def test_months_without_events_are_empty_columns_in_their_place():
    chart = month_chart([(date(2024, 11, 1), 2, 0), (date(2025, 2, 1), 1, 3)])
    titles = [column.title for column in chart.columns]
    assert titles == [
        "November 2024: 2 meeting(s), 0 pledge(s)",
        "December 2024: 0 meeting(s), 0 pledge(s)",
        "January 2025: 0 meeting(s), 0 pledge(s)",
        "February 2025: 1 meeting(s), 3 pledge(s)",
    ]
    assert [len(column.bars) for column in chart.columns] == [1, 0, 0, 2]
    # Spaced by time: February sits three column widths after November.
    november, february = chart.columns[0].bars[0], chart.columns[3].bars[0]
    assert abs((february.x - november.x) - 3 * (november.width + 2)) < 1e-6
    assert chart.peak == 4


def test_it_keeps_the_latest_months_when_the_span_is_longer():
    chart = month_chart([(date(2020, 1, 1), 1, 0), (date(2025, 6, 1), 0, 1)], months=12)
    assert len(chart.columns) == 12
    assert chart.columns[0].title.startswith("July 2024")
    assert chart.columns[-1].title.startswith("June 2025")
    assert "from July 2024 to June 2025: 0 meetings and 1 pledges" in chart.summary


def test_no_events_no_chart():
    assert month_chart([]) is None
