"""Reading the outside world: files, pages and feeds in, plain text out. No facts are found here.

Every failure becomes one of our errors with a sentence a person can act on: RejectedInput for
input we will never accept, TransientFetchError for network trouble worth retrying later, and
PermanentFetchError for a fetch that retrying will not fix.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from defensetrack.tracker.errors import PermanentFetchError, RejectedInput, TransientFetchError

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
# Query parameters that track the reader, not the page: dropped so one story has one address.
_TRACKING_PARAMS = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src)$",
    re.I,
)
# Control characters other than tab, newline, carriage return and form feed: text has none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# Addresses -------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """One spelling per page: lower-cased scheme and host, no tracking parameters, no fragment.

    Raises RejectedInput for anything that is not an absolute http(s) address, and for a host
    that is plainly on a private or local network (an IP address or localhost); names that
    resolve to one are refused when fetched, since that needs DNS.
    """
    raw = (url or "").strip()
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RejectedInput(f"{raw[:200]!r} is not a web address (http:// or https://).")
    host = parts.hostname.lower()
    if not settings.FETCH_ALLOW_PRIVATE_ADDRESSES and _is_plainly_local(host):
        raise RejectedInput(_local_address(f"{raw[:200]!r}"))
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = urlencode([(k, v) for k, v in query if not _TRACKING_PARAMS.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, kept, ""))


def _local_address(where: str, addresses: Sequence[str] = ()) -> str:
    named = f" ({', '.join(addresses)})" if addresses else ""
    return f"{where} is on a private or local network{named}; we only fetch public web addresses."


def _is_plainly_local(host: str) -> bool:
    """An IP address that is not public, or a localhost name (always loopback, RFC 6761)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not _is_public(ipaddress.ip_address(host))
    except ValueError:
        return False  # a name: only DNS can tell


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global alone lets multicast through, and an IPv6 address that carries an IPv4 one
    # (mapped, 6to4, NAT64) reaches that IPv4 address, so that is the one judged.
    if address.version == 6:
        address = _embedded_ipv4(address) or address
    return address.is_global and not address.is_multicast


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.ipv4_mapped or address.sixtofour


# Bytes to text ---------------------------------------------------------------------------------


def decode_bytes(raw: bytes, *, charset: str | None = None, what: str = "The input") -> str:
    """Text from bytes in any common encoding (UTF-8, cp1251, latin-1, ...); binary is refused.

    UTF-8 and a declared charset are tried first because they are cheap and usually right;
    charset_normalizer guesses the rest.
    """
    if not raw.strip():
        raise RejectedInput(f"{what} is empty.")
    if b"\x00" in raw[:8192]:
        raise RejectedInput(f"{what} is a binary file, not text.")
    for encoding in ("utf-8-sig", charset):
        if encoding:
            try:
                return check_text(raw.decode(encoding), what=what)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise RejectedInput(f"{what} is not text in any encoding we recognise.")
    return check_text(str(best), what=what)


def check_text(text: str, *, what: str = "The input") -> str:
    """Refuse text that is empty, binary in disguise or longer than ARTICLE_MAX_CHARS."""
    if not text.strip():
        raise RejectedInput(f"{what} is empty.")
    limit = settings.ARTICLE_MAX_CHARS
    if len(text) > limit:
        raise RejectedInput(
            f"{what} is {len(text):,} characters long; the limit is {limit:,} characters."
        )
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(10, len(sample) // 100):
        raise RejectedInput(f"{what} looks like a binary file, not text.")
    return text


# Files -----------------------------------------------------------------------------------------


def list_article_files(paths: list[str | Path]) -> list[Path]:
    """The article files under the given files and folders, sorted; a missing path is an error."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise RejectedInput(f"{path} does not exist.")
    return found


def read_text_file(path: Path) -> str:
    """The file's text, decoded; too large, empty or binary files are refused before parsing."""
    what = f"The file {path.name}"
    size = path.stat().st_size
    limit = settings.FETCH_MAX_BYTES
    if size > limit:
        raise RejectedInput(f"{what} is {_megabytes(size)}; the limit is {_megabytes(limit)}.")
    return decode_bytes(path.read_bytes(), what=what)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# The web ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    text: str
    status: int
    etag: str = ""
    last_modified: str = ""


def fetch(url: str, *, headers: dict[str, str] | None = None, what: str = "The page") -> Fetched:
    """GET a URL with our timeouts, size limit, redirect limit and User-Agent.

    A 304 comes back as Fetched(status=304, text=""). Network trouble and 5xx raise
    TransientFetchError; a 4xx, a redirect loop or an oversized body raise PermanentFetchError.
    An address, or any redirect, on a private or local network raises RejectedInput before it
    is requested, unless FETCH_ALLOW_PRIVATE_ADDRESSES is set.
    """
    session = requests.Session()
    if not settings.FETCH_ALLOW_PRIVATE_ADDRESSES:
        for scheme in ("http://", "https://"):
            session.mount(scheme, _PublicAddressesOnly(first_url=url, what=what))
    session.max_redirects = settings.FETCH_MAX_REDIRECTS
    session.headers["User-Agent"] = settings.FETCH_USER_AGENT
    try:
        with session.get(
            url, headers=headers or {}, timeout=settings.FETCH_TIMEOUT_SECONDS, stream=True
        ) as response:
            return _read_response(response, what=what)
    except requests.TooManyRedirects as exc:
        raise PermanentFetchError(f"{what} at {url} redirects too many times (a loop?).") from exc
    except (requests.Timeout, requests.ConnectionError) as exc:
        raise TransientFetchError(
            f"{what} at {url} could not be reached ({type(exc).__name__}); we will try again."
        ) from exc
    except requests.RequestException as exc:
        raise PermanentFetchError(f"{what} at {url} could not be fetched: {exc}.") from exc
    finally:
        session.close()


class _PublicAddressesOnly(HTTPAdapter):
    """Refuses, before connecting, any request whose host resolves to a non-public address.

    requests sends the first request and every redirect through its adapter, so each hop is
    checked, with a message that names the hop. DNS may answer differently a moment later, when
    the connection resolves the name again (DNS rebinding): the connections themselves check
    the address they reached before sending a byte (_PublicPeerConnection). Through a proxy
    (HTTP_PROXY), the proxy connects and its own rules apply.
    """

    def __init__(self, *, first_url: str, what: str) -> None:
        self.first_url, self.what, self.sent = first_url, what, 0
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicHTTPPool,
            "https": _PublicHTTPSPool,
        }

    def send(self, request: requests.PreparedRequest, *args, **kwargs) -> requests.Response:
        host = urlsplit(request.url).hostname or ""
        local = [str(address) for address in _addresses(host) if not _is_public(address)]
        if local:
            where = f"{self.what} at {self.first_url}"
            if self.sent:
                where += f" redirects to {request.url}, which"
            raise RejectedInput(_local_address(where, local))
        self.sent += 1
        return super().send(request, *args, **kwargs)


class _PublicPeerConnection(HTTPConnection):
    """A connection that closes itself, before the request is sent, when the address it
    reached is not public."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        peer = ipaddress.ip_address(sock.getpeername()[0].split("%")[0])
        if not _is_public(peer):
            sock.close()
            raise RejectedInput(_local_address(f"The address of {self.host}", [str(peer)]))
        return sock


class _PublicPeerHTTPSConnection(_PublicPeerConnection, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicPeerConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicPeerHTTPSConnection


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address the host resolves to; a name that does not resolve is network trouble."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise requests.ConnectionError(f"{host} could not be resolved: {exc}") from exc
    # The scope of a link-local IPv6 address ("fe80::1%eth0") changes nothing about it.
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]


def _read_response(response: requests.Response, *, what: str) -> Fetched:
    url = response.url
    if response.status_code == 304:
        return Fetched(url=url, text="", status=304)
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientFetchError(
            f"{what} at {url} answered HTTP {response.status_code}; we will try again."
        )
    if response.status_code >= 400:
        raise PermanentFetchError(f"{what} at {url} answered HTTP {response.status_code}.")
    body = _read_limited(response, what=what)
    text = decode_bytes(body, charset=_declared_charset(response), what=f"{what} at {url}")
    return Fetched(
        url=url,
        text=text,
        status=response.status_code,
        etag=response.headers.get("ETag", "")[:300],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )


def _declared_charset(response: requests.Response) -> str | None:
    # Only a charset the server names: requests' ISO-8859-1 default for text/* would decode
    # anything, so cp1251 pages without a declared charset would turn into mojibake.
    content_type = response.headers.get("Content-Type", "")
    return response.encoding if "charset=" in content_type.lower() else None


def _read_limited(response: requests.Response, *, what: str) -> bytes:
    limit = settings.FETCH_MAX_BYTES
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=65536):
        size += len(chunk)
        if size > limit:
            raise PermanentFetchError(
                f"{what} at {response.url} is larger than {_megabytes(limit)}; we stopped reading."
            )
        chunks.append(chunk)
    return b"".join(chunks)
