"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) to evidence entries."""

from __future__ import annotations

from typing import Any

from claimcheck.feeds.entries import FeedParseError, ParsedFeed, make_entry, parse_timestamp
from claimcheck.feeds.html_text import html_to_text, tidy_text
from schemas.evidence import FeedEntry

VERSION_PREFIX = "https://jsonfeed.org/version/"


def is_json_feed(document: object) -> bool:
    """Whether a decoded JSON document declares itself a JSON Feed."""
    return isinstance(document, dict) and str(document.get("version", "")).startswith(VERSION_PREFIX)


def parse_json_feed(document: dict[str, Any], feed_id: str, trust: float = 0.8) -> ParsedFeed:
    """Entries of a decoded JSON Feed whose text is plain and citable."""
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedParseError("JSON Feed without an items list")
    title = _string(document.get("title")) or feed_id
    entries = [entry for item in items if (entry := _entry(item, feed_id, title, trust)) is not None]
    return ParsedFeed(title=title, entries=entries)


def _entry(item: object, feed_id: str, feed_title: str, trust: float) -> FeedEntry | None:
    if not isinstance(item, dict):
        return None
    text = _item_text(item)
    title = html_to_text(_string(item.get("title"))) or text[:80].rstrip()
    if not title and not text:
        return None
    url = _string(item.get("url")) or _string(item.get("external_url")) or None
    raw_id = item.get("id")
    # 1.0 feeds sometimes use numbers as ids; both spellings of the same id must key the same entry.
    item_id = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    published = parse_timestamp(item.get("date_published")) or parse_timestamp(item.get("date_modified"))
    return make_entry(feed_id=feed_id, feed_title=feed_title, trust=trust, key=item_id or url, url=url,
                      title=title, text=text, published=published)  # fmt: skip


def _item_text(item: dict[str, Any]) -> str:
    # Plain text as the feed gives it, tidied as markup's text is (no entity decoding: it is no markup).
    if content_text := tidy_text(_string(item.get("content_text"))):
        return content_text
    if content_html := _string(item.get("content_html")):
        return html_to_text(content_html)
    return html_to_text(_string(item.get("summary")))


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""
