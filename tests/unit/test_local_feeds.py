"""Local evidence: workers read no feed files unless a directory is configured, and each file they read is a
feed that GET /v1/feeds lists; demo entries an earlier version loaded unlisted are withdrawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import fakeredis
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.feeds import load_feed_files
from claimcheck.feeds.fetch import FetchResult
from claimcheck.feeds.poll import poll_feed_once
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Feed, FetchOutcome, utcnow
from schemas.feeds import FeedSource
from tests.conftest import SEED_ARTICLE
from workers.runtime import Runtime

SEED_FEEDS = SEED_ARTICLE.parent / "feeds"


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


@pytest.fixture
def feeds_api(store: RedisStore) -> Iterator[TestClient]:
    settings = Settings(feeds_dir=None, auth_enabled=False)
    with TestClient(create_app(settings, store, dispatch=lambda _: None)) as client:
        yield client


def test_workers_load_no_local_evidence_unless_a_directory_is_configured(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a worker started with nothing configured
    monkeypatch.delenv("CLAIMCHECK_FEEDS_DIR", raising=False)
    settings = Settings()
    assert settings.feeds_dir is None
    # When it starts, then it puts no evidence in the store and lists no feed
    assert Runtime(settings, store).load_local_feeds() == 0
    assert store.entries_since(0).entries == []
    assert store.list_feeds() == []


def test_each_file_of_a_configured_directory_is_listed_as_a_feed_with_its_entries(
    store: RedisStore, feeds_api: TestClient
) -> None:
    # Given a worker configured with a directory of two feed files, started twice
    runtime = Runtime(Settings(feeds_dir=SEED_FEEDS), store)
    added = runtime.load_local_feeds()
    assert runtime.load_local_feeds() == 0  # idempotent
    # When GET /v1/feeds is read, then it lists both files as local feeds, with their entries
    feeds = {feed["id"]: feed for feed in feeds_api.get("/v1/feeds").json()["data"]}
    assert set(feeds) == {"file:continental-wire", "file:front-line-desk"}
    wire = feeds["file:continental-wire"]
    assert wire["source"] == "local" and wire["name"] == "Continental Wire: Europe"
    assert wire["url"] == (SEED_FEEDS / "continental-wire.xml").resolve().as_uri()
    assert wire["health"]["last_outcome"] == "ok"
    assert (
        sum(f["health"]["entry_count"] for f in feeds.values()) == added == len(load_feed_files(SEED_FEEDS))
    )
    # and the evidence the workers index is exactly the listed feeds' entries
    assert {e.feed_id for e in store.entries_since(0).entries} == set(feeds)
    # Local files are read by workers, never polled over HTTP.
    assert store.due_feeds(utcnow() + timedelta(days=365)) == []


def test_a_local_feed_is_not_fetched_when_polled(store: RedisStore) -> None:
    Runtime(Settings(feeds_dir=SEED_FEEDS), store).load_local_feeds()
    health = store.get_feed_health("file:continental-wire")

    def no_fetch(url: str, etag: str | None, last_modified: str | None) -> FetchResult:  # noqa: ARG001
        raise AssertionError(f"fetched {url}")

    report = poll_feed_once(store, "file:continental-wire", no_fetch, utcnow(), 3600)
    assert report.outcome is FetchOutcome.not_modified
    assert store.get_feed_health("file:continental-wire") == health


def test_a_stored_feed_url_must_fit_its_source() -> None:
    with pytest.raises(ValueError, match="http or https"):
        Feed(id="x", url="file:///etc/passwd", name="X")
    with pytest.raises(ValueError, match="file"):
        Feed(id="x", url="https://wire.example.org/rss", name="X", source=FeedSource.local)


def test_demo_entries_an_earlier_version_loaded_unlisted_are_withdrawn(store: RedisStore) -> None:
    # Given a store where an earlier version put the demo feeds' entries, listed by no feed,
    store.put_entries(load_feed_files(SEED_FEEDS))
    # and a registered feed's entries
    registered = [
        e.model_copy(update={"feed_id": "wire", "id": f"wire-{e.id}"}) for e in load_feed_files(SEED_FEEDS)
    ]
    store.create_feed(Feed(id="wire", url="https://wire.example.org/rss", name="Wire"))
    store.put_entries(registered)
    # When a worker without a feed directory starts (and another one after it)
    assert Runtime(Settings(feeds_dir=None), store).load_local_feeds() == 0
    Runtime(Settings(feeds_dir=None), store).load_local_feeds()
    # Then the unlisted entries are withdrawn from the evidence, and the registered feed's stay
    delta = store.entries_since(0)
    assert {e.feed_id for e in delta.entries} == {"wire"}
    assert len(delta.removed) == len(load_feed_files(SEED_FEEDS))


def test_local_entries_of_a_listed_feed_are_kept(store: RedisStore) -> None:
    # An earlier version's entries of the very files a worker is now configured with stay evidence.
    store.put_entries(load_feed_files(SEED_FEEDS))
    Runtime(Settings(feeds_dir=SEED_FEEDS), store).load_local_feeds()
    delta = store.entries_since(0)
    assert delta.removed == [] and len(delta.entries) == len(load_feed_files(SEED_FEEDS))
