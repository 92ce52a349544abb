"""The one spelling of a feed URL that tells whether two registrations name the same feed."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from claimcheck.feeds.ssrf import DEFAULT_PORTS


def canonical_feed_url(url: str) -> str:
    """`url` with scheme and host lower-cased and without default port, trailing slash or fragment."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""  # lower-cased, IPv6 brackets stripped
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    # Path and query stay as sent: servers may tell case and parameter order apart.
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))
