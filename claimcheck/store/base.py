"""The Store protocol: everything claimcheck persists goes through it."""

from __future__ import annotations

from typing import Protocol

from schemas.articles import Article, ArticleState
from schemas.claims import Claim, Verdict
from schemas.common import ArticleStatus
from schemas.evidence import FeedEntry


class Store(Protocol):
    """Persistence of articles, claims, verdicts and evidence; every write is idempotent."""

    def ping(self) -> bool:
        """True when the backing store answers."""
        ...

    def create_article(
        self, article: Article, idempotency_key: str | None, body_hash: str
    ) -> tuple[Article, bool]:
        """Store a new article, or return the one an earlier request with the same key created.

        Returns (article, created). Raises IdempotencyKeyReused when the key came with another body.
        """
        ...

    def get_article(self, article_id: str) -> Article:
        """The stored submission; raises ArticleNotFound."""
        ...

    def get_state(self, article_id: str) -> ArticleState:
        """The article's processing state; raises ArticleNotFound."""
        ...

    def advance_status(self, article_id: str, status: ArticleStatus, error: str | None = None) -> bool:
        """Move the article forward to `status`; never moves it back. True if it changed."""
        ...

    def add_claims(self, article_id: str, claims: list[Claim]) -> list[str]:
        """Store an article's claims once, atomically; return the ids still awaiting a verdict."""
        ...

    def get_claim(self, claim_id: str) -> Claim:
        """One claim with its verdict; raises ClaimNotFound."""
        ...

    def list_claims(self, article_id: str) -> list[Claim]:
        """An article's claims in article order."""
        ...

    def record_verdict(self, claim_id: str, verdict: Verdict) -> bool:
        """Set a claim's first machine verdict; True if this call finalized the article to done."""
        ...

    def put_entries(self, entries: list[FeedEntry]) -> int:
        """Add or update evidence entries; returns how many were new or changed."""
        ...

    def entries_since(self, position: int) -> tuple[list[FeedEntry], int]:
        """Entries appended to the evidence log after `position`, and the new position."""
        ...
