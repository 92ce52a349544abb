"""Events about articles and claims, as written to the Redis streams and sent to subscribers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.common import VerdictLabel, utcnow


class EventType(StrEnum):
    verdict_set = "claim.verdict_set"
    verdict_changed = "claim.verdict_changed"
    article_done = "article.done"


class Event(BaseModel):
    type: EventType
    article_id: str
    claim_id: str | None = None
    label: VerdictLabel | None = None
    from_label: VerdictLabel | None = None
    confidence: float | None = None
    at: datetime = Field(default_factory=utcnow)


class StoredEvent(BaseModel):
    """An event with its stream id, which clients resume from (SSE Last-Event-ID)."""

    id: str
    event: Event
