from django.urls import reverse

from tests import factories
from tests.web.conftest import HOSTILE


def test_it_highlights_evidence_and_escapes_the_rest(client, scene):
    article = scene["articles"][0]
    html = client.get(reverse("web:article", args=[article.pk])).content.decode()
    assert "<mark>Umerov met Lecornu in Paris on Tuesday.</mark>" in html
    assert HOSTILE not in html and "Intro &lt;script&gt;" in html
    assert reverse("web:meeting", args=[scene["meeting"].pk]) in html
    assert reverse("web:pledge", args=[scene["pledge"].pk]) in html


def test_it_shows_status_and_error(client, db):
    article = factories.ArticleFactory(status="failed", error="The page answered 404.", attempts=2)
    html = client.get(reverse("web:article", args=[article.pk])).content.decode()
    assert "Failed after 2 attempts" in html and "The page answered 404." in html


def test_it_ignores_offsets_outside_the_text(client, db):
    article = factories.ArticleFactory(text="Short.")
    factories.EvidenceFactory(article=article, meeting=factories.MeetingFactory(), start=2, end=999)
    response = client.get(reverse("web:article", args=[article.pk]))
    assert response.status_code == 200 and "<mark" not in response.content.decode()
