"""The article list: one line per article, newest first, paged by an opaque cursor."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from schemas.articles import ArticleSkip
from schemas.common import ArticleStatus, VerdictLabel


class ArticleSummary(BaseModel):
    """An article without its claims: what a dashboard row shows."""

    id: str
    title: str | None
    status: ArticleStatus
    created_at: datetime
    updated_at: datetime
    claim_count: int
    counts: dict[VerdictLabel, int] = Field(
        description="Claims by verdict label; unchecked claims are absent."
    )
    skipped: ArticleSkip | None = Field(default=None, description="Why the article was not checked.")
    stalled_since: datetime | None = Field(default=None, description="See ArticlePublic.stalled_since.")


class ArticlesPublic(BaseModel):
    data: list[ArticleSummary]
    count: int = Field(description="Items on this page.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page.")
