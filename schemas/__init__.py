"""Pydantic models: the contract between api/, workers/ and clients."""

from schemas.articles import Article, ArticleAccepted, ArticleCreate, ArticlePublic, ArticleState
from schemas.claims import Citation, Claim, ClaimPublic, ClaimsPublic, Entity, Verdict
from schemas.common import ArticleStatus, ClaimType, DecidedBy, VerdictLabel, utcnow
from schemas.evidence import FeedEntry, Passage
from schemas.problem import Problem

__all__ = [
    "Article",
    "ArticleAccepted",
    "ArticleCreate",
    "ArticlePublic",
    "ArticleState",
    "ArticleStatus",
    "Citation",
    "Claim",
    "ClaimPublic",
    "ClaimType",
    "ClaimsPublic",
    "DecidedBy",
    "Entity",
    "FeedEntry",
    "Passage",
    "Problem",
    "Verdict",
    "VerdictLabel",
    "utcnow",
]
