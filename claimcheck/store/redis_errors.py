"""Redis failures translated into the domain's StoreUnavailable."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

import redis

from claimcheck.errors import StoreUnavailable

log = logging.getLogger(__name__)
_Method = TypeVar("_Method", bound=Callable[..., Any])


def unavailable_as_domain_error(method: _Method) -> _Method:
    """Redis connection failures surface as StoreUnavailable, which callers know how to answer."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            # The detail (host, port, errno) goes to the log, not to API clients.
            log.warning("redis is not reachable: %s", exc)
            raise StoreUnavailable("redis is not reachable; retry later") from exc

    return cast(_Method, wrapper)
