from datetime import date

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_it_groups_events_by_month_newest_first(client):
    factories.MeetingFactory(date=date(2025, 1, 10), location="Oslo")
    factories.PledgeFactory(announced_on=date(2025, 3, 2))
    html = client.get(reverse("web:timeline")).content.decode()
    assert html.index("<h2>March 2025</h2>") < html.index("<h2>January 2025</h2>")
    assert "Norway → Ukraine" in html and "Oslo" in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"country": "pl"}, "Warsaw", "Oslo"),
        ({"kind": "call"}, "Warsaw", "Oslo"),
        ({"date_to": "2024-12-31"}, "Oslo", "Warsaw"),
        ({"q": "Warsaw"}, "Warsaw", "Oslo"),
    ],
)
def test_filters_live_in_the_url(client, params, shown, hidden):
    factories.MeetingFactory(date=date(2024, 5, 1), location="Oslo", countries=["NO", "UA"])
    factories.MeetingFactory(
        date=date(2025, 5, 1), location="Warsaw", kind="call", countries=["PL", "UA"]
    )
    html = client.get(reverse("web:timeline"), params).content.decode()
    assert shown in html and hidden not in html


def test_the_older_link_carries_the_cursor_and_the_filters(client):
    for day in range(1, 29):
        factories.MeetingFactory(date=date(2025, 2, day), countries=["UA", "PL"])
        factories.MeetingFactory(date=date(2025, 2, day), countries=["UA", "PL"])
    first = client.get(reverse("web:timeline"), {"country": "PL"})
    older = first.context["next_query"]
    assert "country=PL" in older and "cursor=" in older
    second = client.get(f"{reverse('web:timeline')}?{older}")
    shown = {e.record.pk for _, entries in first.context["months"] for e in entries}
    more = {e.record.pk for _, entries in second.context["months"] for e in entries}
    assert len(shown) == 50 and len(more) == 6 and not shown & more


@pytest.mark.parametrize("query", ["date_from=someday", "cursor=not-ours", "kind=parade"])
def test_bad_filters_get_a_message_not_an_error(client, query):
    response = client.get(f"{reverse('web:timeline')}?{query}")
    assert response.status_code == 400
    assert "Check the filters" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "name"), [("verified=perhaps", "verified"), ("kind=loan", "kind")]
)
def test_a_filter_value_it_cannot_read_is_named_not_ignored(client, query, name):
    factories.MeetingFactory(location="Oslo")
    response = client.get(f"{reverse('web:timeline')}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Check the filters" in html and f"<strong>{name}</strong>" in html
    assert "Oslo" not in html  # nothing listed as if the filter were not there


def test_a_page_it_cannot_read_says_so_once_with_one_way_back(client):
    html = client.get(f"{reverse('web:timeline')}?date_from=someday").content.decode()
    assert html.count("Check the") == 1  # not "Check the filters: Check the marked filters."
    assert "Start again from the newest events" in html and ">Newest</a>" not in html


def test_the_verified_only_box_still_filters(client):
    factories.MeetingFactory(location="Oslo", verified_at="2025-01-01T00:00Z")
    factories.MeetingFactory(location="Warsaw")
    html = client.get(reverse("web:timeline"), {"verified": "true"}).content.decode()
    assert "Oslo" in html and "Warsaw" not in html


def test_it_says_so_when_nothing_matches(client):
    assert "No meetings or pledges match" in client.get(reverse("web:timeline")).content.decode()


def test_user_text_is_escaped(client):
    factories.MeetingFactory(location="<script>alert(1)</script>")
    html = client.get(reverse("web:timeline")).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_the_chart_counts_events_per_month(client):
    factories.MeetingFactory(date=date(2025, 1, 10))
    factories.MeetingFactory(date=date(2025, 1, 20))
    factories.PledgeFactory(announced_on=date(2025, 1, 5))
    html = client.get(reverse("web:timeline")).content.decode()
    assert "January 2025: 2 meeting(s), 1 pledge(s)" in html


def test_the_chart_counts_only_what_the_filters_keep(client):
    ua, pl = factories.country("UA"), factories.country("PL")
    factories.MeetingFactory(date=date(2025, 1, 3), countries=["UA", "PL"])
    factories.MeetingFactory(date=date(2025, 1, 3), countries=["UA", "PL", "FR"])
    factories.MeetingFactory(date=date(2025, 2, 1), countries=["PL", "UA"])
    factories.MeetingFactory(date=date(2025, 1, 10), countries=["UA", "FR"])  # no Poland
    factories.MeetingFactory(date=date(2024, 12, 31), countries=["UA", "PL"])  # too early
    factories.PledgeFactory(donor=pl, recipient=ua, announced_on=date(2025, 1, 20))
    factories.PledgeFactory(donor=ua, recipient=pl, announced_on=date(2025, 2, 20))
    factories.PledgeFactory(announced_on=date(2025, 1, 20))  # Norway to Ukraine: no Poland
    params = {"country": "UA", "partner": "PL", "date_from": "2025-01-01"}
    html = client.get(reverse("web:timeline"), params).content.decode()
    assert "January 2025: 2 meeting(s), 1 pledge(s)" in html
    assert "February 2025: 1 meeting(s), 1 pledge(s)" in html
    assert "December 2024:" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_it_renders_in_fixed_queries(client, django_assert_num_queries, make_events, rows):
    make_events(rows)
    # 6 timeline (dated/undated meetings and pledges, sides, people), 2 chart, 1 source counts,
    # 2 filter choices (countries, officials)
    with django_assert_num_queries(11):
        assert client.get(reverse("web:timeline")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_and_the_chart_share_one_reading_of_the_filters(
    client, django_assert_num_queries, make_events, rows
):
    make_events(rows)
    # The 11 of an unfiltered page, plus the ids of the two countries for the meeting and the
    # pledge filters, looked up once for the list and the chart together.
    with django_assert_num_queries(15):
        client.get(reverse("web:timeline"), {"country": "UA", "partner": "FR"})


def test_the_chart_is_counted_once_a_minute_and_says_so(client, django_assert_num_queries):
    factories.MeetingFactory(date=date(2025, 1, 10))
    client.get(reverse("web:timeline"))
    factories.MeetingFactory(date=date(2025, 1, 20))
    with django_assert_num_queries(9):  # the 11 of a first visit, less the chart's 2
        html = client.get(reverse("web:timeline")).content.decode()
    assert "January 2025: 1 meeting(s), 0 pledge(s)" in html
    assert html.count('class="entry entry-meeting"') == 2
    assert "Counted at most 60 seconds ago" in html


def test_an_older_page_charts_the_months_up_to_its_own_events(client):
    for day in range(1, 26):  # 50 meetings: the first page
        factories.MeetingFactory(date=date(2025, 5, day))
        factories.MeetingFactory(date=date(2025, 5, day))
    factories.MeetingFactory(date=date(2020, 3, 10))
    older = client.get(reverse("web:timeline")).context["next_query"]
    html = client.get(f"{reverse('web:timeline')}?{older}").content.decode()
    assert "March 2020: 1 meeting(s), 0 pledge(s)" in html
    assert "May 2025" not in html
