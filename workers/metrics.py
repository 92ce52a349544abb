"""Per-task figures and log ids: every task run is timed and counted in Redis, and its log lines carry the
article, claim, feed or webhook it works on."""

from __future__ import annotations

import contextvars
import logging
import time
from datetime import datetime
from typing import Any

import redis
from celery.signals import task_postrun, task_prerun

from claimcheck.errors import ClaimcheckError
from claimcheck.jsonlog import bind_ids, reset_ids
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from schemas.common import utcnow
from schemas.feeds import FetchOutcome
from workers.runtime import get_runtime

log = logging.getLogger(__name__)

# Which id a task's first argument is, for the log lines of its run.
_FIRST_ARG = {
    "claimcheck.extract_claims": "article_id",
    "claimcheck.check_claim": "claim_id",
    "claimcheck.recheck_claim": "claim_id",
    "claimcheck.poll_feed": "feed_id",
    "claimcheck.deliver_webhook": "webhook_id",
}
_runs: dict[str, tuple[float, datetime, contextvars.Token[tuple[tuple[str, str], ...]]]] = {}


def _task_ids(name: str, task_id: str, args: tuple[Any, ...]) -> dict[str, str | None]:
    ids: dict[str, str | None] = {"task": name, "task_id": task_id}
    if name in _FIRST_ARG and args:
        ids[_FIRST_ARG[name]] = str(args[0])
    if name == "claimcheck.deliver_webhook" and len(args) > 1:
        ids["event_id"] = str(args[1])
    return ids


def start_timing(task_id: str, task: Any, args: tuple[Any, ...] = (), **_: Any) -> None:
    if task.request.is_eager:
        return  # the embedded mode has no Redis of its own to count in
    _runs[task_id] = (
        time.perf_counter(),
        utcnow(),
        bind_ids(**_task_ids(task.name, task_id, tuple(args or ()))),
    )


def record_run(
    task_id: str, task: Any, args: tuple[Any, ...] = (), state: str | None = None, **_: Any
) -> None:
    run = _runs.pop(task_id, None)
    if run is None:
        return
    started, started_at, token = run
    seconds = time.perf_counter() - started
    try:
        store = get_runtime().store
        metrics = records_of(MetricRecords, store)
        metrics.record_task(task.name, seconds, state or "UNKNOWN")
        if task.name == "claimcheck.poll_feed" and args:
            health = store.get_feed_health(str(args[0]))
            polled = health.last_fetch_at is not None and health.last_fetch_at >= started_at
            if polled and health.last_outcome is FetchOutcome.error:
                metrics.count_feed_error(str(args[0]))
    except (ClaimcheckError, redis.RedisError) as exc:
        # Figures are best effort: a task's outcome never depends on them.
        log.warning("could not record figures of %s: %s", task.name, exc)
    finally:
        reset_ids(token)


task_prerun.connect(start_timing, weak=False)
task_postrun.connect(record_run, weak=False)
