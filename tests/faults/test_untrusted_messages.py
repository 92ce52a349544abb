"""A task message that is not JSON (here: pickle) is refused by the worker, which stays up and works on."""

from __future__ import annotations

import pathlib
import pickle
import uuid
from pathlib import Path
from typing import Any

import pytest
from kombu.connection import Connection

from api.auth import ANONYMOUS_ADMIN
from api.routes.articles import idempotency_scope
from claimcheck import service
from schemas.articles import ArticleCreate
from tests.faults.integrity import assert_all_initial_checks
from tests.faults.stack import FaultStack, attempts, short_article
from tests.support.processes import wait_until

pytestmark = pytest.mark.integration
QUEUE = "claimcheck"


class TouchOnUnpickle:
    """Unpickling this creates `marker`: proof that a pickle was deserialized at all."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (pathlib.Path.touch, (self.marker,))


def publish_pickled_task(broker_url: str, task: str, args: tuple[Any, ...]) -> None:
    """Put a Celery (protocol 2) message with a pickle body straight on the worker's queue."""
    task_id = str(uuid.uuid4())
    headers = {
        "lang": "py",
        "task": task,
        "id": task_id,
        "root_id": task_id,
        "parent_id": None,
        "group": None,
        "retries": 0,
        "eta": None,
        "expires": None,
        "timelimit": [None, None],
        "argsrepr": repr(args),
        "kwargsrepr": "{}",
        "origin": "fault-suite",
    }
    body: tuple[Any, ...] = (args, {}, {"callbacks": None, "errbacks": None, "chain": None, "chord": None})
    with Connection(broker_url) as connection:  # type: ignore[no-untyped-call]
        producer = connection.Producer(serializer="pickle")
        producer.publish(body, exchange="", routing_key=QUEUE, headers=headers)


def test_pickle_task_message_is_refused_and_the_worker_stays_alive(
    fault_stack: FaultStack, tmp_path: Path
) -> None:
    worker = fault_stack.start_worker("w1")
    store = fault_stack.store
    text = short_article(60)
    # Stored as the API stores a submission with this key (keys are scoped to the API key; auth is off here).
    scoped = idempotency_scope(ANONYMOUS_ADMIN.key_id, "pickled")
    article, _ = service.submit_article(store, ArticleCreate(text=text), idempotency_key=scoped)
    marker = tmp_path / "unpickled"
    canary = tmp_path / "canary"
    pickle.loads(pickle.dumps(TouchOnUnpickle(canary)))  # our own bytes: shows what unpickling would do
    assert canary.exists()

    # When a pickle-serialized extract_claims message for a stored article reaches the queue
    args = (article.id, TouchOnUnpickle(marker))
    publish_pickled_task(fault_stack.redis.url, "claimcheck.extract_claims", args)
    wait_until(lambda: "ContentDisallowed" in worker.log_path.read_text(), 30, "the worker to refuse it")

    # Then it was neither unpickled nor run, and the worker is still up
    assert not marker.exists()
    assert store.client.llen(QUEUE) == 0
    assert attempts(store, "extract", article.id) == 0
    assert fault_stack.status(article.id) == "queued"
    assert worker.process is not None and worker.process.poll() is None

    # ...and the same worker checks the article once it arrives as a JSON message (the client's retry)
    with fault_stack.client() as client:
        assert fault_stack.submit(client, text, key="pickled") == article.id
    fault_stack.wait_finished([article.id])
    assert_all_initial_checks(store, article.id, text)
