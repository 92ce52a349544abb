"""Claim, verdict and citation schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas.common import ClaimType, DecidedBy, VerdictLabel, utcnow


class Entity(BaseModel):
    text: str
    label: str


class Citation(BaseModel):
    """Where a verdict's evidence comes from: a passage of one feed entry."""

    model_config = ConfigDict(extra="forbid")  # reviewers send citations too: unknown fields are errors

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


class MatchLink(BaseModel):
    """Where a matched verdict came from: a human-resolved claim or a fact-checker's ClaimReview."""

    kind: str = Field(description="'claim' or 'claimreview'.")
    id: str = Field(description="The prior claim's id, or the feed entry id of the ClaimReview.")
    text: str = Field(description="The prior claim's text, or the claimReviewed.")
    score: float = Field(ge=0.0, le=1.0)
    url: str | None = None


class Verdict(BaseModel):
    label: VerdictLabel
    confidence: float = Field(ge=0.0, le=1.0)
    citations: list[Citation] = Field(default_factory=list)
    best_guess: VerdictLabel | None = Field(
        default=None, description="For needs_review: the label the machine leaned towards."
    )
    rationale: str | None = None
    decided_by: DecidedBy = DecidedBy.machine
    reviewer: str | None = Field(
        default=None, description="Name of the reviewer's API key, for human verdicts."
    )
    match: MatchLink | None = Field(default=None, description="Set when the verdict was reused from a match.")
    decided_at: datetime = Field(default_factory=utcnow)


class VerdictChange(BaseModel):
    """One entry of a claim's verdict history."""

    at: datetime = Field(default_factory=utcnow)
    from_label: VerdictLabel | None
    verdict: Verdict
    trigger: str = Field(
        description="What caused the change, e.g. 'initial check' or 'new evidence: <feed>'."
    )


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
    checked: bool = Field(
        default=True, description="False for claim types not sent to verification (opinions, predictions)."
    )
    verdict: Verdict | None = None
    version: int = Field(default=0, ge=0, description="Bumped on every verdict change.")
    unlinked_matches: list[str] = Field(
        default_factory=list, description="Prior decisions a reviewer said this claim must not reuse."
    )


class ClaimPublic(Claim):
    """A claim as clients see it."""


class ClaimsPublic(BaseModel):
    data: list[ClaimPublic]
    count: int
    next_cursor: str | None = None


class ClaimHistory(BaseModel):
    data: list[VerdictChange]
    count: int
