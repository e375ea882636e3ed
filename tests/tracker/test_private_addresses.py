"""Fetching never reaches our own network: loopback, private, link-local and reserved addresses
are refused before any request is sent, for the first address and every redirect.

The suite allows them (FETCH_ALLOW_PRIVATE_ADDRESSES, set in pyproject.toml) because it serves
pages from 127.0.0.1; these tests turn that off. DNS is the internet, so `fake_dns` answers for
made-up names; pages are served locally by pytest-httpserver.
"""

import re
import socket

import pytest
from werkzeug import Response

from defensetrack.tracker.errors import RejectedInput
from defensetrack.tracker.models import Article, Feed
from defensetrack.tracker.services.feeds import PollResult, do_add_feed, do_poll_feed
from defensetrack.tracker.services.sources import canonical_url, fetch
from tests.tracker.conftest import REPORT_C
from tests.tracker.test_fetch import page

REFUSAL = "is on a private or local network"
# A global address (example.com's, once): what a real outlet's name resolves to.
PUBLIC = "93.184.215.14"


@pytest.fixture
def public_only(settings):
    """Production's setting: only public addresses are fetched."""
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = False


@pytest.fixture
def fake_dns(monkeypatch):
    """Answers for the names a test adds ({"news.example": "93.184.215.14"}); the real resolver
    for the rest, so localhost still reaches the local server."""
    answers: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        address = answers[host]
        if ":" in address:
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port or 0, 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.fixture
def outlet_redirecting_to_loopback(httpserver, fake_dns, monkeypatch):
    """http://news.example/story, a public name, whose answer redirects to 127.0.0.1.

    The local server stands in for the outlet as our egress proxy: requests sends it every
    request (HTTP_PROXY), so the first hop reaches it while its name resolves to a public
    address. Returns the story's address and the internal one it redirects to.
    """
    fake_dns["news.example"] = PUBLIC
    monkeypatch.setenv("HTTP_PROXY", httpserver.url_for("/"))
    for name in ("NO_PROXY", "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    internal = f"http://127.0.0.1:{httpserver.port}/internal"
    httpserver.expect_request("/story").respond_with_response(
        Response(status=302, headers={"Location": internal})
    )
    httpserver.expect_request("/internal").respond_with_data(
        page(REPORT_C), content_type="text/html"
    )
    return "http://news.example/story", internal


def _requested(httpserver) -> list[str]:
    return [request.path for request, _ in httpserver.log]


# Fetching --------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_loopback_page_is_refused_before_it_is_requested(httpserver, public_only, host):
    httpserver.expect_request("/admin").respond_with_data("internal")
    url = f"http://{host}:{httpserver.port}/admin"
    with pytest.raises(RejectedInput, match=re.escape(f"The page at {url} {REFUSAL} (")):
        fetch(url)
    assert _requested(httpserver) == []


# The last is 127.0.0.1 mapped into IPv6.
@pytest.mark.parametrize(
    "address", ["10.1.2.3", "169.254.169.254", "192.168.0.10", "fd00::1", "::ffff:7f00:1"]
)
def test_a_name_resolving_to_a_private_address_is_refused(public_only, fake_dns, address):
    fake_dns["intranet.example"] = address
    with pytest.raises(RejectedInput, match=re.escape(f"{REFUSAL} ({address}); we only fetch")):
        fetch("http://intranet.example/")


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_name_answering_public_then_loopback_is_refused_before_a_byte_is_sent(
    httpserver, public_only, monkeypatch, scheme
):
    """DNS rebinding: the check's look-up is answered with a public address, the connection's
    with loopback; the connection notices where it landed."""
    httpserver.expect_request("/admin").respond_with_data("internal")
    real, asked = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        address = PUBLIC if len(asked) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(RejectedInput, match=re.escape(f"{REFUSAL} (127.0.0.1)")):
        fetch(f"{scheme}://rebind.example:{httpserver.port}/admin")
    assert len(asked) == 2  # the check's look-up, then the connection's
    assert _requested(httpserver) == []


def test_a_redirect_to_loopback_is_refused_before_it_is_followed(
    httpserver, public_only, outlet_redirecting_to_loopback
):
    story, internal = outlet_redirecting_to_loopback
    with pytest.raises(RejectedInput) as refused:
        fetch(story)
    assert refused.value.message == (
        f"The page at {story} redirects to {internal}, which {REFUSAL} (127.0.0.1); "
        "we only fetch public web addresses."
    )
    assert _requested(httpserver) == ["/story"]


def test_the_same_redirect_is_followed_where_private_addresses_are_allowed(
    httpserver, outlet_redirecting_to_loopback
):
    story, internal = outlet_redirecting_to_loopback
    fetched = fetch(story)
    assert fetched.url == internal and "Macron" in fetched.text
    assert _requested(httpserver) == ["/story", "/internal"]


# Articles and feeds ----------------------------------------------------------------------------


def test_an_article_on_a_private_address_fails_with_a_clear_error(
    make_article, public_only, fake_dns
):
    fake_dns["intranet.example"] = "127.0.0.1"
    article = make_article(url="http://intranet.example/admin", source="url")
    assert (article.status, article.attempts) == (Article.Status.FAILED, 1)
    assert article.error == (
        f"The page at http://intranet.example/admin {REFUSAL} (127.0.0.1); "
        "we only fetch public web addresses."
    )


def test_an_article_redirected_to_loopback_fails_with_a_clear_error(
    make_article, httpserver, public_only, outlet_redirecting_to_loopback
):
    story, internal = outlet_redirecting_to_loopback
    article = make_article(url=story, source="url")
    assert article.status == Article.Status.FAILED
    assert f"redirects to {internal}, which {REFUSAL}" in article.error
    assert _requested(httpserver) == ["/story"]


def test_a_feed_on_a_private_address_records_the_refusal(db, public_only, fake_dns):
    fake_dns["feeds.intranet.example"] = "10.1.2.3"
    feed = Feed.objects.create(url="http://feeds.intranet.example/rss")
    assert do_poll_feed(feed_id=feed.pk) == PollResult()
    feed.refresh_from_db()
    assert feed.last_error.startswith(f"The feed at {feed.url} {REFUSAL} (10.1.2.3)")


# Refused on the way in, where no DNS is needed -------------------------------------------------

LOCAL_ADDRESSES = [
    "http://127.0.0.1/x",
    "http://localhost:8000/x",
    "http://[::1]/x",
    "http://10.0.0.5/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/x",
    "http://[::ffff:7f00:1]/x",
    "http://224.0.0.1/x",
]


@pytest.mark.parametrize("url", LOCAL_ADDRESSES)
def test_an_address_plainly_on_a_local_network_is_not_accepted(db, public_only, url):
    with pytest.raises(RejectedInput, match=re.escape(f"'{url}' {REFUSAL}; we only fetch")):
        canonical_url(url)
    with pytest.raises(RejectedInput, match=REFUSAL):
        do_add_feed(url=url)
    assert not Feed.objects.exists()


@pytest.mark.parametrize("url", LOCAL_ADDRESSES)
def test_local_addresses_are_accepted_where_allowed(url):
    assert canonical_url(url).startswith("http://")


def test_a_public_address_is_accepted(public_only):
    assert canonical_url(f"http://{PUBLIC}/story") == f"http://{PUBLIC}/story"
