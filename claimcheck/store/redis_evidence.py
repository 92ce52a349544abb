"""Evidence on Redis: entries by id, and the append-only log workers index from."""

from __future__ import annotations

from typing import Any, cast

from claimcheck.store.base import EvidenceDelta
from claimcheck.store.keys import TOMBSTONE
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
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

        def txn(pipe: Any) -> list[FeedEntry]:
            stored = pipe.hmget(entries_key, [e.id for e in entries])
            changed = [
                entry
                for entry, raw in zip(entries, stored, strict=True)
                if raw is None or FeedEntry.model_validate_json(raw).content_hash != entry.content_hash
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
            return changed

        changed: list[FeedEntry] = self._transaction(txn, entries_key)
        return changed

    @unavailable_as_domain_error
    def known_entries(self, entry_ids: list[str]) -> set[str]:
        if not entry_ids:
            return set()
        stored = self.client.hmget(self.keys.entries(), entry_ids)
        return {entry_id for entry_id, raw in zip(entry_ids, stored, strict=True) if raw is not None}

    @unavailable_as_domain_error
    def entries_since(self, position: int) -> EvidenceDelta:
        items = cast(list[str], self.client.lrange(self.keys.entry_log(), position, -1))
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

    @unavailable_as_domain_error
    def claimreviews_since(self, position: int) -> tuple[list[FeedEntry], int]:
        """Fact-check entries (with a ClaimReview) logged after `position`, and the new position."""
        ids = cast(list[str], self.client.lrange(self.keys.claimreview_log(), position, -1))
        unique = list(dict.fromkeys(ids))
        raws = cast(list[str | None], self.client.hmget(self.keys.entries(), unique)) if unique else []
        return [FeedEntry.model_validate_json(raw) for raw in raws if raw is not None], position + len(ids)
