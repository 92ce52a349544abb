"""Webhook subscriptions, the events waiting to be delivered, and each subscription's delivery log."""

from __future__ import annotations

from typing import cast

from claimcheck.errors import WebhookNotFound
from claimcheck.store.redis_base import RedisRecords
from claimcheck.store.redis_errors import unavailable_as_domain_error
from schemas.events import Event, StoredEvent
from schemas.webhooks import Webhook, WebhookDelivery

# Attempts kept per subscription, newest first.
DELIVERY_LOG_LENGTH = 200
# How long an event stays readable by its delivery tasks: longer than every retry put together.
EVENT_PAYLOAD_TTL_S = 3 * 24 * 3600


class WebhookRecords(RedisRecords):
    """Mixed into RedisStore (or bound with records_of): webhook subscriptions and deliveries."""

    def _webhooks_key(self) -> str:
        return f"{self.keys.prefix}:webhooks"

    def _webhook_key(self, webhook_id: str) -> str:
        return f"{self.keys.prefix}:webhook:{webhook_id}"

    def _deliveries_key(self, webhook_id: str) -> str:
        return f"{self.keys.prefix}:webhook:{webhook_id}:deliveries"

    def _payload_key(self, event_id: str) -> str:
        return f"{self.keys.prefix}:webhooks:event:{event_id}"

    @unavailable_as_domain_error
    def create_webhook(self, webhook: Webhook) -> None:
        """Store a subscription; its deliveries start with the next event."""
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self._webhook_key(webhook.id), webhook.model_dump_json())
        pipe.zadd(self._webhooks_key(), {webhook.id: webhook.created_at.timestamp()})
        pipe.execute()

    @unavailable_as_domain_error
    def get_webhook(self, webhook_id: str) -> Webhook:
        """One subscription with its secret; raises WebhookNotFound."""
        raw = self.client.get(self._webhook_key(webhook_id))
        if raw is None:
            raise WebhookNotFound(f"no webhook with id {webhook_id!r}")
        return Webhook.model_validate_json(cast(str, raw))

    @unavailable_as_domain_error
    def list_webhooks(self) -> list[Webhook]:
        """Every subscription, oldest first."""
        ids = cast(list[str], self.client.zrange(self._webhooks_key(), 0, -1))
        if not ids:
            return []
        raws = cast(list[str | None], self.client.mget([self._webhook_key(i) for i in ids]))
        return [Webhook.model_validate_json(raw) for raw in raws if raw is not None]

    @unavailable_as_domain_error
    def delete_webhook(self, webhook_id: str) -> None:
        """Remove a subscription and its log; deliveries still queued for it are dropped."""
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(self._webhook_key(webhook_id), self._deliveries_key(webhook_id))
        pipe.zrem(self._webhooks_key(), webhook_id)
        deleted, _ = pipe.execute()
        if not deleted:
            raise WebhookNotFound(f"no webhook with id {webhook_id!r}")

    @unavailable_as_domain_error
    def keep_event(self, stored: StoredEvent) -> None:
        """Keep an event readable by id for its delivery tasks (the stream itself is trimmed)."""
        self.client.set(self._payload_key(stored.id), stored.event.model_dump_json(), ex=EVENT_PAYLOAD_TTL_S)

    @unavailable_as_domain_error
    def kept_event(self, event_id: str) -> Event | None:
        """An event kept by `keep_event`, or None once it expired."""
        raw = self.client.get(self._payload_key(event_id))
        return None if raw is None else Event.model_validate_json(cast(str, raw))

    @unavailable_as_domain_error
    def log_delivery(self, webhook_id: str, delivery: WebhookDelivery) -> None:
        """Append an attempt to the subscription's log, unless the subscription is gone."""
        if not self.client.exists(self._webhook_key(webhook_id)):
            return
        pipe = self.client.pipeline(transaction=True)
        pipe.lpush(self._deliveries_key(webhook_id), delivery.model_dump_json())
        pipe.ltrim(self._deliveries_key(webhook_id), 0, DELIVERY_LOG_LENGTH - 1)
        pipe.execute()

    @unavailable_as_domain_error
    def list_deliveries(self, webhook_id: str, limit: int) -> list[WebhookDelivery]:
        """The newest `limit` attempts; raises WebhookNotFound."""
        self.get_webhook(webhook_id)
        raws = cast(list[str], self.client.lrange(self._deliveries_key(webhook_id), 0, limit - 1))
        return [WebhookDelivery.model_validate_json(raw) for raw in raws]
