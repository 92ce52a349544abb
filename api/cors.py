"""CORS for browser clients such as CMS plugins: off unless origins are allow-listed."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from claimcheck.settings import Settings

# What browser clients send: the key (either way), JSON bodies, idempotent retries, conditional requests,
# an SSE resume point. Keys travel in headers, never cookies, so no credentials mode is needed.
ALLOWED_HEADERS = [
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "Last-Event-ID",
    "X-API-Key",
]
# Response headers a script may read beyond the CORS-safelisted ones.
EXPOSED_HEADERS = ["ETag", "Location", "Retry-After", "WWW-Authenticate"]
PREFLIGHT_MAX_AGE_S = 600


def install_cors(app: FastAPI, settings: Settings) -> None:
    """Answer preflights and add CORS headers for `settings.cors_allow_origins`; nothing when it is empty."""
    if not settings.cors_allow_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_allow_origins,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        max_age=PREFLIGHT_MAX_AGE_S,
    )
