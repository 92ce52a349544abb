"""Pydantic models: the contract between api/, workers/ and clients."""

from schemas.articles import Article, ArticleAccepted, ArticleCreate, ArticlePublic, ArticleState
from schemas.claims import (
    Citation,
    Claim,
    ClaimHistory,
    ClaimPublic,
    ClaimsPublic,
    Entity,
    Verdict,
    VerdictChange,
)
from schemas.common import ArticleStatus, ClaimType, DecidedBy, VerdictLabel, utcnow
from schemas.evidence import ClaimReviewInfo, FeedEntry, Passage
from schemas.feeds import Feed, FeedCreate, FeedHealth, FeedKind, FeedPublic, FeedsPublic, FetchOutcome
from schemas.problem import Problem

__all__ = [
    "Article",
    "ArticleAccepted",
    "ArticleCreate",
    "ArticlePublic",
    "ArticleState",
    "ArticleStatus",
    "Citation",
    "ClaimReviewInfo",
    "Claim",
    "ClaimHistory",
    "ClaimPublic",
    "ClaimType",
    "ClaimsPublic",
    "DecidedBy",
    "Entity",
    "Feed",
    "FeedCreate",
    "FeedEntry",
    "FeedHealth",
    "FeedKind",
    "FeedPublic",
    "FeedsPublic",
    "FetchOutcome",
    "Passage",
    "Problem",
    "Verdict",
    "VerdictChange",
    "VerdictLabel",
    "utcnow",
]
