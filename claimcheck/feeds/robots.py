"""robots.txt: where it is, what its fetch means (RFC 9309), and whether it lets us fetch a page."""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from claimcheck.errors import FetchStatusError
from claimcheck.feeds.fetch import FetchResult

# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512 * 1024
# A Crawl-delay above this is not honoured as such (a page is not worth waiting longer for per request).
MAX_CRAWL_DELAY_S = 60.0


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lower-cased: what one robots.txt governs."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{host_of(url)}"


def host_of(url: str) -> str:
    """host[:port] of a URL, lower-cased and without credentials: what politeness is counted by."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port is not None else host


def robots_url(origin: str) -> str:
    """The robots.txt URL of an origin."""
    return f"{origin}/robots.txt"


def robots_text(result: FetchResult) -> str:
    """The rules a successful robots.txt fetch carries."""
    return result.body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")


def robots_unavailable(error: FetchStatusError) -> bool:
    """True when the status says there are no rules (any 4xx: everything is allowed); a 5xx is not that,
    it leaves the rules unknown, so the fetch is tried again later."""
    return 400 <= error.status < 500


def _parser(rules: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(rules.splitlines())
    return parser


def robots_allows(rules: str, url: str, user_agent: str) -> bool:
    """Whether robots.txt `rules` ("" for none) let `user_agent` fetch `url`."""
    return _parser(rules).can_fetch(user_agent, url)


def crawl_delay(rules: str, user_agent: str) -> float:
    """The Crawl-delay the rules ask of `user_agent` (0 when none), capped at MAX_CRAWL_DELAY_S."""
    delay = _parser(rules).crawl_delay(user_agent)
    try:
        return min(float(delay or 0), MAX_CRAWL_DELAY_S)
    except ValueError:
        return 0.0
