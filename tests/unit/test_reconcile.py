"""The reconciler finds stalled work (and only that); attempts are counted per item."""

from __future__ import annotations

import uuid
from datetime import timedelta

from claimcheck import service
from claimcheck.store import RedisStore
from schemas import Article, ArticleStatus, Verdict, VerdictLabel, utcnow
from tests.support.builders import numbered_claims

STALLED = timedelta(minutes=5)


def article(store: RedisStore) -> str:
    stored, _ = store.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    return stored.id


def test_idle_queued_and_checking_articles_are_nudged_once_per_period(store: RedisStore) -> None:
    queued = article(store)
    checking = article(store)
    claims = numbered_claims(checking, 2)
    store.add_claims(checking, claims)
    store.record_verdict(claims[0].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    later = utcnow() + STALLED + timedelta(seconds=1)

    nudges = service.find_stalled_work(store, later, STALLED)
    assert nudges.extract == [queued]
    assert nudges.check == [claims[1].id]
    # Nudged work counts as progress: the next tick does not enqueue it again.
    assert service.find_stalled_work(store, later, STALLED) == service.Nudges([], [])


def test_work_that_progresses_or_finishes_is_left_alone(store: RedisStore) -> None:
    fresh = article(store)
    done = article(store)
    store.add_claims(done, [])
    assert store.get_state(done).status is ArticleStatus.done
    failed = article(store)
    store.advance_status(failed, ArticleStatus.failed, error="boom")
    nudges = service.find_stalled_work(store, utcnow() + STALLED / 2, STALLED)
    assert fresh not in nudges.extract and nudges.check == []
    stalled = service.find_stalled_work(store, utcnow() + STALLED * 2, STALLED)
    assert stalled.extract == [fresh]


def test_attempts_are_counted_per_item(store: RedisStore) -> None:
    assert [store.count_attempt("check", "a") for _ in range(3)] == [1, 2, 3]
    assert store.count_attempt("check", "b") == 1
    assert store.count_attempt("extract", "a") == 1
