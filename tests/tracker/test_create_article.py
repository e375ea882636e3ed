"""create_article: stored before any task runs, queued only after commit, one row per story."""

from datetime import date

import pytest

from defensetrack.tracker.errors import RejectedInput
from defensetrack.tracker.models import Article
from defensetrack.tracker.services.articles import create_article
from tests.tracker.conftest import REPORT_A, REPORT_B


def test_it_stores_the_article_queued_and_sends_the_task_only_on_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article, created = create_article(text=REPORT_A, source=Article.Source.API)
    assert created
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == Article.Status.QUEUED
    assert (stored.title, stored.outlet, stored.location) == (
        "Norway and Ukraine talk air defence in Oslo",
        "Harbour Post",
        "Oslo",
    )
    assert stored.published == date(2025, 3, 6)
    assert stored.text.startswith("Norwegian Defence Minister")
    assert len(stored.content_hash) == 64 and len(stored.minhash) == 64
    assert len(callbacks) == 1


def test_given_fields_win_over_the_header(db):
    article, _ = create_article(text=REPORT_A, title="Own title", published=date(2025, 3, 7))
    assert (article.title, article.published) == ("Own title", date(2025, 3, 7))


def test_it_returns_the_existing_article_for_the_same_text(db, django_capture_on_commit_callbacks):
    first, _ = create_article(text=REPORT_A)
    rewrapped = REPORT_A.replace(" the ", "  the ").replace(". ", ".\t") + "\n\n"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again, created = create_article(text=rewrapped)
    assert (again.pk, created, callbacks) == (first.pk, False, [])


def test_it_returns_the_existing_article_for_the_same_address(db):
    first, _ = create_article(url="https://news.example.org/story?id=4&utm_source=rss")
    again, created = create_article(url="https://NEWS.example.org/story?id=4&fbclid=abc#comments")
    assert (again.pk, created) == (first.pk, False)
    assert first.canonical_url == "https://news.example.org/story?id=4"


def test_different_stories_are_different_articles(db):
    first, _ = create_article(text=REPORT_A)
    second, created = create_article(text=REPORT_B)
    assert created and first.pk != second.pk


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, "both are empty"),
        ({"text": "   \n "}, "both are empty"),
        ({"text": "abc\x00\x01\x02\x03" * 100}, "binary"),
        (
            {"text": "<html><head><script>var a = 1;</script></head><body></body></html>"},
            "No article text",
        ),
        ({"url": "ftp://example.org/file"}, "not a web address"),
    ],
)
def test_it_rejects_input_that_is_not_an_article(db, fields, reason):
    with pytest.raises(RejectedInput, match=reason):
        create_article(**fields)
    assert not Article.objects.exists()


def test_it_rejects_oversized_text(db, settings):
    settings.ARTICLE_MAX_CHARS = 200
    with pytest.raises(RejectedInput, match="the limit is 200 characters"):
        create_article(text=REPORT_A)


def test_it_reads_the_main_text_of_html(db):
    page = (
        "<html><head><title>Ministers meet</title><script>track()</script></head><body>"
        "<nav>Home | World</nav><article><h1>Ministers meet</h1>"
        + "<p>The Norwegian defence minister met his Ukrainian counterpart in Oslo to talk.</p>" * 3
        + "</article></body></html>"
    )
    article, _ = create_article(text=page)
    assert "met his Ukrainian counterpart" in article.text
    assert "track()" not in article.text and "<p>" not in article.text
