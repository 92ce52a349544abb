"""Store contract for feeds, locks, verdict history and open claims (fakeredis and redis-server)."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from claimcheck.errors import FeedAlreadyRegistered, FeedNotFound
from claimcheck.store import RedisStore
from schemas import Article, Claim, DecidedBy, Feed, FeedEntry, FeedHealth, Verdict, VerdictLabel, utcnow


def make_feed() -> Feed:
    return Feed(id=uuid.uuid4().hex, url="https://wire.example.org/feed.xml", name="Wire")  # type: ignore[arg-type]


def entry_of(feed_id: str, entry_id: str, text: str) -> FeedEntry:
    return FeedEntry(
        id=entry_id,
        feed_id=feed_id,
        feed_title="Wire",
        url=None,
        title="t",
        published=None,
        text=text,
        content_hash=text,
    )


def checked_claim(store: RedisStore, label: VerdictLabel, decided_by: DecidedBy = DecidedBy.machine) -> Claim:
    """A one-claim article whose claim got its first verdict."""
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    claim = Claim(
        id=uuid.uuid4().hex,
        article_id=article.id,
        ordinal=0,
        text="A claim.",
        sentence="A claim.",
        start=0,
        end=8,
        checkworthiness=0.5,
    )
    store.add_claims(article.id, [claim])
    store.record_verdict(claim.id, Verdict(label=label, confidence=0.7, decided_by=decided_by))
    return store.get_claim(claim.id)


def test_registered_feed_is_listed_and_due_at_once(store: RedisStore) -> None:
    feed = make_feed()
    store.create_feed(feed)
    assert store.get_feed(feed.id) == feed
    assert [f.id for f in store.list_feeds()] == [feed.id]
    assert feed.id in store.due_feeds(utcnow())
    assert store.get_feed_health(feed.id) == FeedHealth()


def test_a_second_feed_with_the_same_url_is_refused_naming_the_first(store: RedisStore) -> None:
    feed = make_feed()
    store.create_feed(feed)
    twin = Feed(id=uuid.uuid4().hex, url="https://WIRE.example.org:443/feed.xml/#top", name="Twin")
    with pytest.raises(FeedAlreadyRegistered) as refused:
        store.create_feed(twin)
    assert refused.value.feed_id == feed.id
    assert [f.id for f in store.list_feeds()] == [feed.id]
    with pytest.raises(FeedNotFound):
        store.get_feed(twin.id)


def test_registrations_of_one_url_at_once_register_one_feed(store: RedisStore) -> None:
    feeds = [make_feed() for _ in range(6)]
    start = threading.Barrier(len(feeds))
    refused: list[str] = []

    def register(feed: Feed) -> None:
        start.wait()
        try:
            store.create_feed(feed)
        except FeedAlreadyRegistered as exc:
            refused.append(exc.feed_id)

    with ThreadPoolExecutor(len(feeds)) as pool:
        list(pool.map(register, feeds))
    (registered,) = store.list_feeds()
    assert len(refused) == len(feeds) - 1 and set(refused) == {registered.id}


def test_writing_a_registered_feed_again_is_no_conflict(store: RedisStore) -> None:
    feed = make_feed()
    store.create_feed(feed)
    store.create_feed(feed)
    assert [f.id for f in store.list_feeds()] == [feed.id]


def test_health_schedules_the_next_poll_and_counts_entries(store: RedisStore) -> None:
    feed = make_feed()
    store.create_feed(feed)
    later = utcnow() + timedelta(minutes=10)
    store.set_feed_health(feed.id, FeedHealth(etag='"v1"', next_poll_at=later))
    store.put_entries([entry_of(feed.id, "a", "one"), entry_of(feed.id, "b", "two")])
    assert feed.id not in store.due_feeds(utcnow())
    assert feed.id in store.due_feeds(later + timedelta(seconds=1))
    health = store.get_feed_health(feed.id)
    assert health.etag == '"v1"' and health.entry_count == 2


def test_deleting_a_feed_withdraws_its_entries_from_the_evidence(store: RedisStore) -> None:
    feed = make_feed()
    store.create_feed(feed)
    store.put_entries([entry_of(feed.id, "a", "one")])
    position = store.entries_since(0).position
    store.delete_feed(feed.id)
    delta = store.entries_since(position)
    assert delta.entries == [] and delta.removed == ["a"]
    with pytest.raises(FeedNotFound):
        store.get_feed(feed.id)
    assert store.list_feeds() == [] and feed.id not in store.due_feeds(utcnow())


def test_a_lock_has_one_holder_until_released_or_expired(store: RedisStore) -> None:
    token = store.acquire_lock("poll:x", ttl_s=0.3)
    assert token is not None
    assert store.acquire_lock("poll:x", ttl_s=0.3) is None
    assert not store.release_lock("poll:x", "not-the-token")
    assert store.release_lock("poll:x", token)
    assert store.acquire_lock("poll:x", ttl_s=0.2) is not None
    time.sleep(0.3)
    assert store.acquire_lock("poll:x", ttl_s=0.2) is not None


def test_open_claims_are_those_the_machine_could_not_decide(store: RedisStore) -> None:
    undecided = checked_claim(store, VerdictLabel.not_enough_info)
    review = checked_claim(store, VerdictLabel.needs_review)
    decided = checked_claim(store, VerdictLabel.supported)
    open_ids = {c.id for c in store.open_claims()}
    assert {undecided.id, review.id} <= open_ids and decided.id not in open_ids


def test_a_recheck_replaces_the_verdict_and_keeps_the_history(store: RedisStore) -> None:
    claim = checked_claim(store, VerdictLabel.not_enough_info)
    refuted = Verdict(label=VerdictLabel.refuted, confidence=0.9)
    assert store.replace_verdict(claim.id, refuted, "new evidence")
    assert not store.replace_verdict(claim.id, refuted, "same evidence again")  # no change, no history entry
    updated = store.get_claim(claim.id)
    assert updated.verdict is not None and updated.verdict.label is VerdictLabel.refuted
    assert updated.version == claim.version + 1
    history = store.claim_history(claim.id)
    assert [(h.from_label, h.verdict.label, h.trigger) for h in history] == [
        (None, VerdictLabel.not_enough_info, "initial check"),
        (VerdictLabel.not_enough_info, VerdictLabel.refuted, "new evidence"),
    ]
    assert claim.id not in {c.id for c in store.open_claims()}


def test_a_recheck_never_overwrites_a_human_verdict(store: RedisStore) -> None:
    claim = checked_claim(store, VerdictLabel.supported, decided_by=DecidedBy.human)
    assert not store.replace_verdict(
        claim.id, Verdict(label=VerdictLabel.refuted, confidence=0.95), "recheck"
    )
    verdict = store.get_claim(claim.id).verdict
    assert verdict is not None and verdict.decided_by is DecidedBy.human
