"""The Redis key layout, in one place (documented in docs/ARCHITECTURE.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


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

    def articles(self) -> str:
        return f"{self.prefix}:articles"

    def claim(self, claim_id: str) -> str:
        return f"{self.prefix}:claim:{claim_id}"

    def idempotency(self, key: str) -> str:
        # Hashed so that any client-chosen key makes a bounded, safe Redis key.
        return f"{self.prefix}:idem:{hashlib.sha256(key.encode()).hexdigest()}"

    def entries(self) -> str:
        return f"{self.prefix}:evidence:entries"

    def entry_log(self) -> str:
        return f"{self.prefix}:evidence:log"
