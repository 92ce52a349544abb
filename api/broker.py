"""The Celery broker as seen from the API: how many messages wait in the queue."""

from __future__ import annotations

from typing import Annotated, cast

import redis
from fastapi import Depends, Request
from starlette.datastructures import State

from claimcheck.store.redis_errors import unavailable_as_domain_error
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_views import ViewRecords

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


def broker_client(state: State) -> redis.Redis:
    """A client of the Celery broker: the store's own client when the broker is the same Redis."""
    if not hasattr(state, "broker_client"):
        settings = state.settings
        if settings.broker_url in (None, settings.redis_url):
            state.broker_client = records_of(ViewRecords, state.store).client
        else:
            state.broker_client = redis.Redis.from_url(
                settings.celery_broker_url, socket_connect_timeout=2, socket_timeout=5
            )
    client: redis.Redis = state.broker_client
    return client


async def get_broker(request: Request) -> redis.Redis:
    return broker_client(request.app.state)


BrokerDep = Annotated[redis.Redis, Depends(get_broker)]
