"""What every fault test asserts: no claim lost, no verdict twice, every article finalized exactly once."""

from __future__ import annotations

import functools

from claimcheck import service
from claimcheck.extraction import extract_claims
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from claimcheck.store.redis_status_counts import parse_counts
from schemas.claims import Claim
from schemas.common import ArticleStatus
from schemas.events import EventType, StoredEvent

VERDICT_EVENTS = frozenset({EventType.verdict_set, EventType.verdict_changed})


@functools.cache
def expected_claims(article_id: str, text: str) -> dict[str, bool]:
    """The claims extraction yields for this text, computed in this process: claim id -> checked."""
    checked_types = frozenset(Settings(feeds_dir=None).checked_claim_types)
    return {
        service.claim_id(article_id, c.start, c.text): service.sent_to_verification(c, checked_types)
        for c in extract_claims(text).claims
    }


def article_events(store: RedisStore, article_id: str) -> list[StoredEvent]:
    return store.events_after(article_id, "0", 1000)


def assert_status_counts_kept(store: RedisStore) -> None:
    """Once nothing runs, the articles-by-status counts the writes kept equal a recount of every article."""
    kept = parse_counts(store.client.hgetall(store.keys.article_status_counts()))
    assert kept == store.recount_article_statuses(), kept


def assert_finished_once(store: RedisStore, article_id: str, text: str) -> dict[str, str]:
    """Assert the article is done exactly once with every claim and one verdict each; claim id -> trigger."""
    assert_status_counts_kept(store)  # callers wait until every article of the test has finished
    state = store.get_state(article_id)
    assert state.status is ArticleStatus.done, (article_id, state)
    assert state.finalize_count == 1, (article_id, state)
    events = article_events(store, article_id)
    assert [e.event.type for e in events].count(EventType.article_done) == 1, events

    expected = expected_claims(article_id, text)
    claims = {claim.id: claim for claim in store.list_claims(article_id)}
    assert claims.keys() == expected.keys(), "claims lost or invented"
    assert state.claim_count == len(expected)
    assert store.pending_claims(article_id) == []

    triggers: dict[str, str] = {}
    for claim_id, checked in expected.items():
        claim = claims[claim_id]
        assert claim.checked is checked
        history = store.claim_history(claim_id)
        verdict_events = [
            e for e in events if e.event.claim_id == claim_id and e.event.type in VERDICT_EVENTS
        ]
        if not checked:
            assert claim.verdict is None and history == [] and verdict_events == []
            continue
        assert claim.verdict is not None, f"claim {claim_id} has no verdict"
        assert len(history) == 1, f"claim {claim_id} has {len(history)} verdicts: {history}"
        assert len(verdict_events) == 1, verdict_events
        assert history[0].verdict == claim.verdict
        triggers[claim_id] = history[0].trigger
    return triggers


def assert_all_initial_checks(store: RedisStore, article_id: str, text: str) -> None:
    """The article finished once, and each checked claim has exactly one machine 'initial check'."""
    triggers = assert_finished_once(store, article_id, text)
    assert set(triggers.values()) <= {"initial check"}, triggers
    assert triggers, "the article had no checked claim: the test proves nothing"
    for claim in checked_claims(store, article_id):
        # A check that failed for good is also an 'initial check', sent to review with the error.
        assert claim.verdict is not None
        assert not (claim.verdict.rationale or "").startswith("automatic"), claim


def checked_claims(store: RedisStore, article_id: str) -> list[Claim]:
    return [claim for claim in store.list_claims(article_id) if claim.checked]
