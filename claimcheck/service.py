"""The pipeline's steps over the Store: what API routes and Celery tasks call."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from claimcheck.extraction import ExtractedClaim, extract_claims
from claimcheck.feeds.local import read_local_feeds
from claimcheck.reader.model import PairReader
from claimcheck.review.match_index import (
    MatchIndex,
    matched_verdict,
    prior_from_claim,
    prior_from_claimreview,
)
from claimcheck.store import Store
from claimcheck.verification import EvidenceIndex
from claimcheck.verification.llm import LLMVerifier, verify_with_llm
from claimcheck.verification.verdict import verify
from schemas.articles import Article, ArticleCreate, ArticlePublic
from schemas.claims import Claim, ClaimPublic, Verdict
from schemas.common import ArticleStatus, ClaimType, VerdictLabel
from schemas.feeds import FeedHealth, FetchOutcome

# Opinions and predictions are kept and marked, but reference reports cannot confirm them.
CHECKED_TYPES = frozenset({ClaimType.event, ClaimType.quantity, ClaimType.attribution})


def request_hash(payload: ArticleCreate) -> str:
    """Fingerprint of a submission, to tell a retried request from a different one under one key."""
    return hashlib.sha256(payload.model_dump_json().encode()).hexdigest()


def claim_id(article_id: str, start: int, text: str) -> str:
    """Deterministic claim id: re-running extraction yields the same ids, never new claims."""
    return hashlib.sha256(f"{article_id}\x00{start}\x00{text}".encode()).hexdigest()[:24]


def submit_article(store: Store, payload: ArticleCreate, idempotency_key: str | None) -> tuple[Article, bool]:
    """Store a submission (or find the earlier one under the same key); True when newly created."""
    article = Article(id=uuid.uuid4().hex, **payload.model_dump())
    return store.create_article(article, idempotency_key, request_hash(payload))


def sent_to_verification(claim: ExtractedClaim, checked_types: frozenset[ClaimType] = CHECKED_TYPES) -> bool:
    """Whether an extracted claim is checked: of a checked type, and standing alone."""
    return claim.type in checked_types and not claim.needs_context


def extract_article(
    store: Store, article_id: str, checked_types: frozenset[ClaimType] = CHECKED_TYPES
) -> list[str]:
    """Extract and store an article's claims once; return the ids of claims still to check."""
    store.advance_status(article_id, ArticleStatus.extracting)
    article = store.get_article(article_id)
    result = extract_claims(article.text)
    claims = [
        Claim(
            id=claim_id(article_id, c.start, c.text),
            article_id=article_id,
            ordinal=ordinal,
            text=c.text,
            sentence=c.sentence,
            start=c.start,
            end=c.end,
            type=c.type,
            checkworthiness=c.checkworthiness,
            entities=list(c.entities),
            checked=sent_to_verification(c, checked_types),
            needs_context=c.needs_context,
        )
        for ordinal, c in enumerate(result.claims)
    ]
    return store.add_claims(article_id, claims, skipped=result.article_skip)


@dataclass(frozen=True, slots=True)
class Nudges:
    """What the reconciler found stalled: articles to extract again, claims to check again, and the
    articles that were not marked stalled before."""

    extract: list[str]
    check: list[str]
    newly_stalled: list[str] = field(default_factory=list)


def find_stalled_work(store: Store, now: datetime, stalled_after: timedelta) -> Nudges:
    """Unfinished work idle for `stalled_after`; each such article is marked stalled and nudged at `now`."""
    extract, check, newly_stalled = [], [], []
    for article_id in store.stalled_articles(now - stalled_after):
        status = store.get_state(article_id).status
        if status in {ArticleStatus.queued, ArticleStatus.extracting}:
            extract.append(article_id)
        elif status is ArticleStatus.checking:
            check.extend(store.pending_claims(article_id))
        if store.mark_stalled(article_id, now):
            newly_stalled.append(article_id)
    return Nudges(extract, check, newly_stalled)


def load_local_feeds(store: Store, directory: Path, now: datetime) -> int:
    """List each feed file in `directory` as a local feed and store its entries (idempotent); returns
    how many entries were new or changed."""
    added = 0
    for local in read_local_feeds(directory, now):
        store.create_feed(local.feed)  # first: the entries of a listed feed are never withdrawn as unlisted
        added += store.put_entries(local.entries)
        for entry in local.entries:  # the article text of a page saved for the entry's link (idempotent)
            if entry.id in local.pages:
                store.put_article_text(entry.id, entry.content_hash, local.pages[entry.id])
        store.set_feed_health(local.feed.id, FeedHealth(last_fetch_at=now, last_outcome=FetchOutcome.ok))
    return added


def refresh_index(store: Store, index: EvidenceIndex) -> int:
    """Apply what the store's evidence log gained since the index last looked; returns how many entries."""
    delta = store.entries_since(index.position)
    if delta.reset:
        index.clear()
    for entry_id in delta.removed:
        index.remove_entry(entry_id)
    for entry in delta.entries:
        index.add_entry(entry)
    index.position = delta.position
    return len(delta.entries) + len(delta.removed)


def refresh_matches(store: Store, index: MatchIndex) -> None:
    """Add the human resolutions and ClaimReviews the store gained since the index last looked."""
    resolved, index.resolved_position = store.resolved_since(index.resolved_position)
    reviews, index.claimreview_position = store.claimreviews_since(index.claimreview_position)
    # One batch, so what needs embedding is embedded together.
    priors = [prior_from_claim(c) for c in resolved] + [prior_from_claimreview(e) for e in reviews]
    index.add([p for p in priors if p is not None])


@dataclass(frozen=True, slots=True)
class VerifyConfig:
    top_k: int
    review_below: float
    match_threshold: float | None  # None: the scorer's calibrated reuse threshold
    llm: LLMVerifier | None = None  # the optional model-based verifier; None uses the built-in one
    reader: PairReader | None = None  # the claim-evidence reader; None judges stance lexically


def verify_claim(
    claim: Claim, index: EvidenceIndex, matches: MatchIndex | None, config: VerifyConfig
) -> Verdict:
    """Reuse a matching prior decision if there is one; else retrieve passages and decide."""
    if matches is not None:
        reused = matched_verdict(claim, matches, config.match_threshold, set(claim.unlinked_matches))
        if reused is not None:
            return reused
    if config.llm is not None:
        return verify_with_llm(claim.text, index, config.top_k, config.review_below, config.llm)
    return verify(claim.text, index, config.top_k, config.review_below, config.reader)


def check_claim(
    store: Store, index: EvidenceIndex, matches: MatchIndex | None, claim_id: str, config: VerifyConfig
) -> bool:
    """Give a claim its verdict (once) and finalize its article when it was the last; True if finalized."""
    claim = store.get_claim(claim_id)
    # A claim that already has a verdict is only passed through fan-in again, which is idempotent.
    verdict = claim.verdict or verify_claim(claim, index, matches, config)
    return store.record_verdict(claim_id, verdict)


def recheck_claim(
    store: Store,
    index: EvidenceIndex,
    matches: MatchIndex | None,
    claim_id: str,
    config: VerifyConfig,
    trigger: str,
) -> bool:
    """Verify an open claim again with the current evidence; True if its verdict changed."""
    claim = store.get_claim(claim_id)
    if claim.verdict is None:
        return False  # still on its first check, which will see the new evidence anyway
    return store.replace_verdict(claim_id, verify_claim(claim, index, matches, config), trigger)


def verdict_counts(claims: list[Claim]) -> dict[VerdictLabel, int]:
    """Number of claims per verdict label; claims without a verdict are not counted."""
    counts: dict[VerdictLabel, int] = {}
    for claim in claims:
        if claim.verdict is not None:
            counts[claim.verdict.label] = counts.get(claim.verdict.label, 0) + 1
    return counts


def article_public(store: Store, article_id: str) -> ArticlePublic:
    """An article as clients see it: status, counts by verdict and claims."""
    article = store.get_article(article_id)
    state = store.get_state(article_id)
    claims = store.list_claims(article_id)
    return ArticlePublic(
        id=article.id,
        status=state.status,
        title=article.title,
        url=str(article.url) if article.url else None,
        source=article.source,
        published_at=article.published_at,
        language=article.language,
        created_at=article.created_at,
        updated_at=state.updated_at,
        error=state.error,
        skipped=state.skipped,
        stalled_since=state.stalled_since,
        claim_count=state.claim_count or 0,
        counts=verdict_counts(claims),
        claims=[ClaimPublic.model_validate(c.model_dump()) for c in claims],
    )
