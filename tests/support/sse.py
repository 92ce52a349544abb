"""A small server-sent events client over httpx, for tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx


@dataclass
class SseMessage:
    id: str | None = None
    event: str = "message"
    data: str = ""
    comments: list[str] = field(default_factory=list)


def messages(response: httpx.Response) -> Iterator[SseMessage]:
    """Messages as they arrive; a comment-only block (a keep-alive) comes as a message without data."""
    current = SseMessage()
    for line in response.iter_lines():
        if line == "":
            yield current
            current = SseMessage()
        elif line.startswith(":"):
            current.comments.append(line[1:].strip())
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "id":
                current.id = value
            elif name == "event":
                current.event = value
            elif name == "data":
                current.data = f"{current.data}\n{value}" if current.data else value


@contextlib.contextmanager
def open_stream(base_url: str, path: str, last_event_id: str | None = None) -> Iterator[httpx.Response]:
    """A streaming GET of an SSE endpoint; closing the block disconnects."""
    headers = {"Accept": "text/event-stream"}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    timeout = httpx.Timeout(10.0, read=10.0)
    with (
        httpx.Client(base_url=base_url, timeout=timeout) as client,
        client.stream("GET", path, headers=headers) as response,
    ):
        yield response
