"""Webhook subscriptions, what is POSTed to them, and the log of delivery attempts."""

from __future__ import annotations

from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from schemas.common import utcnow
from schemas.events import Event, EventType


class WebhookCreate(BaseModel):
    """Body of POST /v1/webhooks."""

    model_config = ConfigDict(extra="forbid")

    url: AnyHttpUrl = Field(description="http or https URL that receives the signed POSTs.")
    events: list[EventType] | None = Field(
        default=None, description="Event types to receive; every type when absent.", min_length=1
    )

    @field_validator("url")
    @classmethod
    def http_or_https_only(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        if value.scheme not in {"http", "https"}:
            raise ValueError("only http and https URLs can receive webhooks")
        return value


class WebhookPublic(BaseModel):
    """A subscription as clients see it: never its secret."""

    id: str
    url: str
    events: list[EventType] | None
    created_at: datetime


class Webhook(WebhookPublic):
    """A stored subscription, with the secret its deliveries are signed with."""

    secret: str

    def wants(self, event: Event, event_id: str) -> bool:
        """True if this subscription receives `event`, which was written after it was created."""
        if self.events is not None and event.type not in self.events:
            return False
        # Stream ids start with the write time in ms: events from before the subscription are not sent.
        written_ms = int(event_id.split("-", 1)[0])
        return written_ms >= int(self.created_at.timestamp() * 1000)


class WebhookCreated(WebhookPublic):
    """Answer to POST /v1/webhooks: the only time the signing secret is shown."""

    secret: str = Field(description="Signing secret (HMAC-SHA256); store it now, it is not shown again.")


class WebhooksPublic(BaseModel):
    data: list[WebhookPublic]
    count: int


class WebhookBody(BaseModel):
    """The JSON body POSTed to a subscriber."""

    id: str = Field(description="The event's stream id; the same event may arrive more than once.")
    type: str
    created_at: datetime
    data: Event


class WebhookDelivery(BaseModel):
    """One delivery attempt of one event to one subscription."""

    event_id: str
    event_type: str
    attempt: int = Field(ge=1)
    status_code: int | None = Field(default=None, description="The receiver's HTTP status, if it answered.")
    error: str | None = None
    delivered: bool
    duration_ms: float
    at: datetime = Field(default_factory=utcnow)


class WebhookDeliveries(BaseModel):
    data: list[WebhookDelivery] = Field(description="Newest first.")
    count: int
