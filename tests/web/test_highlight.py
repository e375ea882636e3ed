from types import SimpleNamespace

from defensetrack.web.templatetags.dashboard import fuzzy_date, highlighted, money


def _ev(pk, start, end):
    return SimpleNamespace(pk=pk, start=start, end=end)


def test_it_merges_overlapping_spans_and_escapes_inside_marks():
    html = highlighted("a <b> c d", [_ev(1, 2, 5), _ev(2, 4, 7)])
    assert html == (
        'a <span id="ev-1"></span><mark>&lt;b&gt;</mark><span id="ev-2"></span><mark> c</mark> d'
    )


def test_it_formats_money_and_partial_dates():
    from datetime import date
    from decimal import Decimal

    assert money(Decimal("7000000000"), "USD") == "USD 7 billion"
    assert money(Decimal("2.5"), "EUR") == "EUR 2.50"
    assert fuzzy_date(date(2025, 6, 5), "year") == "2025"
    assert fuzzy_date(None, "day") == "date unknown"
