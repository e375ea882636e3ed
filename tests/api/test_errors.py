"""Hostile and careless requests get a 4xx in the one error shape, never a 500.

The URLs below are the ones a fuzzer or a hurried script sends: ids past the 64-bit range, NUL
bytes, numbers that are not finite, cursors we did not make, formats we do not serve.
"""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests import factories

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "fields"}

HOSTILE_GETS = [
    "/api/v1/meetings/99999999999999999999/",
    "/api/v1/pledges/-1/",
    "/api/v1/officials/99999999999999999999/",
    "/api/v1/meetings/abc/",
    "/api/v1/meetings/%00/",
    "/api/v1/articles/%00/",
    "/api/v1/countries/%00/",
    "/api/v1/countries/ukr/",
    "/api/v1/meetings/?cursor=cD0lMDA=",  # a well-formed cursor whose position is "\x00"
    "/api/v1/meetings/?cursor=cD1hYmM=",  # ... is "abc"
    "/api/v1/pledges/?ordering=-amount&cursor=cD1hYmM=",
    "/api/v1/articles/?ordering=published&cursor=cD1ub3QtYS1kYXRl",  # "not-a-date"
    "/api/v1/articles/99999999999999999999/",
    "/api/v1/meetings/?official=99999999999999999999",
    "/api/v1/meetings/?official=abc",
    "/api/v1/meetings/?q=%00",
    "/api/v1/meetings/?country=%00",
    "/api/v1/meetings/?kind=parade",
    "/api/v1/pledges/?amount_min=1e400",
    "/api/v1/pledges/?amount_max=NaN",
    "/api/v1/pledges/?amount_max=-Infinity",
    "/api/v1/pledges/?date_to=2025-02-30",
    "/api/v1/officials/?role=%00",
    "/api/v1/articles/?status=x&format=csv",
    "/api/v1/timeline/?country=%00",
    "/api/v1/timeline/?cursor=%00",
    "/api/v1/timeline/?cursor=9999-99-99~meeting~1",
    "/api/v1/timeline/?cursor=2025-01-01~treaty~1",
    "/api/v1/timeline/?official=99999999999999999999",
    "/api/v1/timeline/?page_size=99999999999999999999",
    "/api/v1/timeline/?date_from=tomorrow",
]


@pytest.mark.parametrize("url", HOSTILE_GETS)
def test_hostile_reads_get_a_4xx_in_the_error_shape(api, url):
    factories.MeetingFactory()
    factories.PledgeFactory()
    response = api.get(url)
    assert 400 <= response.status_code < 500, response.content[:300]
    body = response.json()
    assert set(body) == SHAPE
    assert body["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/?date_from=9999-12-31",
        "/api/v1/pledges/?amount_min=99999999999999999999999999999999",
        "/api/v1/timeline/?cursor=2025-01-01~meeting~99999999999999999999",
        "/api/v1/meetings/?page_size=-1",
        "/api/v1/meetings/?ordering=,,-",
    ],
)
def test_odd_but_harmless_reads_are_answered(api, url):
    factories.MeetingFactory()
    assert api.get(url).status_code == 200


def test_a_nul_in_a_name_cursor_is_never_a_500(api):
    # SQLite compares the position as text (a 200); PostgreSQL refuses NUL in a string (a 400).
    response = api.get("/api/v1/countries/", {"ordering": "name", "cursor": "cD0lMDA="})
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert response.json()["fields"]["cursor"]


def test_a_wrong_token_is_a_401_in_the_error_shape(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = api.post("/api/v1/articles/", {"text": "Talks."}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_malformed_json_body_is_a_400(analyst_api):
    response = analyst_api.post(
        "/api/v1/articles/", data='{"text": "unfinished', content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == SHAPE


def test_an_unsupported_body_type_is_a_415(analyst_api):
    response = analyst_api.post("/api/v1/articles/", data="text", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_client_over_its_rate_gets_429_with_a_wait(api, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    statuses = [api.get("/api/v1/countries/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api.get("/api/v1/countries/")
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


# Details cost the same queries however much evidence they carry ---------------------------------


def _with_evidence(kind: str, rows: int):
    record = {"pledge": factories.PledgeFactory, "post": factories.PostFactory}[kind]()
    for n in range(rows):
        factories.EvidenceFactory(**{kind: record}, start=n * 40, end=n * 40 + 30)
    return record


@pytest.mark.parametrize("rows", [3, 30])
def test_pledge_detail_uses_a_fixed_number_of_queries(api, django_assert_num_queries, rows):
    pledge = _with_evidence("pledge", rows)
    with django_assert_num_queries(2):  # the pledge with its sides, its evidence with articles
        body = api.get(f"/api/v1/pledges/{pledge.pk}/").json()
    assert len(body["evidence"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_official_detail_uses_a_fixed_number_of_queries(api, django_assert_num_queries, rows):
    person = factories.PersonFactory()
    for role in ["defence_minister", "foreign_minister", "deputy_minister"][: 1 + rows // 15]:
        factories.PostFactory(person=person, role=role)
    with django_assert_num_queries(2):  # the person, the posts with their countries
        assert api.get(f"/api/v1/officials/{person.pk}/").status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_article_detail_uses_a_fixed_number_of_queries(api, django_assert_num_queries, rows):
    article = factories.ArticleFactory()
    article.countries.set(factories.country(c) for c in ["UA", "PL", "DE"][: 1 + rows // 15])
    with django_assert_num_queries(3):  # the article, its countries, its evidence
        assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 200
