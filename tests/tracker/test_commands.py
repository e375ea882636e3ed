"""The ingest, reprocess and load_demo commands: summaries, idempotency, bad files counted."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from defensetrack.tracker.models import Article, Evidence, Meeting
from tests.tracker.conftest import REPORT_A, REPORT_B, REPORT_C

UKRAINIAN = (
    "Міністр оборони Норвегії зустрівся з українським колегою в Осло. "
    "Сторони обговорили протиповітряну оборону, боєприпаси та навчання пілотів."
)


@pytest.fixture
def run(db, django_capture_on_commit_callbacks):
    """call_command, with the tasks queued on commit run when the command's work is committed."""

    def run(*args) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command(*args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "more").mkdir(parents=True)
    (folder / "a.txt").write_text(REPORT_A)
    (folder / "b.txt").write_text(REPORT_B)
    (folder / "more" / "c.txt").write_text(REPORT_C)
    (folder / "ignored.pdf").write_bytes(b"%PDF-1.4")
    return folder


def test_ingesting_a_folder_twice_adds_nothing_the_second_time(run, corpus):
    out, _ = run("ingest", str(corpus))
    assert "read 3, new 3, duplicate 0, failed 0" in out
    assert "new articles: queued 3" in out  # the tasks run once the command's rows are committed
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}
    counts = (Article.objects.count(), Meeting.objects.count(), Evidence.objects.count())
    out, _ = run("ingest", str(corpus))
    assert "read 3, new 0, duplicate 3, failed 0" in out
    assert (Article.objects.count(), Meeting.objects.count(), Evidence.objects.count()) == counts
    assert Meeting.objects.count() == 2


def test_bad_files_are_counted_with_their_reason_and_the_rest_go_on(run, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)))
    (tmp_path / "huge.txt").write_bytes(b"Talks went on. " * (20 * 1024 * 1024 // 15))
    (tmp_path / "scripts.html").write_text(
        "<html><head><script>" + "var x = 1;" * 500 + "</script></head><body>"
        "<script>document.write('ad')</script></body></html>"
    )
    cyrillic = REPORT_A.replace("Harbour", "Київ") + "\n" + UKRAINIAN
    (tmp_path / "cyrillic.txt").write_bytes(cyrillic.encode("cp1251"))
    latin = REPORT_C.replace("Paris • Harbour Post\n", "").replace("closer", "défense")
    (tmp_path / "latin.txt").write_bytes(latin.encode("latin-1"))
    out, err = run("ingest", str(tmp_path))
    assert "read 6, new 2, duplicate 0, failed 4" in out
    assert "empty.txt is empty" in err
    assert "image.txt is a binary file" in err
    assert "huge.txt is 20.0 MB; the limit is 5.0 MB" in err
    assert "No article text was found" in err
    assert Article.objects.filter(outlet="Київ Post").exists()
    assert Article.objects.filter(title__contains="défense").exists()
    assert Meeting.objects.count() == 2


def test_it_says_what_is_missing(run):
    with pytest.raises(CommandError, match="does not exist"):
        run("ingest", "/no/such/folder")
    with pytest.raises(CommandError, match="Give files"):
        run("ingest")


def test_load_demo_loads_the_demo_articles_once(run):
    out, _ = run("load_demo")
    assert "read 26, new 26, duplicate 0, failed 0" in out
    assert Article.objects.filter(status=Article.Status.DONE).count() == 26
    meetings = Meeting.objects.count()
    assert meetings > 0
    out, _ = run("load_demo")
    assert "read 26, new 0, duplicate 26, failed 0" in out
    assert (Article.objects.count(), Meeting.objects.count()) == (26, meetings)


def test_reprocess_failed_queues_only_failed_articles(run, corpus):
    run("ingest", str(corpus))
    failed = Article.objects.order_by("id").first()
    Article.objects.filter(pk=failed.pk).update(status=Article.Status.FAILED, error="It broke.")
    out, _ = run("reprocess", "--failed")
    assert "1 article(s) queued again." in out
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (Article.Status.DONE, "")


def test_reprocess_all_reruns_everything_without_duplicating(run, corpus):
    run("ingest", str(corpus))
    before = (Meeting.objects.count(), Evidence.objects.count())
    out, _ = run("reprocess", "--all")
    assert "3 article(s) queued again." in out
    assert (Meeting.objects.count(), Evidence.objects.count()) == before
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DONE}


def test_reprocess_needs_a_choice(run):
    with pytest.raises(CommandError, match="--failed or --all"):
        run("reprocess")


def test_ingest_fetches_web_addresses(run, httpserver):
    from tests.tracker.test_fetch import page

    httpserver.expect_request("/story").respond_with_data(page(REPORT_C), content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    out, err = run("ingest", httpserver.url_for("/story"), httpserver.url_for("/gone"), "ftp://x/y")
    assert "read 3, new 2, duplicate 0, failed 1" in out
    assert "not a web address" in err
    statuses = dict(Article.objects.values_list("canonical_url", "status"))
    assert statuses[httpserver.url_for("/story")] == Article.Status.DONE
    assert statuses[httpserver.url_for("/gone")] == Article.Status.FAILED
