"""One poll of one registered feed: fetch conditionally, parse, store what changed, record health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from claimcheck.errors import FeedFetchError, FeedRejected
from claimcheck.feeds.fetch import FetchResult
from claimcheck.feeds.parse import FeedParseError, parse_feed
from claimcheck.store import Store
from schemas.evidence import FeedEntry
from schemas.feeds import Feed, FeedHealth, FeedSource, FetchOutcome

# (url, etag, last_modified) -> result; a 304 comes back with `not_modified` set and no body.
Fetch = Callable[[str, str | None, str | None], FetchResult]


@dataclass(frozen=True, slots=True)
class PollReport:
    outcome: FetchOutcome
    changed: list[FeedEntry]
    error: str | None = None
    warning: str | None = None  # what the document had wrong that its entries were recovered from


def next_poll_after_failure(feed: Feed, failures: int, max_backoff_s: int) -> timedelta:
    """Exponential backoff: the poll interval doubled per consecutive failure, capped."""
    return timedelta(seconds=min(feed.poll_interval_s * 2 ** min(failures, 20), max_backoff_s))


def poll_feed_once(store: Store, feed_id: str, fetch: Fetch, now: datetime, max_backoff_s: int) -> PollReport:
    """Poll a feed; errors are recorded as the feed's health, never raised."""
    feed = store.get_feed(feed_id)
    if feed.source is FeedSource.local:
        # Workers read local feed files when they start; there is nothing to fetch.
        return PollReport(FetchOutcome.not_modified, [])
    health = store.get_feed_health(feed_id)
    try:
        fetched = fetch(str(feed.url), health.etag, health.last_modified)
        if fetched.not_modified:
            # A 304 costs no parse and no entry write.
            store.set_feed_health(feed_id, _succeeded(health, feed, now, FetchOutcome.not_modified))
            return PollReport(FetchOutcome.not_modified, [])
        parsed = parse_feed(fetched.body, feed_id=feed.id, trust=feed.trust)
    except (FeedRejected, FeedFetchError, FeedParseError) as exc:
        failures = health.consecutive_failures + 1
        failed = health.model_copy(
            update={
                "last_fetch_at": now,
                "last_outcome": FetchOutcome.error,
                "last_error": f"{type(exc).__name__}: {exc}",
                "consecutive_failures": failures,
                "next_poll_at": now + next_poll_after_failure(feed, failures, max_backoff_s),
            }
        )
        store.set_feed_health(feed_id, failed)
        return PollReport(FetchOutcome.error, [], failed.last_error)
    entries = [e.model_copy(update={"feed_title": feed.name, "fetched_at": now}) for e in parsed.entries]
    changed = store.put_entries_changed(entries)
    # Expired ids the document no longer lists cannot come back from it: the feed need not remember them.
    store.forget_expired_unlisted(feed_id, {e.id for e in entries})
    succeeded = _succeeded(health, feed, now, FetchOutcome.ok).model_copy(
        # A 304 (above) keeps the warning: the document it stands for is the one the warning is about.
        update={
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "last_warning": parsed.recovered_from,
        }
    )
    store.set_feed_health(feed_id, succeeded)
    return PollReport(FetchOutcome.ok, changed, warning=parsed.recovered_from)


def _succeeded(health: FeedHealth, feed: Feed, now: datetime, outcome: FetchOutcome) -> FeedHealth:
    return health.model_copy(
        update={
            "last_fetch_at": now,
            "last_outcome": outcome,
            "last_error": None,
            "consecutive_failures": 0,
            "next_poll_at": now + timedelta(seconds=feed.poll_interval_s),
        }
    )
