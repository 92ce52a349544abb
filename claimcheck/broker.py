"""The Celery broker's queues on Redis: which task goes where, and how many messages wait in them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import redis

from claimcheck.store.redis_errors import unavailable_as_domain_error

# The default queue keeps the name of the single queue of earlier deployments, so their messages
# still in flight are consumed after an upgrade.
QUEUE = "claimcheck"
CHECK_QUEUE = "claimcheck.check"
EXTRACT_QUEUE = "claimcheck.extract"
# The order in which a worker serves its queues: a check finishes an article already under way and
# produces what dashboards wait for; the default queue's few, small tasks (feed polls, webhook
# deliveries, the reconciler) should not wait behind a backlog; an extraction only makes more work.
QUEUES = (CHECK_QUEUE, QUEUE, EXTRACT_QUEUE)
# Tasks by name (as registered in workers/tasks) and their queue; any other task goes to QUEUE.
TASK_QUEUES = {
    "claimcheck.check_claim": CHECK_QUEUE,
    "claimcheck.recheck_claim": CHECK_QUEUE,
    "claimcheck.extract_claims": EXTRACT_QUEUE,
}
# Kombu's Redis transport keeps messages with a priority in sibling lists named "<queue>\x06\x16<step>".
_PRIORITY_SEP = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)


@unavailable_as_domain_error
def queue_depths(client: redis.Redis, queues: Sequence[str] = QUEUES) -> dict[str, int]:
    """Messages waiting in each Celery queue on a Redis broker (LLEN over its priority lists)."""
    pipe = client.pipeline(transaction=False)
    for queue in queues:
        pipe.llen(queue)
        for step in _PRIORITY_STEPS:
            pipe.llen(f"{queue}{_PRIORITY_SEP}{step}")
    lengths = cast(list[int], pipe.execute())
    per_queue = len(_PRIORITY_STEPS) + 1
    return {queue: sum(lengths[i * per_queue : (i + 1) * per_queue]) for i, queue in enumerate(queues)}


def queue_depth(client: redis.Redis, queues: Sequence[str] = QUEUES) -> int:
    """Messages waiting in the Celery queues on a Redis broker, all of them unless `queues` says which."""
    return sum(queue_depths(client, queues).values())
