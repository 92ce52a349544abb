"""A real HTTP server on 127.0.0.1 for fetch tests: fixture feeds with validators, and hostile routes.

Routes:
  /feeds/<file>          a fixture with ETag and Last-Modified; If-None-Match / If-Modified-Since give 304
  /gzip/<file>           the fixture gzip-compressed (Content-Encoding: gzip)
  /bomb/<megabytes>      that many MB of zeros, gzip-compressed as it is sent (about 1 KB per MB)
  /endless               an identity body that never ends
  /slow-body             headers at once, then one body byte per second
  /slow-headers          the status line and headers one byte per second
  /declared-huge         Content-Length of 1 GB, then nothing
  /redirect/<n>          n (>= 1) redirects in a row, the last to /feeds/rss20.xml
  /redirect-to?to=<url>  one redirect to any URL
  /status/<code>         an empty response with that status
  /robots.txt            the fixture robots.txt, with validators as above (404 when there is none)
  /large-page/<kb>       an HTML article page of that many kilobytes, close-delimited (no Content-Length)
"""

from __future__ import annotations

import gzip
import hashlib
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
LAST_MODIFIED = parsedate_to_datetime("Sat, 15 Mar 2025 10:00:00 GMT")
CONTENT_TYPES = {".xml": "application/rss+xml", ".rdf": "application/rdf+xml", ".json": "application/json",
                 ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}  # fmt: skip
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when the request line had been read


class FeedServer:
    """Serves fixtures and hostile responses from a background thread, on a free port of 127.0.0.1."""

    def __init__(self, fixtures: Path = FIXTURES, tls: ssl.SSLContext | None = None) -> None:
        self.fixtures = fixtures
        self.scheme = "http" if tls is None else "https"
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._seen: list[SeenRequest] = []
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.feed_server = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="feed-server", daemon=True
        )

    @property
    def port(self) -> int:
        port: int = self._httpd.server_address[1]
        return port

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    @property
    def seen(self) -> list[SeenRequest]:
        with self._lock:
            return list(self._seen)

    def record(self, request: SeenRequest) -> None:
        with self._lock:
            self._seen.append(request)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    feed_server: FeedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up on a hostile route is the point of the test, not an error."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests assert on `FeedServer.seen` instead."""

    def do_GET(self) -> None:
        feeds = self.server.feed_server
        feeds.record(SeenRequest(self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        route, _, rest = parts.path.lstrip("/").partition("/")
        try:
            if route == "feeds":
                self._fixture(feeds.fixtures / rest, compress=False)
            elif route == "gzip":
                self._fixture(feeds.fixtures / rest, compress=True)
            elif route == "bomb":
                self._bomb(int(rest))
            elif route == "endless":
                self._endless()
            elif route == "slow-body":
                self._slow_body()
            elif route == "slow-headers":
                self._slow_headers()
            elif route == "declared-huge":
                self._head(200, {"Content-Length": str(1024 * MEGABYTE)})
            elif route == "redirect":
                hops = int(rest)
                self._redirect(f"/redirect/{hops - 1}" if hops > 1 else "/feeds/rss20.xml")
            elif route == "redirect-to":
                self._redirect(parse_qs(parts.query)["to"][0])
            elif route == "status":
                self._head(int(rest), {"Content-Length": "0"})
            elif route == "robots.txt":
                self._fixture(feeds.fixtures / "robots.txt", compress=False)
            elif route == "large-page":
                self._large_page(int(rest))
            else:
                self._head(404, {"Content-Length": "0"})
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cut us off, as it should on a hostile route

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _fixture(self, path: Path, compress: bool) -> None:
        if not path.is_file():
            self._head(404, {"Content-Length": "0"})
            return
        body = path.read_bytes()
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        if self._not_modified(etag):
            self._head(304, {"ETag": etag, "Last-Modified": format_datetime(LAST_MODIFIED, usegmt=True)})
            return
        headers = {
            "Content-Type": CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
            "ETag": etag,
            "Last-Modified": format_datetime(LAST_MODIFIED, usegmt=True),
        }
        if compress:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(body))
        self._head(200, headers)
        self.wfile.write(body)

    def _not_modified(self, etag: str) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return if_none_match.strip() == "*" or etag in [t.strip() for t in if_none_match.split(",")]
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            return parsedate_to_datetime(if_modified_since) >= LAST_MODIFIED
        except (TypeError, ValueError):
            return False

    def _bomb(self, megabytes: int) -> None:
        self._head(200, {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})
        for chunk in _gzip_zeros(megabytes):
            if self.server.feed_server.stopping.is_set():
                return
            self.wfile.write(chunk)

    def _endless(self) -> None:
        self._head(200, {"Content-Type": "application/rss+xml"})
        chunk = b"<rss>" + b" " * (64 * 1024)
        while not self.server.feed_server.stopping.is_set():
            self.wfile.write(chunk)

    def _slow_body(self) -> None:
        self._head(200, {"Content-Type": "application/rss+xml", "Content-Length": "3600"})
        self._trickle(b"<" * 3600)

    def _slow_headers(self) -> None:
        self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"a" * 3600)

    def _trickle(self, data: bytes) -> None:
        stopping = self.server.feed_server.stopping
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if stopping.wait(1.0):
                return

    def _large_page(self, kilobytes: int) -> None:
        self._head(200, {"Content-Type": "text/html; charset=utf-8"})
        paragraph = b"<p>" + b"The council met again on Monday and talked about the budget. " * 16 + b"</p>\n"
        self.wfile.write(b"<!DOCTYPE html><html><head><title>Long read</title></head><body><article>\n")
        for _ in range(kilobytes * 1024 // len(paragraph) + 1):
            if self.server.feed_server.stopping.is_set():
                return
            self.wfile.write(paragraph)
        self.wfile.write(b"</article></body></html>\n")

    def _redirect(self, location: str) -> None:
        self._head(302, {"Location": location, "Content-Length": "0"})


def _gzip_zeros(megabytes: int) -> Iterator[bytes]:
    """A gzip stream of `megabytes` MB of zeros, produced a megabyte at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MEGABYTE)
    for _ in range(megabytes):
        if out := compressor.compress(zeros):
            yield out
    yield compressor.flush()


def tls_contexts(hostname: str, directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context holding a certificate for `hostname`, and a client context trusting only its CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(common_name: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    now = datetime.now(UTC)
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = name("claimcheck test CA")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name(hostname))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, chain_file, key_file = directory / "ca.pem", directory / "leaf.pem", directory / "leaf.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(chain_file, key_file)
    return server, ssl.create_default_context(cafile=str(ca_file))
