"""Store contract for the review queue, leases, key names and the audit trail (fakeredis and redis-server)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.errors import ApiKeyNameTaken, LeaseHeld, LeaseNotHeld
from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.store import RedisStore
from schemas import Article, Claim, HistoryAction, Verdict, VerdictLabel
from schemas.common import DecidedBy
from schemas.review import ApiKey, ReviewerKey, Role
from tests.support.builders import numbered_claims

ANA = ReviewerKey(key_id="k-ana", name="ana")
# A second key that carries the same name: what the store held before names were unique.
ANA_AGAIN = ReviewerKey(key_id="k-ana-2", name="ana")


def queued_claim(store: RedisStore, label: VerdictLabel = VerdictLabel.needs_review) -> Claim:
    """A one-claim article whose claim got its first machine verdict."""
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    (claim,) = numbered_claims(article.id, 1)
    store.add_claims(article.id, [claim])
    store.record_verdict(claim.id, Verdict(label=label, confidence=0.4, best_guess=VerdictLabel.supported))
    return store.get_claim(claim.id)


def queue_ids(store: RedisStore) -> list[str]:
    items, _ = store.review_queue(limit=200, include_leased=True)
    return [item.claim.id for item in items]


def paged_queue(store: RedisStore, limit: int) -> list[tuple[str, float]]:
    """(claim id, priority) of the queue page by page, as the API reads it: a full page has a cursor."""
    seen: list[tuple[str, float]] = []
    cursor = None
    for _ in range(1_000):
        items, position = store.review_queue(limit, cursor)
        seen += [(item.claim.id, item.priority) for item in items]
        if position is None or len(items) < limit:
            return seen
        cursor = position
    raise AssertionError("the queue was still paging after 1,000 pages")


def human(reviewer: ReviewerKey, label: VerdictLabel = VerdictLabel.refuted) -> Verdict:
    return Verdict(
        label=label,
        confidence=1.0,
        rationale="checked",
        decided_by=DecidedBy.human,
        reviewer=reviewer.name,
        reviewer_key_id=reviewer.key_id,
    )


# -- the queue follows the current verdict ------------------------------------------


def test_a_recheck_that_decides_a_queued_claim_takes_it_out_of_the_review_queue(store: RedisStore) -> None:
    # Given a claim the machine could not decide, waiting for a reviewer
    claim = queued_claim(store)
    assert queue_ids(store) == [claim.id]
    # When a re-check with new evidence decides it
    assert store.replace_verdict(
        claim.id, Verdict(label=VerdictLabel.supported, confidence=0.9), "new evidence"
    )
    # Then it leaves the queue, reason and all
    assert queue_ids(store) == [] and not store.in_review_queue(claim.id)
    assert store.client.hget(store.keys.review_reasons(), claim.id) is None


def test_a_recheck_that_cannot_decide_puts_the_claim_in_the_review_queue(store: RedisStore) -> None:
    claim = queued_claim(store, VerdictLabel.not_enough_info)
    assert queue_ids(store) == []
    assert store.replace_verdict(
        claim.id, Verdict(label=VerdictLabel.needs_review, confidence=0.4), "recheck"
    )
    (item,) = store.review_queue(limit=10)[0]
    assert item.claim.id == claim.id and item.reason == "the machine could not decide"


def test_a_recheck_keeps_a_reviewers_flag_in_the_queue(store: RedisStore) -> None:
    # Given a decided claim a reviewer flagged
    claim = queued_claim(store, VerdictLabel.supported)
    store.flag_claim(claim.id, "source retracted", ANA)
    # When re-checks move its machine verdict to another decided label, and to needs_review
    store.replace_verdict(claim.id, Verdict(label=VerdictLabel.refuted, confidence=0.9), "new evidence")
    store.replace_verdict(claim.id, Verdict(label=VerdictLabel.needs_review, confidence=0.3), "more")
    # Then it stays queued for the reviewer's reason, until a person decides
    (item,) = store.review_queue(limit=10)[0]
    assert item.claim.id == claim.id and item.reason == "flagged: source retracted"
    store.set_human_verdict(claim.id, human(ANA), store.get_claim(claim.id).version)
    assert queue_ids(store) == []


def test_a_recheck_landing_on_needs_review_again_keeps_one_queue_entry(store: RedisStore) -> None:
    claim = queued_claim(store)
    store.replace_verdict(claim.id, Verdict(label=VerdictLabel.needs_review, confidence=0.2), "recheck")
    assert queue_ids(store) == [claim.id]


# -- paging with tied priorities ----------------------------------------------------

# Few distinct values, so that ties are the rule; real priorities are floats near created_at / 1 day.
PRIORITIES = st.sampled_from([20_301.618033988749, 20_301.61803398875, -6.907755278982137, 0.0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PRIORITIES, max_size=24), st.integers(1, 30))
def test_paging_the_queue_lists_every_queued_claim_once(
    store: RedisStore, priorities: list[float], limit: int
) -> None:
    # Given any queue contents (each example under its own prefix, cleaned up with the fixture's)
    scoped = RedisStore(store.client, f"{store.keys.prefix}:{uuid.uuid4().hex[:8]}")
    article, _ = scoped.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    claims = numbered_claims(article.id, len(priorities))
    scoped.add_claims(article.id, claims)
    if claims:
        scoped.client.zadd(
            scoped.keys.review_queue(), {c.id: p for c, p in zip(claims, priorities, strict=True)}
        )
    # When a reviewer pages through it
    seen = paged_queue(scoped, limit)
    # Then every queued claim came exactly once, most urgent first
    assert sorted(claim_id for claim_id, _ in seen) == sorted(c.id for c in claims)
    assert [p for _, p in seen] == sorted((p for _, p in seen), reverse=True)


def test_leased_claims_are_skipped_without_losing_their_tied_neighbours(store: RedisStore) -> None:
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    claims = numbered_claims(article.id, 9)
    store.add_claims(article.id, claims)
    store.client.zadd(store.keys.review_queue(), {c.id: 5.0 for c in claims})
    leased = {claims[1].id, claims[4].id, claims[5].id}
    for claim_id in leased:
        store.lease_claim(claim_id, ANA, ttl_s=60)
    seen = [claim_id for claim_id, _ in paged_queue(store, limit=2)]
    assert sorted(seen) == sorted(c.id for c in claims if c.id not in leased)


# -- key names are unique; leases belong to keys -------------------------------------


def api_key(name: str, key_id: str | None = None) -> ApiKey:
    return ApiKey(
        id=key_id or uuid.uuid4().hex[:12],
        name=name,
        role=Role.reviewer,
        key_hash=hash_api_key(new_api_key()),
    )


def test_a_key_name_can_be_taken_only_once(store: RedisStore) -> None:
    store.create_api_key(api_key("ana"))
    for same in ["ana", "Ana", " ana "]:
        with pytest.raises(ApiKeyNameTaken):
            store.create_api_key(api_key(same))
    assert [k.name for k in store.list_api_keys()] == ["ana"]


def test_a_revoked_keys_name_stays_taken(store: RedisStore) -> None:
    # Old audit entries name that key; a new key under the same name would read as the same person.
    first = api_key("ana")
    store.create_api_key(first)
    store.revoke_api_key(first.id)
    with pytest.raises(ApiKeyNameTaken):
        store.create_api_key(api_key("ana"))


def test_a_lease_belongs_to_the_key_that_took_it_not_to_its_name(store: RedisStore) -> None:
    # Given a claim leased by one key, and another key that carries the same name
    claim = queued_claim(store)
    lease = store.lease_claim(claim.id, ANA, ttl_s=60)
    assert lease.reviewer_key_id == ANA.key_id and lease.reviewer == "ana"
    # Then the other key can neither renew, release nor decide over it
    with pytest.raises(LeaseHeld):
        store.lease_claim(claim.id, ANA_AGAIN, ttl_s=60)
    with pytest.raises(LeaseNotHeld):
        store.release_lease(claim.id, ANA_AGAIN)
    with pytest.raises(LeaseHeld):
        store.set_human_verdict(claim.id, human(ANA_AGAIN), claim.version)
    # While the key that took it can
    assert store.lease_claim(claim.id, ANA, ttl_s=60).token == lease.token
    store.release_lease(claim.id, ANA)


def test_a_lease_written_before_leases_carried_key_ids_is_held_by_its_name(store: RedisStore) -> None:
    claim = queued_claim(store)
    old = '{"claim_id": "%s", "reviewer": "ana", "token": "t", "expires_at": "2099-01-01T00:00:00Z"}'
    store.client.set(store.keys.review_lease(claim.id), old % claim.id, px=60_000)
    with pytest.raises(LeaseHeld):
        store.lease_claim(claim.id, ReviewerKey(key_id="k-ben", name="ben"), ttl_s=60)
    assert store.lease_claim(claim.id, ANA, ttl_s=60).reviewer_key_id == ANA.key_id


# -- every reviewer action is in the claim's history ---------------------------------


def test_every_reviewer_action_is_in_the_history_with_the_key_id(store: RedisStore) -> None:
    # Given a decided claim
    claim = queued_claim(store, VerdictLabel.supported)
    # When a reviewer flags it, leases it, gives it back, leases it again and decides it
    store.flag_claim(claim.id, "source retracted", ANA)
    store.lease_claim(claim.id, ANA, ttl_s=60)
    store.release_lease(claim.id, ANA)
    store.lease_claim(claim.id, ANA, ttl_s=60)
    store.set_human_verdict(claim.id, human(ANA), store.get_claim(claim.id).version)
    # Then the history has each action, in order, with who did it
    history = store.claim_history(claim.id)
    assert [h.action for h in history] == [
        HistoryAction.verdict,
        HistoryAction.flag,
        HistoryAction.lease,
        HistoryAction.release,
        HistoryAction.lease,
        HistoryAction.verdict,
    ]
    assert history[0].reviewer_key_id is None  # the machine's first verdict
    assert all(h.reviewer_key_id == ANA.key_id and h.reviewer == "ana" for h in history[1:])
    assert history[1].verdict is None and history[1].trigger == "reviewer ana flagged: source retracted"
    assert history[-1].verdict is not None and history[-1].verdict.label is VerdictLabel.refuted
    # Only verdict changes move the version that If-Match guards
    assert store.get_claim(claim.id).version == claim.version + 1


def test_an_unlinked_match_is_in_the_history_with_the_key_id(store: RedisStore) -> None:
    claim = queued_claim(store, VerdictLabel.not_enough_info)
    matched = Verdict(
        label=VerdictLabel.refuted,
        confidence=0.9,
        match={"kind": "claim", "id": "prior", "text": "Forty ships", "score": 0.9},  # type: ignore[arg-type]
    )
    store.replace_verdict(claim.id, matched, "matched")
    store.unlink_match(claim.id, ANA)
    last = store.claim_history(claim.id)[-1]
    assert last.action is HistoryAction.unlink and last.reviewer_key_id == ANA.key_id
    assert last.verdict is not None and last.verdict.label is VerdictLabel.needs_review
    (item,) = store.review_queue(limit=10)[0]
    assert item.reason == "ana unlinked the match with claim prior"
