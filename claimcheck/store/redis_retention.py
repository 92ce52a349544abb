"""Evidence retention on Redis: news entries past an age or beyond a count expire, and the log is compacted.

Expiry removes an entry from the entries hash, its feed's set and the time index (and the record of the page
behind it), and appends a tombstone to the evidence log, so every worker's index drops it at its next refresh.
Verdicts keep what they cited: a citation stores the passage text itself. The feed keeps the expired id while
its document still lists it (pruned at each poll), so the next poll does not add the entry back; that memory
is bounded by the feed's own length. Compaction cuts the log's head and counts what it cut in a base, so
positions stay absolute; an index whose position was cut reloads everything stored (EvidenceDelta.reset).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from claimcheck.store.keys import TOMBSTONE
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.evidence import FeedEntry

# Entries expired per transaction: bounds the time one sweep holds its WATCH.
_EXPIRY_BATCH = 500


def evidence_time(entry: FeedEntry) -> float:
    """When an entry counts as written, for retention: published, but never after it was first fetched."""
    published = entry.published or entry.fetched_at
    return min(published, entry.fetched_at).timestamp()


class RetentionRecords(RedisRecords):
    """Mixed into RedisStore: expiry of news evidence and compaction of the evidence log."""

    @unavailable_as_domain_error
    def expire_entries(self, now: datetime, max_age_s: float | None, max_entries: int | None) -> list[str]:
        def txn(pipe: Any) -> list[str]:
            return self._expire_batch(pipe, now, max_age_s, max_entries)

        expired: list[str] = []
        while True:
            batch = cast(list[str], self._transaction(txn, self.keys.entries_by_time()))
            expired.extend(batch)
            if len(batch) < _EXPIRY_BATCH:
                return expired

    def _expire_batch(
        self, pipe: Any, now: datetime, max_age_s: float | None, max_entries: int | None
    ) -> list[str]:
        by_time = self.keys.entries_by_time()
        doomed: set[str] = set()
        if max_age_s is not None:
            cutoff = now.timestamp() - max_age_s
            doomed.update(pipe.zrangebyscore(by_time, "-inf", f"({cutoff}", start=0, num=_EXPIRY_BATCH))
        if max_entries is not None:
            excess = int(pipe.zcard(by_time)) - max_entries
            if excess > 0:
                doomed.update(pipe.zrange(by_time, 0, min(excess, _EXPIRY_BATCH) - 1))
        ids = sorted(doomed)[:_EXPIRY_BATCH]
        if not ids:
            pipe.multi()
            return []
        raws = pipe.hmget(self.keys.entries(), ids)
        pipe.multi()
        pipe.zrem(by_time, *ids)
        stored = [(entry_id, raw) for entry_id, raw in zip(ids, raws, strict=True) if raw is not None]
        if stored:
            pipe.hdel(self.keys.entries(), *[entry_id for entry_id, _ in stored])
            # The page behind an expired entry need not be asked for conditionally again.
            pipe.delete(*[self.keys.article_page(entry_id) for entry_id, _ in stored])
            pipe.rpush(self.keys.entry_log(), *[TOMBSTONE + entry_id for entry_id, _ in stored])
            for entry_id, raw in stored:
                feed_id = FeedEntry.model_validate_json(raw).feed_id
                pipe.srem(self.keys.feed_entries(feed_id), entry_id)
                pipe.sadd(self.keys.feed_expired(feed_id), entry_id)
        return ids

    @unavailable_as_domain_error
    def forget_expired_unlisted(self, feed_id: str, listed: set[str]) -> None:
        key = self.keys.feed_expired(feed_id)
        gone = [entry_id for entry_id in cast(set[str], self.client.smembers(key)) if entry_id not in listed]
        if gone:
            self.client.srem(key, *gone)

    @unavailable_as_domain_error
    def compact_entry_log(self, keep: int) -> int:
        log, base = self.keys.entry_log(), self.keys.entry_log_base()

        def txn(pipe: Any) -> int:
            cut = int(pipe.llen(log)) - keep
            pipe.multi()
            if cut <= 0:
                return 0
            pipe.ltrim(log, cut, -1)
            pipe.incrby(base, cut)
            return cut

        return int(self._transaction(txn, log))
