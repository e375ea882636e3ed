"""History records what people change; loading leaves it alone and Evidence tells the sources."""

from django.contrib.auth.models import User

from defensetrack.tracker.models import Meeting, Person, Pledge, Post
from defensetrack.tracker.services.verify import do_verify
from tests.tracker.conftest import REPORT_A, REPORT_B


def test_loading_articles_writes_no_history(make_article):
    make_article(text=REPORT_A)
    make_article(text=REPORT_B)
    assert Meeting.objects.count() == Pledge.objects.count() == 1
    for model in (Meeting, Pledge, Post, Person):
        assert model.objects.exists()
        assert model.history.count() == 0, model


def test_the_first_correction_keeps_the_loaded_state_before_it(make_article):
    make_article(text=REPORT_A)
    meeting = Meeting.objects.get()
    loaded_location = meeting.location
    editor = User.objects.create_user("editor")

    do_verify(record=meeting, user=editor, changes={"location": "Bergen"})
    do_verify(record=meeting, user=editor, changes={"location": "Stavanger"})

    older_first = list(meeting.history.order_by("history_date"))
    assert [h.location for h in older_first] == [loaded_location, "Bergen", "Stavanger"]
    assert older_first[0].history_change_reason == "As loaded from articles"
    assert older_first[0].verified_at is None
    assert {c.country.code for c in older_first[0].countries.all()} == {"NO", "UA"}
