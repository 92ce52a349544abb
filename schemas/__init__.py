"""Pydantic models: the contract between api/, workers/ and clients."""

from schemas.articles import (
    Article,
    ArticleAccepted,
    ArticleCreate,
    ArticlePublic,
    ArticleSkip,
    ArticleState,
)
from schemas.claims import (
    AnyCitation,
    Citation,
    Claim,
    ClaimHistory,
    ClaimPublic,
    ClaimsPublic,
    Entity,
    HistoryAction,
    SourceCitation,
    Verdict,
    VerdictChange,
)
from schemas.common import ArticleStatus, ClaimType, DecidedBy, SkipReason, VerdictLabel, utcnow
from schemas.evidence import ClaimReviewInfo, FeedEntry, Passage
from schemas.feeds import (
    Feed,
    FeedCreate,
    FeedHealth,
    FeedKind,
    FeedPublic,
    FeedSource,
    FeedsPublic,
    FetchOutcome,
)
from schemas.problem import Problem

__all__ = [
    "AnyCitation",
    "Article",
    "ArticleAccepted",
    "ArticleCreate",
    "ArticlePublic",
    "ArticleSkip",
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
    "FeedSource",
    "FeedsPublic",
    "FetchOutcome",
    "HistoryAction",
    "Passage",
    "Problem",
    "SkipReason",
    "SourceCitation",
    "Verdict",
    "VerdictChange",
    "VerdictLabel",
    "utcnow",
]
