"""search_everything: articles by full-text search on PostgreSQL, through the GIN index
article_search, and by substring elsewhere; officials and countries by name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from defensetrack.tracker.models import Article
from defensetrack.tracker.selectors import search_everything
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(query: str) -> set[str]:
    return {article.title for article in search_everything(query=query).articles}


@pytest.fixture
def three_reports():
    factories.ArticleFactory(title="Drones", text="Norway sends drones to Ukraine.")
    factories.ArticleFactory(title="Tanks", text="Poland buys tanks from Korea.")
    factories.ArticleFactory(title="Both", text="Drones and tanks were on the table.")


def test_it_finds_articles_officials_and_countries_by_a_word(three_reports):
    factories.PersonFactory(name="Rustem Umerov")
    assert _titles("tanks") == {"Tanks", "Both"}
    assert [p.name for p in search_everything(query="umerov").officials] == ["Rustem Umerov"]
    assert "UA" in [c.code for c in search_everything(query="Ukraine").countries]


def test_a_blank_query_finds_nothing(three_reports):
    assert search_everything(query="   ") == search_everything(query="")
    assert _titles(" ") == set()


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("drones tanks", {"Both"}),  # every word, not any: ts_rank > 0 let "Drones" in
        ("drones -tanks", {"Drones"}),  # ts_rank > 0 gave "Both", the excluded one
        ("drones or tanks", {"Drones", "Tanks", "Both"}),
        ('"sends drones"', {"Drones"}),
        ("sending drone", {"Drones"}),  # English stemming
        ("the", set()),  # only a stop word
        ("hypersonic", set()),  # ts_rank > 0 listed every article here: it is 1e-20, not 0
    ],
)
def test_full_text_search_follows_the_query_words(postgres, three_reports, query, titles):
    assert _titles(query) == titles


def test_a_title_match_ranks_above_a_text_match(postgres):
    factories.ArticleFactory(title="Budget talks", text="Artillery was mentioned once.")
    factories.ArticleFactory(title="Artillery deal", text="Guns and shells were ordered.")
    assert [a.title for a in search_everything(query="artillery").articles] == [
        "Artillery deal",
        "Budget talks",
    ]


def test_full_text_search_reads_the_gin_index_not_every_article(postgres):
    filler = "The ministers discussed budgets, logistics and training in a long session."
    Article.objects.bulk_create(
        Article(
            title=f"Report {n}",
            text=f"{filler} Hypersonic missiles came up." if n % 500 == 0 else f"{filler} #{n}",
            content_hash=f"{n:064x}",
            status=Article.Status.DONE,
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tracker_article")
    with CaptureQueriesContext(connection) as queries:
        found = search_everything(query="hypersonic missiles").articles
    assert len(found) == 6
    [sql] = [q["sql"] for q in queries.captured_queries if "to_tsvector" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on article_search" in plan, plan
    assert "Seq Scan on tracker_article" not in plan, plan
