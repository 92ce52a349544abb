"""Server-sent events from a Redis stream: non-blocking reads, keep-alives, resumable by stream id."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import redis.asyncio as aioredis

from schemas.events import EventType

# Events per XREAD; a client that falls behind catches up in batches of this size.
BATCH = 100
# Sent first: how long a disconnected EventSource waits before reconnecting (ms).
RETRY_MS = 2_000
KEEPALIVE = b": keep-alive\n\n"
# The last event of an article's stream (done, or skipped as a whole): after it, the stream ends.
TERMINAL_EVENTS = frozenset({EventType.article_done.value, EventType.article_skipped.value})
_STREAM_ID = re.compile(r"\d{1,20}(-\d{1,20})?")


def valid_stream_id(value: str) -> bool:
    """True for a Redis stream id such as "1700000000000-0" (or its ms part alone)."""
    return _STREAM_ID.fullmatch(value) is not None


def sse_message(event_id: str, event_type: str, data: str) -> bytes:
    """One SSE message; `data` is a single line of JSON."""
    return f"id: {event_id}\nevent: {event_type}\ndata: {data}\n\n".encode()


class StreamSlots:
    """A bound on the streams one API process keeps open."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        with self._lock:
            if self.open >= self.limit:
                return False
            self.open += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.open -= 1


@dataclass(frozen=True, slots=True)
class StreamLimits:
    keepalive_s: float
    max_duration_s: float


def connect(redis_url: str, keepalive_s: float) -> aioredis.Redis:
    """A connection of the stream's own: a blocked XREAD holds it, and no other request waits for it."""
    return aioredis.Redis.from_url(
        redis_url,
        decode_responses=True,
        socket_connect_timeout=2,
        socket_timeout=keepalive_s + 10,
        single_connection_client=True,
    )


async def newest_id(client: aioredis.Redis, stream: str) -> str:
    """The id of the stream's newest entry, "0-0" when it is empty: where a stream of new events starts."""
    newest = cast(list[tuple[str, dict[str, str]]], await client.xrevrange(stream, count=1))
    return newest[0][0] if newest else "0-0"


async def has_events_after(client: aioredis.Redis, stream: str, last_id: str) -> bool:
    """True when the stream holds an entry after `last_id` (a read that does not block)."""
    return bool(await client.xread({stream: last_id}, count=1))


async def event_stream(
    client: aioredis.Redis,
    stream: str,
    last_id: str,
    limits: StreamLimits,
    disconnected: Callable[[], Awaitable[bool]],
    on_close: Callable[[], None],
    finished: Callable[[], Awaitable[bool]] | None = None,
) -> AsyncIterator[bytes]:
    """SSE bytes for every entry after `last_id`, a keep-alive comment after each quiet spell, until the
    client goes, or `max_duration_s` passes (the client then reconnects with Last-Event-ID).

    With `finished` (an article's stream: True once the article is done or failed) the stream also ends
    after a terminal event (article.done, article.skipped), or once it has caught up with a finished
    article: a failed one writes no terminal event.
    """
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        deadline = time.monotonic() + limits.max_duration_s
        while (remaining := deadline - time.monotonic()) > 0:
            if await disconnected():
                return
            # Looked at before reading: an article's last status and its terminal event are written in
            # one transaction, so once it is finished every event it will have is in the stream.
            caught_up_ends = finished is not None and await finished()
            block_ms = None if caught_up_ends else max(1, int(min(limits.keepalive_s, remaining) * 1000))
            answer = await client.xread({stream: last_id}, count=BATCH, block=block_ms)
            if not answer:
                if caught_up_ends:
                    return
                yield KEEPALIVE
                continue
            (_, entries), *_ = cast(list[tuple[str, list[tuple[str, dict[str, str]]]]], answer)
            for entry_id, fields in entries:
                last_id = entry_id
                raw = fields.get("event", "{}")
                event_type = _event_type(raw)
                yield sse_message(entry_id, event_type, raw)
                if finished is not None and event_type in TERMINAL_EVENTS:
                    return
    finally:
        on_close()
        await client.aclose()


def _event_type(raw: str) -> str:
    # The type sits in the JSON; a cheap scan avoids parsing every event just to name it.
    match = re.search(r'"type"\s*:\s*"([^"]+)"', raw)
    return match.group(1) if match else "message"
