"""Claim, verdict and citation schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from schemas.common import ClaimType, DecidedBy, VerdictLabel, utcnow


class Entity(BaseModel):
    text: str
    label: str


class Citation(BaseModel):
    """Where a verdict's evidence comes from: a passage of one feed entry."""

    feed: str = Field(description="Title of the reference feed.")
    url: str | None = Field(description="Link of the feed entry.")
    title: str = Field(description="Title of the feed entry.")
    published: datetime | None
    passage: str
    start: int = Field(ge=0, description="Offset of the passage in the entry text.")
    end: int = Field(ge=0)
    entry_id: str
    stance: str
    score: float


class Verdict(BaseModel):
    label: VerdictLabel
    confidence: float = Field(ge=0.0, le=1.0)
    citations: list[Citation] = Field(default_factory=list)
    best_guess: VerdictLabel | None = Field(
        default=None, description="For needs_review: the label the machine leaned towards."
    )
    rationale: str | None = None
    decided_by: DecidedBy = DecidedBy.machine
    decided_at: datetime = Field(default_factory=utcnow)


class Claim(BaseModel):
    """An atomic claim extracted from an article, with its verdict once checked."""

    id: str
    article_id: str
    ordinal: int = Field(ge=0, description="Position among the article's claims.")
    text: str
    sentence: str
    start: int = Field(ge=0, description="Offset of the source sentence in the article text.")
    end: int = Field(ge=0)
    type: ClaimType = ClaimType.event
    checkworthiness: float = Field(ge=0.0, le=1.0)
    entities: list[Entity] = Field(default_factory=list)
    verdict: Verdict | None = None


class ClaimPublic(Claim):
    """A claim as clients see it."""


class ClaimsPublic(BaseModel):
    data: list[ClaimPublic]
    count: int
    next_cursor: str | None = None
