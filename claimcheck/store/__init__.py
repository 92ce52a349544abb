"""Persistence behind one protocol, with a Redis implementation (real or fakeredis)."""

from claimcheck.store.base import Store
from claimcheck.store.keys import Keys
from claimcheck.store.redis_store import RedisStore

__all__ = ["Keys", "RedisStore", "Store"]
