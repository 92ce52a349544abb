"""What every Redis record mixin shares: the client, the key layout, transactions."""

from __future__ import annotations

from typing import Any

import redis

from claimcheck.store.keys import Keys


class RedisRecords:
    """Base of the mixins that make up RedisStore."""

    client: redis.Redis
    keys: Keys
    events_maxlen: int
    idempotency_ttl_s: int

    def _transaction(self, func: Any, *watches: str) -> Any:
        """Run `func(pipe)` under WATCH on `watches`, retrying when a watched key changes."""
        return self.client.transaction(func, *watches, value_from_callable=True)
