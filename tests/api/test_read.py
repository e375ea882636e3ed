"""Read endpoints: shapes, details with evidence, the shared filters, errors and CSV."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def brussels_meeting():
    minister = factories.PersonFactory(name="Rustem Umerov")
    factories.PostFactory(person=minister)
    meeting = factories.MeetingFactory(countries=["UA", "FR"], participants=[minister])
    article = factories.ArticleFactory(url="https://example.org/report", title="Talks in Brussels")
    factories.EvidenceFactory(article=article, meeting=meeting, sentence="They met in Brussels.")
    return meeting


def test_meeting_detail_names_sides_people_and_sources(api, brussels_meeting):
    body = api.get(f"/api/v1/meetings/{brussels_meeting.pk}/").json()
    assert {c["code"] for c in body["countries"]} == {"UA", "FR"}
    assert [p["name"] for p in body["participants"]] == ["Rustem Umerov"]
    [evidence] = body["evidence"]
    assert evidence["sentence"] == "They met in Brussels."
    assert evidence["article_url"] == "https://example.org/report"
    assert evidence["title"] == "Talks in Brussels"
    assert body["verified"] is False


def test_pledge_amount_is_a_decimal_string(api):
    pledge = factories.PledgeFactory(amount=Decimal("2470000000.50"))
    body = api.get(f"/api/v1/pledges/{pledge.pk}/").json()
    assert body["amount"] == "2470000000.50"
    assert body["donor"] == {"code": "NO", "name": "Norway"}


def test_official_lists_posts_with_their_country(api, brussels_meeting):
    body = api.get("/api/v1/officials/", {"country": "ua", "role": "defence_minister"}).json()
    [official] = body["results"]
    assert official["posts"][0]["country"]["code"] == "UA"
    assert api.get("/api/v1/officials/", {"role": "head_of_state"}).json()["results"] == []


def test_country_detail_by_code(api):
    assert api.get("/api/v1/countries/ua/").json()["name"] == "Ukraine"
    assert api.get("/api/v1/countries/", {"q": "Norw"}).json()["results"][0]["code"] == "NO"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "PL"}, {"PL-UA"}),
        ({"country": "UA", "partner": "FR"}, {"FR-UA"}),
        ({"date_from": "2025-01-01"}, {"FR-UA", "PL-UA"}),
        ({"date_to": "2024-12-31"}, {"DE-US"}),
        ({"kind": "call"}, {"PL-UA"}),
        ({"q": "Warsaw"}, {"PL-UA"}),
        ({"verified": "true"}, {"DE-US"}),
    ],
)
def test_meeting_filters(api, params, expected):
    factories.MeetingFactory(countries=["UA", "FR"], date=date(2025, 6, 5))
    factories.MeetingFactory(
        countries=["UA", "PL"], date=date(2025, 3, 1), kind="call", location="Warsaw"
    )
    factories.MeetingFactory(
        countries=["US", "DE"], date=date(2023, 3, 3), verified_at="2024-01-01T00:00Z"
    )
    results = api.get("/api/v1/meetings/", params).json()["results"]
    assert {"-".join(sorted(c["code"] for c in m["countries"])) for m in results} == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"donor": "DE"}, {"DE"}),
        ({"recipient": "UA", "currency": "eur"}, {"DE"}),
        ({"amount_min": "1000000000"}, {"NO"}),
        ({"amount_max": "1000000000"}, {"DE", "GB"}),
        ({"kind": "cumulative"}, {"GB"}),
        ({"country": "GB"}, {"GB"}),
    ],
)
def test_pledge_filters(api, params, expected):
    factories.PledgeFactory()  # NO -> UA, $7bn
    factories.PledgeFactory(
        donor=factories.country("DE"), amount=Decimal("500000000"), currency="EUR"
    )
    factories.PledgeFactory(
        donor=factories.country("GB"), amount=Decimal("1000000"), currency="GBP", kind="cumulative"
    )
    results = api.get("/api/v1/pledges/", params).json()["results"]
    assert {p["donor"]["code"] for p in results} == expected


def test_pledges_order_by_amount(api):
    for amount in ["5", "500", "50"]:
        factories.PledgeFactory(amount=Decimal(amount))
    amounts = [
        p["amount"] for p in api.get("/api/v1/pledges/", {"ordering": "-amount"}).json()["results"]
    ]
    assert amounts == ["500.00", "50.00", "5.00"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/?date_from=yesterday",
        "/api/v1/pledges/?amount_min=lots",
        "/api/v1/timeline/?cursor=not-ours",
        "/api/v1/timeline/?kind=parade",
        "/api/v1/timeline/?page_size=0",
        "/api/v1/meetings/?cursor=bm90LW91cnM",
    ],
)
def test_bad_parameters_get_400_with_a_message(api, url):
    response = api.get(url)
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}
    assert response.json()["message"]


def test_unknown_records_get_404_in_the_error_shape(api):
    response = api.get("/api/v1/meetings/999999/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}
    assert api.get("/api/v1/countries/XX/").status_code == 404


def test_csv_export_keeps_the_filters_and_flattens_sides(api):
    factories.PledgeFactory(purpose="=HYPERLINK(evil)")
    factories.PledgeFactory(donor=factories.country("DE"))
    response = api.get("/api/v1/pledges/", {"format": "csv", "donor": "NO"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["donor.code"], r["amount"], r["currency"]) for r in rows] == [
        ("NO", "7000000000.00", "USD")
    ]
    assert rows[0]["purpose"] == "'=HYPERLINK(evil)"


def test_timeline_streams_meetings_and_pledges_newest_first(api):
    factories.MeetingFactory(date=date(2025, 1, 1))
    factories.PledgeFactory(announced_on=date(2025, 2, 1))
    body = api.get("/api/v1/timeline/").json()
    assert [(e["type"], e["date"]) for e in body["results"]] == [
        ("pledge", "2025-02-01"),
        ("meeting", "2025-01-01"),
    ]
    assert body["next"] is None
    assert body["results"][0]["pledge"]["recipient"]["code"] == "UA"


def test_article_detail_lists_the_records_it_supports(api):
    article = factories.ArticleFactory()
    meeting, pledge = factories.MeetingFactory(), factories.PledgeFactory()
    factories.EvidenceFactory(article=article, meeting=meeting)
    factories.EvidenceFactory(article=article, meeting=meeting, start=40, end=60)
    factories.EvidenceFactory(article=article, pledge=pledge, start=80, end=90)
    factories.MeetingFactory()  # reported elsewhere
    body = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert (body["meetings"], body["pledges"]) == ([meeting.pk], [pledge.pk])
