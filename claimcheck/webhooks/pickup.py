"""The event pump: reads the global event stream in a consumer group and hands each batch on.

An entry is acknowledged only after its handler ran, in the same MULTI as the writes the handler queued,
so a pump that dies mid-batch loses nothing: on restart it first re-reads its own unacknowledged entries,
and entries a dead pump left behind are claimed by a live one after `claim_idle_ms`. Handling is therefore
at-least-once; the handler's side effects must tolerate a repeat (deliveries carry the event id).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, cast

import redis
from pydantic import ValidationError

from schemas.events import Event, StoredEvent

log = logging.getLogger(__name__)

GROUP = "claimcheck-events"
# An entry read by a pump and neither acknowledged nor retried for this long belongs to a dead pump.
CLAIM_IDLE_MS = 60_000
BATCH = 100

# Called with a batch of events and a MULTI pipeline: do the side effects, queue writes on the pipeline.
Handler = Callable[[list[StoredEvent], Any], None]
Entries = list[tuple[str, dict[str, str] | None]]


class EventPump:
    """One consumer of the `GROUP` group on `stream`."""

    def __init__(
        self,
        client: redis.Redis,
        stream: str,
        consumer: str,
        handle: Handler,
        group: str = GROUP,
        claim_idle_ms: int = CLAIM_IDLE_MS,
    ) -> None:
        self.client = client
        self.stream = stream
        self.consumer = consumer
        self.handle = handle
        self.group = group
        self.claim_idle_ms = claim_idle_ms
        self._own_pending = True  # first re-read what this consumer read before a crash
        self._next_claim = 0.0

    def ensure_group(self) -> None:
        """Create the group at the start of the stream, so no event written before the first pump is lost."""
        try:
            self.client.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def run_once(self, block_ms: int) -> int:
        """Handle one batch: own pending entries first, then stale ones of dead pumps, then new ones."""
        if self._own_pending:
            entries = self._read("0", None)
            if not entries:
                self._own_pending = False
                return 0
        elif time.monotonic() >= self._next_claim:
            self._next_claim = time.monotonic() + self.claim_idle_ms / 2000
            entries = self._claim_stale()
            if not entries:
                return 0
        else:
            entries = self._read(">", block_ms)
            if not entries:
                return 0
        try:
            return self._process(entries)
        except Exception:
            self._own_pending = True  # not acknowledged: read again on the next round
            raise

    def run(self, stop: threading.Event, block_ms: int) -> None:
        """Pump until `stop` is set; survives Redis outages and handler failures by retrying."""
        self.ensure_group()
        while not stop.is_set():
            try:
                self.run_once(block_ms)
            except redis.ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    log.exception("event pump: redis refused a command")
                    stop.wait(1.0)
                    continue
                self.ensure_group()  # the stream was deleted: start again from its beginning
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                log.warning("event pump: redis unreachable (%s); retrying", exc)
                stop.wait(1.0)
            except Exception:
                log.exception("event pump: handling a batch failed; it will be read again")
                stop.wait(1.0)

    def _read(self, start: str, block_ms: int | None) -> Entries:
        answer = self.client.xreadgroup(
            self.group, self.consumer, {self.stream: start}, count=BATCH, block=block_ms
        )
        if not answer:
            return []
        (_, entries), *_ = cast(list[tuple[str, Entries]], answer)
        return entries

    def _claim_stale(self) -> Entries:
        answer: list[Any] = self.client.xautoclaim(
            self.stream, self.group, self.consumer, self.claim_idle_ms, start_id="0-0", count=BATCH
        )
        entries = cast(Entries, answer[1])
        if entries:
            log.info("event pump: claimed %d entries left by a stopped pump", len(entries))
        return entries

    def _process(self, entries: Entries) -> int:
        events: list[StoredEvent] = []
        for entry_id, fields in entries:
            if not fields or "event" not in fields:
                continue  # trimmed from the stream before it was handled, or not an event
            try:
                events.append(StoredEvent(id=entry_id, event=Event.model_validate_json(fields["event"])))
            except ValidationError:
                log.error("event pump: skipping malformed event %s", entry_id)
        pipe = self.client.pipeline(transaction=True)
        if events:
            self.handle(events, pipe)
        pipe.xack(self.stream, self.group, *[entry_id for entry_id, _ in entries])
        pipe.execute()
        return len(events)
