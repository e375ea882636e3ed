"""do_process_article and the facts it loads: one event is one record with one Evidence per report,
verified records are left alone, and running it twice changes nothing."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from defensetrack.extraction import EXTRACTOR_VERSION
from defensetrack.tracker.models import Article, Evidence, Meeting, Person, Pledge, Post
from defensetrack.tracker.services.articles import do_process_article
from tests.factories import UserFactory
from tests.tracker.conftest import REPORT_A, REPORT_B, REPORT_C


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated"))
        for model in (Article, Meeting, Pledge, Person, Post, Evidence)
    }


def test_it_stores_facts_with_evidence_that_points_into_the_article(make_article):
    article = make_article(text=REPORT_A)
    assert article.status == Article.Status.DONE and article.error == ""
    assert (article.attempts, article.extractor_version) == (1, EXTRACTOR_VERSION)
    assert article.facts["meetings"] and article.processed_at is not None
    meeting = Meeting.objects.get()
    assert sorted(meeting.countries.values_list("code", flat=True)) == ["NO", "UA"]
    assert set(meeting.participants.values_list("name", flat=True)) == {
        "Tore Onshus Sandvik",
        "Rustem Umerov",
    }
    assert (meeting.date, meeting.date_precision, meeting.location) == (
        date(2025, 3, 4),
        "day",
        "Oslo",
    )
    for evidence in Evidence.objects.all():
        assert article.text[evidence.start : evidence.end] == evidence.sentence
    pledge = Pledge.objects.get()
    assert (pledge.donor.code, pledge.recipient.code) == ("NO", "UA")
    assert (pledge.amount, pledge.currency) == (Decimal("2500000000"), "NOK")
    assert sorted(article.countries.values_list("code", flat=True)) == ["NO", "UA"]


def test_it_records_posts_with_the_dates_seen(make_article):
    make_article(text=REPORT_A)
    post = Post.objects.get(person__name="Rustem Umerov")
    assert (post.country.code, post.role) == ("UA", "defence_minister")
    assert post.start == post.end == date(2025, 3, 6)
    make_article(text=REPORT_A.replace("2025-03-06", "2025-04-10").replace("this year", "in 2025"))
    post.refresh_from_db()
    assert (post.start, post.end) == (date(2025, 3, 6), date(2025, 4, 10))
    assert Person.objects.filter(name="Rustem Umerov").count() == 1


def test_running_it_twice_changes_nothing(make_article):
    article = make_article(text=REPORT_A)
    before = _snapshot()
    do_process_article(article_id=article.pk)
    assert _snapshot() == before


def test_it_keeps_one_meeting_for_two_outlets(make_article):
    first = make_article(text=REPORT_A)
    second = make_article(text=REPORT_B)
    meeting = Meeting.objects.get()
    assert set(meeting.evidence.values_list("article", flat=True)) == {first.pk, second.pk}
    assert meeting.evidence.count() == 2
    pledge = Pledge.objects.get()
    assert pledge.evidence.count() == 2
    assert Person.objects.count() == 2


def test_other_events_stay_separate(make_article):
    make_article(text=REPORT_A)
    make_article(text=REPORT_C)
    assert Meeting.objects.count() == 2


def test_a_meeting_a_month_later_is_another_meeting(make_article):
    make_article(text=REPORT_A)
    make_article(text=REPORT_B.replace("2025-03-06", "2025-04-10"))
    assert Meeting.objects.count() == 2
    assert Pledge.objects.count() == 2


def test_it_keeps_a_verified_meeting_on_reprocess(make_article):
    article = make_article(text=REPORT_A)
    meeting = Meeting.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(
        location="Bergen", topics=["naval"], verified_at=timezone.now(), verified_by=UserFactory()
    )
    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED)
    do_process_article(article_id=article.pk)
    meeting.refresh_from_db()
    assert (meeting.location, meeting.topics) == ("Bergen", ["naval"])
    assert meeting.evidence.filter(article=article).count() == 1


def test_a_verified_meeting_gains_evidence_but_no_changes(make_article):
    make_article(text=REPORT_B)
    meeting = Meeting.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(topics=[], verified_at=timezone.now())
    meeting.participants.clear()
    make_article(text=REPORT_A)
    meeting.refresh_from_db()
    assert meeting.topics == [] and not meeting.participants.exists()
    assert meeting.evidence.count() == 2 and Meeting.objects.count() == 1


def test_reprocessing_drops_unverified_facts_left_without_evidence(make_article):
    article = make_article(text=REPORT_A)
    pledge = Pledge.objects.get()
    # As if the newer extractor no longer finds the pledge: the sentence is gone from the text.
    sentence = pledge.evidence.get().sentence
    Article.objects.filter(pk=article.pk).update(
        text=article.text.replace(sentence, ""), status=Article.Status.QUEUED
    )
    do_process_article(article_id=article.pk)
    assert not Pledge.objects.exists()
    assert Meeting.objects.get().evidence.get().article_id == article.pk


def test_reprocessing_keeps_a_verified_fact_without_new_evidence(make_article):
    article = make_article(text=REPORT_A)
    pledge = Pledge.objects.get()
    Pledge.objects.filter(pk=pledge.pk).update(verified_at=timezone.now())
    sentence = pledge.evidence.get().sentence
    Article.objects.filter(pk=article.pk).update(
        text=article.text.replace(sentence, ""), status=Article.Status.QUEUED
    )
    do_process_article(article_id=article.pk)
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_a_republished_copy_is_linked_to_its_original_and_makes_no_new_events(make_article):
    original = make_article(text=REPORT_A)
    copy = make_article(
        text=REPORT_A.replace("Harbour Post", "Valley Gazette")
        .replace("Norway and Ukraine talk air defence in Oslo", "Umerov visits Oslo")
        .replace("also talked about", "also discussed")
    )
    assert copy.duplicate_of_id == original.pk
    assert copy.status == Article.Status.DONE
    assert Meeting.objects.count() == 1 and Pledge.objects.count() == 1


def test_a_republished_copy_of_an_event_not_recorded_adds_nothing(make_article):
    original = make_article(text=REPORT_C)
    Meeting.objects.all().delete()
    copy = make_article(text=REPORT_C.replace("Harbour Post", "Valley Gazette") + " More soon.")
    assert copy.duplicate_of_id == original.pk
    assert not Meeting.objects.exists()


def test_a_different_story_is_not_a_near_duplicate(make_article):
    make_article(text=REPORT_A)
    other = make_article(text=REPORT_B)
    assert other.duplicate_of_id is None


def test_an_unknown_article_id_does_nothing(db):
    do_process_article(article_id=987654)
    assert not Article.objects.exists()


def test_text_with_no_facts_is_done_with_nothing_recorded(make_article):
    article = make_article(text="The weather in the capital was mild all week, with light rain.")
    assert article.status == Article.Status.DONE
    assert not Meeting.objects.exists() and article.facts["meetings"] == []
