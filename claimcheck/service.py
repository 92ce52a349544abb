"""The pipeline's steps over the Store: what API routes and Celery tasks call."""

from __future__ import annotations

import hashlib
import uuid

from claimcheck.extraction import extract_claims
from claimcheck.store import Store
from claimcheck.verification import EvidenceIndex, decide_verdict
from schemas.articles import Article, ArticleCreate, ArticlePublic
from schemas.claims import Claim, ClaimPublic, Verdict
from schemas.common import ArticleStatus, VerdictLabel


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


def extract_article(store: Store, article_id: str) -> list[str]:
    """Extract and store an article's claims once; return the ids of claims still to check."""
    store.advance_status(article_id, ArticleStatus.extracting)
    article = store.get_article(article_id)
    extracted = extract_claims(article.text).claims
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
        )
        for ordinal, c in enumerate(extracted)
    ]
    return store.add_claims(article_id, claims)


def refresh_index(store: Store, index: EvidenceIndex) -> int:
    """Add evidence the store gained since the index last looked; returns how many entries."""
    entries, position = store.entries_since(index.position)
    for entry in entries:
        index.add_entry(entry)
    index.position = position
    return len(entries)


def verify_claim(claim: Claim, index: EvidenceIndex, top_k: int, review_below: float) -> Verdict:
    """Retrieve passages for a claim and decide its verdict."""
    return decide_verdict(claim.text, index.search(claim.text, top_k), review_below)


def check_claim(store: Store, index: EvidenceIndex, claim_id: str, top_k: int, review_below: float) -> bool:
    """Give a claim its verdict (once) and finalize its article when it was the last; True if finalized."""
    claim = store.get_claim(claim_id)
    # A claim that already has a verdict is only passed through fan-in again, which is idempotent.
    verdict = claim.verdict or verify_claim(claim, index, top_k, review_below)
    return store.record_verdict(claim_id, verdict)


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
        claim_count=state.claim_count or 0,
        counts=verdict_counts(claims),
        claims=[ClaimPublic.model_validate(c.model_dump()) for c in claims],
    )
