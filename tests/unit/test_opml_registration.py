"""register_feeds over the Store (fakeredis and a real redis-server): an OPML import is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.feeds.opml import parse_opml
from claimcheck.feeds.registration import register_feeds
from claimcheck.store import RedisStore
from schemas.feeds import Feed, FeedImportSkipReason, FeedKind

FEEDLY = Path(__file__).resolve().parents[1] / "fixtures" / "opml" / "feedly.opml"


def test_importing_a_file_registers_each_of_its_feeds_once(store: RedisStore) -> None:
    parsed = parse_opml(FEEDLY.read_bytes())
    report = register_feeds(store, parsed.feeds, parsed.skipped)
    assert [f.name for f in report.added] == [f.name for f in parsed.feeds] and len(report.added) == 7
    assert [s.reason for s in report.skipped] == [FeedImportSkipReason.duplicate_in_file]
    registered = {f.id: f for f in store.list_feeds()}
    assert set(registered) == {f.id for f in report.added}
    assert sorted(str(f.url) for f in registered.values()) == sorted(str(f.url) for f in parsed.feeds)
    assert {f.name for f in registered.values() if f.kind is FeedKind.factcheck} == {
        "PolitiFact",
        "Full Fact",
        "FactCheck.org",
    }
    # Every registered feed is due for its first poll.
    assert set(store.due_feeds(max(f.created_at for f in registered.values()))) == set(registered)


def test_importing_the_same_file_again_adds_nothing_and_names_the_registered_feeds(store: RedisStore) -> None:
    first = register_feeds(store, parse_opml(FEEDLY.read_bytes()).feeds)
    again = register_feeds(store, parse_opml(FEEDLY.read_bytes()).feeds)
    assert again.added == []
    assert [s.reason for s in again.skipped] == [FeedImportSkipReason.already_registered] * 7
    assert [s.feed_id for s in again.skipped] == [f.id for f in first.added]
    assert all(s.detail == f"already registered as feed {s.feed_id}" for s in again.skipped)
    assert len(store.list_feeds()) == 7


def test_a_url_registered_before_in_another_spelling_is_skipped_as_already_registered(
    store: RedisStore,
) -> None:
    existing = Feed.model_validate(
        {"id": "ff", "url": "https://FullFact.org:443/feed", "name": "Full Fact (API)"}
    )
    store.create_feed(existing)
    parsed = parse_opml(FEEDLY.read_bytes())
    report = register_feeds(store, parsed.feeds)
    (skipped,) = report.skipped
    assert (skipped.url, skipped.feed_id) == ("https://fullfact.org/feed/", "ff")
    assert len(report.added) == 6 and store.get_feed("ff").name == "Full Fact (API)"


def test_a_feed_registered_by_someone_else_meanwhile_is_skipped_not_an_error(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a feed registered after the import read the list of feeds (another admin, at the same time)
    parsed = parse_opml(FEEDLY.read_bytes())
    other = Feed(id="meanwhile", **parsed.feeds[0].model_dump())
    store.create_feed(other)
    monkeypatch.setattr(store, "list_feeds", lambda: [])
    # when the import registers it, then the store's refusal is a skip naming that feed.
    report = register_feeds(store, parsed.feeds)
    assert [(s.reason, s.feed_id) for s in report.skipped] == [
        (FeedImportSkipReason.already_registered, "meanwhile")
    ]
    assert len(report.added) == 6


def test_an_empty_list_registers_nothing(store: RedisStore) -> None:
    report = register_feeds(store, [])
    assert report.added == [] and report.skipped == [] and store.list_feeds() == []
