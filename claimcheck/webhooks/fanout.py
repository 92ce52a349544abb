"""From events to deliveries: one per (subscription, event) the subscription asked for."""

from __future__ import annotations

from collections.abc import Callable

from claimcheck.store.redis_webhooks import WebhookRecords
from schemas.events import StoredEvent

Enqueue = Callable[[str, str], None]  # (webhook id, event id)


def fan_out(records: WebhookRecords, events: list[StoredEvent], enqueue: Enqueue) -> int:
    """Keep each wanted event for its deliveries and enqueue them; returns how many were enqueued."""
    webhooks = records.list_webhooks()
    enqueued = 0
    for stored in events:
        wanted = [w for w in webhooks if w.wants(stored.event, stored.id)]
        if not wanted:
            continue
        records.keep_event(stored)
        for webhook in wanted:
            enqueue(webhook.id, stored.id)
            enqueued += 1
    return enqueued
