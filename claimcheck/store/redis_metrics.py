"""Counters and histograms that workers write to Redis and the API's /metrics reads back.

Workers run on other hosts than the API and in forked pool processes, so their figures live in Redis
(a few HINCRBYs per task) rather than in a per-process registry; counts never reset with a process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, cast

from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.common import VerdictLabel
from schemas.events import EventType, StoredEvent

# Upper bounds (seconds) of the task duration histogram's buckets; +Inf is implied.
TASK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
_SEP = "|"


def bucket_of(seconds: float) -> str:
    """The label of the smallest bucket holding `seconds`."""
    return next((repr(b) for b in TASK_BUCKETS if seconds <= b), "+Inf")


@dataclass
class TaskDurations:
    """One task's duration histogram: per-bucket (not cumulative) counts, sum and count."""

    buckets: dict[str, int] = field(default_factory=dict)
    total_s: float = 0.0
    count: int = 0

    def cumulative(self) -> list[tuple[str, float]]:
        """(le, cumulative count) pairs in Prometheus order, ending with +Inf."""
        running = 0
        pairs: list[tuple[str, float]] = []
        for bound in [*map(repr, TASK_BUCKETS), "+Inf"]:
            running += self.buckets.get(bound, 0)
            pairs.append((bound, float(running)))
        return pairs


@dataclass
class WorkerFigures:
    """Everything workers counted, as read in one round trip."""

    task_durations: dict[str, TaskDurations]
    task_outcomes: dict[tuple[str, ...], int]
    verdicts: dict[tuple[str, ...], int]
    events: dict[str, int]
    feed_errors: dict[str, int]
    webhook_deliveries: dict[str, int]


class MetricRecords(RedisRecords):
    """Mixed into RedisStore (or bound with records_of): operational counters kept in Redis."""

    def _metric_key(self, name: str) -> str:
        return f"{self.keys.prefix}:metrics:{name}"

    def _labels_key(self) -> str:
        return f"{self.keys.prefix}:stats:labels"

    @unavailable_as_domain_error
    def record_task(self, task: str, seconds: float, state: str) -> None:
        """Count one finished task run: its outcome and its duration."""
        key = self._metric_key("task_durations")
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(key, f"bucket{_SEP}{task}{_SEP}{bucket_of(seconds)}", 1)
        pipe.hincrbyfloat(key, f"sum{_SEP}{task}", seconds)
        pipe.hincrby(key, f"count{_SEP}{task}", 1)
        pipe.hincrby(self._metric_key("task_outcomes"), f"{task}{_SEP}{state}", 1)
        pipe.execute()

    def queue_event_counts(self, events: list[StoredEvent], pipe: Any) -> None:
        """Queue on `pipe` the counters an event batch moves: verdicts by label, claims by current label."""
        for stored in events:
            event = stored.event
            pipe.hincrby(self._metric_key("events"), event.type.value, 1)
            if event.label is None or event.type is EventType.article_done:
                continue
            kind = "set" if event.type is EventType.verdict_set else "changed"
            pipe.hincrby(self._metric_key("verdicts"), f"{event.label.value}{_SEP}{kind}", 1)
            pipe.hincrby(self._labels_key(), event.label.value, 1)
            if event.from_label is not None:
                pipe.hincrby(self._labels_key(), event.from_label.value, -1)

    @unavailable_as_domain_error
    def count_feed_error(self, feed_id: str) -> None:
        self.client.hincrby(self._metric_key("feed_errors"), feed_id, 1)

    @unavailable_as_domain_error
    def count_webhook_delivery(self, outcome: str) -> None:
        self.client.hincrby(self._metric_key("webhook_deliveries"), outcome, 1)

    @unavailable_as_domain_error
    def claims_by_label(self) -> dict[VerdictLabel, int]:
        """Claims by their current verdict label, as the event pump counted them."""
        raw = cast(dict[str, str], self.client.hgetall(self._labels_key()))
        return {VerdictLabel(k): max(0, int(v)) for k, v in raw.items() if k in VerdictLabel.__members__}

    @unavailable_as_domain_error
    def worker_figures(self) -> WorkerFigures:
        """Every counter workers keep, in one round trip."""
        names = ("task_durations", "task_outcomes", "verdicts", "events", "feed_errors", "webhook_deliveries")
        pipe = self.client.pipeline(transaction=False)
        for name in names:
            pipe.hgetall(self._metric_key(name))
        durations, outcomes, verdicts, events, feed_errors, deliveries = cast(
            list[dict[str, str]], pipe.execute()
        )
        return WorkerFigures(
            task_durations=_durations(durations),
            task_outcomes=_pairs(outcomes),
            verdicts=_pairs(verdicts),
            events={k: int(v) for k, v in events.items()},
            feed_errors={k: int(v) for k, v in feed_errors.items()},
            webhook_deliveries={k: int(v) for k, v in deliveries.items()},
        )


def _pairs(raw: dict[str, str]) -> dict[tuple[str, ...], int]:
    pairs: dict[tuple[str, ...], int] = {}
    for key, value in raw.items():
        first, _, second = key.rpartition(_SEP)
        pairs[(first, second)] = int(value)
    return pairs


def _durations(raw: dict[str, str]) -> dict[str, TaskDurations]:
    tasks: dict[str, TaskDurations] = {}
    for key, value in raw.items():
        kind, _, rest = key.partition(_SEP)
        if kind == "bucket":
            task, _, bound = rest.rpartition(_SEP)
            tasks.setdefault(task, TaskDurations()).buckets[bound] = int(value)
        elif kind == "sum":
            total = float(value)
            tasks.setdefault(rest, TaskDurations()).total_s = total if math.isfinite(total) else 0.0
        elif kind == "count":
            tasks.setdefault(rest, TaskDurations()).count = int(value)
    return tasks
