"""URL articles: the page is fetched with our limits; network trouble is retried, the rest fails
with a sentence a person understands. Pages are served locally by pytest-httpserver."""

import time

import pytest
from werkzeug import Response

from defensetrack.tracker.errors import PermanentFetchError, TransientFetchError
from defensetrack.tracker.models import Article, Meeting
from defensetrack.tracker.services.articles import MAX_ATTEMPTS, do_process_article
from defensetrack.tracker.services.sources import fetch
from tests.tracker.conftest import REPORT_A, REPORT_C


def page(report: str, *, published: str = "2025-03-06") -> str:
    lines = report.splitlines()
    title = lines[0].split(" ", 2)[2]
    paragraphs = "".join(f"<p>{line}</p>" for line in lines[2:])
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{published}">'
        "<script>window.track = function () {};</script></head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Harbour Post</footer></body></html>"
    )


def test_it_fetches_a_page_and_loads_its_facts(make_article, httpserver):
    httpserver.expect_request("/news/oslo").respond_with_data(
        page(REPORT_A), content_type="text/html; charset=utf-8"
    )
    article = make_article(url=httpserver.url_for("/news/oslo?utm_source=feed"), source="url")
    assert article.status == Article.Status.DONE, article.error
    assert article.title == "Norway and Ukraine talk air defence in Oslo"
    assert str(article.published) == "2025-03-06"
    assert "window.track" not in article.text and "Home | World" not in article.text
    meeting = Meeting.objects.get()
    assert sorted(meeting.countries.values_list("code", flat=True)) == ["NO", "UA"]
    assert article.canonical_url.endswith("/news/oslo") and len(article.content_hash) == 64


def test_a_page_identical_to_a_stored_article_is_its_duplicate(make_article, httpserver):
    httpserver.expect_request("/a").respond_with_data(page(REPORT_C), content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(page(REPORT_C), content_type="text/html")
    first = make_article(url=httpserver.url_for("/a"))
    second = make_article(url=httpserver.url_for("/b"))
    assert second.duplicate_of_id == first.pk and second.status == Article.Status.DONE
    assert Meeting.objects.count() == 1


def test_it_sends_our_user_agent(httpserver, settings):
    settings.FETCH_USER_AGENT = "DefenseTrack-test/1.0"
    httpserver.expect_request(
        "/ua", headers={"User-Agent": "DefenseTrack-test/1.0"}
    ).respond_with_data("<p>ok</p>" * 20, content_type="text/html")
    assert fetch(httpserver.url_for("/ua")).status == 200


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (404, PermanentFetchError, "answered HTTP 404"),
        (410, PermanentFetchError, "answered HTTP 410"),
        (500, TransientFetchError, "answered HTTP 500; we will try again"),
        (503, TransientFetchError, "answered HTTP 503; we will try again"),
    ],
)
def test_it_sorts_http_errors_into_retry_or_not(httpserver, status, error, message):
    httpserver.expect_request("/x").respond_with_data("nope", status=status)
    with pytest.raises(error, match=message):
        fetch(httpserver.url_for("/x"))


def test_a_redirect_loop_is_a_permanent_error(httpserver, fast_fetch):
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    with pytest.raises(PermanentFetchError, match="redirects too many times"):
        fetch(httpserver.url_for("/loop"))


def test_a_slow_server_is_a_timeout_worth_retrying(httpserver, fast_fetch):
    def slow(request):
        time.sleep(2)
        return Response("<p>late</p>", content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(TransientFetchError, match="could not be reached"):
        fetch(httpserver.url_for("/slow"))


def test_a_page_over_the_size_limit_is_refused(httpserver, settings):
    settings.FETCH_MAX_BYTES = 10_000
    httpserver.expect_request("/big").respond_with_data("<p>x</p>" * 5000, content_type="text/html")
    with pytest.raises(PermanentFetchError, match="larger than"):
        fetch(httpserver.url_for("/big"))


def test_a_cp1251_page_without_a_charset_is_decoded(httpserver):
    text = "Міністр оборони зустрівся з колегою. " * 20
    httpserver.expect_request("/ua").respond_with_data(
        f"<html><body><p>{text}</p></body></html>".encode("cp1251"), content_type="text/html"
    )
    assert "Міністр оборони" in fetch(httpserver.url_for("/ua")).text


def test_a_missing_page_fails_the_article_with_a_clear_error(make_article, httpserver):
    httpserver.expect_request("/gone").respond_with_data("Not here", status=404)
    article = make_article(url=httpserver.url_for("/gone"))
    assert article.status == Article.Status.FAILED
    assert article.error.endswith("answered HTTP 404.")
    assert article.attempts == 1


def test_a_page_of_scripts_fails_the_article_with_a_clear_error(make_article, httpserver):
    scripts = "<html><head><script>" + "var a=1;" * 300 + "</script></head><body></body></html>"
    httpserver.expect_request("/scripts").respond_with_data(scripts, content_type="text/html")
    article = make_article(url=httpserver.url_for("/scripts"))
    assert article.status == Article.Status.FAILED
    assert article.error.startswith("No article text was found on the page")


def test_a_server_error_puts_the_article_back_in_the_queue_then_gives_up(db, httpserver):
    httpserver.expect_request("/flaky").respond_with_data("busy", status=503)
    article = Article.objects.create(url=httpserver.url_for("/flaky"), source="url")
    with pytest.raises(TransientFetchError):
        do_process_article(article_id=article.pk)
    article.refresh_from_db()
    assert (article.status, article.attempts) == (Article.Status.QUEUED, 1)
    assert "HTTP 503; we will try again" in article.error
    Article.objects.filter(pk=article.pk).update(attempts=MAX_ATTEMPTS - 1)
    do_process_article(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error.endswith(f"Gave up after {MAX_ATTEMPTS} tries.")


def test_a_page_that_comes_back_is_processed_on_retry(db, httpserver):
    url = httpserver.url_for("/later")
    httpserver.expect_ordered_request("/later").respond_with_data("busy", status=500)
    httpserver.expect_ordered_request("/later").respond_with_data(
        page(REPORT_C), content_type="text/html"
    )
    article = Article.objects.create(url=url, source="url")
    with pytest.raises(TransientFetchError):
        do_process_article(article_id=article.pk)
    do_process_article(article_id=article.pk)
    article.refresh_from_db()
    assert (article.status, article.attempts, article.error) == (Article.Status.DONE, 2, "")


def test_without_a_broker_the_retries_run_inline_and_end_failed(make_article, httpserver):
    httpserver.expect_request("/down").respond_with_data("busy", status=503)
    article = make_article(url=httpserver.url_for("/down"))
    assert (article.status, article.attempts) == (Article.Status.FAILED, MAX_ATTEMPTS)
    assert article.error.endswith(f"we will try again. Gave up after {MAX_ATTEMPTS} tries.")
