"""Tasks go to their queues, workers serve checks first, and every reader of queue depth sees all queues."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import fakeredis
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

import workers.tasks
from api.main import create_app
from claimcheck.broker import CHECK_QUEUE, EXTRACT_QUEUE, QUEUE, QUEUES, queue_depth, queue_depths
from claimcheck.cli import main
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Article
from workers.celery_app import celery_app
from workers.runtime import Runtime, use_runtime

EXPECTED_QUEUES = {
    "claimcheck.check_claim": "claimcheck.check",
    "claimcheck.recheck_claim": "claimcheck.check",
    "claimcheck.extract_claims": "claimcheck.extract",
    "claimcheck.poll_feed": "claimcheck",
    "claimcheck.schedule_polls": "claimcheck",
    "claimcheck.reconcile": "claimcheck",
    "claimcheck.expire_evidence": "claimcheck",
    "claimcheck.queue_article_pages": "claimcheck",
    "claimcheck.fetch_article_page": "claimcheck",
    "claimcheck.deliver_webhook": "claimcheck",
}


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis(decode_responses=True)


def test_each_task_is_published_to_its_queue() -> None:
    registered = {name for name in celery_app.tasks if name.startswith("claimcheck.")}
    assert registered == set(EXPECTED_QUEUES), "a new task needs a queue here"
    for name, queue in EXPECTED_QUEUES.items():
        route = celery_app.amqp.router.route({}, name)
        assert route["queue"].name == queue, name


def test_workers_serve_every_queue_checks_first_in_strict_order() -> None:
    assert list(celery_app.amqp.queues.consume_from) == [
        "claimcheck.check",
        "claimcheck",
        "claimcheck.extract",
    ]
    # Kombu's Redis transport: "priority" keeps the listed order; its default rotates queues round robin.
    assert celery_app.conf.broker_transport_options["queue_order_strategy"] == "priority"
    # The default queue keeps the name of the former single queue, so old messages are still consumed.
    assert celery_app.conf.task_default_queue == "claimcheck" == QUEUES[1]


def test_worker_command_listens_to_every_queue_in_priority_order(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(celery_app, "worker_main", started.append)
    main(["worker", "--concurrency", "1"])
    main(["worker", "--queues", "claimcheck.check"])
    assert "--queues=claimcheck.check,claimcheck,claimcheck.extract" in started[0]
    assert "--queues=claimcheck.check" in started[1]


def test_queue_depth_counts_every_queue_and_its_priority_lists(client: fakeredis.FakeRedis) -> None:
    client.rpush(CHECK_QUEUE, "c1", "c2")
    client.rpush(f"{CHECK_QUEUE}\x06\x169", "c3")
    client.rpush(EXTRACT_QUEUE, "e1", "e2", "e3")
    client.rpush(QUEUE, "p1")
    client.rpush("unrelated", "x")
    assert queue_depths(client) == {CHECK_QUEUE: 3, QUEUE: 1, EXTRACT_QUEUE: 3}
    assert queue_depth(client) == 7
    assert queue_depth(client, [EXTRACT_QUEUE]) == 3


@pytest.fixture
def stalled_article(client: fakeredis.FakeRedis) -> Iterator[str]:
    """An article queued long ago (stalled at once: STALLED_AFTER_S=0), with the reconciler's runtime."""
    store = RedisStore(client)
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text="x"), None, "h")
    use_runtime(Runtime(Settings(feeds_dir=None, stalled_after_s=0), store))
    yield article.id
    use_runtime(None)


@pytest.mark.parametrize("queue", QUEUES)
def test_reconciler_waits_while_any_queue_holds_messages(
    queue: str, client: fakeredis.FakeRedis, stalled_article: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    nudged: list[Any] = []
    monkeypatch.setattr(workers.tasks.extract_claims, "delay", nudged.append)
    client.rpush(queue, "a message")
    assert workers.tasks.reconcile() == 0 and nudged == []
    client.delete(queue)
    assert workers.tasks.reconcile() == 1 and nudged == [stalled_article]


def test_stats_and_metrics_report_messages_of_every_queue(client: fakeredis.FakeRedis) -> None:
    client.rpush(CHECK_QUEUE, "c1")
    client.rpush(EXTRACT_QUEUE, "e1", "e2")
    settings = Settings(feeds_dir=None, auth_enabled=False)
    with TestClient(create_app(settings, RedisStore(client), dispatch=lambda _: None)) as api:
        stats = api.get("/v1/stats").json()
        families = {f.name: f for f in text_string_to_metric_families(api.get("/metrics").text)}
    assert stats["queue_depth"] == 3
    depths = {s.labels["queue"]: s.value for s in families["claimcheck_queue_depth"].samples}
    assert depths == {"claimcheck.check": 1, "claimcheck": 0, "claimcheck.extract": 2}
