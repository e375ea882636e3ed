import pytest
from django.urls import reverse

from tests import factories
from tests.web.conftest import HOSTILE


def test_it_shows_every_source_with_its_sentence_and_links(client, scene):
    meeting = scene["meeting"]
    html = client.get(reverse("web:meeting", args=[meeting.pk])).content.decode()
    assert "Sources (2)" in html
    assert html.count("Umerov met Lecornu in Paris on Tuesday.") == 2
    for article in scene["articles"]:
        assert f'href="{article.url}"' in html
        assert reverse("web:article", args=[article.pk]) in html
    assert reverse("web:country", args=["FR"]) in html
    assert "air defence" in html and "5 June 2025" in html


def test_it_shows_date_with_its_precision(client, db):
    meeting = factories.MeetingFactory(date_precision="month")
    html = client.get(reverse("web:meeting", args=[meeting.pk])).content.decode()
    assert "June 2025 (known to the month)" in html
    assert "5 June 2025" not in html


def test_it_escapes_names_and_places(client, scene):
    html = client.get(reverse("web:meeting", args=[scene["meeting"].pk])).content.decode()
    assert HOSTILE not in html


def test_it_says_not_found_for_an_unknown_meeting(client, db):
    response = client.get(reverse("web:meeting", args=[999999]))
    assert response.status_code == 404
    assert "timeline" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_it_renders_meeting_in_fixed_queries(client, django_assert_num_queries, db, rows):
    meeting = factories.MeetingFactory(participants=factories.PersonFactory.create_batch(rows))
    for n in range(rows):
        factories.EvidenceFactory(meeting=meeting, start=n, end=n + 1)
    with django_assert_num_queries(4):
        client.get(reverse("web:meeting", args=[meeting.pk]))


def test_it_shows_topics_as_words(client, db):
    meeting = factories.MeetingFactory(topics=["peace_talks", "air_defence"])
    html = client.get(reverse("web:meeting", args=[meeting.pk])).content.decode()
    assert "peace talks, air defence" in html and "peace_talks" not in html
