"""The Celery broker as seen from the API: how many messages wait in the queue."""

from __future__ import annotations

from typing import Annotated

import redis
from fastapi import Depends, Request
from starlette.datastructures import State

from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_views import ViewRecords


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
