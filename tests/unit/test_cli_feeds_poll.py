"""`claimcheck feeds poll` does what the poll task does: stores entries, queues their pages and re-checks."""

from __future__ import annotations

import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import fakeredis
import pytest

from claimcheck.cli import main
from claimcheck.errors import FeedFetchError
from claimcheck.feeds.fetch import FetchResult
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Feed
from workers import runtime
from workers.tasks import article_pages as page_tasks
from workers.tasks import feeds as feed_tasks

FEED_FILE = Path(__file__).resolve().parents[2] / "seeds" / "feeds" / "front-line-desk.atom"


class Queued:
    """Stands in for a task's .delay: records the arguments instead of publishing."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any) -> None:
        self.calls.append(args)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> RedisStore:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    monkeypatch.setattr(runtime, "get_runtime", lambda: fake_runtime(store))
    monkeypatch.setattr(feed_tasks, "get_runtime", lambda: fake_runtime(store))
    return store


def fake_runtime(store: RedisStore) -> SimpleNamespace:
    def fetch(url: str, etag: str | None, last_modified: str | None) -> FetchResult:  # noqa: ARG001
        if "broken" in url:
            raise FeedFetchError("connection refused")
        return FetchResult(url, 200, FEED_FILE.read_bytes(), "application/atom+xml", '"v1"', None, False)

    return SimpleNamespace(store=store, settings=Settings(), fetch=fetch)


def add_feed(store: RedisStore, url: str, fetch_full_text: bool | None = None) -> Feed:
    feed = Feed(id=uuid.uuid4().hex, url=url, name="Front Line", fetch_full_text=fetch_full_text)
    store.create_feed(feed)
    return feed


def test_a_poll_from_the_command_line_queues_the_pages_behind_new_entries(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = Queued()
    monkeypatch.setattr(page_tasks.queue_article_pages, "delay", pages)
    feed = add_feed(store, "https://frontline.example.net/feed")

    assert main(["feeds", "poll", feed.id]) == 0

    out = capsys.readouterr().out
    assert f"{feed.id}: ok, 3 new or changed entries, 3 article pages and 0 re-checks queued" in out
    assert len(pages.calls) == 1  # one fan-out message for the poll, as the task publishes
    stored = {e.id: e.content_hash for e in store.entries_since(0).entries}
    assert dict(pages.calls[0][0]) == stored


def test_a_feed_without_full_text_queues_no_pages_and_a_failed_fetch_exits_non_zero(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = Queued()
    monkeypatch.setattr(page_tasks.queue_article_pages, "delay", pages)
    quiet = add_feed(store, "https://frontline.example.net/feed", fetch_full_text=False)
    broken = add_feed(store, "https://broken.example.net/feed")

    assert main(["feeds", "poll", quiet.id, broken.id]) == 1

    out = capsys.readouterr().out
    assert f"{quiet.id}: ok, 3 new or changed entries, 0 article pages" in out
    assert f"{broken.id}: error, FeedFetchError: connection refused" in out
    assert pages.calls == []
