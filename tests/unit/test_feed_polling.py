"""One poll of a feed: conditional fetch outcomes, health, backoff; and which claims new entries re-open."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import fakeredis
import pytest

from claimcheck.errors import FeedFetchError
from claimcheck.feeds.fetch import FetchResult
from claimcheck.feeds.poll import poll_feed_once
from claimcheck.store import RedisStore
from claimcheck.verification.recheck import claims_touched_by
from schemas import Claim, Feed, FeedEntry, FetchOutcome, utcnow

FEED_FILE = Path(__file__).resolve().parents[2] / "seeds" / "feeds" / "front-line-desk.atom"


def Fetched(  # noqa: N802 - reads like the result it builds
    body: bytes = b"", etag: str | None = None, last_modified: str | None = None, not_modified: bool = False
) -> FetchResult:
    status = 304 if not_modified else 200
    return FetchResult(
        url="https://frontline.example.net/feed",
        status=status,
        body=body,
        content_type=None,
        etag=etag,
        last_modified=last_modified,
        not_modified=not_modified,
    )


class ScriptedFetch:
    """Answers each fetch with the next scripted outcome and records the validators it was sent."""

    def __init__(self, *outcomes: FetchResult | Exception) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[tuple[str | None, str | None]] = []

    def __call__(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:  # noqa: ARG002
        self.sent.append((etag, last_modified))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


@pytest.fixture
def feed(store: RedisStore) -> Feed:
    feed = Feed(
        id=uuid.uuid4().hex, url="https://frontline.example.net/feed", name="Front Line", poll_interval_s=60
    )  # type: ignore[arg-type]
    store.create_feed(feed)
    return feed


def test_first_poll_stores_entries_then_304_writes_nothing(store: RedisStore, feed: Feed) -> None:
    fetch = ScriptedFetch(
        Fetched(body=FEED_FILE.read_bytes(), etag='"v1"', last_modified="Sat, 15 Mar 2025"),
        Fetched(not_modified=True),
    )
    now = utcnow()
    first = poll_feed_once(store, feed.id, fetch, now, max_backoff_s=3600)
    assert first.outcome is FetchOutcome.ok and len(first.changed) == 3
    assert all(e.feed_title == "Front Line" for e in first.changed)
    log_length = store.entries_since(0).position
    second = poll_feed_once(store, feed.id, fetch, now, max_backoff_s=3600)
    assert second.outcome is FetchOutcome.not_modified and second.changed == []
    assert fetch.sent == [(None, None), ('"v1"', "Sat, 15 Mar 2025")]
    assert store.entries_since(0).position == log_length
    health = store.get_feed_health(feed.id)
    assert health.last_outcome is FetchOutcome.not_modified and health.entry_count == 3
    assert health.next_poll_at == now + timedelta(seconds=60)


def test_a_recovered_feed_is_stored_with_a_warning_that_only_a_clean_poll_clears(
    store: RedisStore, feed: Feed
) -> None:
    # Given a feed whose title carries an unescaped "&", which feedparser's loose parser forgives,
    clean = FEED_FILE.read_bytes()
    sloppy = clean.replace(b"</title>", b" & Co</title>", 1)
    fetch = ScriptedFetch(Fetched(body=sloppy), Fetched(not_modified=True), Fetched(body=clean))
    # when it is polled, its entries are stored and its health says what was wrong with it;
    first = poll_feed_once(store, feed.id, fetch, utcnow(), 3600)
    assert first.outcome is FetchOutcome.ok and len(first.changed) == 3 and first.error is None
    health = store.get_feed_health(feed.id)
    assert health.last_outcome is FetchOutcome.ok and health.last_error is None
    assert health.last_warning == first.warning
    assert health.last_warning is not None and health.last_warning.startswith("malformed XML at line")
    # a 304 stands for the same document, so the warning stays; a clean document clears it.
    poll_feed_once(store, feed.id, fetch, utcnow(), 3600)
    assert store.get_feed_health(feed.id).last_warning == first.warning
    assert poll_feed_once(store, feed.id, fetch, utcnow(), 3600).warning is None
    assert store.get_feed_health(feed.id).last_warning is None


def test_unchanged_body_adds_no_entries(store: RedisStore, feed: Feed) -> None:
    body = FEED_FILE.read_bytes()
    fetch = ScriptedFetch(Fetched(body=body), Fetched(body=body))
    poll_feed_once(store, feed.id, fetch, utcnow(), 3600)
    assert poll_feed_once(store, feed.id, fetch, utcnow(), 3600).changed == []


def test_failures_are_recorded_with_exponential_backoff(store: RedisStore, feed: Feed) -> None:
    fetch = ScriptedFetch(
        FeedFetchError("HTTP 500"), FeedFetchError("HTTP 500"), Fetched(body=b"<html>no feed")
    )
    now = utcnow()
    poll_feed_once(store, feed.id, fetch, now, 3600)
    assert store.get_feed_health(feed.id).next_poll_at == now + timedelta(seconds=120)
    poll_feed_once(store, feed.id, fetch, now, 3600)
    health = store.get_feed_health(feed.id)
    assert health.consecutive_failures == 2 and health.next_poll_at == now + timedelta(seconds=240)
    assert health.last_outcome is FetchOutcome.error and "HTTP 500" in (health.last_error or "")
    report = poll_feed_once(store, feed.id, fetch, now, 3600)
    assert report.outcome is FetchOutcome.error and "FeedParseError" in (report.error or "")


def _claim(text: str) -> Claim:
    return Claim(
        id=uuid.uuid4().hex,
        article_id="a",
        ordinal=0,
        text=text,
        sentence=text,
        start=0,
        end=len(text),
        checkworthiness=0.5,
    )


def test_new_entries_reopen_only_the_claims_they_talk_about() -> None:
    entry = FeedEntry(
        id="e",
        feed_id="f",
        feed_title="F",
        url=None,
        title="Ferry",
        published=None,
        text="The ferry between Dover and Calais resumed on Sunday after the strike.",
        content_hash="h",
    )
    matching = _claim("The Dover to Calais ferry resumed on Sunday.")
    unrelated = _claim("The central bank raised interest rates by half a point.")
    touched = claims_touched_by([matching, unrelated], [entry], min_coverage=0.5)
    assert [c.id for c in touched] == [matching.id]
