"""Stored test data built through the Store, as the pipeline would leave it."""

from __future__ import annotations

import uuid

from claimcheck.store import RedisStore
from schemas import Article, ArticleStatus, Claim, Verdict, VerdictLabel


def article_with_verdicts(
    store: RedisStore, labels: list[VerdictLabel], title: str = "T", confidence: float = 0.9
) -> str:
    """An article whose claims got `labels`: one verdict event per claim, then article.done."""
    article = Article(id=uuid.uuid4().hex, text="Text.", title=title)
    store.create_article(article, None, uuid.uuid4().hex)
    store.advance_status(article.id, ArticleStatus.extracting)
    claims = [
        Claim(
            id=f"{article.id}-{i}",
            article_id=article.id,
            ordinal=i,
            text="C.",
            sentence="C.",
            start=0,
            end=2,
            checkworthiness=0.5,
        )
        for i in range(len(labels))
    ]
    store.add_claims(article.id, claims)
    for claim, label in zip(claims, labels, strict=True):
        store.record_verdict(claim.id, Verdict(label=label, confidence=confidence))
    return article.id


def numbered_claims(article_id: str, count: int) -> list[Claim]:
    """`count` claims of an article, "Claim number {n}." each, with deterministic ids and offsets."""
    return [
        Claim(
            id=f"{article_id}-{n}",
            article_id=article_id,
            ordinal=n,
            text=f"Claim number {n}.",
            sentence=f"Claim number {n}.",
            start=n * 20,
            end=n * 20 + 17,
            checkworthiness=0.5,
        )
        for n in range(count)
    ]
