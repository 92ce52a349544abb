"""The SSRF guard: schemes, userinfo, every forbidden range, every spelling of an address, the allowlist."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.errors import FeedFetchError, FeedRejected
from claimcheck.feeds.ssrf import Resolver, forbidden_reason, parse_networks, resolve_target

PUBLIC_V4 = "93.184.216.34"


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host}:{port} must not be looked up")


def resolving(table: dict[str, list[str]]) -> Resolver:
    def resolver(host: str, port: int) -> list[str]:  # noqa: ARG001
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolver


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.0.0.1/",
        "http://0x7F000001/",
        "http://017700000001/",
        "http://127.1/",
        "http://127.0.1/",
        "http://0x7f.1/",
        "http://127.0.0.1./",
        "http://127.000.000.001/",
    ],
)
def test_every_spelling_of_loopback_is_refused_without_a_dns_lookup(url: str) -> None:
    with pytest.raises(FeedRejected, match="loopback"):
        resolve_target(url, resolver=no_dns)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("100.127.255.254", "CGNAT"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "private"),
        ("240.0.0.1", "private"),
        ("255.255.255.255", "private"),
        ("192.0.0.8", "not a public address"),
        ("192.0.2.1", "private"),
        ("198.18.0.1", "private"),
        ("198.51.100.7", "private"),
        ("203.0.113.9", "private"),
        ("192.88.99.1", "not a public address"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("febf:ffff::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("ff02::1", "multicast"),
        ("fec0::1", "not a public address"),
        ("2001:db8::1", "private"),
        ("100::1", "private"),
        ("::127.0.0.1", "reserved"),
    ],
)
def test_forbidden_ranges_are_refused(address: str, reason: str) -> None:
    ip = ipaddress.ip_address(address)
    host = f"[{address}]" if ip.version == 6 else address
    with pytest.raises(FeedRejected, match=reason):
        resolve_target(f"http://{host}/feed", resolver=no_dns)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:7f00:1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 around 169.254.169.254
        ("64:ff9b::a00:1", "private"),  # NAT64 around 10.0.0.1
        ("64:ff9b::7f00:1", "loopback"),
    ],
)
def test_ipv6_forms_embedding_a_forbidden_ipv4_address_are_refused(address: str, reason: str) -> None:
    with pytest.raises(FeedRejected, match=f"{reason}.*embeds"):
        resolve_target(f"http://[{address}]/", resolver=no_dns)


@pytest.mark.parametrize("address", ["2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2a00:1450::1"])
def test_public_ipv6_addresses_and_public_embedded_ipv4_are_allowed(address: str) -> None:
    target = resolve_target(f"https://[{address}]/feed", resolver=no_dns)
    assert target.ip == ipaddress.ip_address(address)
    assert target.pinned_url == f"https://[{target.ip}]:443/feed"


@pytest.mark.parametrize(
    ("host", "addresses"),
    [
        ("metadata.example", ["169.254.169.254"]),
        ("intranet.example", ["10.0.0.5"]),
        ("sneaky.example", [PUBLIC_V4, "127.0.0.1"]),
        ("dual.example", [PUBLIC_V4, "::1"]),
        ("mapped.example", ["::ffff:127.0.0.1"]),
        ("scoped.example", ["fe80::1%eth0"]),
    ],
)
def test_a_host_with_any_forbidden_address_is_refused(host: str, addresses: list[str]) -> None:
    with pytest.raises(FeedRejected, match=f"host '{host}' resolves to"):
        resolve_target(f"http://{host}/rss", resolver=resolving({host: addresses}))


def test_a_public_host_is_pinned_to_its_checked_address() -> None:
    resolver = resolving({"news.example.org": [PUBLIC_V4, "2606:2800:220:1::1"]})
    target = resolve_target("https://News.Example.org:8443/feed.xml?page=2#top", resolver=resolver)
    assert (target.scheme, target.host, target.port) == ("https", "news.example.org", 8443)
    assert str(target.ip) == PUBLIC_V4
    assert target.path_and_query == "/feed.xml?page=2"
    assert target.url == "https://news.example.org:8443/feed.xml?page=2"
    assert target.pinned_url == f"https://{PUBLIC_V4}:8443/feed.xml?page=2"
    assert target.netloc == "news.example.org:8443"


def test_default_ports_are_left_out_of_the_host_header() -> None:
    resolver = resolving({"news.example.org": [PUBLIC_V4]})
    assert resolve_target("http://news.example.org/", resolver=resolver).netloc == "news.example.org"
    assert resolve_target("https://news.example.org:443", resolver=resolver).path_and_query == "/"


def test_international_host_names_are_resolved_in_their_ascii_form() -> None:
    resolver = resolving({"xn--bcher-kva.example": [PUBLIC_V4]})
    assert resolve_target("http://bücher.example/feed", resolver=resolver).host == "xn--bcher-kva.example"


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/feed", "file:///etc/passwd", "gopher://example.org/", "javascript:alert(1)",
     "data:text/xml,<rss/>", "//example.org/feed", "example.org/feed", "feed://example.org/rss"],
)  # fmt: skip
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FeedRejected, match="only http and https"):
        resolve_target(url, resolver=no_dns)


@pytest.mark.parametrize(
    "url",
    ["http://user:secret@example.org/", "http://example.org@127.0.0.1/", "http://@example.org/",
     "http://example.org%40127.0.0.1@evil.example/"],
)  # fmt: skip
def test_userinfo_is_refused(url: str) -> None:
    with pytest.raises(FeedRejected, match="userinfo"):
        resolve_target(url, resolver=no_dns)


@pytest.mark.parametrize(
    "url", ["http://example.org\\@127.0.0.1/", "http://127.0.0.1\\.example.org/", "http://exa mple.org/",
            "http://example.org/\r\nHost: 127.0.0.1", "http://example.org\t/"],
)  # fmt: skip
def test_backslashes_whitespace_and_control_characters_are_refused(url: str) -> None:
    with pytest.raises(FeedRejected, match="whitespace, control characters or a backslash"):
        resolve_target(url, resolver=no_dns)


@pytest.mark.parametrize(
    "url",
    ["http://1.2.3.4.5/", "http://256.0.0.1/", "http://08.0.0.1/", "http://1.2.3.0x100/", "http://4294967296/",
     "http://example.123/", "http://127..1/", "http://example..org/", "http://-bad.example/", "http://a_b$.example/",
     "http://[127.0.0.1]/", "http://[::1/", "http:///feed", "http://example.org:0/", "http://example.org:99999/",
     "http://%31%32%37.0.0.1/", "http://" + "a" * 64 + ".example/"],
)  # fmt: skip
def test_malformed_hosts_and_ports_are_refused(url: str) -> None:
    with pytest.raises(FeedRejected):
        resolve_target(url, resolver=no_dns)


def test_the_allowlist_lets_exactly_its_networks_through() -> None:
    allow = parse_networks(["127.0.0.1/32"])
    assert str(resolve_target("http://127.0.0.1:8080/feed", allow, resolver=no_dns).ip) == "127.0.0.1"
    assert str(resolve_target("http://2130706433:8080/", allow, resolver=no_dns).ip) == "127.0.0.1"
    assert resolve_target("http://[::ffff:127.0.0.1]/", allow, resolver=no_dns).ip.version == 6
    with pytest.raises(FeedRejected, match="loopback"):
        resolve_target("http://127.0.0.2/", allow, resolver=no_dns)
    with pytest.raises(FeedRejected, match="link-local"):
        resolve_target("http://169.254.169.254/", allow, resolver=no_dns)


def test_localhost_is_refused_without_the_allowlist_and_reached_with_it() -> None:
    with pytest.raises(FeedRejected, match="host 'localhost' resolves to .*loopback"):
        resolve_target("http://localhost:8080/feed")
    target = resolve_target("http://localhost:8080/feed", parse_networks(["127.0.0.0/8", "::1/128"]))
    assert target.ip.is_loopback and target.host == "localhost"
    assert target.pinned_url.endswith(":8080/feed")


def test_a_host_that_does_not_resolve_is_a_fetch_error_not_a_rejection() -> None:
    with pytest.raises(FeedFetchError, match="cannot resolve host 'nowhere.example'"):
        resolve_target("http://nowhere.example/", resolver=resolving({}))


def test_malformed_allowlist_entries_are_reported() -> None:
    with pytest.raises(ValueError, match="does not appear to be"):
        parse_networks(["localhost"])


def spelled(value: int, style: str) -> str:
    octets = value.to_bytes(4, "big")
    if style == "decimal":
        return str(value)
    if style == "hex":
        return hex(value)
    if style == "octal-dotted":
        return ".".join(f"0{o:o}" for o in octets)
    if style == "hex-dotted":
        return ".".join(hex(o) for o in octets)
    if style == "two-part":
        return f"{octets[0]}.{value & 0xFFFFFF}"
    return f"{octets[0]}.{octets[1]}.{value & 0xFFFF}"  # three-part


def addresses_in(network: str) -> st.SearchStrategy[int]:
    net = ipaddress.ip_network(network)
    return st.integers(int(net[0]), int(net[-1]))


FORBIDDEN_SAMPLES = ["127.0.0.0/8", "10.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "192.168.0.0/16"]


@given(
    value=st.one_of(st.integers(0, 2**32 - 1), st.sampled_from(FORBIDDEN_SAMPLES).flatmap(addresses_in)),
    style=st.sampled_from(["decimal", "hex", "octal-dotted", "hex-dotted", "two-part", "three-part"]),
)
def test_any_spelling_of_an_ipv4_address_is_judged_as_what_inet_aton_reads(value: int, style: str) -> None:
    host = spelled(value, style)
    address = ipaddress.IPv4Address(socket.inet_aton(host))
    assert int(address) == value
    if forbidden_reason(address) is None:
        assert resolve_target(f"http://{host}/", resolver=no_dns).ip == address
    else:
        with pytest.raises(FeedRejected, match=str(address)):
            resolve_target(f"http://{host}/", resolver=no_dns)
