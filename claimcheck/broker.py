"""The Celery broker's queue on Redis, as the API's stats and the reconciler see it."""

from __future__ import annotations

from typing import cast

import redis

from claimcheck.store.redis_errors import unavailable_as_domain_error

QUEUE = "claimcheck"
# Kombu's Redis transport keeps messages with a priority in sibling lists named "<queue>\x06\x16<step>".
_PRIORITY_SEP = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)


@unavailable_as_domain_error
def queue_depth(client: redis.Redis, queue: str = QUEUE) -> int:
    """Messages waiting in a Celery queue on a Redis broker (LLEN over its priority lists)."""
    pipe = client.pipeline(transaction=False)
    pipe.llen(queue)
    for step in _PRIORITY_STEPS:
        pipe.llen(f"{queue}{_PRIORITY_SEP}{step}")
    return sum(cast(list[int], pipe.execute()))
