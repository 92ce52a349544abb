"""Workers that die (SIGKILL) or are restarted (SIGTERM) while they run a task lose and repeat nothing."""

from __future__ import annotations

import pytest

from schemas.events import EventType
from tests.conftest import SEED_ARTICLE
from tests.faults.integrity import article_events, assert_all_initial_checks
from tests.faults.stack import (
    FaultStack,
    attempts,
    kill_worker,
    short_article,
    terminate_main_process,
    wait_for_attempt,
)
from tests.support.processes import wait_until

pytestmark = pytest.mark.integration


def test_worker_killed_mid_extract_loses_no_claim(fault_stack: FaultStack) -> None:
    # Given a worker that stalls after storing the claims, before it enqueues their checks
    doomed = fault_stack.start_worker("doomed", beat=True, CLAIMCHECK_FAULT_SLEEP_EXTRACT_S="60")
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    with fault_stack.client() as client:
        article_id = fault_stack.submit(client, text)
    store = fault_stack.store
    wait_until(lambda: fault_stack.status(article_id) == "checking", 30, "claims to be stored")
    pending = store.pending_claims(article_id)
    assert pending and all(c.verdict is None for c in store.list_claims(article_id))

    # When the worker dies with the extraction unacknowledged, and another worker takes over
    kill_worker(doomed)
    fault_stack.start_worker("heir", beat=True)
    fault_stack.wait_finished([article_id], timeout=60)

    # Then the extraction ran again, found its claims stored, and checked each of them once
    assert attempts(store, "extract", article_id) >= 2
    assert_all_initial_checks(store, article_id, text)


def test_worker_killed_mid_check_loses_no_claim_and_is_noticed_within_a_minute(
    fault_stack: FaultStack,
) -> None:
    # Given workers at the default recovery settings (as deployed): one that stalls in every check, and
    # an article with several claims
    doomed = fault_stack.start_worker(
        "doomed", beat=True, fast_recovery=False, CLAIMCHECK_FAULT_SLEEP_CHECK_S="60"
    )
    texts = [short_article(n) for n in range(3)]
    with fault_stack.client() as client:
        article_ids = [fault_stack.submit(client, text) for text in texts]
    store = fault_stack.store
    wait_until(lambda: fault_stack.status(article_ids[0]) == "checking", 30, "the first article's claims")
    in_check = sorted(store.pending_claims(article_ids[0]))
    wait_until(lambda: any(attempts(store, "check", c) for c in in_check), 30, "a check of the first article")
    (running,) = [c for c in in_check if attempts(store, "check", c)]

    # When the worker dies in the middle of that check, and another worker takes over
    kill_worker(doomed)
    fault_stack.start_worker("heir", beat=True, fast_recovery=False)
    fault_stack.wait_finished(article_ids, timeout=90)

    # Then the lost check was noticed within a minute of the article's last progress: the article was
    # marked stalled (an event dashboards see; cleared by the progress that followed) and the check ran
    # again; and every claim of every article has exactly one verdict
    (stalled,) = [
        e.event for e in article_events(store, article_ids[0]) if e.event.type is EventType.article_stalled
    ]
    assert stalled.stalled_since is not None
    assert (stalled.at - stalled.stalled_since).total_seconds() <= 60, stalled
    assert store.get_state(article_ids[0]).stalled_since is None
    assert attempts(store, "check", running) >= 2
    for article_id, text in zip(article_ids, texts, strict=True):
        assert_all_initial_checks(store, article_id, text)


def test_rolling_restart_finishes_the_running_task_and_hands_over_the_queue(fault_stack: FaultStack) -> None:
    # Given an old worker busy with a slow extraction and more articles waiting (no worker dies here, so
    # the broker need not hand anything out again: a long visibility timeout keeps the count exact)
    patient = {"CLAIMCHECK_VISIBILITY_TIMEOUT_S": "60"}
    old = fault_stack.start_worker("old", CLAIMCHECK_FAULT_SLEEP_EXTRACT_S="2", **patient)
    texts = [short_article(n) for n in range(10, 14)]
    with fault_stack.client() as client:
        article_ids = [fault_stack.submit(client, text) for text in texts]
    store = fault_stack.store
    wait_for_attempt(store, "extract", article_ids[0])

    # When a new worker starts and the old one gets SIGTERM (warm shutdown) while its task runs
    fault_stack.start_worker("new", beat=True, **patient)
    exit_code = terminate_main_process(old)
    fault_stack.wait_finished(article_ids, timeout=60)

    # Then the old worker finished its task before leaving, and nothing ran twice
    assert exit_code == 0, old.log_tail()
    assert attempts(store, "extract", article_ids[0]) == 1
    assert "succeeded" in old.log_path.read_text()
    for article_id, text in zip(article_ids, texts, strict=True):
        assert_all_initial_checks(store, article_id, text)
