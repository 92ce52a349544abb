"""One try at the page behind one entry's link: robots.txt, the host's turn, a conditional GET, the text.

Nothing here sleeps: a host that is busy or was asked too recently, robots.txt just read, or a transient
failure all end the try with `retry_in_s`, and the caller runs it again that much later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimcheck.errors import FeedFetchError, FeedNotFound, FeedRejected, FetchStatusError
from claimcheck.feeds.article_pages import is_transient, page_from_response, pages_to_fetch
from claimcheck.feeds.fetch import USER_AGENT, FetchResult
from claimcheck.feeds.robots import (
    crawl_delay,
    host_of,
    origin_of,
    robots_allows,
    robots_text,
    robots_unavailable,
    robots_url,
)
from claimcheck.store import Store
from schemas.common import utcnow
from schemas.evidence import ArticlePage, FeedEntry

# (url, etag, last_modified) -> result, as for feeds; a 304 comes back with `not_modified` set.
PageFetch = Callable[[str, str | None, str | None], FetchResult]
RobotsFetch = Callable[[str], FetchResult]
MAX_RETRY_S = 300.0  # well under the broker's visibility timeout, which a held retry must not outlast


@dataclass(frozen=True, slots=True)
class FullTextPolicy:
    """How pages are fetched: per-host concurrency and spacing, robots.txt cache, bounded retries."""

    per_host: int = 2
    politeness_s: float = 1.0
    lease_s: float = 60.0
    robots_ttl_s: int = 3600
    max_attempts: int = 4
    retry_base_s: float = 30.0
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FullTextOutcome:
    """The entry as updated (None when nothing changed), or when to try again and with which place."""

    entry: FeedEntry | None = None
    retry_in_s: float | None = None
    turn_at: float | None = None
    detail: str = ""


def entries_for_full_text(store: Store, feed_id: str, changed: list[FeedEntry]) -> list[FeedEntry]:
    """The new or changed entries of a poll whose pages are to be fetched (none if the feed went)."""
    if not changed:
        return []
    try:
        return pages_to_fetch(store.get_feed(feed_id), changed)
    except FeedNotFound:
        return []


def fetch_full_text_once(
    store: Store,
    entry_id: str,
    content_hash: str,
    fetch_page: PageFetch,
    fetch_robots: RobotsFetch,
    policy: FullTextPolicy,
    turn_at: float | None = None,
) -> FullTextOutcome:
    """Fetch the entry's page if robots.txt and the host's turn allow, and store what it yields."""
    entry = store.find_entry(entry_id)
    if entry is None or entry.content_hash != content_hash or entry.url is None:
        return FullTextOutcome(detail="the entry changed or went since the fetch was queued")
    url, host, origin = entry.url, host_of(entry.url), origin_of(entry.url)
    rules = store.cached_robots(origin)
    if rules is not None and not robots_allows(rules, url, policy.user_agent):
        return _store(store, entry, _disallowed(origin, url))
    politeness = max(policy.politeness_s, crawl_delay(rules, policy.user_agent) if rules else 0.0)
    turn = store.take_host_turn(host, policy.per_host, politeness, policy.lease_s, turn_at)
    if turn.token is None:
        return FullTextOutcome(retry_in_s=turn.wait_s, turn_at=turn.turn_at, detail=f"waiting for {host}")
    try:
        # Another task may have read robots.txt while this one waited for its turn.
        rules = store.cached_robots(origin) if rules is None else rules
        if rules is None:
            store.cache_robots(origin, _read_robots(fetch_robots, origin), policy.robots_ttl_s)
            # That was this turn's request; the page waits for the next one.
            return FullTextOutcome(retry_in_s=politeness, detail=f"read robots.txt of {origin}")
        if robots_allows(rules, url, policy.user_agent):
            page = _read_page(store, entry_id, url, fetch_page)
        else:
            page = _disallowed(origin, url)
    except (FeedRejected, FeedFetchError) as exc:
        if not is_transient(exc):
            page = ArticlePage(url=url, error=_reason(exc))
        else:
            failures = store.count_attempt("page", f"{entry_id}:{content_hash}")
            if failures < policy.max_attempts:
                retry = min(policy.retry_base_s * 2 ** (failures - 1), MAX_RETRY_S)
                return FullTextOutcome(retry_in_s=retry, detail=f"try {failures} failed: {_reason(exc)}")
            page = ArticlePage(url=url, error=f"gave up after {failures} tries: {_reason(exc)}")
    finally:
        store.release_host_turn(host, turn.token)
    return _store(store, entry, page)


def _disallowed(origin: str, url: str) -> ArticlePage:
    return ArticlePage(url=url, error=f"robots.txt of {origin} disallows {url}")


def _read_robots(fetch_robots: RobotsFetch, origin: str) -> str:
    try:
        return robots_text(fetch_robots(robots_url(origin)))
    except FetchStatusError as exc:
        if robots_unavailable(exc):
            return ""  # a robots.txt that is not there (any 4xx) allows everything
        raise


def _read_page(store: Store, entry_id: str, url: str, fetch_page: PageFetch) -> ArticlePage:
    previous = store.get_article_page(entry_id)
    known = previous is not None and previous.url == url
    etag = previous.etag if previous is not None and known else None
    last_modified = previous.last_modified if previous is not None and known else None
    result = fetch_page(url, etag, last_modified)
    if result.not_modified and previous is not None and known:
        validators = {"etag": result.etag, "last_modified": result.last_modified, "fetched_at": utcnow()}
        return previous.model_copy(update=validators)
    return page_from_response(url, result)


def _store(store: Store, entry: FeedEntry, page: ArticlePage) -> FullTextOutcome:
    updated = store.put_article_text(entry.id, entry.content_hash, page)
    text = "article text" if page.text else f"summary kept ({page.error})"
    return FullTextOutcome(entry=updated, detail=text if updated else f"unchanged: {text}")


def _reason(error: Exception) -> str:
    kind = "refused" if isinstance(error, FeedRejected) else "fetch failed"
    return f"{kind}: {error}"
