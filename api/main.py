"""create_app: the FastAPI application (OpenAPI at /docs)."""

from __future__ import annotations

from fastapi import FastAPI

import claimcheck
from api.deps import Dispatch
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.routes import articles, claims, health
from claimcheck.settings import Settings, get_settings
from claimcheck.store import RedisStore, Store

# Room for the JSON envelope and metadata around an article at the size limit, escaped.
_ENVELOPE_FACTOR = 2
_ENVELOPE_BYTES = 64_000


def _celery_dispatch(article_id: str) -> None:
    from workers.tasks import extract_claims

    extract_claims.delay(article_id)


def create_app(
    settings: Settings | None = None, store: Store | None = None, dispatch: Dispatch | None = None
) -> FastAPI:
    """Build the API over a store; by default Redis from settings and Celery for dispatch."""
    settings = settings or get_settings()
    app = FastAPI(
        title="claimcheck",
        version=claimcheck.__version__,
        description="Submit articles; read back atomic claims with verdicts and citations.",
    )
    app.state.settings = settings
    app.state.store = store or RedisStore.from_url(settings.redis_url, settings.key_prefix)
    app.state.dispatch = dispatch or _celery_dispatch
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_article_bytes * _ENVELOPE_FACTOR + _ENVELOPE_BYTES
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(articles.router)
    app.include_router(claims.router)
    return app
