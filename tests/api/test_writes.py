"""Writes: token-authenticated article posts through ingestion, and staff corrections."""

import pytest

from defensetrack.tracker.models import Article, Meeting
from tests import factories

pytestmark = pytest.mark.django_db

REPORT = (
    "Polish Defence Minister Władysław Kosiniak-Kamysz held talks with Lithuanian Defence "
    "Minister Dovilė Šakalienė in Vilnius on Tuesday. The two ministers discussed air defence "
    "and joint exercises on the border."
)


def test_anonymous_clients_cannot_post_articles(api):
    response = api.post("/api/v1/articles/", {"text": REPORT}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Article.objects.exists()


def test_a_posted_article_is_accepted_processed_and_pollable(
    analyst_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_api.post(
            "/api/v1/articles/",
            {
                "text": REPORT,
                "title": "Vilnius talks",
                "outlet": "Harbour Post",
                "published": "2025-03-06",
            },
            format="json",
        )
    assert response.status_code == 202
    body = response.json()
    assert body["created"] is True
    polled = analyst_api.get(body["status_url"]).json()
    assert polled["status"] == "done", polled["error"]
    meeting = Meeting.objects.get(evidence__article_id=body["id"])
    assert polled["meetings"] == [meeting.pk]
    detail = analyst_api.get(f"/api/v1/meetings/{polled['meetings'][0]}/").json()
    assert {c["code"] for c in detail["countries"]} == {"LT", "PL"}
    assert detail["date"] == "2025-03-04"


def test_posting_the_same_text_twice_gives_the_same_article(analyst_api):
    first = analyst_api.post("/api/v1/articles/", {"text": REPORT}, format="json").json()
    second = analyst_api.post("/api/v1/articles/", {"text": REPORT}, format="json").json()
    assert (second["id"], second["created"]) == (first["id"], False)


@pytest.mark.parametrize(
    "body",
    [{}, {"text": "   "}, {"url": "not a url"}, {"text": REPORT, "published": "someday"}],
)
def test_bad_article_bodies_get_400(analyst_api, body):
    response = analyst_api.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_binary_text_is_rejected_with_a_message(analyst_api):
    response = analyst_api.post("/api/v1/articles/", {"text": "\x00\x01\x02" * 50}, format="json")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/meta-data/", "http://localhost:6379/", "http://[::1]/"]
)
def test_an_address_on_our_own_network_is_refused_with_a_message(analyst_api, settings, url):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False
    response = analyst_api.post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "rejected",
        "message": f"'{url}' is on a private or local network; we only fetch public web addresses.",
        "fields": {},
    }
    assert not Article.objects.exists()


def test_an_oversized_body_gets_413(analyst_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = analyst_api.post("/api/v1/articles/", {"text": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_staff_correct_a_meeting_which_becomes_verified_with_history(staff_api):
    meeting = factories.MeetingFactory(location="Brussels")
    response = staff_api.patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"location": "Oslo", "countries": ["NO", "UA"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["verified"] is True
    meeting.refresh_from_db()
    assert meeting.location == "Oslo"
    assert set(meeting.countries.values_list("code", flat=True)) == {"NO", "UA"}
    assert meeting.verified_by.username == "editor"
    assert meeting.history.count() >= 2


def test_staff_correct_a_pledge_amount(staff_api):
    pledge = factories.PledgeFactory()
    response = staff_api.patch(
        f"/api/v1/pledges/{pledge.pk}/", {"amount": "6500000000"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["amount"] == "6500000000.00"
    assert response.json()["verified"] is True


def test_staff_correct_a_post(staff_api):
    post = factories.PostFactory()
    response = staff_api.patch(f"/api/v1/posts/{post.pk}/", {"end": "2025-07-17"}, format="json")
    assert response.status_code == 200
    assert response.json()["end"] == "2025-07-17"


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        ("meetings", {"countries": ["UA"]}),
        ("meetings", {"countries": ["ZZ", "UA"]}),
        ("pledges", {"amount": "-5"}),
        ("pledges", {"donor": "UA"}),
        ("pledges", {"currency": "dollars"}),
        ("posts", {"start": "2025-01-01", "end": "2024-01-01"}),
    ],
)
def test_impossible_corrections_get_400(staff_api, endpoint, body):
    record = {
        "meetings": factories.MeetingFactory,
        "pledges": factories.PledgeFactory,
        "posts": factories.PostFactory,
    }[endpoint]()
    response = staff_api.patch(f"/api/v1/{endpoint}/{record.pk}/", body, format="json")
    assert response.status_code == 400
    record.refresh_from_db()
    assert not record.is_verified


def test_analysts_cannot_correct_and_anonymous_must_sign_in(analyst_api, api):
    meeting = factories.MeetingFactory()
    assert (
        analyst_api.patch(f"/api/v1/meetings/{meeting.pk}/", {"location": "X"}).status_code == 403
    )
    assert api.patch(f"/api/v1/meetings/{meeting.pk}/", {"location": "X"}).status_code == 401
    meeting.refresh_from_db()
    assert meeting.location == "Brussels" and not meeting.is_verified


def test_nobody_may_delete_through_the_api(staff_api):
    meeting = factories.MeetingFactory()
    assert staff_api.delete(f"/api/v1/meetings/{meeting.pk}/").status_code == 405
    assert Meeting.objects.filter(pk=meeting.pk).exists()
