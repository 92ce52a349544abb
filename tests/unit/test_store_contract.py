"""The Store contract, run against fakeredis and a real redis-server."""

from __future__ import annotations

import uuid

import pytest

from claimcheck.errors import ArticleNotFound, ClaimNotFound, IdempotencyKeyReused
from claimcheck.store import RedisStore
from claimcheck.store.base import EvidenceDelta
from schemas import Article, ArticleStatus, FeedEntry, Verdict, VerdictLabel
from tests.support.builders import numbered_claims
from tests.support.processes import wait_until


def make_article(text: str = "Officials said the bridge reopened on Monday.") -> Article:
    return Article(id=uuid.uuid4().hex, text=text)


def make_entry(entry_id: str, text: str) -> FeedEntry:
    return FeedEntry(
        id=entry_id,
        feed_id="f",
        feed_title="Feed",
        url=None,
        title="t",
        published=None,
        text=text,
        content_hash=str(hash(text)),
    )


SUPPORTED = Verdict(label=VerdictLabel.supported, confidence=0.9)


def test_created_article_reads_back_queued(store: RedisStore) -> None:
    article = make_article()
    stored, created = store.create_article(article, None, "h")
    assert created and stored == article
    assert store.get_article(article.id) == article
    assert store.get_state(article.id).status is ArticleStatus.queued


def test_same_idempotency_key_and_body_returns_the_first_article(store: RedisStore) -> None:
    first, created_first = store.create_article(make_article(), "key-1", "hash-a")
    again, created_again = store.create_article(make_article(), "key-1", "hash-a")
    assert created_first and not created_again
    assert again.id == first.id


def test_same_idempotency_key_with_other_body_is_a_conflict_and_stores_nothing(store: RedisStore) -> None:
    store.create_article(make_article(), "key-2", "hash-a")
    other = make_article("Something else entirely happened.")
    with pytest.raises(IdempotencyKeyReused):
        store.create_article(other, "key-2", "hash-b")
    with pytest.raises(ArticleNotFound):
        store.get_article(other.id)


def test_an_idempotency_key_is_kept_a_day_by_default(store: RedisStore) -> None:
    store.create_article(make_article(), "key-3", "hash-a")
    remaining = store.client.ttl(store.keys.idempotency("key-3"))
    assert 24 * 3600 - 60 < remaining <= 24 * 3600


def test_an_expired_idempotency_key_makes_a_new_article(store: RedisStore) -> None:
    # Given a store that keeps idempotency keys for one second, and an article submitted under one,
    brief = RedisStore(store.client, store.keys.prefix, idempotency_ttl_s=1)
    first, _ = brief.create_article(make_article(), "key-4", "hash-a")
    # when the same request comes again until the key has expired (a replay meanwhile),
    wait_until(lambda: brief.create_article(make_article(), "key-4", "hash-a")[1], 5, "the key to expire")
    # then the request after expiry made a new article, and the key now names that one.
    again, created = brief.create_article(make_article(), "key-4", "hash-a")
    assert not created and again.id != first.id


def test_unknown_ids_raise_not_found(store: RedisStore) -> None:
    with pytest.raises(ArticleNotFound):
        store.get_article("missing")
    with pytest.raises(ArticleNotFound):
        store.get_state("missing")
    with pytest.raises(ClaimNotFound):
        store.get_claim("missing")


def test_status_only_moves_forward(store: RedisStore) -> None:
    article, _ = store.create_article(make_article(), None, "h")
    assert store.advance_status(article.id, ArticleStatus.extracting)
    assert not store.advance_status(article.id, ArticleStatus.queued)
    assert not store.advance_status(article.id, ArticleStatus.extracting)
    assert store.get_state(article.id).status is ArticleStatus.extracting


def test_adding_claims_twice_stores_them_once(store: RedisStore) -> None:
    article, _ = store.create_article(make_article(), None, "h")
    claims = numbered_claims(article.id, 3)
    first = store.add_claims(article.id, claims)
    second = store.add_claims(article.id, numbered_claims(article.id, 5))  # a re-run must not add more
    assert sorted(first) == sorted(c.id for c in claims)
    assert sorted(second) == sorted(first)
    assert [c.id for c in store.list_claims(article.id)] == [c.id for c in claims]
    state = store.get_state(article.id)
    assert state.status is ArticleStatus.checking and state.claim_count == 3


def test_article_without_claims_is_done_at_once(store: RedisStore) -> None:
    article, _ = store.create_article(make_article(), None, "h")
    assert store.add_claims(article.id, []) == []
    state = store.get_state(article.id)
    assert state.status is ArticleStatus.done and state.finalize_count == 1


def test_last_verdict_finalizes_the_article_exactly_once(store: RedisStore) -> None:
    article, _ = store.create_article(make_article(), None, "h")
    claims = numbered_claims(article.id, 2)
    store.add_claims(article.id, claims)
    assert not store.record_verdict(claims[0].id, SUPPORTED)
    assert store.get_state(article.id).status is ArticleStatus.checking
    assert store.record_verdict(claims[1].id, SUPPORTED)
    # Redelivered tasks record again: nothing changes and nothing finalizes twice.
    assert not store.record_verdict(claims[1].id, SUPPORTED)
    assert not store.record_verdict(claims[0].id, SUPPORTED)
    state = store.get_state(article.id)
    assert state.status is ArticleStatus.done and state.finalize_count == 1


def test_a_second_verdict_never_replaces_the_first(store: RedisStore) -> None:
    article, _ = store.create_article(make_article(), None, "h")
    (claim,) = numbered_claims(article.id, 1)
    store.add_claims(article.id, [claim])
    store.record_verdict(claim.id, SUPPORTED)
    store.record_verdict(claim.id, Verdict(label=VerdictLabel.refuted, confidence=0.9))
    verdict = store.get_claim(claim.id).verdict
    assert verdict is not None and verdict.label is VerdictLabel.supported


def test_entries_are_logged_once_until_their_content_changes(store: RedisStore) -> None:
    assert store.put_entries([make_entry("e1", "one"), make_entry("e2", "two")]) == 2
    assert store.put_entries([make_entry("e1", "one")]) == 0
    first = store.entries_since(0)
    assert [e.id for e in first.entries] == ["e1", "e2"] and first.position == 2
    assert store.put_entries([make_entry("e1", "one, updated")]) == 1
    newer = store.entries_since(first.position)
    assert [(e.id, e.text) for e in newer.entries] == [("e1", "one, updated")] and newer.position == 3
    assert store.entries_since(newer.position) == EvidenceDelta([], [], 3)


def test_verdicts_and_completion_are_streamed_as_events_in_order(store: RedisStore) -> None:
    article, _ = store.create_article(make_article(), None, "h")
    claims = numbered_claims(article.id, 2)
    store.add_claims(article.id, claims)
    store.record_verdict(claims[0].id, SUPPORTED)
    store.record_verdict(claims[0].id, SUPPORTED)  # a redelivery adds no event
    store.record_verdict(claims[1].id, SUPPORTED)
    events = store.events_after(article.id, "0", count=100)
    assert [(e.event.type.value, e.event.claim_id) for e in events] == [
        ("claim.verdict_set", claims[0].id),
        ("claim.verdict_set", claims[1].id),
        ("article.done", None),
    ]
    assert store.events_after(article.id, events[1].id, count=100) == events[2:]
    # Each stream numbers its own entries (ids are cursors into that stream), so the global stream holds the
    # same event under an id of its own, which can differ when the clock ticks between the two writes.
    assert events[-1].event in [e.event for e in store.events_after(None, "0", count=1000)]
