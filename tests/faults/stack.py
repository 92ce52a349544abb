"""The fault suite's stack: redis-server (AOF on), the API, and the workers a test starts with its faults."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

from claimcheck.store import RedisStore
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from schemas.common import ArticleStatus
from tests.support.processes import RedisServer, ServiceProcess, start_worker, wait_until

# Short recovery times, so that a lost worker's messages come back within seconds: the broker hands an
# unacknowledged message out again after VISIBILITY_TIMEOUT_S, and workers look for such messages every
# second; the reconciler (beat) re-enqueues work idle for STALLED_AFTER_S. A worker started without them
# (fast_recovery=False) recovers as a deployment does, at the default settings.
VISIBILITY_TIMEOUT_S = 5
FAST_RECOVERY_ENV = {
    "CLAIMCHECK_VISIBILITY_TIMEOUT_S": str(VISIBILITY_TIMEOUT_S),
    "CLAIMCHECK_BROKER_RESTORE_INTERVAL_S": "1",
    "CLAIMCHECK_BROKER_RESTORE_THROTTLE": "1",
    "CLAIMCHECK_STALLED_AFTER_S": "6",
    "CLAIMCHECK_RECONCILE_INTERVAL_S": "1",
}
FAULT_ENV = {
    **FAST_RECOVERY_ENV,
    "CLAIMCHECK_MAX_TASK_ATTEMPTS": "4",
    "CLAIMCHECK_POLL_TICK_S": "3600",
    "CLAIMCHECK_LOG_FORMAT": "text",
}
FINISHED = {ArticleStatus.done.value, ArticleStatus.failed.value}


@dataclass
class FaultStack:
    """redis-server, the API, and the workers a test started (each with its own environment)."""

    directory: Path
    redis: RedisServer
    api: ServiceProcess
    base_url: str
    env: dict[str, str]
    workers: list[ServiceProcess] = field(default_factory=list)

    @functools.cached_property
    def store(self) -> RedisStore:
        """The test's own view of the store (its client reconnects after a redis-server restart)."""
        return RedisStore(redis.Redis.from_url(self.redis.url, decode_responses=True, socket_timeout=5))

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=10)

    def start_worker(
        self, name: str, beat: bool = False, concurrency: int = 1, fast_recovery: bool = True, **faults: str
    ) -> ServiceProcess:
        """A worker with the suite's settings plus `faults` (CLAIMCHECK_FAULT_* and overrides)."""
        env = {**self.env, **faults}
        if not fast_recovery:
            env = {k: v for k, v in env.items() if k not in FAST_RECOVERY_ENV}
        worker = start_worker(self.redis.url, self.directory, name, concurrency, beat, **env)
        self.workers.append(worker)
        return worker

    def submit(self, client: httpx.Client, text: str, key: str | None = None) -> str:
        headers = {"Idempotency-Key": key} if key else {}
        response = client.post("/v1/articles", json={"text": text}, headers=headers)
        assert response.status_code == 202, response.text
        article_id: str = response.json()["id"]
        return article_id

    def status(self, article_id: str) -> str:
        return self.store.get_state(article_id).status.value

    def wait_finished(self, article_ids: list[str], timeout: float = 60) -> None:
        """Poll the store until every article is done or failed; fail with the logs after `timeout`."""
        store = self.store
        try:
            wait_until(
                lambda: all(store.get_state(a).status.value in FINISHED for a in article_ids),
                timeout,
                f"{len(article_ids)} articles to finish",
                interval=0.1,
            )
        except TimeoutError as exc:
            states = {a: store.get_state(a).status.value for a in article_ids}
            raise AssertionError(f"{exc}: {states}\n{self.logs()}") from exc

    def logs(self) -> str:
        parts = [f"--- api ---\n{self.api.log_tail()}"]
        parts += [f"--- {w.log_path.name} ---\n{w.log_tail()}" for w in self.workers]
        return "\n".join(parts)


def kill_worker(worker: ServiceProcess) -> None:
    """SIGKILL the worker and its pool processes at once, as when its machine dies."""
    worker.stop(signal.SIGKILL)


def terminate_main_process(worker: ServiceProcess, timeout: float = 30) -> int:
    """SIGTERM only the worker's main process (as an orchestrator does) and wait for it to exit."""
    assert worker.process is not None
    os.kill(worker.process.pid, signal.SIGTERM)
    try:
        return worker.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"worker did not shut down within {timeout}s\n{worker.log_tail()}") from exc


def wait_for_attempt(store: RedisStore, kind: str, item_id: str, timeout: float = 30) -> None:
    """Wait until a task for `item_id` has started (the task counts its delivery first thing)."""
    key = store.keys.attempts(kind, item_id)
    wait_until(lambda: store.client.exists(key) == 1, timeout, f"a {kind} task for {item_id} to start")


def finished_runs(store: RedisStore, task: str) -> int:
    """How many runs of `task` ended, whatever their outcome, as the workers counted them."""
    outcomes = records_of(MetricRecords, store).worker_figures().task_outcomes
    return sum(count for (name, _), count in outcomes.items() if name == task)


def attempts(store: RedisStore, kind: str, item_id: str) -> int:
    return int(store.client.get(store.keys.attempts(kind, item_id)) or 0)


def pause(seconds: float) -> None:
    """Let a fault last a while (an outage), not a synchronisation: what follows polls with a deadline."""
    time.sleep(seconds)


def short_article(n: int) -> str:
    """A small article with three checked claims, different for each n."""
    return (
        f"The council of Ashford approved a budget of {40 + n} million pounds for schools on Monday. "
        f"The mayor said the new bridge over the river will open in {2027 + n % 7}. "
        f"Unemployment fell to {3 + n % 5}.{n % 10} percent in March, the statistics office reported."
    )
