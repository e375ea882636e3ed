"""Every admin page opens for a superuser, and corrections in admin mark records verified."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from defensetrack.tracker.models import Meeting, Person, Post
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(admin_user):
    person = factories.PersonFactory(name="Anna Example")
    post = factories.PostFactory(person=person)
    meeting = factories.MeetingFactory(participants=[person])
    pledge = factories.PledgeFactory()
    article = factories.ArticleFactory()
    factories.EvidenceFactory(article=article, meeting=meeting)
    factories.EvidenceFactory(article=article, pledge=pledge, start=40, end=60)
    factories.EvidenceFactory(article=article, post=post, start=70, end=90)
    return {"person": person, "post": post, "meeting": meeting, "pledge": pledge}


def _registered_models():
    return list(admin.site._registry)


@pytest.mark.parametrize("model", _registered_models(), ids=lambda m: m._meta.model_name)
def test_it_opens_changelist_add_and_change_pages(admin_client, admin_user, one_of_each, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(_request_by(admin_user)):
        assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert admin_client.get(change).status_code == 200
        if hasattr(model, "history"):
            history = reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
            assert admin_client.get(history).status_code == 200


def _request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_marks_a_meeting_verified_when_an_admin_saves_it(admin_client, one_of_each):
    meeting = one_of_each["meeting"]
    url = reverse("admin:tracker_meeting_change", args=[meeting.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        location="Oslo",
        countries=[c.pk for c in meeting.countries.all()],
        participants=[p.pk for p in meeting.participants.all()],
        topics='["drones"]',
        **_unchanged_inline("evidence", meeting),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    meeting.refresh_from_db()
    assert meeting.location == "Oslo"
    assert meeting.is_verified
    assert meeting.history.first().location == "Oslo"


def _unchanged_inline(prefix: str, meeting: Meeting) -> dict:
    rows = list(meeting.evidence.values_list("pk", flat=True))
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, pk in enumerate(rows):
        data[f"{prefix}-{index}-id"] = str(pk)
        data[f"{prefix}-{index}-meeting"] = str(meeting.pk)
    return data


def test_it_marks_selected_records_verified_with_the_action(admin_client, one_of_each):
    meetings = [one_of_each["meeting"], factories.MeetingFactory()]
    response = admin_client.post(
        reverse("admin:tracker_meeting_changelist"),
        {"action": "mark_verified", "_selected_action": [m.pk for m in meetings]},
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(verified_at__isnull=False).count() == 2


def test_it_merges_duplicate_officials_keeping_the_other_name(admin_client, one_of_each):
    keep = one_of_each["person"]
    duplicate = factories.PersonFactory(name="Example")
    factories.PostFactory(person=duplicate)  # same country and role: folds into one post
    meeting = factories.MeetingFactory(participants=[duplicate])
    response = admin_client.post(
        reverse("admin:tracker_person_changelist"),
        {"action": "merge_persons", "_selected_action": [keep.pk, duplicate.pk]},
    )
    assert response.status_code == 302
    assert list(Person.objects.values_list("name", flat=True)) == ["Anna Example"]
    keep.refresh_from_db()
    assert keep.aliases == ["Example"]
    assert Post.objects.filter(person=keep).count() == 1
    assert list(meeting.participants.all()) == [keep]
