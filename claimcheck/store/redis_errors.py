"""Redis failures translated into the domain's StoreUnavailable."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import redis

from claimcheck.errors import StoreUnavailable

_Method = TypeVar("_Method", bound=Callable[..., Any])


def unavailable_as_domain_error(method: _Method) -> _Method:
    """Redis connection failures surface as StoreUnavailable, which callers know how to answer."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailable(f"redis is not reachable: {exc}") from exc

    return cast(_Method, wrapper)
