"""Processing one article costs the same number of queries however many records exist already:
the loader reads what it needs per article, never per stored row."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from defensetrack.tracker.models import Article, Meeting, Pledge
from defensetrack.tracker.services.articles import _accepted_fields, do_process_article
from tests.tracker.conftest import REPORT_A

START = date(2020, 1, 7)


def _report(n: int) -> str:
    """Event n: the same sides, 90 days after event n-1, so each is a new meeting and pledge."""
    day = START + timedelta(days=90 * n)
    return REPORT_A.replace("2025-03-06", day.isoformat()) + f"\nFiled as report {n}."


def _queries_to_process(n: int) -> int:
    fields = _accepted_fields(
        text=_report(n), url="", title="", outlet="", published=None, source="text"
    )
    article = Article.objects.create(**fields)  # accepted; its task is run by hand below
    with CaptureQueriesContext(connection) as queries:
        do_process_article(article_id=article.pk)
    return len(queries)


def test_queries_per_article_do_not_grow_with_stored_records(make_article):
    make_article(text=_report(0))
    with_one_before = _queries_to_process(1)
    for n in range(2, 12):
        make_article(text=_report(n))
    with_eleven_before = _queries_to_process(12)
    assert Meeting.objects.count() == Pledge.objects.count() == 13
    assert with_eleven_before == with_one_before
    # The measured count, with a little room; a jump means a new per-fact query crept in.
    assert with_one_before <= 32
