import pytest
from django.urls import reverse

from tests import factories
from tests.web.conftest import HOSTILE


def test_it_shows_posts_meetings_and_counterparts(client, scene):
    minister = scene["minister"]
    response = client.get(reverse("web:official", args=[minister.pk]))
    html = response.content.decode()
    assert "Minister of Defence" in html and "6 Sep 2023" in html
    assert [p.name for p in response.context["counterparts"]] == ["Sébastien Lecornu"]
    assert reverse("web:meeting", args=[scene["meeting"].pk]) in html
    assert HOSTILE not in html


def test_it_ranks_counterparts_by_meetings(client, db):
    me, often, once = factories.PersonFactory.create_batch(3)
    factories.MeetingFactory(participants=[me, often])
    factories.MeetingFactory(participants=[me, often])
    factories.MeetingFactory(participants=[me, once])
    counterparts = client.get(reverse("web:official", args=[me.pk])).context["counterparts"]
    assert [(p.pk, p.meeting_count) for p in counterparts] == [(often.pk, 2), (once.pk, 1)]


@pytest.mark.parametrize("rows", [3, 30])
def test_it_renders_official_in_fixed_queries(client, django_assert_num_queries, make_events, rows):
    make_events(rows)
    person = factories.Person.objects.filter(meetings__isnull=False).first()
    with django_assert_num_queries(7):
        client.get(reverse("web:official", args=[person.pk]))


def test_the_officials_list_shows_names_with_posts_escaped(client, scene):
    response = client.get(reverse("web:officials"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("web:official", args=[scene["minister"].pk]) in html
    assert HOSTILE not in html


def test_the_officials_list_filters_by_name(client, db):
    kept, dropped = factories.PersonFactory(name="Zelda Kept"), factories.PersonFactory(name="Omar")
    html = client.get(reverse("web:officials"), {"q": "Zelda"}).content.decode()
    assert kept.name in html and dropped.name not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [("verified=perhaps", "Enter true or false."), ("role=king", "Select a valid choice.")],
)
def test_the_officials_list_names_a_filter_value_it_cannot_read(client, db, query, message):
    factories.PersonFactory(name="Zelda Kept")
    response = client.get(f"{reverse('web:officials')}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Check the filters" in html and message in html
    assert "Zelda Kept" not in html
