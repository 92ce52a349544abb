"""deliver_webhook(webhook_id, event_id): one signed POST, retried with backoff, every attempt logged."""

from __future__ import annotations

import functools
import logging
from typing import Any

import httpx

from claimcheck.errors import StoreUnavailable, WebhookNotFound
from claimcheck.feeds.ssrf import parse_networks
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from claimcheck.store.redis_webhooks import WebhookRecords
from claimcheck.webhooks.delivery import deliver, new_client
from workers import event_pump, logs, metrics  # noqa: F401  (imported for their Celery signal handlers)
from workers.celery_app import celery_app
from workers.runtime import get_runtime

log = logging.getLogger(__name__)


@functools.cache
def _client() -> httpx.Client:
    """This worker process's one client for deliveries."""
    return new_client()


@celery_app.task(
    name="claimcheck.deliver_webhook",
    bind=True,
    autoretry_for=(StoreUnavailable,),
    retry_backoff=True,
    max_retries=10,
)
def deliver_webhook(self: Any, webhook_id: str, event_id: str) -> bool:
    """POST one event to one subscriber; True once it answered 2xx."""
    runtime = get_runtime()
    settings = runtime.settings
    records = records_of(WebhookRecords, runtime.store)
    try:
        webhook = records.get_webhook(webhook_id)
    except WebhookNotFound:
        return False  # unsubscribed since the event was picked up
    event = records.kept_event(event_id)
    if event is None:
        log.warning("deliver_webhook: event %s expired before it could be delivered", event_id)
        return False
    attempt = self.request.retries + 1
    allow = parse_networks(settings.feed_allow_networks)
    outcome = deliver(_client(), webhook, event_id, event, attempt, allow, settings.webhook_timeout_s)
    records.log_delivery(webhook_id, outcome.record)
    retry = outcome.retryable and attempt < settings.webhook_max_attempts
    result = "delivered" if outcome.record.delivered else "retrying" if retry else "failed"
    records_of(MetricRecords, runtime.store).count_webhook_delivery(result)
    log.info("deliver_webhook: %s attempt %d: %s", event_id, attempt, outcome.record.error or "delivered")
    if retry:
        # The attempt count, not Celery's max_retries, bounds delivery retries.
        raise self.retry(countdown=settings.webhook_retry_base_s * 2 ** (attempt - 1), max_retries=None)
    return outcome.record.delivered
