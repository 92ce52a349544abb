"""Evidence on Redis: entries by id, and the append-only log workers index from."""

from __future__ import annotations

from typing import Any, cast

from claimcheck.store.base import EvidenceDelta
from claimcheck.store.keys import TOMBSTONE
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from claimcheck.store.redis_retention import evidence_time
from schemas.evidence import FeedEntry


class EvidenceRecords(RedisRecords):
    """Mixed into RedisStore: reference evidence entries."""

    @unavailable_as_domain_error
    def put_entries(self, entries: list[FeedEntry]) -> int:
        return len(self.put_entries_changed(entries))

    @unavailable_as_domain_error
    def put_entries_changed(self, entries: list[FeedEntry]) -> list[FeedEntry]:
        """Add or update entries; returns those that were new or whose content changed."""
        if not entries:
            return []
        entries_key = self.keys.entries()

        expired_keys = sorted({self.keys.feed_expired(e.feed_id) for e in entries})

        def txn(pipe: Any) -> list[FeedEntry]:
            stored = pipe.hmget(entries_key, [e.id for e in entries])
            expired = self._expired_among(pipe, [e for e in entries if e.review is None])
            changed = [
                entry
                for entry, raw in zip(entries, stored, strict=True)
                if entry.id not in expired
                and (raw is None or FeedEntry.model_validate_json(raw).content_hash != entry.content_hash)
            ]
            pipe.multi()
            if changed:
                pipe.hset(entries_key, mapping={e.id: e.model_dump_json() for e in changed})
                pipe.rpush(self.keys.entry_log(), *[e.id for e in changed])
                for entry in changed:
                    pipe.sadd(self.keys.feed_entries(entry.feed_id), entry.id)
                reviews = [e.id for e in changed if e.review is not None]
                if reviews:
                    pipe.rpush(self.keys.claimreview_log(), *reviews)
                news = {e.id: evidence_time(e) for e in changed if e.review is None}
                if news:
                    pipe.zadd(self.keys.entries_by_time(), news)
            return changed

        changed: list[FeedEntry] = self._transaction(txn, entries_key, *expired_keys)
        return changed

    @unavailable_as_domain_error
    def known_entries(self, entry_ids: list[str]) -> set[str]:
        if not entry_ids:
            return set()
        stored = self.client.hmget(self.keys.entries(), entry_ids)
        return {entry_id for entry_id, raw in zip(entry_ids, stored, strict=True) if raw is not None}

    @unavailable_as_domain_error
    def entries_since(self, position: int) -> EvidenceDelta:
        base_key = self.keys.entry_log_base()

        def read_log(pipe: Any) -> tuple[int, list[str]]:
            # Under WATCH of the base: a compaction between the two reads would shift the items.
            base = int(pipe.get(base_key) or 0)
            items = pipe.lrange(self.keys.entry_log(), position - base, -1) if position >= base else []
            pipe.multi()
            return base, items

        base, items = cast(tuple[int, list[str]], self._transaction(read_log, base_key))
        if position < base:
            return self._all_evidence()
        if not items:
            return EvidenceDelta([], [], position)
        # Replay the log window in order: the last add or removal of an entry decides. An entry updated
        # twice appears twice; the hash holds its latest version.
        present: dict[str, bool] = {}
        for item in items:
            entry_id = item.removeprefix(TOMBSTONE)
            present.pop(entry_id, None)
            present[entry_id] = not item.startswith(TOMBSTONE)
        added = [entry_id for entry_id, is_present in present.items() if is_present]
        removed = [entry_id for entry_id, is_present in present.items() if not is_present]
        raws = cast(list[str | None], self.client.hmget(self.keys.entries(), added)) if added else []
        entries = [FeedEntry.model_validate_json(raw) for raw in raws if raw is not None]
        return EvidenceDelta(entries, sorted(removed), position + len(items))

    def _expired_among(self, pipe: Any, entries: list[FeedEntry]) -> set[str]:
        """The ids of `entries` that retention removed while their feed still lists them."""
        by_feed: dict[str, list[str]] = {}
        for entry in entries:
            by_feed.setdefault(entry.feed_id, []).append(entry.id)
        expired: set[str] = set()
        for feed_id, ids in by_feed.items():
            flags = pipe.smismember(self.keys.feed_expired(feed_id), ids)
            expired.update(entry_id for entry_id, flag in zip(ids, flags, strict=True) if flag)
        return expired

    def _all_evidence(self) -> EvidenceDelta:
        """Every stored entry, and the log's end: for an index whose position compaction cut away."""
        pipe = self.client.pipeline(transaction=True)
        pipe.hgetall(self.keys.entries())
        pipe.get(self.keys.entry_log_base())
        pipe.llen(self.keys.entry_log())
        raws, base, length = pipe.execute()
        entries = [FeedEntry.model_validate_json(raw) for raw in cast(dict[str, str], raws).values()]
        return EvidenceDelta(entries, [], int(base or 0) + int(length), reset=True)

    @unavailable_as_domain_error
    def claimreviews_since(self, position: int) -> tuple[list[FeedEntry], int]:
        """Fact-check entries (with a ClaimReview) logged after `position`, and the new position."""
        ids = cast(list[str], self.client.lrange(self.keys.claimreview_log(), position, -1))
        unique = list(dict.fromkeys(ids))
        raws = cast(list[str | None], self.client.hmget(self.keys.entries(), unique)) if unique else []
        return [FeedEntry.model_validate_json(raw) for raw in raws if raw is not None], position + len(ids)
