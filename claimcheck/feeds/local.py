"""Reference feeds read from local files (the embedded mode and the seed demo)."""

from __future__ import annotations

from pathlib import Path

from claimcheck.feeds.parse import parse_feed
from schemas.evidence import FeedEntry

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".json", ".html"})


def load_feed_files(directory: Path) -> list[FeedEntry]:
    """Entries of every feed file (RSS, Atom, JSON Feed, ClaimReview) in `directory`, one feed per file."""
    entries: list[FeedEntry] = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() in FEED_SUFFIXES and path.is_file():
            entries.extend(parse_feed(path.read_bytes(), feed_id=f"file:{path.stem}").entries)
    return entries
