"""Cursor pages stay stable while rows arrive, and lists cost the same queries for 3 or 30 rows."""

from datetime import date

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_next_page_does_not_shift_when_a_new_meeting_arrives(api):
    meetings = [factories.MeetingFactory() for _ in range(6)]
    first = api.get("/api/v1/meetings/", {"page_size": 3}).json()
    factories.MeetingFactory()
    second = api.get(first["next"]).json()
    newest_first = [m.pk for m in reversed(meetings)]
    assert [m["id"] for m in first["results"]] == newest_first[:3]
    assert [m["id"] for m in second["results"]] == newest_first[3:]


def test_the_timeline_walks_every_event_once_across_pages(api):
    for day in range(1, 8):
        factories.MeetingFactory(date=date(2025, 1, day))
        factories.PledgeFactory(announced_on=date(2025, 1, day))
    seen, url = [], "/api/v1/timeline/?page_size=4"
    while url:
        body = api.get(url).json()
        seen += [(e["type"], e["date"]) for e in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 14
    assert [d for _, d in seen] == sorted((d for _, d in seen), reverse=True)


def _fill(rows: int) -> None:
    person = factories.PersonFactory()
    factories.PostFactory(person=person)
    for _ in range(rows):
        meeting = factories.MeetingFactory(participants=[person])
        pledge = factories.PledgeFactory()
        article = factories.ArticleFactory()
        factories.EvidenceFactory(article=article, meeting=meeting)
        factories.EvidenceFactory(article=article, pledge=pledge, start=40, end=60)


LISTS = {
    "/api/v1/meetings/": 3,  # page, countries, participants
    "/api/v1/pledges/": 1,
    "/api/v1/officials/": 2,
    "/api/v1/articles/": 1,
    "/api/v1/countries/": 1,
    "/api/v1/timeline/": 6,  # dated + undated meetings, their two joins, dated + undated pledges
    "/api/v1/posts/": 1,
}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(("url", "queries"), LISTS.items())
def test_lists_use_a_fixed_number_of_queries(api, django_assert_num_queries, rows, url, queries):
    _fill(rows)
    with django_assert_num_queries(queries):
        assert api.get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_meeting_detail_uses_a_fixed_number_of_queries(api, django_assert_num_queries, rows):
    meeting = factories.MeetingFactory()
    for _ in range(rows):
        factories.EvidenceFactory(meeting=meeting)
    with django_assert_num_queries(4):
        assert len(api.get(f"/api/v1/meetings/{meeting.pk}/").json()["evidence"]) == rows
