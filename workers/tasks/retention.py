"""expire_evidence(): beat's retention sweep over the reference evidence."""

from __future__ import annotations

import logging

from claimcheck.feeds.retention import apply_retention
from schemas.common import utcnow
from workers.celery_app import celery_app
from workers.runtime import get_runtime

log = logging.getLogger(__name__)


@celery_app.task(name="claimcheck.expire_evidence", ignore_result=True)
def expire_evidence() -> int:
    """Expire news entries past CLAIMCHECK_EVIDENCE_MAX_AGE_DAYS / _MAX_ENTRIES; compact the log."""
    runtime = get_runtime()
    report = apply_retention(runtime.store, utcnow(), runtime.settings)
    if report.expired or report.log_items_cut:
        log.info(
            "expire_evidence: %d entries expired, %d log items compacted",
            len(report.expired),
            report.log_items_cut,
        )
    return len(report.expired)
