"""Events about articles and claims, as written to the Redis streams and sent to subscribers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.articles import ArticleSkip
from schemas.common import VerdictLabel, utcnow


class EventType(StrEnum):
    verdict_set = "claim.verdict_set"
    verdict_changed = "claim.verdict_changed"
    article_done = "article.done"
    # Instead of article.done, for an article left unchecked as a whole (it is done, with no claims).
    article_skipped = "article.skipped"
    article_stalled = "article.stalled"


class Event(BaseModel):
    type: EventType
    article_id: str
    claim_id: str | None = None
    label: VerdictLabel | None = None
    from_label: VerdictLabel | None = None
    confidence: float | None = None
    skipped: ArticleSkip | None = None  # article.skipped: why
    stalled_since: datetime | None = None  # article.stalled: the article's last progress
    at: datetime = Field(default_factory=utcnow)


class StoredEvent(BaseModel):
    """An event with its stream id, which clients resume from (SSE Last-Event-ID)."""

    id: str
    event: Event
