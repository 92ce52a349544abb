"""Feed bytes to evidence entries with feedparser (RSS 0.9x/1.0/2.0, Atom)."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from claimcheck.feeds.html_text import html_to_text
from schemas.evidence import FeedEntry


class FeedParseError(ValueError):
    """The bytes are not a feed feedparser can read."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]


def _published(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents:
        return html_to_text(" ".join(c.get("value", "") for c in contents))
    return html_to_text(entry.get("summary", "") or "")


def entry_id(feed_id: str, key: str) -> str:
    """Stable id of an entry within its feed."""
    return hashlib.sha256(f"{feed_id}\x00{key}".encode()).hexdigest()[:24]


def parse_feed(data: bytes, feed_id: str, trust: float = 0.8) -> ParsedFeed:
    """Parse feed bytes (never a URL) into entries whose text is plain and citable."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise FeedParseError(f"not a readable feed: {parsed.get('bozo_exception')!r}")
    title = html_to_text(parsed.feed.get("title", "")) or feed_id
    entries = []
    for raw in parsed.entries:
        text = _entry_text(raw)
        entry_title = html_to_text(raw.get("title", "")) or text[:80]
        content_hash = hashlib.sha256(f"{entry_title}\x00{text}".encode()).hexdigest()
        key = raw.get("id") or raw.get("link") or content_hash
        entries.append(
            FeedEntry(
                id=entry_id(feed_id, key),
                feed_id=feed_id,
                feed_title=title,
                trust=trust,
                url=raw.get("link"),
                title=entry_title,
                published=_published(raw),
                text=text,
                content_hash=content_hash,
            )
        )
    return ParsedFeed(title=title, entries=entries)
