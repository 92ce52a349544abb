"""The worker's event pump thread: started when the worker is ready, stopped when it shuts down.

It runs in the worker's main process (not in the pool), one per worker; the consumer group shares the
stream between the workers, so each event is handled by one of them.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import redis
from celery.signals import worker_ready, worker_shutdown

from claimcheck.settings import get_settings
from claimcheck.store import RedisStore
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from claimcheck.store.redis_webhooks import WebhookRecords
from claimcheck.webhooks.fanout import fan_out
from claimcheck.webhooks.pickup import EventPump
from schemas.events import StoredEvent

log = logging.getLogger(__name__)
_stop = threading.Event()
_threads: list[threading.Thread] = []


def build_pump(store: RedisStore, redis_url: str, consumer: str, block_ms: int) -> EventPump:
    """A pump that fans events out to webhook deliveries and counts verdicts, over `store`'s Redis."""
    from workers.tasks.webhooks import deliver_webhook

    webhooks = records_of(WebhookRecords, store)
    metrics = records_of(MetricRecords, store)

    def handle(events: list[StoredEvent], pipe: Any) -> None:
        fan_out(webhooks, events, lambda webhook_id, event_id: deliver_webhook.delay(webhook_id, event_id))
        metrics.queue_event_counts(events, pipe)

    # The pump's blocking reads get a connection of their own, with a timeout longer than the block.
    client = redis.Redis.from_url(
        redis_url,
        decode_responses=True,
        socket_connect_timeout=2,
        socket_timeout=block_ms / 1000 + 10,
    )
    return EventPump(client, store.keys.events(), consumer, handle)


def start_event_pump(sender: Any = None, **_: Any) -> None:
    """Start the pump thread once the worker consumes (not in embedded mode, which has no worker)."""
    settings = get_settings()
    if not settings.event_pump_enabled or _threads:
        return
    consumer = getattr(sender, "hostname", None) or "worker"
    store = RedisStore.from_url(settings.redis_url, settings.key_prefix)
    pump = build_pump(store, settings.redis_url, consumer, settings.event_pump_block_ms)
    thread = threading.Thread(
        target=pump.run, args=(_stop, settings.event_pump_block_ms), name="event-pump", daemon=True
    )
    thread.start()
    _threads.append(thread)
    log.info("event pump started as consumer %s", consumer)


def stop_event_pump(**_: Any) -> None:
    """Let the pump finish its batch; unacknowledged entries are picked up again after a restart."""
    _stop.set()
    for thread in _threads:
        thread.join(timeout=get_settings().event_pump_block_ms / 1000 + 5)


worker_ready.connect(start_event_pump, weak=False)
worker_shutdown.connect(stop_event_pump, weak=False)
