"""Reviewers racing on a real redis-server through the real API: exactly one wins, nothing is lost."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.store import RedisStore
from schemas import Article, Claim, Verdict, VerdictLabel
from schemas.review import ApiKey, ReviewerKey, Role
from tests.support.processes import RedisServer, ServiceProcess, start_api, wait_until

pytestmark = pytest.mark.integration
REVIEWERS = ["ana", "ben"]
ADMIN = "root"


@dataclass
class ReviewStack:
    store: RedisStore
    base_url: str
    keys: dict[str, str]
    api: ServiceProcess


@pytest.fixture
def review_stack(redis_server: RedisServer, tmp_path: Path) -> Iterator[ReviewStack]:
    prefix = f"race{uuid.uuid4().hex[:6]}"
    store = RedisStore(redis.Redis.from_url(redis_server.url, decode_responses=True), prefix)
    keys = {}
    for name, role in [*((n, Role.reviewer) for n in REVIEWERS), (ADMIN, Role.admin)]:
        key = new_api_key()
        store.create_api_key(ApiKey(id=name, name=name, role=role, key_hash=hash_api_key(key)))
        keys[name] = key
    api, base_url = start_api(
        redis_server.url,
        tmp_path,
        CLAIMCHECK_AUTH_ENABLED="true",
        CLAIMCHECK_KEY_PREFIX=prefix,
        CLAIMCHECK_LEASE_TTL_S="1",
    )
    try:
        yield ReviewStack(store, base_url, keys, api)
    finally:
        api.stop()


def queued_claim(store: RedisStore) -> Claim:
    article, _ = store.create_article(
        Article(id=uuid.uuid4().hex, text="The port handled 40 ships."), None, "h"
    )
    claim = Claim(
        id=uuid.uuid4().hex,
        article_id=article.id,
        ordinal=0,
        text="The port handled 40 ships.",
        sentence="The port handled 40 ships.",
        start=0,
        end=26,
        checkworthiness=0.9,
    )
    store.add_claims(article.id, [claim])
    store.record_verdict(claim.id, Verdict(label=VerdictLabel.needs_review, confidence=0.5))
    return store.get_claim(claim.id)


def race(url: str, requests: dict[str, dict[str, Any]]) -> dict[str, httpx.Response]:
    """POST to `url` once per reviewer, all at the same moment, each from its own thread."""
    barrier = threading.Barrier(len(requests))
    results: dict[str, httpx.Response] = {}

    def run(name: str) -> None:
        barrier.wait()
        results[name] = httpx.post(url, **requests[name])

    threads = [threading.Thread(target=run, args=(name,)) for name in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def at_once(*calls: Callable[[], object]) -> None:
    """Run each call from its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        call()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)


def test_two_reviewers_racing_for_one_lease_get_one_lease(review_stack: ReviewStack) -> None:
    for _ in range(5):
        claim = queued_claim(review_stack.store)
        url = f"{review_stack.base_url}/v1/review/claims/{claim.id}/lease"
        results = race(url, {name: {"headers": {"X-API-Key": review_stack.keys[name]}} for name in REVIEWERS})
        statuses = sorted(r.status_code for r in results.values())
        assert statuses == [201, 409], [r.json() for r in results.values()]
        loser = next(r for r in results.values() if r.status_code == 409)
        assert loser.json()["code"] == "lease_held"


def test_two_reviewers_racing_for_one_verdict_one_wins_and_history_has_one_change(
    review_stack: ReviewStack,
) -> None:
    for _ in range(5):
        claim = queued_claim(review_stack.store)
        url = f"{review_stack.base_url}/v1/claims/{claim.id}/verdict"
        etag = f'"claim-{claim.id}-v{claim.version}"'
        bodies = {"ana": "supported", "ben": "refuted"}
        results = race(
            url,
            {
                name: {
                    "json": {"label": bodies[name], "rationale": f"{name} checked"},
                    "headers": {"X-API-Key": review_stack.keys[name], "If-Match": etag},
                }
                for name in REVIEWERS
            },
        )
        statuses = sorted(r.status_code for r in results.values())
        assert statuses == [200, 412], [r.json() for r in results.values()]
        winner = next(name for name, r in results.items() if r.status_code == 200)
        verdict = review_stack.store.get_claim(claim.id).verdict
        assert verdict is not None and verdict.label.value == bodies[winner] and verdict.reviewer == winner
        human_changes = [
            h for h in review_stack.store.claim_history(claim.id) if h.verdict.decided_by == "human"
        ]
        assert len(human_changes) == 1


def test_an_expired_lease_puts_the_claim_back_in_the_queue(review_stack: ReviewStack) -> None:
    claim = queued_claim(review_stack.store)
    headers = {"X-API-Key": review_stack.keys["ana"]}
    assert (
        httpx.post(f"{review_stack.base_url}/v1/review/claims/{claim.id}/lease", headers=headers).status_code
        == 201
    )

    def queued_ids() -> list[str]:
        queue = httpx.get(f"{review_stack.base_url}/v1/review/queue", headers=headers).json()
        return [item["claim"]["id"] for item in queue["data"]]

    assert claim.id not in queued_ids()
    started = time.monotonic()
    wait_until(lambda: claim.id in queued_ids(), timeout=10, what="the lease to expire")
    assert time.monotonic() - started < 10
    other = httpx.post(
        f"{review_stack.base_url}/v1/review/claims/{claim.id}/lease",
        headers={"X-API-Key": review_stack.keys["ben"]},
    )
    assert other.status_code == 201 and other.json()["reviewer"] == "ben"


def test_two_admins_racing_for_one_key_name_get_one_key(review_stack: ReviewStack) -> None:
    for n in range(5):
        url = f"{review_stack.base_url}/v1/keys"
        headers = {"X-API-Key": review_stack.keys[ADMIN]}
        body = {"name": f"desk-{n}", "role": "reviewer"}
        results = race(url, {who: {"json": body, "headers": headers} for who in ["first", "second"]})
        statuses = sorted(r.status_code for r in results.values())
        assert statuses == [201, 409], [r.json() for r in results.values()]
        loser = next(r for r in results.values() if r.status_code == 409)
        assert loser.json()["code"] == "api_key_name_taken"
        assert [k.name for k in review_stack.store.list_api_keys()].count(f"desk-{n}") == 1


def test_a_flag_racing_a_deciding_recheck_stays_in_the_queue(review_stack: ReviewStack) -> None:
    # Whichever lands first, the reviewer's flag must survive the re-check that decides the claim.
    store = review_stack.store
    decided = Verdict(label=VerdictLabel.supported, confidence=0.9)
    for _ in range(20):
        claim = queued_claim(store)
        at_once(
            partial(store.replace_verdict, claim.id, decided, "recheck"),
            partial(store.flag_claim, claim.id, "looks wrong", ReviewerKey(key_id="ana", name="ana")),
        )
        assert store.in_review_queue(claim.id)
        items, _ = store.review_queue(limit=200, include_leased=True)
        assert {i.claim.id: i.reason for i in items}[claim.id] == "flagged: looks wrong"


def test_every_reviewer_action_through_the_api_is_in_the_history(review_stack: ReviewStack) -> None:
    claim = queued_claim(review_stack.store)
    base, ana = review_stack.base_url, {"X-API-Key": review_stack.keys["ana"]}
    assert (
        httpx.post(f"{base}/v1/claims/{claim.id}/flag", json={"reason": "odd"}, headers=ana).status_code
        == 202
    )
    assert httpx.post(f"{base}/v1/review/claims/{claim.id}/lease", headers=ana).status_code == 201
    assert httpx.delete(f"{base}/v1/review/claims/{claim.id}/lease", headers=ana).status_code == 204
    history = httpx.get(f"{base}/v1/claims/{claim.id}/history", headers=ana).json()["data"]
    assert [(h["action"], h["reviewer_key_id"]) for h in history] == [
        ("verdict", None),
        ("flag", "ana"),
        ("lease", "ana"),
        ("release", "ana"),
    ]
