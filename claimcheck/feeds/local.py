"""Reference feeds read from local files: the embedded demo's, or a deployment's CLAIMCHECK_FEEDS_DIR."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from claimcheck.feeds.article_pages import apply_page
from claimcheck.feeds.local_pages import read_local_pages
from claimcheck.feeds.parse import parse_feed
from schemas.common import utcnow
from schemas.evidence import ArticlePage, FeedEntry
from schemas.feeds import Feed, FeedKind, FeedSource

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".json", ".html"})
# The ids of local feeds (and of their entries' feeds): "file:<file name without suffix>".
LOCAL_FEED_PREFIX = "file:"


@dataclass(frozen=True, slots=True)
class LocalFeed:
    """One feed file as a feed record, its entries as the feed has them, and the pages saved for their links
    (by entry id; read from `pages/`, see local_pages.py)."""

    feed: Feed
    entries: list[FeedEntry]
    pages: dict[str, ArticlePage] = field(default_factory=dict)


def local_feed_id(path: Path) -> str:
    """The feed id of a feed file, which its entries carry (the file name without its suffix)."""
    return f"{LOCAL_FEED_PREFIX}{path.stem}"


def read_local_feeds(directory: Path, now: datetime) -> list[LocalFeed]:
    """Every feed file (RSS, Atom, JSON Feed, ClaimReview) in `directory`, one feed per file."""
    feeds: list[LocalFeed] = []
    saved_pages = read_local_pages(directory)
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
        pages = {
            entry.id: saved_pages[entry.url]
            for entry in parsed.entries
            if feed.full_text and entry.url is not None and entry.url in saved_pages
        }
        feeds.append(LocalFeed(feed, parsed.entries, pages))
    return feeds


def load_feed_files(directory: Path) -> list[FeedEntry]:
    """Entries of every feed file in `directory`, one feed per file, as the evidence holds them (with the
    article text of a page saved for an entry's link)."""
    return [
        apply_page(entry, local.pages[entry.id]) if entry.id in local.pages else entry
        for local in read_local_feeds(directory, utcnow())
        for entry in local.entries
    ]
