"""fetch_feed against a real HTTP server on 127.0.0.1: validators, pinning, redirects and hostile servers."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimcheck.errors import FeedFetchError, FeedRejected
from claimcheck.feeds.fetch import FetchLimits, FetchResult, fetch_feed
from claimcheck.feeds.parse import parse_feed
from claimcheck.feeds.ssrf import parse_networks
from tests.support.feed_server import FIXTURES, FeedServer, tls_contexts
from tests.support.processes import free_port

pytestmark = pytest.mark.integration

LOOPBACK = parse_networks(["127.0.0.1/32"])
MB = 1024 * 1024


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


class CountingResolver:
    """Answers every name with 127.0.0.1 and counts the lookups."""

    def __init__(self) -> None:
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:  # noqa: ARG002
        self.lookups.append(host)
        return ["127.0.0.1"]


def test_a_feed_is_fetched_with_its_validators(server: FeedServer) -> None:
    result = fetch_feed(server.url("/feeds/rss20.xml"), allow=LOOPBACK)
    assert result.status == 200 and not result.not_modified
    assert result.body == (FIXTURES / "rss20.xml").read_bytes()
    assert result.etag is not None and result.etag.startswith('"')
    assert result.last_modified == "Sat, 15 Mar 2025 10:00:00 GMT"
    assert result.content_type == "application/rss+xml"
    assert result.url == server.url("/feeds/rss20.xml")
    assert [e.title for e in parse_feed(result.body, "wire").entries] == [
        "Bridge reopens",
        "Council budget approved",
    ]


def test_a_second_fetch_with_the_etag_gets_304_and_no_body(server: FeedServer) -> None:
    first = fetch_feed(server.url("/feeds/atom.xml"), allow=LOOPBACK)
    second = fetch_feed(server.url("/feeds/atom.xml"), etag=first.etag, allow=LOOPBACK)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
    assert server.seen[-1].headers["If-None-Match"] == first.etag


def test_a_fetch_with_only_last_modified_gets_304(server: FeedServer) -> None:
    first = fetch_feed(server.url("/feeds/atom.xml"), allow=LOOPBACK)
    second = fetch_feed(server.url("/feeds/atom.xml"), last_modified=first.last_modified, allow=LOOPBACK)
    assert second.not_modified and second.body == b""
    assert server.seen[-1].headers["If-Modified-Since"] == first.last_modified


def test_a_stale_etag_gets_the_full_body(server: FeedServer) -> None:
    result = fetch_feed(server.url("/feeds/atom.xml"), etag='"stale"', allow=LOOPBACK)
    assert not result.not_modified and result.body == (FIXTURES / "atom.xml").read_bytes()


@pytest.mark.parametrize("name", ["jsonfeed11.json", "claimreview.json", "claimreview.html", "rss10.rdf"])
def test_every_format_fetched_over_http_parses(server: FeedServer, name: str) -> None:
    result = fetch_feed(server.url(f"/feeds/{name}"), allow=LOOPBACK)
    assert parse_feed(result.body, name).entries


def test_a_gzip_encoded_feed_is_decoded(server: FeedServer) -> None:
    result = fetch_feed(server.url("/gzip/rss20.xml"), allow=LOOPBACK)
    assert result.body == (FIXTURES / "rss20.xml").read_bytes()
    assert server.seen[-1].headers["Accept-Encoding"] == "gzip, deflate"


def test_the_connection_goes_to_the_checked_address_and_the_host_header_names_the_host(
    server: FeedServer,
) -> None:
    # Given a name no real DNS knows, resolved once by the guard to 127.0.0.1
    resolver = CountingResolver()
    # When it is fetched
    result = fetch_feed(server.url("/feeds/rss20.xml", host="feeds.test"), allow=LOOPBACK, resolver=resolver)
    # Then the request reached the checked address without a second lookup, speaking to the host name
    assert result.status == 200 and result.url == server.url("/feeds/rss20.xml", host="feeds.test")
    assert resolver.lookups == ["feeds.test"]
    assert server.seen[-1].headers["Host"] == f"feeds.test:{server.port}"


def test_https_is_pinned_and_the_certificate_is_checked_against_the_host_name(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    server_tls, client_tls = tls_contexts("feeds.test", tmp_path)
    with FeedServer(tls=server_tls) as server:

        def fetch(host: str) -> FetchResult:
            url = server.url("/feeds/rss20.xml", host=host)
            transport = httpx.HTTPTransport(verify=client_tls)
            return fetch_feed(url, allow=LOOPBACK, resolver=CountingResolver(), transport=transport)

        result = fetch("feeds.test")
        assert result.status == 200 and result.url.startswith("https://feeds.test:")
        assert server.seen[-1].headers["Host"] == f"feeds.test:{server.port}"
        # The same server and address under another name: the certificate check must fail.
        with pytest.raises(FeedFetchError, match="not valid for 'other.test'"):
            fetch("other.test")


def test_five_redirects_are_followed_by_hand(server: FeedServer) -> None:
    result = fetch_feed(server.url("/redirect/5"), allow=LOOPBACK)
    assert result.url == server.url("/feeds/rss20.xml") and result.status == 200
    assert [r.path for r in server.seen] == [f"/redirect/{n}" for n in range(5, 0, -1)] + ["/feeds/rss20.xml"]


@pytest.mark.timeout(30)
def test_more_than_five_redirects_fail(server: FeedServer) -> None:
    with pytest.raises(FeedFetchError, match="more than 5 redirects"):
        fetch_feed(server.url("/redirect/6"), allow=LOOPBACK)
    assert len(server.seen) == 6


def test_a_redirect_loop_fails(server: FeedServer) -> None:
    loop = server.url("/redirect-to?to=/redirect-to%3Fto%3D/redirect/1")
    with pytest.raises(FeedFetchError, match="more than 2 redirects"):
        fetch_feed(loop, allow=LOOPBACK, limits=FetchLimits(max_redirects=2))


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, which is link-local"),
        ("http://[::ffff:169.254.169.254]/", "link-local"),
        ("http://0xa9fea9fe/", "169.254.169.254, which is link-local"),
        ("http://10.0.0.1/", "private"),
        ("http://[::1]/", "loopback"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:pw@example.org/", "userinfo"),
    ],
)
def test_a_redirect_to_a_forbidden_target_is_refused(server: FeedServer, location: str, reason: str) -> None:
    with pytest.raises(FeedRejected, match=reason):
        fetch_feed(server.url(f"/redirect-to?to={location}"), allow=LOOPBACK)
    assert len(server.seen) == 1


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "2130706433", "0x7f.1"])
def test_a_url_reaching_loopback_is_refused_without_the_allowlist(server: FeedServer, host: str) -> None:
    with pytest.raises(FeedRejected, match="which is loopback"):
        fetch_feed(server.url("/feeds/rss20.xml", host=host))
    assert server.seen == []


@pytest.mark.timeout(30)
def test_a_gzip_bomb_is_cut_early_with_bounded_memory(server: FeedServer) -> None:
    # Given 1 GB of zeros, gzip-compressed on the fly to about 1 MB
    tracemalloc.start()
    try:
        # When it is fetched, then the ratio guard stops it after about a megabyte of output
        with pytest.raises(FeedFetchError, match="decompression bomb"):
            fetch_feed(server.url("/bomb/1024"), allow=LOOPBACK)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB


@pytest.mark.timeout(30)
def test_a_bomb_under_the_ratio_cap_is_still_cut_at_the_size_cap(server: FeedServer) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FeedFetchError, match="too large: more than 10485760 bytes after decoding"):
            fetch_feed(server.url("/bomb/1024"), allow=LOOPBACK, limits=FetchLimits(max_ratio=1e9))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * MB


@pytest.mark.timeout(30)
def test_an_endless_body_is_cut_at_the_size_cap(server: FeedServer) -> None:
    with pytest.raises(FeedFetchError, match="too large: more than 2097152 bytes"):
        fetch_feed(server.url("/endless"), allow=LOOPBACK, limits=FetchLimits(max_bytes=2 * MB))


def test_a_body_declared_over_the_cap_is_refused_before_it_is_read(server: FeedServer) -> None:
    with pytest.raises(FeedFetchError, match="declares 1073741824 bytes"):
        fetch_feed(server.url("/declared-huge"), allow=LOOPBACK)


@pytest.mark.timeout(20)
def test_a_server_trickling_its_body_is_cut_at_the_total_deadline(server: FeedServer) -> None:
    # The read timeout (10 s) never fires on one byte a second; only the total deadline stops it.
    with pytest.raises(FeedFetchError, match="total deadline of 2s exceeded"):
        fetch_feed(server.url("/slow-body"), allow=LOOPBACK, limits=FetchLimits(total_deadline_s=2))


@pytest.mark.timeout(20)
def test_a_server_trickling_its_headers_is_cut_at_the_total_deadline(server: FeedServer) -> None:
    with pytest.raises(FeedFetchError, match="total deadline of 2s exceeded"):
        fetch_feed(server.url("/slow-headers"), allow=LOOPBACK, limits=FetchLimits(total_deadline_s=2))


@pytest.mark.timeout(20)
def test_a_hanging_dns_lookup_is_cut_at_the_total_deadline(server: FeedServer) -> None:
    def hanging(_host: str, _port: int) -> list[str]:
        time.sleep(5)
        return ["127.0.0.1"]

    started = time.monotonic()
    with pytest.raises(FeedFetchError, match="DNS lookup of feeds.test outlived the total deadline of 1s"):
        fetch_feed(
            server.url("/feeds/rss20.xml", host="feeds.test"),
            allow=LOOPBACK,
            resolver=hanging,
            limits=FetchLimits(total_deadline_s=1),
        )
    assert time.monotonic() - started < 3


def test_a_failing_dns_lookup_keeps_its_own_error(server: FeedServer) -> None:
    def failing(host: str, _port: int) -> list[str]:
        raise FeedRejected(f"{host} does not resolve")

    with pytest.raises(FeedRejected, match="feeds.test does not resolve"):
        fetch_feed(server.url("/feeds/rss20.xml", host="feeds.test"), allow=LOOPBACK, resolver=failing)


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_an_error_status_raises_with_the_status(server: FeedServer, status: int) -> None:
    with pytest.raises(FeedFetchError, match=f"HTTP {status} "):
        fetch_feed(server.url(f"/status/{status}"), allow=LOOPBACK)


def test_a_refused_connection_is_a_fetch_error() -> None:
    with pytest.raises(FeedFetchError, match="ConnectError"):
        fetch_feed(f"http://127.0.0.1:{free_port()}/feed", allow=LOOPBACK)
