"""Every shared filter through the API, whitelisted ordering, and CSV for every list.

test_read.py covers the common meeting and pledge filters; this module covers the rest, so each
parameter of each FilterSet is exercised through the public door at least once.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from defensetrack.tracker.models import Article, Role
from tests import factories

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


# Meetings --------------------------------------------------------------------------------------


def test_meetings_filter_by_official(api):
    minister = factories.PersonFactory()
    with_minister = factories.MeetingFactory(participants=[minister])
    factories.MeetingFactory()
    assert _ids(api.get("/api/v1/meetings/", {"official": minister.pk})) == [with_minister.pk]


def test_meetings_free_text_reads_the_evidence(api):
    quoted = factories.MeetingFactory()
    factories.EvidenceFactory(meeting=quoted, sentence="They agreed on Patriot batteries.")
    factories.MeetingFactory()
    assert _ids(api.get("/api/v1/meetings/", {"q": "patriot"})) == [quoted.pk]


def test_free_text_lists_a_record_once_however_many_places_match(api):
    meeting = factories.MeetingFactory(location="Patriot base", countries=["PL", "UA"])
    for sentence in ("Patriot batteries were discussed.", "More Patriot systems were promised."):
        factories.EvidenceFactory(meeting=meeting, sentence=sentence)
    pledge = factories.PledgeFactory(purpose="Patriot missiles")
    factories.EvidenceFactory(pledge=pledge, sentence="Patriot missiles for Ukraine.")
    assert _ids(api.get("/api/v1/meetings/", {"q": "patriot"})) == [meeting.pk]
    assert _ids(api.get("/api/v1/pledges/", {"q": "PATRIOT"})) == [pledge.pk]


def test_meetings_order_by_date_both_ways(api):
    days = [date(2025, 1, 3), date(2025, 1, 1), date(2025, 1, 2)]
    for day in days:
        factories.MeetingFactory(date=day)
    for ordering, expected in (("date", sorted(days)), ("-date", sorted(days, reverse=True))):
        body = api.get("/api/v1/meetings/", {"ordering": ordering}).json()
        assert [m["date"] for m in body["results"]] == [d.isoformat() for d in expected]


def test_ordering_outside_the_whitelist_is_ignored(api):
    for place in ["Zagreb", "Athens", "Madrid"]:
        factories.MeetingFactory(location=place)
    newest_first = _ids(api.get("/api/v1/meetings/"))
    assert _ids(api.get("/api/v1/meetings/", {"ordering": "location"})) == newest_first
    assert _ids(api.get("/api/v1/meetings/", {"ordering": "verified_by__password"})) == newest_first


# Pledges ---------------------------------------------------------------------------------------


@pytest.fixture
def three_pledges():
    old = factories.PledgeFactory(announced_on=date(2023, 5, 1), purpose="Artillery shells")
    verified = factories.PledgeFactory(
        donor=factories.country("DE"),
        recipient=factories.country("PL"),
        verified_at="2025-01-01T00:00Z",
    )
    recent = factories.PledgeFactory(announced_on=date(2025, 9, 1))
    return old, verified, recent


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "2025-01-01"}, {"verified", "recent"}),
        ({"date_to": "2024-12-31"}, {"old"}),
        ({"date_from": "2025-06-01", "date_to": "2025-06-30"}, {"verified"}),
        ({"verified": "true"}, {"verified"}),
        ({"verified": "false"}, {"old", "recent"}),
        ({"q": "artillery"}, {"old"}),
        ({"partner": "PL"}, {"verified"}),
        ({"recipient": "pl"}, {"verified"}),
        ({"kind": "new", "currency": "USD"}, {"old", "verified", "recent"}),
    ],
)
def test_pledge_filters_not_covered_elsewhere(api, three_pledges, params, expected):
    names = dict(zip(("old", "verified", "recent"), (p.pk for p in three_pledges), strict=True))
    found = set(_ids(api.get("/api/v1/pledges/", params)))
    assert found == {names[name] for name in expected}


def test_pledges_order_by_announcement_date_oldest_first(api, three_pledges):
    old, verified, recent = three_pledges
    assert _ids(api.get("/api/v1/pledges/", {"ordering": "announced_on"})) == [
        old.pk,
        verified.pk,
        recent.pk,
    ]


def test_amount_ordering_pages_without_repeats_or_gaps(api):
    for amount in range(1, 8):
        factories.PledgeFactory(amount=Decimal(amount * 10))
    seen, url = [], "/api/v1/pledges/?ordering=-amount&page_size=3"
    while url:
        body = api.get(url).json()
        seen += [p["amount"] for p in body["results"]]
        url = body["next"]
    assert seen == [f"{n * 10}.00" for n in range(7, 0, -1)]


# Officials, countries, posts, articles ----------------------------------------------------------


def test_officials_filter_by_name_or_alias_and_verified(api):
    umerov = factories.PersonFactory(name="Rustem Umerov", aliases=["R. Umerov"])
    checked = factories.PersonFactory(name="Pete Hegseth", verified_at="2025-02-01T00:00Z")
    assert _ids(api.get("/api/v1/officials/", {"q": "umerov"})) == [umerov.pk]
    assert _ids(api.get("/api/v1/officials/", {"q": "R. Umer"})) == [umerov.pk]
    assert _ids(api.get("/api/v1/officials/", {"verified": "true"})) == [checked.pk]


def test_an_official_with_two_posts_is_listed_once(api):
    person = factories.PersonFactory()
    factories.PostFactory(person=person, role=Role.DEFENCE_MINISTER)
    factories.PostFactory(person=person, role=Role.DEPUTY_MINISTER, title="Deputy minister")
    assert _ids(api.get("/api/v1/officials/", {"country": "UA"})) == [person.pk]


def test_countries_filter_sovereign(api):
    codes = {
        c["code"] for c in api.get("/api/v1/countries/", {"sovereign": "false"}).json()["results"]
    }
    assert "EU" in codes and "UA" not in codes


def test_posts_list_names_the_person_and_country(api):
    post = factories.PostFactory()
    [row] = api.get("/api/v1/posts/").json()["results"]
    assert (row["id"], row["person"]["id"], row["country"]["code"]) == (
        post.pk,
        post.person_id,
        "UA",
    )


@pytest.fixture
def two_articles():
    kyiv = factories.ArticleFactory(
        title="Talks in Kyiv", outlet="Morning Wire", published=date(2025, 3, 1)
    )
    kyiv.countries.set([factories.country("UA")])
    failed = factories.ArticleFactory(
        title="Unreadable", status=Article.Status.FAILED, published=date(2024, 1, 1)
    )
    return kyiv, failed


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "failed"}, "failed"),
        ({"outlet": "morning"}, "kyiv"),
        ({"country": "ua"}, "kyiv"),
        ({"date_from": "2025-01-01"}, "kyiv"),
        ({"date_to": "2024-12-31"}, "failed"),
        ({"q": "unreadable"}, "failed"),
    ],
)
def test_article_filters(api, two_articles, params, expected):
    kyiv, failed = two_articles
    assert _ids(api.get("/api/v1/articles/", params)) == [
        {"kyiv": kyiv, "failed": failed}[expected].pk
    ]


def test_articles_order_by_publication_date(api, two_articles):
    kyiv, failed = two_articles
    assert _ids(api.get("/api/v1/articles/", {"ordering": "published"})) == [failed.pk, kyiv.pk]


# The timeline's filters -------------------------------------------------------------------------


def test_timeline_filters_apply_to_meetings_and_pledges(api):
    factories.MeetingFactory(countries=["PL", "UA"], date=date(2025, 2, 1))
    factories.MeetingFactory(countries=["DE", "FR"], date=date(2025, 2, 2))
    factories.PledgeFactory(donor=factories.country("PL"), announced_on=date(2025, 2, 3))
    factories.PledgeFactory(announced_on=date(2024, 2, 3))
    body = api.get("/api/v1/timeline/", {"country": "PL", "date_from": "2025-01-01"}).json()
    assert [(e["type"], e["date"]) for e in body["results"]] == [
        ("pledge", "2025-02-03"),
        ("meeting", "2025-02-01"),
    ]


@pytest.mark.parametrize(("kind", "types"), [("pledge", {"pledge"}), ("call", {"meeting"})])
def test_timeline_kind_picks_one_stream(api, kind, types):
    factories.MeetingFactory(kind="call")
    factories.MeetingFactory(kind="meeting")
    factories.PledgeFactory()
    body = api.get("/api/v1/timeline/", {"kind": kind}).json()
    assert {e["type"] for e in body["results"]} == types
    if kind == "call":
        assert [e["meeting"]["kind"] for e in body["results"]] == ["call"]


def test_timeline_next_page_is_stable_when_a_newer_event_arrives(api):
    for day in range(1, 7):
        factories.MeetingFactory(date=date(2025, 1, day))
    first = api.get("/api/v1/timeline/", {"page_size": 3}).json()
    factories.PledgeFactory(announced_on=date(2025, 12, 31))
    factories.MeetingFactory(date=date(2025, 12, 31))
    second = api.get(first["next"]).json()
    assert [e["date"] for e in second["results"]] == ["2025-01-03", "2025-01-02", "2025-01-01"]


# CSV, for every list ---------------------------------------------------------------------------


def _fill_everything() -> None:
    person = factories.PersonFactory()
    factories.PostFactory(person=person)
    meeting = factories.MeetingFactory(participants=[person], topics=["air defence"])
    factories.EvidenceFactory(meeting=meeting)
    factories.PledgeFactory()
    factories.MeetingFactory(countries=["PL", "DE"], date=date(2024, 1, 1))


CSV_LISTS = [
    "/api/v1/meetings/",
    "/api/v1/pledges/",
    "/api/v1/officials/",
    "/api/v1/posts/",
    "/api/v1/articles/",
    "/api/v1/countries/?q=Ukraine",
    "/api/v1/timeline/",
]


@pytest.mark.parametrize("url", CSV_LISTS)
def test_every_list_exports_flat_csv_with_the_same_rows_as_json(api, url):
    _fill_everything()
    as_json = api.get(url).json()["results"]
    sep = "&" if "?" in url else "?"
    response = api.get(f"{url}{sep}format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(as_json) > 0
    # Flat: no cell holds a Python or JSON structure.
    assert not [cell for row in rows for cell in row.values() if cell[:1] in {"{", "["}]


def test_meeting_csv_joins_the_sides_into_one_cell(api):
    factories.MeetingFactory(countries=["PL", "UA"])
    [row] = csv.DictReader(io.StringIO(api.get("/api/v1/meetings/?format=csv").content.decode()))
    assert sorted(row["countries"].split("; ")) == ["PL", "UA"]


def test_csv_keeps_the_timeline_filters(api):
    factories.MeetingFactory()
    factories.PledgeFactory()
    response = api.get("/api/v1/timeline/", {"format": "csv", "kind": "pledge"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["type"] for r in rows] == ["pledge"]
    assert rows[0]["pledge.donor.code"] == "NO"


def test_a_bad_filter_with_csv_still_answers_json_400(api):
    response = api.get("/api/v1/meetings/", {"format": "csv", "date_from": "soon"})
    assert response.status_code == 400
    assert response.json()["fields"]["date_from"]


# Values a filter cannot read -------------------------------------------------------------------

TRUE_FALSE = "Enter true or false."


@pytest.mark.parametrize(
    ("url", "name", "message"),
    [
        ("/api/v1/meetings/?verified=perhaps", "verified", TRUE_FALSE),
        ("/api/v1/pledges/?verified=2", "verified", TRUE_FALSE),
        ("/api/v1/officials/?verified=unknown", "verified", TRUE_FALSE),
        ("/api/v1/countries/?sovereign=mostly", "sovereign", TRUE_FALSE),
        ("/api/v1/timeline/?verified=perhaps", "verified", TRUE_FALSE),
        ("/api/v1/meetings/?kind=parade", "kind", "Select a valid choice."),
        ("/api/v1/pledges/?kind=loan", "kind", "Select a valid choice."),
        ("/api/v1/officials/?role=king", "role", "Select a valid choice."),
        ("/api/v1/articles/?status=lost", "status", "Select a valid choice."),
    ],
)
def test_a_filter_value_it_cannot_read_is_a_400_not_ignored(api, url, name, message):
    factories.MeetingFactory()
    response = api.get(url)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert (body["code"], body["message"]) == ("invalid", "Check the marked filters.")
    assert list(body["fields"]) == [name]
    assert body["fields"][name][0].startswith(message)


@pytest.mark.parametrize(
    ("value", "verified"),
    [("true", True), ("False", False), ("1", True), ("no", False), ("", None)],
)
def test_verified_reads_the_usual_spellings_of_true_and_false(api, value, verified):
    checked = factories.MeetingFactory(verified_at="2025-01-01T00:00Z")
    unchecked = factories.MeetingFactory()
    expected = {True: {checked.pk}, False: {unchecked.pk}, None: {checked.pk, unchecked.pk}}
    assert set(_ids(api.get("/api/v1/meetings/", {"verified": value}))) == expected[verified]


def test_the_schema_documents_the_timeline_filters(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/timeline/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"country", "partner", "date_from", "date_to", "official", "verified", "q"} <= names
