"""Articles by status, kept as counts by every status write; run against fakeredis and a real redis-server."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.errors import ClaimcheckError
from claimcheck.store import RedisStore
from claimcheck.store.redis_articles import state_fields
from claimcheck.store.redis_status_counts import COUNTED_AS, REBUILD_LOCK, REBUILT_AT, parse_counts
from schemas import Article, ArticleState, ArticleStatus, Verdict, VerdictLabel
from schemas.common import DecidedBy, utcnow
from tests.support.builders import numbered_claims

S = ArticleStatus
SUPPORTED = Verdict(label=VerdictLabel.supported, confidence=0.9)


def new_article(store: RedisStore) -> str:
    article = Article(id=uuid.uuid4().hex, text="Officials said the bridge reopened on Monday.")
    store.create_article(article, None, "h")
    return article.id


def human(label: VerdictLabel = VerdictLabel.refuted) -> Verdict:
    return Verdict(label=label, confidence=1.0, decided_by=DecidedBy.human, reviewer="rita")


def forget_counts(store: RedisStore) -> None:
    """Leave the data as code from before the counts wrote it: no counts hash, no `counted_as`."""
    for article_id in store.client.zrange(store.keys.articles(), 0, -1):
        store.client.hdel(store.keys.article_state(article_id), COUNTED_AS)
    store.client.delete(store.keys.article_status_counts())


def kept_counts(store: RedisStore) -> dict[ArticleStatus, int]:
    """The counts exactly as the writes left them: read without the rebuild a first read would run."""
    raw = store.client.hgetall(store.keys.article_status_counts())
    assert REBUILT_AT in raw
    return parse_counts(raw)


def assert_counts_match_a_recount(store: RedisStore) -> None:
    assert kept_counts(store) == store.recount_article_statuses()


@pytest.fixture
def kept(store: RedisStore) -> RedisStore:
    """A fresh deployment: the counts exist (empty) before the first write, so no rebuild hides a miss."""
    assert store.rebuild_article_status_counts() == 0
    return store


def test_every_status_change_moves_the_counts_as_a_recount_sees_it(kept: RedisStore) -> None:
    # Given articles left in each status the pipeline writes
    new_article(kept)
    extracting = new_article(kept)
    kept.advance_status(extracting, S.extracting)
    checking = new_article(kept)
    kept.add_claims(checking, numbered_claims(checking, 2))
    done_without_claims = new_article(kept)
    kept.add_claims(done_without_claims, [])
    done_by_fan_in = new_article(kept)
    kept.advance_status(done_by_fan_in, S.extracting)
    (claim,) = numbered_claims(done_by_fan_in, 1)
    kept.add_claims(done_by_fan_in, [claim])
    kept.record_verdict(claim.id, SUPPORTED)
    # Then
    assert kept.article_status_counts() == {S.queued: 1, S.extracting: 1, S.checking: 1, S.done: 2}
    assert_counts_match_a_recount(kept)


def test_redelivered_and_backward_writes_move_no_count(kept: RedisStore) -> None:
    article_id = new_article(kept)
    claims = numbered_claims(article_id, 2)
    kept.advance_status(article_id, S.extracting)
    kept.add_claims(article_id, claims)
    before = kept.article_status_counts()
    # When tasks are delivered again and steps replayed
    assert not kept.advance_status(article_id, S.extracting)
    assert not kept.advance_status(article_id, S.queued)
    kept.add_claims(article_id, claims)
    kept.record_verdict(claims[0].id, SUPPORTED)
    kept.record_verdict(claims[0].id, SUPPORTED)
    # Then the counts did not move
    assert kept.article_status_counts() == before == {S.checking: 1}
    kept.record_verdict(claims[1].id, SUPPORTED)
    kept.record_verdict(claims[1].id, SUPPORTED)
    kept.add_claims(article_id, claims)
    assert not kept.advance_status(article_id, S.failed)  # done is terminal
    assert kept.article_status_counts() == {S.done: 1}
    assert_counts_match_a_recount(kept)


def test_parked_articles_count_as_failed_whatever_they_were_doing(kept: RedisStore) -> None:
    from_queued = new_article(kept)
    from_extracting = new_article(kept)
    kept.advance_status(from_extracting, S.extracting)
    from_checking = new_article(kept)
    (claim,) = numbered_claims(from_checking, 1)
    kept.add_claims(from_checking, [claim])
    for article_id in (from_queued, from_extracting, from_checking):
        assert kept.advance_status(article_id, S.failed, error="parked after 2 attempts")
    # A late verdict for the parked article does not finalize it, so it stays failed.
    assert not kept.record_verdict(claim.id, SUPPORTED)
    assert kept.article_status_counts() == {S.failed: 3}
    assert_counts_match_a_recount(kept)


def test_a_reviewer_verdict_that_empties_fan_in_counts_the_article_done(kept: RedisStore) -> None:
    article_id = new_article(kept)
    (claim,) = numbered_claims(article_id, 1)
    kept.add_claims(article_id, [claim])
    kept.set_human_verdict(claim.id, human(), expected_version=0)
    assert kept.article_status_counts() == {S.done: 1}
    assert_counts_match_a_recount(kept)


def test_a_second_create_under_the_same_id_is_not_counted_twice(kept: RedisStore) -> None:
    article = Article(id=uuid.uuid4().hex, text="Text.")
    kept.create_article(article, None, "h")
    kept.add_claims(article.id, [])
    kept.create_article(article, None, "h")
    assert kept.article_status_counts() == {S.queued: 1}
    assert_counts_match_a_recount(kept)


def test_counts_are_rebuilt_on_first_read_for_articles_stored_before_them(store: RedisStore) -> None:
    # Given a deployment whose articles were written before the counts existed
    old = [new_article(store) for _ in range(5)]
    store.advance_status(old[1], S.extracting)
    store.add_claims(old[2], numbered_claims(old[2], 1))
    store.add_claims(old[3], [])
    store.advance_status(old[4], S.failed)
    forget_counts(store)
    # And the new code already wrote statuses before anyone read the counts
    store.advance_status(old[0], S.extracting)
    new_article(store)
    assert REBUILT_AT not in store.client.hgetall(store.keys.article_status_counts())
    # When the counts are read, then they are rebuilt and agree with a recount
    expected = {S.queued: 1, S.extracting: 2, S.checking: 1, S.done: 1, S.failed: 1}
    assert store.article_status_counts() == expected == store.recount_article_statuses()
    assert REBUILT_AT in store.client.hgetall(store.keys.article_status_counts())
    # And a second rebuild finds nothing left to count
    assert store.rebuild_article_status_counts() == 0
    assert store.article_status_counts() == expected


def test_a_rebuild_counts_each_article_of_many_batches_once(store: RedisStore) -> None:
    # Given more articles than one rebuild batch (and than Redis keeps in a compact zset), from before
    statuses = list(S)
    pipe = store.client.pipeline(transaction=False)
    for n in range(1_300):
        article_id = f"a{n:05d}"
        state = ArticleState(status=statuses[n % len(statuses)], updated_at=utcnow())
        pipe.hset(store.keys.article_state(article_id), mapping=state_fields(state))
        pipe.zadd(store.keys.articles(), {article_id: float(n)})
    pipe.execute()
    # When the counts are read, then every article is counted once
    assert store.article_status_counts() == dict.fromkeys(statuses, 260)
    assert_counts_match_a_recount(store)
    assert store.rebuild_article_status_counts() == 0


def test_a_rebuild_repairs_counts_after_writes_by_a_process_that_does_not_keep_them(
    store: RedisStore,
) -> None:
    # Given counts in step, then a process from before the counts (a rolling upgrade) moves statuses
    ids = [new_article(store) for _ in range(3)]
    store.article_status_counts()
    store.client.hset(store.keys.article_state(ids[0]), "status", S.extracting.value)
    store.client.hset(store.keys.article_state(ids[1]), "status", S.failed.value)
    # When the rebuild runs again, then each article is counted under its status once
    assert store.rebuild_article_status_counts() == 2
    assert store.article_status_counts() == {S.queued: 1, S.extracting: 1, S.failed: 1}
    assert_counts_match_a_recount(store)


def test_a_status_write_inside_a_rebuild_batch_is_counted_once(
    store: RedisStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given articles from before the counts
    ids = [new_article(store) for _ in range(3)]
    forget_counts(store)
    # And another process that moves one of them between the rebuild's read of a batch and its EXEC
    real_pipeline = store.client.pipeline
    moved: list[bool] = []

    def pipeline(transaction: bool = True, shard_hint: Any = None) -> Any:
        pipe = real_pipeline(transaction, shard_hint)
        if not transaction and not moved:
            read = pipe.execute

            def execute(*args: Any, **kwargs: Any) -> Any:
                rows = read(*args, **kwargs)
                moved.append(store.advance_status(ids[0], S.extracting))
                return rows

            pipe.execute = execute  # type: ignore[method-assign]
        return pipe

    monkeypatch.setattr(store.client, "pipeline", pipeline)
    # When the counts are rebuilt
    store.rebuild_article_status_counts()
    # Then the moved article is counted under its new status only
    assert moved == [True]
    assert store.article_status_counts() == {S.queued: 2, S.extracting: 1}
    assert_counts_match_a_recount(store)


def test_a_read_while_another_process_rebuilds_answers_with_a_recount(store: RedisStore) -> None:
    ids = [new_article(store) for _ in range(2)]
    store.advance_status(ids[0], S.failed)
    forget_counts(store)
    store.client.set(store.keys.lock(REBUILD_LOCK), "another-process", px=60_000)
    assert store.article_status_counts() == {S.queued: 1, S.failed: 1}
    assert REBUILT_AT not in store.client.hgetall(store.keys.article_status_counts())


# -- random operation sequences -----------------------------------------------------------------------

SLOTS = 2
operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "advance", "claims", "verdict", "verdict", "human", "upgrade", "rebuild"]),
        st.integers(0, SLOTS - 1),
        st.integers(0, 4),
    ),
    max_size=25,
)


def apply(store: RedisStore, ids: list[str], op: str, slot: int, n: int) -> None:
    """One store call a task, a route or an operator could make; domain refusals are part of the game."""
    article_id = ids[slot]
    claim_id = f"{article_id}-{n % 2}"
    try:
        if op == "create":
            store.create_article(Article(id=article_id, text="Text."), None, "h")
        elif op == "advance":
            store.advance_status(article_id, list(S)[n])
        elif op == "claims":
            store.add_claims(article_id, numbered_claims(article_id, n % 3))
        elif op == "verdict":
            store.record_verdict(claim_id, SUPPORTED)
        elif op == "human":
            store.set_human_verdict(claim_id, human(), expected_version=store.get_claim(claim_id).version)
        elif op == "upgrade":
            forget_counts(store)  # as if everything so far had been written by the code before the counts
        else:
            # Every read since the last upgrade rebuilt or read kept counts: nothing may be left to move.
            assert store.rebuild_article_status_counts() == 0
    except ClaimcheckError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations)
def test_random_operation_sequences_keep_the_counts_equal_to_a_recount(
    store: RedisStore, ops: list[tuple[str, int, int]]
) -> None:
    # Each example gets its own keys under the fixture's prefix, which the fixture cleans up.
    scoped = RedisStore(store.client, f"{store.keys.prefix}:{uuid.uuid4().hex[:8]}")
    scoped.rebuild_article_status_counts()
    ids = [uuid.uuid4().hex for _ in range(SLOTS)]
    for op, slot, n in ops:
        apply(scoped, ids, op, slot, n)
        if op != "upgrade":
            assert_counts_match_a_recount(scoped)
        assert scoped.article_status_counts() == scoped.recount_article_statuses()


def test_cli_rebuild_counts_articles_written_before_the_counts_existed(
    store: RedisStore, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimcheck.cli import main
    from claimcheck.settings import Settings
    from workers import runtime as worker_runtime

    store.advance_status(new_article(store), S.extracting)
    new_article(store)
    forget_counts(store)
    worker_runtime.use_runtime(worker_runtime.Runtime(Settings(), store))
    try:
        assert main(["stats", "rebuild"]) == 0
    finally:
        worker_runtime.use_runtime(None)
    assert "2 articles counted" in capsys.readouterr().out
    assert_counts_match_a_recount(store)
    assert kept_counts(store) == {S.extracting: 1, S.queued: 1}
