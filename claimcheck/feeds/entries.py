"""What every feed format is reduced to: entries with stable ids and content hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from schemas.evidence import ClaimReviewInfo, FeedEntry


class FeedParseError(ValueError):
    """The bytes are not a feed claimcheck can read, or are refused as hostile."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    # Why the feed was not read as it stands (malformed XML the loose parser recovered, a wrong declared
    # encoding), in a line for its health; None for a feed read cleanly.
    recovered_from: str | None = None


def entry_id(feed_id: str, key: str) -> str:
    """Stable id of an entry within its feed."""
    return hashlib.sha256(f"{feed_id}\x00{key}".encode()).hexdigest()[:24]


def make_entry(
    *,
    feed_id: str,
    feed_title: str,
    trust: float,
    key: str | None,
    url: str | None,
    title: str,
    text: str,
    published: datetime | None,
    review: ClaimReviewInfo | None = None,
) -> FeedEntry:
    """An entry keyed by `key` (guid, id or link) or, lacking one, by its content hash."""
    hashed = f"{title}\x00{text}" if review is None else f"{title}\x00{text}\x00{review.model_dump_json()}"
    content_hash = hashlib.sha256(hashed.encode()).hexdigest()
    return FeedEntry(
        id=entry_id(feed_id, key or content_hash),
        feed_id=feed_id,
        feed_title=feed_title,
        trust=trust,
        url=url,
        title=title,
        published=published,
        text=text,
        content_hash=content_hash,
        review=review,
    )


def parse_timestamp(value: object) -> datetime | None:
    """An ISO 8601 / RFC 3339 date or date-time as aware UTC (a bare date is midnight UTC); else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
