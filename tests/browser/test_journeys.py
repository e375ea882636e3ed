"""An analyst's main path: timeline -> country filter -> meeting -> sources -> country page."""

from datetime import date

import pytest

from tests import factories

# Live-server tests flush the database. serialized_rollback as in the page tour: a flush without
# it re-creates content types through post_migrate, and the next test that restores the
# serialized rows (the tour) then met them twice (a unique violation on content types).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_meetings():
    minister = factories.PersonFactory(name="Rustem Umerov")
    factories.PostFactory(person=minister)
    drones = factories.MeetingFactory(
        countries=["UA", "FR"], participants=[minister], location="Brussels", date=date(2025, 6, 5)
    )
    article = factories.ArticleFactory(url="https://news.example.org/drones", title="Drone talks")
    factories.EvidenceFactory(
        article=article,
        meeting=drones,
        sentence="Umerov and his French counterpart discussed drones.",
    )
    factories.MeetingFactory(countries=["JP", "PH"], location="Manila", date=date(2025, 4, 29))
    return drones


def test_analyst_filters_the_timeline_and_traces_a_meeting_to_its_source(
    live_server, page, two_meetings
):
    page.goto(live_server.url)
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert page.get_by_text("Manila").is_visible()

    page.get_by_label("Country", exact=True).select_option(label="France")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/?country=FR*")
    assert page.get_by_text("Manila").count() == 0

    page.get_by_role("link", name="France – Ukraine").click()
    assert page.get_by_role("heading", name="France – Ukraine").is_visible()
    assert page.get_by_text("Umerov and his French counterpart discussed drones.").is_visible()
    source = page.get_by_role("link", name="original")
    assert source.get_attribute("href") == "https://news.example.org/drones"

    page.get_by_role("link", name="France", exact=True).first.click()
    assert page.get_by_role("heading", name="France", exact=True).is_visible()
    assert page.get_by_text("Partners by meetings").is_visible()


def test_keyboard_users_can_skip_to_the_content(live_server, page, two_meetings):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
