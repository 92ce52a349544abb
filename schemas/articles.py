"""Article schemas: what clients submit and what they read back."""

from __future__ import annotations

from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from schemas.claims import ClaimPublic
from schemas.common import ArticleStatus, SkipReason, VerdictLabel, utcnow


class ArticleCreate(BaseModel):
    """Body of POST /v1/articles."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article body as plain text.")
    title: str | None = Field(default=None, max_length=1000)
    url: AnyHttpUrl | None = None
    source: str | None = Field(default=None, max_length=200)
    published_at: datetime | None = None
    language: str | None = Field(default=None, max_length=16, examples=["en"])

    @field_validator("text")
    @classmethod
    def text_has_content(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must contain at least one non-whitespace character")
        return value


class Article(ArticleCreate):
    """A stored article: the submission plus its identity."""

    model_config = ConfigDict(extra="ignore")

    id: str
    created_at: datetime = Field(default_factory=utcnow)


class ArticleSkip(BaseModel):
    """Why an article was left unchecked as a whole (it is `done` with no claims)."""

    reason: SkipReason
    language: str | None = Field(
        default=None,
        description="With not_english: the language detected (ISO 639-1), when it could be told.",
        examples=["fr"],
    )
    detail: str = Field(description="The reason in words.")


class ArticleState(BaseModel):
    """Mutable processing state of an article, kept apart from the immutable submission."""

    status: ArticleStatus = ArticleStatus.queued
    updated_at: datetime = Field(default_factory=utcnow)
    claim_count: int | None = None
    error: str | None = None
    # How many times the article reached `done`; anything but 0 or 1 is a bug.
    finalize_count: int = 0
    skipped: ArticleSkip | None = None
    # Set by the reconciler when the article's work looked lost, cleared by its next progress.
    stalled_since: datetime | None = None


class ArticleAccepted(BaseModel):
    """Answer to a submission: where to poll."""

    id: str
    status: ArticleStatus


class ArticlePublic(BaseModel):
    """An article with its status, verdict counts and claims."""

    id: str
    status: ArticleStatus
    title: str | None
    url: str | None
    source: str | None
    published_at: datetime | None
    language: str | None
    created_at: datetime
    updated_at: datetime
    error: str | None = None
    skipped: ArticleSkip | None = Field(
        default=None, description="Set when the article as a whole was not checked, and why."
    )
    stalled_since: datetime | None = Field(
        default=None,
        description="Last progress of an unfinished article whose work looked lost and was re-enqueued; "
        "null again once it progresses.",
    )
    claim_count: int
    counts: dict[VerdictLabel, int] = Field(
        description="Claims by verdict label; unchecked claims are absent."
    )
    claims: list[ClaimPublic]
