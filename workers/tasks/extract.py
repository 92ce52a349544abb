"""extract_claims(article_id): split an article into claims and fan out one check per claim."""

from __future__ import annotations

import logging
from typing import Any

from claimcheck import faults, service
from claimcheck.errors import ArticleNotFound, StoreUnavailable
from schemas.common import ArticleStatus
from workers.celery_app import celery_app
from workers.runtime import get_runtime

log = logging.getLogger(__name__)


@celery_app.task(
    name="claimcheck.extract_claims",
    bind=True,
    autoretry_for=(StoreUnavailable,),
    retry_backoff=True,
    max_retries=5,
)
def extract_claims(self: Any, article_id: str) -> int:  # noqa: ARG001
    """Store the article's claims (idempotently) and enqueue check_claim for those without a verdict."""
    runtime = get_runtime()
    store = runtime.store
    attempts = store.count_attempt("extract", article_id)
    if attempts > runtime.settings.max_task_attempts:
        # Delivered again and again without finishing: most likely it kills its worker. Park it.
        reason = f"extraction parked after {attempts - 1} attempts that never completed"
        store.advance_status(article_id, ArticleStatus.failed, error=reason)
        log.error("extract_claims: article %s: %s", article_id, reason)
        return 0
    try:
        pending = service.extract_article(store, article_id, frozenset(runtime.settings.checked_claim_types))
    except ArticleNotFound:
        log.warning("extract_claims: article %s does not exist; dropping the task", article_id)
        return 0
    except StoreUnavailable:
        raise
    except Exception as exc:
        store.advance_status(article_id, ArticleStatus.failed, error=f"extraction failed: {exc}")
        raise
    faults.inject(runtime.settings, "extract", lambda: store.get_article(article_id).text)
    from workers.tasks.check import check_claim

    for claim_id in pending:
        check_claim.delay(claim_id)
    log.info("extract_claims: article %s, %d claims to check", article_id, len(pending))
    return len(pending)
