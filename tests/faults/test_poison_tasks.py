"""Tasks that kill their worker every time are parked, and a task outliving its lease decides once."""

from __future__ import annotations

import pytest

from schemas.common import VerdictLabel
from schemas.events import EventType
from tests.faults.integrity import (
    article_events,
    assert_all_initial_checks,
    assert_finished_once,
    checked_claims,
)
from tests.faults.stack import (
    VISIBILITY_TIMEOUT_S,
    FaultStack,
    attempts,
    finished_runs,
    short_article,
)
from tests.support.processes import wait_until

pytestmark = pytest.mark.integration
POISON = "Zorblax"
MAX_ATTEMPTS = 2


def test_extraction_that_always_kills_its_worker_is_parked_as_failed(fault_stack: FaultStack) -> None:
    # Given a worker whose pool process dies whenever it extracts an article mentioning POISON
    worker = fault_stack.start_worker(
        "w1", CLAIMCHECK_FAULT_CRASH_EXTRACT_ON=POISON, CLAIMCHECK_MAX_TASK_ATTEMPTS=str(MAX_ATTEMPTS)
    )
    poisoned = f"The council of {POISON} approved a 12 million pound library on Tuesday."
    healthy = short_article(50)
    with fault_stack.client() as client:
        poisoned_id = fault_stack.submit(client, poisoned)
        healthy_id = fault_stack.submit(client, healthy)
        fault_stack.wait_finished([poisoned_id, healthy_id], timeout=90)
        shown = client.get(f"/v1/articles/{poisoned_id}").json()

    # Then the poisoned article is failed with the reason after MAX_ATTEMPTS deliveries, not retried forever
    store = fault_stack.store
    state = store.get_state(poisoned_id)
    assert state.status.value == "failed" and state.finalize_count == 0
    assert shown["status"] == "failed" and "parked after 2 attempts" in shown["error"]
    assert attempts(store, "extract", poisoned_id) == MAX_ATTEMPTS + 1
    assert EventType.article_done not in [e.event.type for e in article_events(store, poisoned_id)]
    # ...and the worker lived on to check the other article, once
    assert worker.process is not None and worker.process.poll() is None
    assert_all_initial_checks(store, healthy_id, healthy)


def test_check_that_always_kills_its_worker_is_parked_for_review(fault_stack: FaultStack) -> None:
    # Given a worker whose pool process dies whenever it checks a claim mentioning POISON
    fault_stack.start_worker(
        "w1", CLAIMCHECK_FAULT_CRASH_CHECK_ON=POISON, CLAIMCHECK_MAX_TASK_ATTEMPTS=str(MAX_ATTEMPTS)
    )
    text = (
        "The city council approved a budget of 40 million pounds for schools on Monday. "
        f"The council of {POISON} approved a 12 million pound library on Tuesday."
    )
    with fault_stack.client() as client:
        article_id = fault_stack.submit(client, text)
    fault_stack.wait_finished([article_id], timeout=90)

    # Then the article completes once; the poisoned claim waits for a person with the 'parked' rationale
    store = fault_stack.store
    triggers = assert_finished_once(store, article_id, text)
    claims = {claim.id: claim for claim in checked_claims(store, article_id)}
    (parked_id,) = [claim_id for claim_id, claim in claims.items() if POISON in claim.text]
    parked = claims[parked_id].verdict
    assert parked is not None and parked.label is VerdictLabel.needs_review
    assert parked.rationale == f"automatic check parked after {MAX_ATTEMPTS} attempts that never completed"
    assert triggers[parked_id] == "parked"
    assert attempts(store, "check", parked_id) == MAX_ATTEMPTS + 1
    assert {t for c, t in triggers.items() if c != parked_id} == {"initial check"}
    assert store.client.zscore(store.keys.review_queue(), parked_id) is not None


def test_check_outliving_the_visibility_timeout_records_one_verdict(fault_stack: FaultStack) -> None:
    # Given checks that run longer than the broker's visibility timeout, and two pool processes: the
    # broker hands the running check out again, and the second process runs it alongside the first
    slow_s = VISIBILITY_TIMEOUT_S + 3
    fault_stack.start_worker("w1", concurrency=2, CLAIMCHECK_FAULT_SLEEP_CHECK_S=str(slow_s))
    text = "The city council approved a budget of 40 million pounds for schools on Monday."
    with fault_stack.client() as client:
        article_id = fault_stack.submit(client, text)
    fault_stack.wait_finished([article_id], timeout=60)
    store = fault_stack.store
    (claim,) = checked_claims(store, article_id)

    # When every copy of the check has run to its end
    wait_until(lambda: attempts(store, "check", claim.id) >= 2, 30, "the check to be handed out again")
    wait_until(
        lambda: finished_runs(store, "claimcheck.check_claim") == attempts(store, "check", claim.id),
        30,
        "every copy of the check to finish",
    )

    # Then the claim has one verdict, set once
    assert_all_initial_checks(store, article_id, text)
