"""Per-client request rate limit: a fixed window counted in Redis; past it, 429 with Retry-After."""

from __future__ import annotations

import hashlib
import logging
import math
import time

import redis
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.content_type import JsonBodiesOnly
from api.errors import problem
from claimcheck.settings import Settings
from claimcheck.store.redis_base import RedisRecords

log = logging.getLogger(__name__)
# Probes and scrapes come from the platform, not from clients; they are never limited.
UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def client_identity(scope: Scope) -> str:
    """Who a request counts against: its API key (hashed; never stored) or else its client address."""
    headers = Headers(scope=scope)
    key = headers.get("x-api-key")
    authorization = headers.get("authorization", "")
    if not key and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    if key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


class RateLimit:
    """At most `limit` requests per client in each window of `window_s` seconds, counted in the store."""

    def __init__(self, app: ASGIApp, records: RedisRecords, limit: int, window_s: int) -> None:
        self.app = app
        self.records = records
        self.limit = limit
        self.window_s = max(1, window_s)

    def _count(self, identity: str, window: int) -> int:
        """This request's number in its client's window (INCR; the key expires with the window)."""
        key = f"{self.records.keys.prefix}:ratelimit:{identity}:{window}"
        pipe = self.records.client.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, self.window_s + 1)
        count, _ = pipe.execute()
        return int(count)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0 or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        now = time.time()
        window = int(now // self.window_s)
        try:
            count = await run_in_threadpool(self._count, client_identity(scope), window)
        except redis.RedisError as exc:
            # Without Redis nothing but the probes can answer anyway; let the route say 503 itself.
            log.warning("rate limit not counted: %s", exc)
            count = 0
        if count > self.limit:
            retry_after = max(1, math.ceil((window + 1) * self.window_s - now))
            detail = f"more than {self.limit} requests in {self.window_s}s; retry in {retry_after}s"
            response = problem(
                429, "Too Many Requests", detail, "rate_limited", headers={"Retry-After": str(retry_after)}
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def install_abuse_limits(app: FastAPI, settings: Settings) -> None:
    """JSON-only bodies (415), then the rate limit (429) outside them, so excess traffic costs least."""
    app.add_middleware(JsonBodiesOnly)
    if isinstance(app.state.store, RedisRecords):
        app.add_middleware(
            RateLimit,
            records=app.state.store,
            limit=settings.rate_limit_requests,
            window_s=settings.rate_limit_window_s,
        )
