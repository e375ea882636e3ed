"""Fixture data for the page tests: a small scene with sources, and bulk rows for query counts."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache

from tests import factories

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _fresh_aggregates():
    """Charts, partner counts and totals are cached; each test counts its own rows."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scene(db):
    """One meeting reported by two outlets, one pledge, an official with a post; names are hostile."""
    minister = factories.PersonFactory(name=f"Rustem Umerov {HOSTILE}")
    factories.PostFactory(person=minister, title="Minister of Defence", start=date(2023, 9, 6))
    counterpart = factories.PersonFactory(name="Sébastien Lecornu")
    factories.PostFactory(person=counterpart, country=factories.country("FR"))
    meeting = factories.MeetingFactory(
        participants=[minister, counterpart], topics=["air defence"], location=f"Paris {HOSTILE}"
    )
    sentence = "Umerov met Lecornu in Paris on Tuesday."
    articles = []
    for outlet in ("Harbour Post", "Morning Wire"):
        text = f"Intro {HOSTILE}. {sentence} More text."
        article = factories.ArticleFactory(
            outlet=outlet, text=text, url=f"https://example.org/{outlet[:4]}"
        )
        start = text.index(sentence)
        factories.EvidenceFactory(
            article=article,
            meeting=meeting,
            sentence=sentence,
            start=start,
            end=start + len(sentence),
        )
        articles.append(article)
    pledge = factories.PledgeFactory(
        purpose=f"air defence {HOSTILE}", announced_on=date(2025, 5, 1)
    )
    factories.EvidenceFactory(
        article=articles[0], pledge=pledge, sentence="Norway pledged $7 billion."
    )
    return {"meeting": meeting, "pledge": pledge, "minister": minister, "articles": articles}


@pytest.fixture
def make_events(db):
    """`rows` meetings and `rows` pledges on distinct days, each with a participant and a source."""

    def make(rows: int) -> None:
        person = factories.PersonFactory()
        factories.PostFactory(person=person)
        article = factories.ArticleFactory()
        for n in range(rows):
            day = date(2024, 1, 1) + timedelta(days=7 * n)
            meeting = factories.MeetingFactory(date=day, participants=[person])
            factories.EvidenceFactory(article=article, meeting=meeting, start=n, end=n + 1)
            factories.PledgeFactory(announced_on=day, amount=1000 + n)

    return make
