"""list_timeline pages meetings and pledges together, newest first, by keyset cursor."""

from datetime import date

import pytest

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.selectors import list_timeline
from tests import factories

pytestmark = pytest.mark.django_db

DAYS = [date(2025, 3, 1), date(2025, 3, 1), date(2024, 12, 24), None, date(2025, 6, 5), None]


@pytest.fixture
def mixed_events():
    meetings = [factories.MeetingFactory(date=day) for day in DAYS]
    pledges = [factories.PledgeFactory(announced_on=day) for day in reversed(DAYS)]
    return meetings, pledges


def _walk(filters: dict, limit: int) -> list[tuple[str, int]]:
    seen, cursor = [], None
    while True:
        page = list_timeline(filters=filters, cursor=cursor, limit=limit)
        seen += [(entry.type, entry.record.pk) for entry in page.entries]
        if page.next_cursor is None:
            return seen
        assert len(page.entries) == limit
        cursor = page.next_cursor


def _expected(meetings, pledges) -> list[tuple[str, int]]:
    rows = [(m.date, 0, m.pk, "meeting") for m in meetings]
    rows += [(p.announced_on, 1, p.pk, "pledge") for p in pledges]
    rows.sort(key=lambda r: (r[0] is None, -(r[0].toordinal() if r[0] else 0), r[1], -r[2]))
    return [(kind, pk) for *_, pk, kind in rows]


@pytest.mark.parametrize("limit", [1, 2, 5, 50])
def test_it_walks_every_event_once_in_date_order_whatever_the_page_size(mixed_events, limit):
    assert _walk({}, limit) == _expected(*mixed_events)


def test_it_keeps_the_next_page_stable_when_a_newer_event_arrives(mixed_events):
    first = list_timeline(filters={}, limit=4)
    factories.MeetingFactory(date=date(2026, 1, 1))
    second = list_timeline(filters={}, cursor=first.next_cursor, limit=4)
    everything = _expected(*mixed_events)
    assert [(e.type, e.record.pk) for e in second.entries] == everything[4:8]


def test_it_shows_only_pledges_for_kind_pledge(mixed_events):
    page = list_timeline(filters={"kind": "pledge"}, limit=50)
    assert {entry.type for entry in page.entries} == {"pledge"}
    assert len(page.entries) == len(mixed_events[1])


def test_it_leaves_out_pledges_when_filtering_by_official(mixed_events):
    person = factories.PersonFactory()
    meeting = factories.MeetingFactory(participants=[person])
    page = list_timeline(filters={"official": str(person.pk)}, limit=50)
    assert [entry.record for entry in page.entries] == [meeting]


def test_it_filters_both_kinds_by_country(mixed_events):
    poland = factories.MeetingFactory(countries=["PL", "UA"])
    page = list_timeline(filters={"country": "pl"}, limit=50)
    assert [entry.record for entry in page.entries] == [poland]


@pytest.mark.parametrize("cursor", ["garbage", "2025-13-01~meeting~1", "2025-01-01~memo~1"])
def test_it_rejects_a_cursor_it_did_not_make(cursor):
    with pytest.raises(DomainError):
        list_timeline(filters={}, cursor=cursor)


def test_it_rejects_an_unknown_kind():
    with pytest.raises(DomainError):
        list_timeline(filters={"kind": "parade"})
