"""create_app: the FastAPI application (OpenAPI at /docs)."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline

import claimcheck
from api.auth import require
from api.cors import install_cors
from api.deps import Dispatch, Recheck
from api.errors import install_error_handlers, problem_responses
from api.limits import BodySizeLimit
from api.metrics import install_metrics
from api.openapi import problem_openapi
from api.ratelimit import install_abuse_limits
from api.routes import (
    articles,
    claims,
    events,
    feeds,
    health,
    keys,
    review,
    stats,
    status_page,
    verdicts,
    webhooks,
)
from api.surrogates import reject_lone_surrogates
from claimcheck.review.match_index import match_index_for
from claimcheck.settings import Settings, get_settings
from claimcheck.store import RedisStore, Store
from schemas.review import Role

DOCS_ASSETS = "/docs-assets"
# Room for the JSON envelope and metadata around an article at the size limit, escaped.
_ENVELOPE_FACTOR = 2
_ENVELOPE_BYTES = 64_000


def _celery_dispatch(article_id: str) -> None:
    from workers.tasks import extract_claims

    extract_claims.delay(article_id)


def _celery_recheck(claim_id: str, trigger: str) -> None:
    from workers.tasks import recheck_claim

    recheck_claim.delay(claim_id, trigger)


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    dispatch: Dispatch | None = None,
    recheck: Recheck | None = None,
) -> FastAPI:
    """Build the API over a store; by default Redis from settings and Celery for dispatch."""
    settings = settings or get_settings()
    # /docs (Swagger UI) and /redoc load their scripts and styles from the package, not a CDN: the docs
    # work offline and behind a strict proxy.
    app = FastAPIOffline(
        title="claimcheck",
        version=claimcheck.__version__,
        description="Submit articles; read back atomic claims with verdicts and citations.",
        # A lone surrogate anywhere in a body is a 422 before any route sees it (it cannot be stored).
        dependencies=[Depends(reject_lone_surrogates)],
        static_url=DOCS_ASSETS,
    )
    app.state.settings = settings
    app.state.store = store or RedisStore.from_url(
        settings.redis_url, settings.key_prefix, idempotency_ttl_s=settings.idempotency_ttl_s
    )
    app.state.dispatch = dispatch or _celery_dispatch
    app.state.recheck = recheck or _celery_recheck
    app.state.match_index = match_index_for(app.state.store, settings)
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_article_bytes * _ENVELOPE_FACTOR + _ENVELOPE_BYTES
    )
    # Issue 8: 415 for bodies that are not JSON, 429 past the per-client rate limit.
    install_abuse_limits(app, settings)
    install_error_handlers(app)
    app.include_router(health.router)
    # Reads and submissions need any valid key; routes that need more say so themselves.
    as_submitter = [Depends(require(Role.submitter))]
    auth_errors = problem_responses(401, 403)
    app.include_router(articles.router, dependencies=as_submitter, responses=auth_errors)
    app.include_router(claims.router, dependencies=as_submitter, responses=auth_errors)
    app.include_router(feeds.router)
    app.include_router(review.router)
    app.include_router(verdicts.router)
    app.include_router(keys.router)
    # Dashboards and operations: live events, figures, webhooks (admin), the status page, /metrics.
    app.include_router(events.router, dependencies=as_submitter, responses=auth_errors)
    app.include_router(stats.router, dependencies=as_submitter, responses=auth_errors)
    app.include_router(webhooks.router, dependencies=[Depends(require(Role.admin))], responses=auth_errors)
    app.include_router(status_page.router)
    install_metrics(app)
    # Outermost, so that a preflight is answered before limits count it and errors carry CORS headers.
    install_cors(app, settings)
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]
    return app
