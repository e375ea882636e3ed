"""Meeting, pledge, country, official, article, list and search pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from defensetrack.tracker.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_meeting():
    minister = factories.PersonFactory(name="Rustem Umerov")
    factories.PostFactory(person=minister)
    meeting = factories.MeetingFactory(
        countries=["UA", "FR"], participants=[minister], topics=["drones"]
    )
    article = factories.ArticleFactory(
        url="https://news.example.org/talks",
        title="Talks on drones",
        text="Intro. The ministers met in Brussels. End.",
    )
    factories.EvidenceFactory(
        article=article, meeting=meeting, sentence="The ministers met in Brussels.", start=7, end=37
    )
    return meeting


def test_meeting_page_quotes_its_sources_with_links(client, reported_meeting):
    html = client.get(reported_meeting.get_absolute_url()).content.decode()
    assert "The ministers met in Brussels." in html
    assert 'href="https://news.example.org/talks"' in html
    assert "Rustem Umerov" in html and "drones" in html
    assert reverse("web:country", kwargs={"code": "FR"}) in html


def test_a_source_link_is_only_ever_http(client, reported_meeting):
    Article.objects.update(url="javascript:alert(1)")
    html = client.get(reported_meeting.get_absolute_url()).content.decode()
    assert "javascript:" not in html


def test_unknown_records_are_404_with_a_way_back(client):
    response = client.get(reverse("web:meeting", kwargs={"pk": 999}))
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()


def test_article_page_highlights_evidence_and_escapes_text(client, reported_meeting):
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(
        text="<b>Intro.</b> The ministers met in Brussels. End."
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "<mark>" in html


def test_country_page_ranks_partners_and_converts_totals(client, reported_meeting):
    factories.PledgeFactory(
        donor=factories.country("FR"),
        amount=Decimal("1082400000"),
        currency="USD",
        announced_on=date(2024, 5, 1),
    )
    html = client.get(reverse("web:country", kwargs={"code": "fr"})).content.decode()
    assert "Ukraine" in html and "1 meeting" in html
    assert "EUR 1 billion" in html  # 1.0824 USD per EUR in 2024
    assert "1.0824 (2024)" in html and "European Central Bank" in html


def test_official_page_lists_posts_meetings_and_counterparts(client, reported_meeting):
    other = factories.PersonFactory(name="Sébastien Lecornu")
    reported_meeting.participants.add(other)
    person = reported_meeting.participants.get(name="Rustem Umerov")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Defence minister" in html and "Sébastien Lecornu" in html


def test_pledges_page_sorts_and_totals(client):
    factories.PledgeFactory(amount=Decimal("10000000"), purpose="small")
    factories.PledgeFactory(amount=Decimal("9000000000"), purpose="large")
    html = client.get(reverse("web:pledges"), {"sort": "-amount"}).content.decode()
    assert html.index("large") < html.index("small")
    html = client.get(reverse("web:pledges"), {"sort": "amount"}).content.decode()
    assert html.index("small") < html.index("large")
    assert "USD 9.01 billion" in html


def test_pledges_page_rejects_a_bad_amount_filter(client):
    assert client.get(reverse("web:pledges"), {"amount_min": "lots"}).status_code == 400


def test_countries_page_shows_who_meets_whom(client, reported_meeting):
    html = client.get(reverse("web:countries")).content.decode()
    assert "Who meets whom" in html and "France" in html


def test_search_finds_articles_officials_and_countries(client, reported_meeting):
    html = client.get(reverse("web:search"), {"q": "Umerov"}).content.decode()
    assert "Rustem Umerov" in html
    html = client.get(reverse("web:search"), {"q": "drones"}).content.decode()
    assert "Talks on drones" in html
    assert "Ukraine" in client.get(reverse("web:search"), {"q": "Ukraine"}).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_pledges_page_renders_in_fixed_queries(
    client, django_assert_num_queries, make_events, rows
):
    make_events(rows)
    # count, page rows, totals by donor and by recipient, the countries of the filter form
    with django_assert_num_queries(5):
        assert client.get(reverse("web:pledges")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_country_page_renders_in_fixed_queries(
    client, django_assert_num_queries, make_events, rows
):
    make_events(rows)
    with django_assert_num_queries(13):
        assert client.get(reverse("web:country", kwargs={"code": "UA"})).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_meeting_page_renders_in_fixed_queries(client, django_assert_num_queries, rows):
    meeting = factories.MeetingFactory()
    for index in range(rows):
        factories.EvidenceFactory(meeting=meeting, start=index, end=index + 1)
    with django_assert_num_queries(4):
        assert client.get(meeting.get_absolute_url()).status_code == 200
