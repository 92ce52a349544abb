"""Typed access to the record mixins that the Store protocol does not spell out."""

from __future__ import annotations

from typing import TypeVar

from claimcheck.store.redis_base import RedisRecords

R = TypeVar("R", bound=RedisRecords)


def records_of(kind: type[R], store: object) -> R:
    """`store` seen as one of RedisStore's record mixins (webhooks, views, metrics)."""
    if not isinstance(store, kind):
        raise TypeError(f"{type(store).__name__} does not keep {kind.__name__}")
    return store
