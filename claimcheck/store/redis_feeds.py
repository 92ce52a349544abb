"""Feed registry, feed health, poll schedule and named locks on Redis."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from claimcheck.errors import FeedAlreadyRegistered, FeedNotFound
from claimcheck.feeds.canonical import canonical_feed_url
from claimcheck.feeds.local import LOCAL_FEED_PREFIX
from claimcheck.store.keys import TOMBSTONE
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.common import utcnow
from schemas.feeds import Feed, FeedHealth, FeedSource


class FeedRecords(RedisRecords):
    """Mixed into RedisStore: everything about registered feeds."""

    @unavailable_as_domain_error
    def create_feed(self, feed: Feed) -> None:
        url = canonical_feed_url(str(feed.url))

        def txn(pipe: Any) -> None:
            # Feeds are few and registered rarely: comparing with each one needs no URL index to keep in
            # step, and covers feeds registered before duplicates were refused.
            for existing in self._read_feeds(pipe):
                if canonical_feed_url(str(existing.url)) == url:
                    if existing.id == feed.id:
                        return  # this very feed, written again
                    raise FeedAlreadyRegistered(existing.id, str(existing.url))
            pipe.multi()
            pipe.set(self.keys.feed(feed.id), feed.model_dump_json())
            pipe.set(self.keys.feed_health(feed.id), FeedHealth().model_dump_json())
            pipe.zadd(self.keys.feeds(), {feed.id: feed.created_at.timestamp()})
            if feed.source is FeedSource.remote:  # a local file is read by workers, never polled
                pipe.zadd(self.keys.feeds_due(), {feed.id: feed.created_at.timestamp()})

        # Two registrations of one URL at once: the second one's EXEC fails, and its retry sees the first.
        self._transaction(txn, self.keys.feeds())

    def _read_feeds(self, reader: Any) -> list[Feed]:
        """Every registered feed, oldest first, read through the client or a watching pipeline."""
        ids = cast(list[str], reader.zrange(self.keys.feeds(), 0, -1))
        if not ids:
            return []
        raws = cast(list[str | None], reader.mget([self.keys.feed(i) for i in ids]))
        return [Feed.model_validate_json(raw) for raw in raws if raw is not None]

    @unavailable_as_domain_error
    def get_feed(self, feed_id: str) -> Feed:
        raw = self.client.get(self.keys.feed(feed_id))
        if raw is None:
            raise FeedNotFound(f"no feed with id {feed_id!r}")
        return Feed.model_validate_json(cast(str, raw))

    @unavailable_as_domain_error
    def list_feeds(self) -> list[Feed]:
        return self._read_feeds(self.client)

    @unavailable_as_domain_error
    def delete_feed(self, feed_id: str) -> None:
        self.get_feed(feed_id)
        entry_ids = sorted(cast(set[str], self.client.smembers(self.keys.feed_entries(feed_id))))
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(self.keys.feed(feed_id), self.keys.feed_health(feed_id))
        pipe.zrem(self.keys.feeds(), feed_id)
        pipe.zrem(self.keys.feeds_due(), feed_id)
        self._withdraw_entries(pipe, feed_id, entry_ids)
        pipe.execute()

    def _withdraw_entries(self, pipe: Any, feed_id: str, entry_ids: list[str]) -> None:
        """Queue the withdrawal of a feed's entries from the evidence."""
        pipe.delete(self.keys.feed_entries(feed_id), self.keys.feed_expired(feed_id))
        if entry_ids:
            pipe.zrem(self.keys.entries_by_time(), *entry_ids)
            # Workers read the tombstones from the log and drop these entries from their indexes.
            pipe.hdel(self.keys.entries(), *entry_ids)
            pipe.rpush(self.keys.entry_log(), *[TOMBSTONE + i for i in entry_ids])

    @unavailable_as_domain_error
    def withdraw_unlisted_local_entries(self) -> int:
        """Withdraw the entries of local feed files that no registered feed lists; once per store.

        Earlier versions loaded the embedded demo's feed files into every deployment without listing
        them as feeds; a local feed now always has its feed record first.
        """
        marker = self.keys.migrated("unlisted_local_entries")
        if self.client.exists(marker):
            return 0
        withdrawn = 0
        head = self.keys.feed("")
        tail = self.keys.feed_entries("").removeprefix(head)
        pattern = self.keys.feed_entries(f"{LOCAL_FEED_PREFIX}*")
        for key in cast(Iterator[str], self.client.scan_iter(match=pattern, count=1000)):
            feed_id = key.removeprefix(head).removesuffix(tail)

            def txn(pipe: Any, feed_id: str = feed_id) -> int:
                # Under WATCH of the feed record: a worker listing this feed meanwhile keeps its entries.
                if pipe.exists(self.keys.feed(feed_id)):
                    return 0
                entry_ids = sorted(pipe.smembers(self.keys.feed_entries(feed_id)))
                pipe.multi()
                self._withdraw_entries(pipe, feed_id, entry_ids)
                return len(entry_ids)

            withdrawn += int(self._transaction(txn, self.keys.feed(feed_id)))
        self.client.set(marker, utcnow().isoformat())
        return withdrawn

    @unavailable_as_domain_error
    def get_feed_health(self, feed_id: str) -> FeedHealth:
        raw = self.client.get(self.keys.feed_health(feed_id))
        if raw is None:
            raise FeedNotFound(f"no feed with id {feed_id!r}")
        health = FeedHealth.model_validate_json(cast(str, raw))
        count = self.client.scard(self.keys.feed_entries(feed_id))
        return health.model_copy(update={"entry_count": count})

    @unavailable_as_domain_error
    def set_feed_health(self, feed_id: str, health: FeedHealth) -> None:
        if not self.client.exists(self.keys.feed(feed_id)):
            return  # deleted while it was being polled
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self.keys.feed_health(feed_id), health.model_dump_json())
        if health.next_poll_at is not None:
            pipe.zadd(self.keys.feeds_due(), {feed_id: health.next_poll_at.timestamp()})
        pipe.execute()

    @unavailable_as_domain_error
    def due_feeds(self, now: datetime) -> list[str]:
        return cast(list[str], self.client.zrangebyscore(self.keys.feeds_due(), "-inf", now.timestamp()))

    @unavailable_as_domain_error
    def postpone_feed(self, feed_id: str, until: datetime) -> None:
        self.client.zadd(self.keys.feeds_due(), {feed_id: until.timestamp()}, xx=True)

    @unavailable_as_domain_error
    def acquire_lock(self, name: str, ttl_s: float) -> str | None:
        token = secrets.token_hex(16)
        acquired = self.client.set(self.keys.lock(name), token, nx=True, px=max(1, int(ttl_s * 1000)))
        return token if acquired else None

    @unavailable_as_domain_error
    def release_lock(self, name: str, token: str) -> bool:
        key = self.keys.lock(name)

        def txn(pipe: Any) -> bool:
            if pipe.get(key) != token:
                return False  # expired and taken by another poller: not ours to release
            pipe.multi()
            pipe.delete(key)
            return True

        return bool(self._transaction(txn, key))
