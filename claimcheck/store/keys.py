"""The Redis key layout, in one place (documented in docs/ARCHITECTURE.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# A log item that removes an entry from the evidence (its feed was deleted, it expired), not adds one.
TOMBSTONE = "!"


@dataclass(frozen=True, slots=True)
class Keys:
    prefix: str = "cc"

    def article(self, article_id: str) -> str:
        return f"{self.prefix}:article:{article_id}"

    def article_state(self, article_id: str) -> str:
        return f"{self.prefix}:article:{article_id}:state"

    def article_claims(self, article_id: str) -> str:
        return f"{self.prefix}:article:{article_id}:claims"

    def article_pending(self, article_id: str) -> str:
        return f"{self.prefix}:article:{article_id}:pending"

    def article_events(self, article_id: str) -> str:
        return f"{self.prefix}:article:{article_id}:events"

    def events(self) -> str:
        return f"{self.prefix}:events"

    def active_articles(self) -> str:
        return f"{self.prefix}:articles:active"

    def stalled_articles(self) -> str:
        return f"{self.prefix}:articles:stalled"

    def attempts(self, kind: str, item_id: str) -> str:
        return f"{self.prefix}:attempts:{kind}:{item_id}"

    def articles(self) -> str:
        return f"{self.prefix}:articles"

    def article_status_counts(self) -> str:
        return f"{self.prefix}:stats:article_status"

    def claim(self, claim_id: str) -> str:
        return f"{self.prefix}:claim:{claim_id}"

    def claim_history(self, claim_id: str) -> str:
        return f"{self.prefix}:claim:{claim_id}:history"

    def open_claims(self) -> str:
        return f"{self.prefix}:claims:open"

    def feed(self, feed_id: str) -> str:
        return f"{self.prefix}:feed:{feed_id}"

    def feed_health(self, feed_id: str) -> str:
        return f"{self.prefix}:feed:{feed_id}:health"

    def feed_entries(self, feed_id: str) -> str:
        return f"{self.prefix}:feed:{feed_id}:entries"

    def feed_expired(self, feed_id: str) -> str:
        # Entries retention removed that the feed's document still lists: its next poll must not re-add them.
        return f"{self.prefix}:feed:{feed_id}:expired"

    def feeds(self) -> str:
        return f"{self.prefix}:feeds"

    def feeds_due(self) -> str:
        return f"{self.prefix}:feeds:due"

    def lock(self, name: str) -> str:
        return f"{self.prefix}:lock:{name}"

    def migrated(self, name: str) -> str:
        return f"{self.prefix}:migrated:{name}"

    def review_queue(self) -> str:
        return f"{self.prefix}:review:queue"

    def review_reasons(self) -> str:
        return f"{self.prefix}:review:reasons"

    def review_lease(self, claim_id: str) -> str:
        return f"{self.prefix}:review:lease:{claim_id}"

    def claimreview_log(self) -> str:
        return f"{self.prefix}:claimreviews:log"

    def resolved_log(self) -> str:
        return f"{self.prefix}:resolved:log"

    def api_keys(self) -> str:
        return f"{self.prefix}:apikeys"

    def api_key_hash(self, key_hash: str) -> str:
        return f"{self.prefix}:apikey:{key_hash}"

    def idempotency(self, key: str) -> str:
        # Hashed so that any client-chosen key makes a bounded, safe Redis key.
        return f"{self.prefix}:idem:{hashlib.sha256(key.encode()).hexdigest()}"

    def entries(self) -> str:
        return f"{self.prefix}:evidence:entries"

    def entry_log(self) -> str:
        return f"{self.prefix}:evidence:log"

    def article_page(self, entry_id: str) -> str:
        return f"{self.prefix}:page:{entry_id}"

    def robots(self, origin: str) -> str:
        return f"{self.prefix}:robots:{origin}"

    def host_slots(self, host: str) -> str:
        return f"{self.prefix}:host:{host}:slots"

    def host_pace(self, host: str) -> str:
        return f"{self.prefix}:host:{host}:pace"

    def entry_log_base(self) -> str:
        # How many items compaction has cut from the head of the entry log: positions stay absolute.
        return f"{self.prefix}:evidence:log:base"

    def entries_by_time(self) -> str:
        # News evidence by publication (else fetch) time, for retention; fact-checks are not in it.
        return f"{self.prefix}:evidence:by_time"
