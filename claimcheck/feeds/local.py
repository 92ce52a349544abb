"""Reference feeds read from local files: the embedded demo's, or a deployment's CLAIMCHECK_FEEDS_DIR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from claimcheck.feeds.parse import parse_feed
from schemas.common import utcnow
from schemas.evidence import FeedEntry
from schemas.feeds import Feed, FeedKind, FeedSource

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".json", ".html"})
# The ids of local feeds (and of their entries' feeds): "file:<file name without suffix>".
LOCAL_FEED_PREFIX = "file:"


@dataclass(frozen=True, slots=True)
class LocalFeed:
    """One feed file as a feed record and its entries."""

    feed: Feed
    entries: list[FeedEntry]


def local_feed_id(path: Path) -> str:
    """The feed id of a feed file, which its entries carry (the file name without its suffix)."""
    return f"{LOCAL_FEED_PREFIX}{path.stem}"


def read_local_feeds(directory: Path, now: datetime) -> list[LocalFeed]:
    """Every feed file (RSS, Atom, JSON Feed, ClaimReview) in `directory`, one feed per file."""
    feeds: list[LocalFeed] = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in FEED_SUFFIXES or not path.is_file():
            continue
        feed_id = local_feed_id(path)
        parsed = parse_feed(path.read_bytes(), feed_id=feed_id)
        kind = FeedKind.factcheck if any(e.review for e in parsed.entries) else FeedKind.news
        feed = Feed(
            id=feed_id,
            url=path.resolve().as_uri(),
            name=(parsed.title or path.stem)[:200],
            kind=kind,
            source=FeedSource.local,
            created_at=now,
        )
        feeds.append(LocalFeed(feed, parsed.entries))
    return feeds


def load_feed_files(directory: Path) -> list[FeedEntry]:
    """Entries of every feed file in `directory`, one feed per file."""
    return [entry for local in read_local_feeds(directory, utcnow()) for entry in local.entries]
