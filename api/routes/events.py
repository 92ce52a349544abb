"""Live events over SSE: one article's, or everything; resumable with Last-Event-ID."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import redis
from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from starlette.responses import Response

from api.deps import SettingsDep, StoreDep
from api.errors import problem, problem_responses
from api.event_stream import (
    StreamLimits,
    StreamSlots,
    connect,
    event_stream,
    has_events_after,
    newest_id,
    valid_stream_id,
)
from api.records import ViewsDep
from claimcheck.errors import StoreUnavailable
from claimcheck.settings import Settings
from claimcheck.store.redis_articles import TERMINAL

router = APIRouter(tags=["events"])

LastEventId = Annotated[
    str | None,
    Header(
        alias="Last-Event-ID", max_length=64, description="Resume after this event id (sent by EventSource)."
    ),
]
LastEventIdQuery = Annotated[
    str | None,
    Query(max_length=64, description="Resume after this event id, for clients that cannot set the header."),
]
_SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_EVENTS_DOC = {
    200: {
        "description": "text/event-stream of claim.verdict_set, claim.verdict_changed, article.done, "
        "article.skipped, article.stalled"
    },
    **problem_responses(404, 422, 503),
}


def _slots(request: Request, settings: Settings) -> StreamSlots:
    state = request.app.state
    if not hasattr(state, "stream_slots"):
        state.stream_slots = StreamSlots(settings.sse_max_clients)
    slots: StreamSlots = state.stream_slots
    return slots


def _resume_from(header: str | None, query: str | None) -> str | None:
    last = header or query
    if last is not None and not valid_stream_id(last):
        raise RequestValidationError(
            [{"loc": ("header", "Last-Event-ID"), "msg": "not an event id", "type": "value_error"}]
        )
    return last


async def _stream(
    request: Request,
    settings: Settings,
    stream: str,
    last_id: str | None,
    finished: Callable[[], Awaitable[bool]] | None = None,
) -> Response:
    slots = _slots(request, settings)
    if not slots.acquire():
        return problem(
            503,
            "Service Unavailable",
            "too many open event streams",
            "too_many_streams",
            headers={"Retry-After": "5"},
        )
    client = connect(settings.redis_url, settings.sse_keepalive_s)
    try:
        start = last_id or await newest_id(client, stream)
        # A finished article with nothing left to send: 204, which tells EventSource not to reconnect.
        nothing_left = (
            finished is not None and await finished() and not await has_events_after(client, stream, start)
        )
    except BaseException as exc:
        slots.release()
        await client.aclose()
        if isinstance(exc, redis.ConnectionError | redis.TimeoutError):
            raise StoreUnavailable(f"redis is not reachable: {exc}") from exc
        raise
    if nothing_left:
        slots.release()
        await client.aclose()
        return Response(status_code=204)
    limits = StreamLimits(settings.sse_keepalive_s, settings.sse_max_duration_s)
    body = event_stream(client, stream, start, limits, request.is_disconnected, slots.release, finished)
    return StreamingResponse(body, media_type="text/event-stream", headers=_SSE_HEADERS)


@router.get(
    "/v1/articles/{article_id}/events",
    summary="An article's events, live, until it is done",
    responses={**_EVENTS_DOC, 204: {"description": "The article is finished and every event was sent."}},
)
async def article_events(
    article_id: str,
    request: Request,
    store: StoreDep,
    views: ViewsDep,
    settings: SettingsDep,
    last_event_id: LastEventId = None,
    after: LastEventIdQuery = None,
) -> Response:
    """Every event of the article from its first (or after Last-Event-ID), then new ones as they happen.

    The stream ends after `article.done` or `article.skipped`, or once it has sent everything of a
    failed article; a resume after that is answered 204 No Content, which stops EventSource from
    reconnecting.
    """
    last = _resume_from(last_event_id, after)
    await run_in_threadpool(store.get_state, article_id)  # 404 problem for an unknown article

    async def finished() -> bool:
        state = await run_in_threadpool(store.get_state, article_id)
        return state.status in TERMINAL

    return await _stream(request, settings, views.keys.article_events(article_id), last or "0", finished)


@router.get("/v1/events", summary="Every event, live", responses=_EVENTS_DOC)
async def all_events(
    request: Request,
    views: ViewsDep,
    settings: SettingsDep,
    last_event_id: LastEventId = None,
    after: LastEventIdQuery = None,
) -> Response:
    """Events from now on (or after Last-Event-ID, as far back as the bounded stream keeps them)."""
    last = _resume_from(last_event_id, after)
    return await _stream(request, settings, views.keys.events(), last)
