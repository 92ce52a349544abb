"""The SSRF guard: which feed URLs may be fetched, and the one checked address to connect to.

A URL is allowed only when its scheme is http or https, it carries no userinfo, and every address its
host resolves to is public (or inside an explicit allowlist). Numeric hosts are read the way browsers and
inet_aton read them (``2130706433``, ``0177.0.0.1``, ``0x7f.0.0.1``, ``127.1``), so no spelling slips past,
and IPv6 forms that embed an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by that address.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from claimcheck.errors import FeedFetchError, FeedRejected

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Ranges refused on top of `not is_global`: Python's tables call some of these global (multicast,
# deprecated relays, site-local) or are the ones the brief names and must never depend on a table.
_FORBIDDEN_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
_FORBIDDEN_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/96",  # unspecified, loopback and the deprecated IPv4-compatible form
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_DNS_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_NUMERIC_PART = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)")


@dataclass(frozen=True, slots=True)
class Target:
    """A checked fetch target: connect to `ip`, but speak to `host` (Host header, TLS SNI)."""

    scheme: str
    host: str
    port: int
    ip: IPAddress
    path_and_query: str

    @property
    def netloc(self) -> str:
        """Host (bracketed when IPv6) and the port when it is not the scheme's default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if DEFAULT_PORTS[self.scheme] == self.port else f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The URL as named by host, fragment dropped."""
        return f"{self.scheme}://{self.netloc}{self.path_and_query}"

    @property
    def pinned_url(self) -> str:
        """The same URL with the checked IP in place of the host, so no second DNS lookup happens."""
        ip = f"[{self.ip}]" if self.ip.version == 6 else str(self.ip)
        return f"{self.scheme}://{ip}:{self.port}{self.path_and_query}"


def parse_networks(specs: Iterable[str]) -> list[IPNetwork]:
    """Networks from strings such as "127.0.0.1/32" or "::1"; raises ValueError on a malformed one."""
    return [ipaddress.ip_network(spec, strict=False) for spec in specs]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (A and AAAA), as strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def resolve_target(url: str, allow: Sequence[IPNetwork] = (), resolver: Resolver = system_resolver) -> Target:
    """Checked target of `url`: FeedRejected if an address is forbidden, FeedFetchError if none resolves."""
    parts = _split(url)
    scheme = parts.scheme
    host = _host(parts)
    try:
        port = DEFAULT_PORTS[scheme] if parts.port is None else parts.port
    except ValueError as exc:
        raise FeedRejected(f"invalid port in {url!r}") from exc
    if port == 0:
        raise FeedRejected(f"invalid port in {url!r}")
    path_and_query = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    literal = _ip_literal(host)
    if literal is not None:
        check_address(literal, allow)
        return Target(scheme, str(literal), port, literal, path_and_query)

    try:
        resolved = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FeedFetchError(f"cannot resolve host {host!r}: {exc}") from exc
    if not resolved:
        raise FeedFetchError(f"host {host!r} resolves to no address")
    addresses = [_parse_resolved(host, a) for a in resolved]
    for address in addresses:
        check_address(address, allow, host=host)
    return Target(scheme, host, port, addresses[0], path_and_query)


def check_address(address: IPAddress, allow: Sequence[IPNetwork] = (), host: str | None = None) -> None:
    """Raise FeedRejected unless `address` is public or inside `allow`."""
    reason = forbidden_reason(address, allow)
    if reason is not None:
        named = f"host {host!r} resolves to" if host else "address"
        raise FeedRejected(f"{named} {address}, which is {reason}; refusing to fetch")


def forbidden_reason(address: IPAddress, allow: Sequence[IPNetwork] = ()) -> str | None:
    """Why `address` may not be fetched (e.g. "loopback"), or None when it may."""
    embedded = _embedded_ipv4(address)
    candidates = [a for a in (address, embedded) if a is not None]
    if any(a in net for net in allow for a in candidates if a.version == net.version):
        return None
    if embedded is not None:
        inner = forbidden_reason(embedded)
        return None if inner is None else f"{inner} (it embeds {embedded})"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified:
        return "unspecified"
    if isinstance(address, ipaddress.IPv4Address) and address in ipaddress.IPv4Network("100.64.0.0/10"):
        return "shared address space (CGNAT)"
    if address.is_private:
        return "private"
    if address.is_reserved:
        return "reserved"
    forbidden: tuple[IPNetwork, ...] = _FORBIDDEN_V4 if address.version == 4 else _FORBIDDEN_V6
    if not address.is_global or any(address in net for net in forbidden):
        return "not a public address"
    return None


def _split(url: str) -> SplitResult:
    if _UNSAFE_URL_CHARS.search(url):
        raise FeedRejected("URL contains whitespace, control characters or a backslash")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FeedRejected(f"malformed URL {url!r}: {exc}") from exc
    if parts.scheme not in ALLOWED_SCHEMES:
        raise FeedRejected(f"only http and https URLs can be fetched, not {parts.scheme or 'no'} scheme")
    if "@" in parts.netloc:
        raise FeedRejected("URLs with userinfo (user:password@host) are not fetched")
    return parts


def _host(parts: SplitResult) -> str:
    raw = parts.hostname
    if not raw:
        raise FeedRejected("URL has no host")
    if parts.netloc.startswith("[") or ":" in raw:
        return raw  # an IPv6 literal; _ip_literal validates it
    host = raw[:-1] if raw.endswith(".") else raw
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise FeedRejected(f"host {raw!r} is not a valid domain name") from exc
    labels = ascii_host.split(".")
    if not _NUMERIC_PART.fullmatch(labels[-1]) and (
        len(ascii_host) > 253 or not all(_DNS_LABEL.fullmatch(label) for label in labels)
    ):
        raise FeedRejected(f"host {raw!r} is not a valid domain name")
    return ascii_host


def _ip_literal(host: str) -> IPAddress | None:
    """The address a numeric host names, read like a browser would; None for a domain name."""
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise FeedRejected(f"malformed IPv6 address {host!r}") from exc
    parts = host.split(".")
    if not _NUMERIC_PART.fullmatch(parts[-1]):
        return None
    # The last label is a number, so the host is an IPv4 address or invalid (WHATWG URL, inet_aton).
    if len(parts) > 4 or not all(_NUMERIC_PART.fullmatch(p) for p in parts):
        raise FeedRejected(f"malformed IPv4 address {host!r}")
    numbers = [_ipv4_part(p, host) for p in parts]
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise FeedRejected(f"malformed IPv4 address {host!r}")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _ipv4_part(part: str, host: str) -> int:
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError as exc:
        raise FeedRejected(f"malformed IPv4 address {host!r}") from exc


def _parse_resolved(host: str, text: str) -> IPAddress:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError as exc:
        raise FeedRejected(f"host {host!r} resolved to an unreadable address {text!r}") from exc


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
