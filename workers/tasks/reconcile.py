"""reconcile(): beat's safety net, re-enqueueing work that stalled (lost messages, dead workers)."""

from __future__ import annotations

import logging
from datetime import timedelta

from claimcheck import service
from claimcheck.broker import queue_depth
from schemas.common import utcnow
from workers.celery_app import celery_app
from workers.runtime import get_runtime

log = logging.getLogger(__name__)


@celery_app.task(name="claimcheck.reconcile", ignore_result=True)
def reconcile() -> int:
    """Mark articles idle past CLAIMCHECK_STALLED_AFTER_S stalled and re-enqueue their extraction or
    checks; idempotent."""
    from workers.tasks.check import check_claim
    from workers.tasks.extract import extract_claims

    runtime = get_runtime()
    waiting = queue_depth(runtime.broker_client())
    if waiting:
        # Work still queued is not lost, only late: nudging it now would run it twice and count
        # attempts against it. Stalled work is picked up once the queue has drained.
        log.info("reconcile: %d messages still queued; nothing to nudge yet", waiting)
        return 0
    nudges = service.find_stalled_work(
        runtime.store, utcnow(), timedelta(seconds=runtime.settings.stalled_after_s)
    )
    for article_id in nudges.newly_stalled:
        log.warning("reconcile: article %s stalled; its work is enqueued again", article_id)
    for article_id in nudges.extract:
        extract_claims.delay(article_id)
    for claim_id in nudges.check:
        check_claim.delay(claim_id)
    if nudges.extract or nudges.check:
        log.warning(
            "reconcile: re-enqueued %d extractions, %d checks", len(nudges.extract), len(nudges.check)
        )
    return len(nudges.extract) + len(nudges.check)
