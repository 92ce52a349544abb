"""Fetching a feed's bytes safely: SSRF-checked and pinned hops, conditional GET, hard size and time caps.

Every hop (the first request and each redirect, followed by hand) goes through the SSRF guard, and the
request goes to the checked IP with the host name in the Host header and in TLS SNI, so a second DNS
answer cannot send it elsewhere. The body is decoded here, not by httpx, so a cap on decoded bytes and
on the decoded/raw ratio stops a decompression bomb before it is inflated. A watchdog shuts the socket
down at the total deadline, so neither a server trickling headers nor one trickling the body outlives it.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

import httpx

from claimcheck.errors import FeedFetchError, FetchDeadlineExceeded, FetchStatusError, ResponseTooLarge
from claimcheck.feeds.ssrf import IPNetwork, Resolver, Target, resolve_target, system_resolver

USER_AGENT = "claimcheck-feed-fetcher/0.1"
ACCEPT = (
    "application/feed+json, application/json;q=0.9, application/rss+xml, application/atom+xml, "
    "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)
# What an article page (the link behind a feed entry) and a robots.txt are asked for.
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
TEXT_ACCEPT = "text/plain, */*;q=0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DECODE_STEP = 256 * 1024  # at most this many decoded bytes per zlib call, so every cap is checked often
_SOCKET_EVENTS = frozenset({"connection.connect_tcp.complete", "connection.start_tls.complete"})


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds on one fetch: bytes after decoding, per-operation timeouts, total time, redirects, ratio."""

    max_bytes: int = 10 * 1024 * 1024
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 10.0
    write_timeout_s: float = 10.0
    pool_timeout_s: float = 5.0
    total_deadline_s: float = 30.0
    max_redirects: int = 5
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1024 * 1024  # the ratio is only judged once this much has been decoded


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch got: the decoded body, or `not_modified` with an empty body on a 304."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


DEFAULT_LIMITS = FetchLimits()


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits = DEFAULT_LIMITS,
    allow: Sequence[IPNetwork] = (),
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver = system_resolver,
    accept: str = ACCEPT,
) -> FetchResult:
    """GET a feed's (or, with another `accept`, any page's) bytes within `limits`; raise FeedRejected (SSRF
    guard) or FeedFetchError (FetchStatusError, ResponseTooLarge, FetchDeadlineExceeded where they apply)."""
    client = _shared_client() if transport is None else _new_client(transport)
    try:
        with _Deadline(limits.total_deadline_s) as deadline:
            try:
                return _fetch(client, url, etag, last_modified, limits, allow, resolver, deadline, accept)
            except (httpx.HTTPError, FeedFetchError) as exc:
                # Whatever a connection cut by the watchdog looks like, the cause is the deadline.
                if deadline.expired:
                    raise deadline.exceeded(url) from exc
                if isinstance(exc, FeedFetchError):
                    raise
                raise FeedFetchError(f"fetching {url} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if transport is not None:
            client.close()


def _fetch(
    client: httpx.Client,
    url: str,
    etag: str | None,
    last_modified: str | None,
    limits: FetchLimits,
    allow: Sequence[IPNetwork],
    resolver: Resolver,
    deadline: _Deadline,
    accept: str,
) -> FetchResult:
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _ in range(limits.max_redirects + 1):
        target = resolve_target(current, allow, _within(resolver, deadline))
        if deadline.remaining() <= 0:
            raise deadline.exceeded(url)
        with _send(client, target, headers, limits, deadline) as response:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FeedFetchError(f"HTTP {status} redirect without a Location from {target.url}")
                current = urljoin(target.url, location.strip())
                continue
            if status == 304:
                return _result(response, target, b"", etag, last_modified)
            if not 200 <= status < 300:
                raise FetchStatusError(f"HTTP {status} {response.reason_phrase} from {target.url}", status)
            return _result(response, target, _read_body(response, target, limits, deadline), None, None)
    raise FeedFetchError(f"more than {limits.max_redirects} redirects starting from {url}")


def _within(resolver: Resolver, deadline: _Deadline) -> Resolver:
    """`resolver` bounded by the deadline: getaddrinfo cannot be cancelled or given a timeout, so it runs in
    a daemon thread that is abandoned (and finishes on its own) when the deadline comes first."""

    def resolve(host: str, port: int) -> list[str]:
        answer: list[list[str]] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                answer.append(resolver(host, port))
            except BaseException as exc:  # handed to the caller's thread below
                failure.append(exc)

        lookup = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
        lookup.start()
        lookup.join(max(deadline.remaining(), 0.0))
        if lookup.is_alive():
            raise FetchDeadlineExceeded(
                f"DNS lookup of {host} outlived the total deadline of {deadline.seconds:g}s"
            )
        if failure:
            raise failure[0]
        return answer[0]

    return resolve


def _result(
    response: httpx.Response, target: Target, body: bytes, etag: str | None, last_modified: str | None
) -> FetchResult:
    """The result of a final response; a 304 keeps the validators that were sent unless it brings new ones."""
    return FetchResult(
        url=target.url,
        status=response.status_code,
        body=body,
        content_type=response.headers.get("content-type"),
        etag=response.headers.get("etag") or etag,
        last_modified=response.headers.get("last-modified") or last_modified,
        not_modified=response.status_code == 304,
    )


@contextlib.contextmanager
def _send(
    client: httpx.Client, target: Target, headers: dict[str, str], limits: FetchLimits, deadline: _Deadline
) -> Iterator[httpx.Response]:
    remaining = max(deadline.remaining(), 0.001)
    timeout = httpx.Timeout(
        connect=min(limits.connect_timeout_s, remaining),
        read=min(limits.read_timeout_s, remaining),
        write=min(limits.write_timeout_s, remaining),
        pool=min(limits.pool_timeout_s, remaining),
    )
    extensions: dict[str, Any] = {"trace": deadline.trace}
    if target.scheme == "https" and target.host != str(target.ip):
        extensions["sni_hostname"] = target.host  # TLS verifies the certificate against the host name
    pinned_headers = {**headers, "Host": target.netloc}
    request = client.build_request(
        "GET", target.pinned_url, headers=pinned_headers, timeout=timeout, extensions=extensions
    )
    response = client.send(request, stream=True, follow_redirects=False)
    try:
        yield response
    finally:
        response.close()


def _read_body(response: httpx.Response, target: Target, limits: FetchLimits, deadline: _Deadline) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise ResponseTooLarge(
            f"response too large: {target.url} declares {declared} bytes, the cap is {limits.max_bytes}"
        )
    decoder = _BodyDecoder(_content_coding(response), target, limits)
    for chunk in response.iter_raw():
        decoder.feed(chunk)
        if deadline.expired:
            raise deadline.exceeded(target.url)
    body = decoder.finish()
    if deadline.expired:  # a close-delimited body the watchdog cut short looks complete to httpx
        raise deadline.exceeded(target.url)
    return body


def _content_coding(response: httpx.Response) -> str:
    value = response.headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in value.split(",") if c.strip() and c.strip().lower() != "identity"]
    if not codings:
        return "identity"
    if len(codings) == 1 and codings[0] in {"gzip", "x-gzip", "deflate"}:
        return "deflate" if codings[0] == "deflate" else "gzip"
    raise FeedFetchError(f"unsupported Content-Encoding {value!r}")


class _BodyDecoder:
    """Decodes gzip/deflate step by step, refusing more than max_bytes out or a bomb-like ratio."""

    def __init__(self, coding: str, target: Target, limits: FetchLimits) -> None:
        self.coding = coding
        self.url = target.url
        self.limits = limits
        self.raw = 0
        self.raw_consumed = 0
        self.decoded = 0
        self.parts: list[bytes] = []
        self.inflater: Any = None

    def feed(self, data: bytes) -> None:
        self.raw += len(data)
        if self.coding == "identity":
            self.raw_consumed = self.raw
            self._take(data)
            return
        if self.raw > self.limits.max_bytes:
            raise ResponseTooLarge(f"response too large: more than {self.limits.max_bytes} compressed bytes")
        if self.inflater is None:
            self.inflater = zlib.decompressobj(_wbits(self.coding, data))
        self._inflate(data)

    def finish(self) -> bytes:
        if self.inflater is not None:
            self._inflate(b"")
            if not self.inflater.eof:
                raise FeedFetchError(f"{self.coding} body from {self.url} ends before its compressed stream")
        return b"".join(self.parts)

    def _inflate(self, data: bytes) -> None:
        pending = data
        while not self.inflater.eof:
            budget = min(self.limits.max_bytes - self.decoded + 1, _DECODE_STEP)
            try:
                out = self.inflater.decompress(pending, budget)
            except zlib.error as exc:
                raise FeedFetchError(f"corrupt {self.coding} body from {self.url}: {exc}") from exc
            self.raw_consumed += len(pending) - len(self.inflater.unconsumed_tail)
            pending = self.inflater.unconsumed_tail
            self._take(out)
            if not pending and len(out) < budget:
                break  # input used up and no output held back; data after the stream's end is ignored

    def _take(self, out: bytes) -> None:
        self.decoded += len(out)
        if self.decoded > self.limits.max_bytes:
            raise ResponseTooLarge(
                f"response too large: more than {self.limits.max_bytes} bytes after decoding from {self.url}"
            )
        consumed = max(self.raw_consumed, 1)
        if self.decoded > self.limits.ratio_floor_bytes and self.decoded > self.limits.max_ratio * consumed:
            raise ResponseTooLarge(
                f"decompression bomb: {self.decoded} bytes decoded from {consumed} compressed bytes "
                f"(more than {self.limits.max_ratio:g}:1) from {self.url}"
            )
        if out:
            self.parts.append(out)


def _wbits(coding: str, first: bytes) -> int:
    if coding == "gzip":
        return 32 + zlib.MAX_WBITS  # gzip, or a zlib stream mislabelled as gzip
    # "deflate" is meant to be zlib-wrapped, but some servers send a raw deflate stream.
    wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


class _Deadline:
    """The total time one fetch may take; at expiry the open socket is shut down to wake a blocked read."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._socket: Any = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def exceeded(self, url: str) -> FeedFetchError:
        return FetchDeadlineExceeded(f"total deadline of {self.seconds:g}s exceeded fetching {url}")

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore trace hook: remember each new connection's socket so the watchdog can cut it."""
        if event not in _SOCKET_EVENTS or info.get("return_value") is None:
            return
        sock = info["return_value"].get_extra_info("socket")
        with self._lock:
            self._socket = sock
            expired = self.expired
        if expired:
            _shut_down(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._socket
        if sock is not None:
            _shut_down(sock)


def _shut_down(sock: Any) -> None:
    # The base-class method works on plain and TLS sockets alike and, unlike close(), wakes a blocked recv.
    with contextlib.suppress(OSError, TypeError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _new_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    # trust_env=False: a proxy from the environment would resolve the host itself and undo the pinning.
    # No keep-alive: a pooled TLS connection made for one host name must not carry another's request.
    return httpx.Client(
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


@functools.cache
def _shared_client() -> httpx.Client:
    """The process's one client for feed fetches."""
    return _new_client()


def warm_up() -> None:
    """Create the process's client now, so that its first fetch does not spend the time on it."""
    _shared_client()
