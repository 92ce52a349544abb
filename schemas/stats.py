"""Operational figures for dashboards: GET /v1/stats."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from schemas.common import ArticleStatus, VerdictLabel


class FeedHealthSummary(BaseModel):
    """How the registered feeds fared at their last poll."""

    total: int
    ok: int = Field(description="Last poll succeeded (new entries or not modified).")
    failing: int = Field(description="Last poll failed.")
    never_polled: int
    failing_feeds: list[str] = Field(description="Ids of the failing feeds, at most 20.")


class StatsPublic(BaseModel):
    articles_total: int
    articles: dict[ArticleStatus, int] = Field(description="Articles by status.")
    verdicts: dict[VerdictLabel, int] = Field(
        description="Claims by their current verdict label, kept from the event stream by the workers."
    )
    queue_depth: int = Field(
        description="Messages waiting in the queues claimcheck.check, claimcheck and claimcheck.extract."
    )
    review_backlog: int = Field(description="Claims waiting for a reviewer.")
    feeds: FeedHealthSummary
    at: datetime
