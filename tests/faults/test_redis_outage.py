"""redis-server restarts (AOF on) and outages: submissions answer 503, nothing is half-done or done twice."""

from __future__ import annotations

import pytest

from tests.faults.integrity import assert_all_initial_checks
from tests.faults.stack import FaultStack, pause, short_article
from tests.support.processes import RedisServer, wait_until

pytestmark = pytest.mark.integration
PROBLEM_JSON = "application/problem+json"


def test_redis_restart_mid_run_loses_no_claim_and_finalizes_once(fault_stack: FaultStack) -> None:
    # Given a worker (with the reconciler) busy with several articles, each check a little slow
    worker = fault_stack.start_worker("w1", beat=True, CLAIMCHECK_FAULT_SLEEP_CHECK_S="0.3")
    texts = [short_article(n) for n in range(20, 26)]
    with fault_stack.client() as client:
        article_ids = [fault_stack.submit(client, text) for text in texts]
    store = fault_stack.store
    wait_until(lambda: fault_stack.status(article_ids[0]) == "done", 60, "the first article to finish")
    assert fault_stack.status(article_ids[-1]) != "done", "the run ended before the restart: nothing tested"

    # When redis-server stops mid-run (SIGTERM: AOF flushed) and comes back on the same port and directory
    fault_stack.redis.stop()
    with fault_stack.client() as client:
        refused = client.post("/v1/articles", json={"text": short_article(99)})
    pause(2)
    fault_stack.redis.start()

    # Then the submission during the outage was refused, the worker survived, and every article finished once
    assert refused.status_code == 503 and refused.headers["retry-after"]
    fault_stack.wait_finished(article_ids, timeout=90)
    assert worker.process is not None and worker.process.poll() is None, worker.log_tail()
    for article_id, text in zip(article_ids, texts, strict=True):
        assert_all_initial_checks(store, article_id, text)
    assert store.client.zcard(store.keys.articles()) == len(article_ids)


def test_submission_while_redis_is_down_is_503_and_the_same_key_succeeds_later(
    fault_stack: FaultStack,
) -> None:
    fault_stack.start_worker("w1", beat=True)
    text = short_article(30)
    store = fault_stack.store

    # Given redis-server is down
    fault_stack.redis.stop()
    with fault_stack.client() as client:
        refused = client.post("/v1/articles", json={"text": text}, headers={"Idempotency-Key": "retry-me"})

    # Then the API answers 503 problem+json with Retry-After, and nothing at all was written
    assert refused.status_code == 503
    assert refused.headers["content-type"].startswith(PROBLEM_JSON)
    assert int(refused.headers["retry-after"]) > 0
    assert refused.json()["code"] == "store_unavailable"
    fault_stack.redis.start()
    assert list(store.client.scan_iter(f"{store.keys.prefix}:*")) == []

    # When the client retries with the same Idempotency-Key once Redis is back
    with fault_stack.client() as client:
        article_id = fault_stack.submit(client, text, key="retry-me")
        fault_stack.wait_finished([article_id])
        replay = client.post("/v1/articles", json={"text": text}, headers={"Idempotency-Key": "retry-me"})

    # Then there is exactly one article, checked once
    assert replay.status_code == 202 and replay.json() == {"id": article_id, "status": "done"}
    assert store.client.zcard(store.keys.articles()) == 1
    assert_all_initial_checks(store, article_id, text)


def test_submission_while_the_broker_is_down_is_503_and_the_same_key_enqueues_it(
    split_broker_stack: tuple[FaultStack, RedisServer],
) -> None:
    stack, broker = split_broker_stack
    stack.start_worker("w1")  # no beat: only the client's retry may enqueue the article
    text = short_article(40)
    store = stack.store

    # Given the store is up but the task queue is down
    broker.stop()
    with stack.client() as client:
        refused = client.post("/v1/articles", json={"text": text}, headers={"Idempotency-Key": "queue-down"})

    # Then the API answers 503 with Retry-After; the article is kept, queued, with no claims yet
    assert refused.status_code == 503 and int(refused.headers["retry-after"]) > 0
    assert refused.headers["content-type"].startswith(PROBLEM_JSON)
    (article_id,) = [str(a) for a in store.client.zrange(store.keys.articles(), 0, -1)]
    assert stack.status(article_id) == "queued" and store.list_claims(article_id) == []

    # When the queue is back and the client retries with the same key
    broker.start()
    with stack.client() as client:
        assert stack.submit(client, text, key="queue-down") == article_id
    stack.wait_finished([article_id])

    # Then the same article was enqueued and checked, once
    assert store.client.zcard(store.keys.articles()) == 1
    assert_all_initial_checks(store, article_id, text)
