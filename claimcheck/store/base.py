"""The Store protocol: everything claimcheck persists goes through it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from schemas.articles import Article, ArticleSkip, ArticleState
from schemas.claims import Claim, Verdict, VerdictChange
from schemas.common import ArticleStatus
from schemas.events import StoredEvent
from schemas.evidence import ArticlePage, FeedEntry
from schemas.feeds import Feed, FeedHealth
from schemas.review import ApiKey, Lease, ReviewerKey, ReviewItem


@dataclass(frozen=True, slots=True)
class EvidenceDelta:
    """Evidence gained since a log position."""

    entries: list[FeedEntry]
    removed: list[str]
    position: int
    # The log was compacted past the position asked for: `entries` is all the evidence, start afresh.
    reset: bool = False


@dataclass(frozen=True, slots=True)
class HostTurn:
    """A turn to send one request to a host (`token`, to give back after), or how long to wait for one."""

    token: str | None
    wait_s: float = 0.0
    turn_at: float | None = None  # the caller's place in the host's line (store clock): ask again with it


class Store(Protocol):
    """Persistence of articles, claims, verdicts and evidence; every write is idempotent."""

    def ping(self) -> bool:
        """True when the backing store answers."""
        ...

    def create_article(
        self, article: Article, idempotency_key: str | None, body_hash: str
    ) -> tuple[Article, bool]:
        """Store a new article, or return the one an earlier request with the same key created.

        The key is remembered for a limited time (a day by default), then taken as new; callers scope
        it to whoever chose it. Returns (article, created). Raises IdempotencyKeyReused when the key
        came with another body.
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

    def stalled_articles(self, idle_since: datetime, limit: int = 500) -> list[str]:
        """Unfinished articles that have made no progress since `idle_since`, oldest first."""
        ...

    def mark_stalled(self, article_id: str, at: datetime) -> bool:
        """Record a reconciler's nudge of an idle article at `at`, and mark it stalled since its last
        progress (until its next). True when newly stalled: an article.stalled event is written then."""
        ...

    def count_attempt(self, kind: str, item_id: str, ttl_s: int = 86_400) -> int:
        """Count one more delivery of a task for `item_id`; returns the count so far."""
        ...

    def pending_claims(self, article_id: str) -> list[str]:
        """Ids of the article's claims still waiting for a verdict."""
        ...

    def add_claims(
        self, article_id: str, claims: list[Claim], skipped: ArticleSkip | None = None
    ) -> list[str]:
        """Store an article's claims once, atomically; return the ids still awaiting a verdict.

        With nothing to check the article is done at once; with no claims and `skipped`, it is done as
        skipped for that reason (article.skipped rather than article.done).
        """
        ...

    def get_claim(self, claim_id: str) -> Claim:
        """One claim with its verdict; raises ClaimNotFound."""
        ...

    def list_claims(self, article_id: str) -> list[Claim]:
        """An article's claims in article order."""
        ...

    def record_verdict(self, claim_id: str, verdict: Verdict, trigger: str = "initial check") -> bool:
        """Set a claim's first machine verdict; True if this call finalized the article to done."""
        ...

    def replace_verdict(self, claim_id: str, verdict: Verdict, trigger: str) -> bool:
        """Replace a machine verdict after a re-check; never a human one. True if it changed."""
        ...

    def claim_history(self, claim_id: str) -> list[VerdictChange]:
        """Every verdict change of a claim and every reviewer action on it, oldest first."""
        ...

    def open_claims(self) -> list[Claim]:
        """Claims whose machine verdict new evidence may still change (not_enough_info, needs_review)."""
        ...

    def events_after(
        self, article_id: str | None, last_id: str, count: int, block_ms: int | None = None
    ) -> list[StoredEvent]:
        """Events after stream id `last_id` ("0" for all, "$" for new only): of one article, or all."""
        ...

    def put_entries(self, entries: list[FeedEntry]) -> int:
        """Add or update evidence entries; returns how many were new or changed."""
        ...

    def put_entries_changed(self, entries: list[FeedEntry]) -> list[FeedEntry]:
        """Add or update evidence entries; returns the entries that were new or changed."""
        ...

    def known_entries(self, entry_ids: list[str]) -> set[str]:
        """Which of `entry_ids` the store already holds."""
        ...

    def entries_since(self, position: int) -> EvidenceDelta:
        """What the evidence log gained after `position`: entries added or changed, entries removed."""
        ...

    def claimreviews_since(self, position: int) -> tuple[list[FeedEntry], int]:
        """Fact-check entries (with a ClaimReview) logged after `position`, and the new position."""
        ...

    def expire_entries(self, now: datetime, max_age_s: float | None, max_entries: int | None) -> list[str]:
        """Remove news entries older than `max_age_s` and beyond the newest `max_entries`; their ids.

        Fact-check entries never expire. Each removal is logged as a tombstone, so every worker's index
        drops the entry at its next refresh; the feed remembers the id while its document still lists
        it, so the next poll does not add it back.
        """
        ...

    def forget_expired_unlisted(self, feed_id: str, listed: set[str]) -> None:
        """Forget the feed's expired entry ids that its current document (`listed`) no longer carries."""
        ...

    def compact_entry_log(self, keep: int) -> int:
        """Cut all but the newest `keep` items from the evidence log; returns how many were cut."""
        ...

    # -- reviews ------------------------------------------------------------------------------------

    def set_human_verdict(self, claim_id: str, verdict: Verdict, expected_version: int) -> Claim:
        """A reviewer's verdict, compare-and-set on the claim version; raises StaleVersion or LeaseHeld."""
        ...

    def flag_claim(self, claim_id: str, reason: str, reviewer: ReviewerKey) -> None:
        """Put any claim in the review queue until a person decides it; re-checks leave it there."""
        ...

    def review_queue(
        self, limit: int, after: tuple[float, str] | None = None, include_leased: bool = False
    ) -> tuple[list[ReviewItem], tuple[float, str] | None]:
        """Queue items by descending priority after the cursor; and the next cursor."""
        ...

    def in_review_queue(self, claim_id: str) -> bool:
        """True while the claim waits for a reviewer."""
        ...

    def lease_claim(self, claim_id: str, reviewer: ReviewerKey, ttl_s: int) -> Lease:
        """Lease a queued claim to one reviewer's key; raises LeaseHeld or NotInReviewQueue."""
        ...

    def release_lease(self, claim_id: str, reviewer: ReviewerKey) -> None:
        """Give a lease back early; raises LeaseNotHeld."""
        ...

    def unlink_match(self, claim_id: str, reviewer: ReviewerKey) -> Claim:
        """Drop a reused verdict and send the claim to review; raises NoMatchToUnlink."""
        ...

    def resolved_since(self, position: int) -> tuple[list[Claim], int]:
        """Claims people resolved after `position` in the resolution log, and the new position."""
        ...

    def create_api_key(self, key: ApiKey) -> None:
        """Store a new API key (its hash); raises ApiKeyNameTaken if any key ever had its name."""
        ...

    def api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with this hash, if it exists and is not revoked."""
        ...

    def list_api_keys(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        ...

    def revoke_api_key(self, key_id: str) -> ApiKey:
        """Revoke a key; raises ApiKeyNotFound."""
        ...

    # -- feeds ------------------------------------------------------------------------------------

    def create_feed(self, feed: Feed) -> None:
        """Register a feed, due for its first poll now (a local feed is never polled).

        Raises FeedAlreadyRegistered when another feed has the same URL once normalised
        (canonical_feed_url).
        """
        ...

    def get_feed(self, feed_id: str) -> Feed:
        """One feed; raises FeedNotFound."""
        ...

    def list_feeds(self) -> list[Feed]:
        """Every registered feed, oldest first."""
        ...

    def delete_feed(self, feed_id: str) -> None:
        """Unregister a feed and withdraw its entries from the evidence; raises FeedNotFound."""
        ...

    def withdraw_unlisted_local_entries(self) -> int:
        """Withdraw the entries of local feed files (ids "file:…") that no registered feed lists, once
        per store; returns how many."""
        ...

    def get_feed_health(self, feed_id: str) -> FeedHealth:
        """What the feed's last polls found, with its entry count."""
        ...

    def set_feed_health(self, feed_id: str, health: FeedHealth) -> None:
        """Record a poll's outcome and schedule the next poll at `health.next_poll_at`."""
        ...

    def due_feeds(self, now: datetime) -> list[str]:
        """Ids of feeds whose next poll is due at `now`."""
        ...

    def postpone_feed(self, feed_id: str, until: datetime) -> None:
        """Move a registered feed's next poll to `until`."""
        ...

    def acquire_lock(self, name: str, ttl_s: float) -> str | None:
        """Take a named lock for at most `ttl_s`; returns its token, or None if someone holds it."""
        ...

    def release_lock(self, name: str, token: str) -> bool:
        """Release a lock if `token` still holds it."""
        ...

    # -- full text behind feed entries ------------------------------------------------------------

    def find_entry(self, entry_id: str) -> FeedEntry | None:
        """The stored evidence entry with this id, if there is one."""
        ...

    def get_article_page(self, entry_id: str) -> ArticlePage | None:
        """What was last read from the page behind the entry's link (validators, text or error)."""
        ...

    def put_article_text(self, entry_id: str, content_hash: str, page: ArticlePage) -> FeedEntry | None:
        """Make the page's article text (or, failing that, its error beside the summary) the entry's text,
        only while the entry's content hash is still `content_hash`; the change is appended to the evidence
        log. Returns the updated entry, or None when nothing changed or the entry changed or went."""
        ...

    def cached_robots(self, origin: str) -> str | None:
        """The robots.txt of an origin (scheme://host[:port]) kept by cache_robots, unless it expired."""
        ...

    def cache_robots(self, origin: str, robots_txt: str, ttl_s: int) -> None:
        """Keep an origin's robots.txt ("" allows everything) for `ttl_s`."""
        ...

    def take_host_turn(
        self,
        host: str,
        max_concurrent: int,
        politeness_s: float,
        lease_s: float,
        turn_at: float | None = None,
    ) -> HostTurn:
        """A turn to fetch from `host` when fewer than `max_concurrent` turns are held (each for at most
        `lease_s`) and the last began `politeness_s` ago; else a place in the host's line and the wait."""
        ...

    def release_host_turn(self, host: str, token: str) -> None:
        """Give a turn back once its request is over."""
        ...
