"""check_claim(claim_id): verify one claim against the evidence index and fan in to its article."""

from __future__ import annotations

import logging
from typing import Any

from claimcheck import faults, service
from claimcheck.errors import ClaimNotFound, StoreUnavailable
from schemas.claims import Verdict
from schemas.common import VerdictLabel
from workers.celery_app import celery_app
from workers.runtime import get_runtime

log = logging.getLogger(__name__)
MAX_CHECK_RETRIES = 3


@celery_app.task(
    name="claimcheck.check_claim",
    bind=True,
    autoretry_for=(StoreUnavailable,),
    retry_backoff=True,
    max_retries=5,
)
def check_claim(self: Any, claim_id: str) -> bool:
    """Decide the claim's verdict; returns True when this call finalized the article."""
    runtime = get_runtime()
    attempts = runtime.store.count_attempt("check", claim_id)
    if attempts > runtime.settings.max_task_attempts:
        # Delivered again and again without finishing: park it with a person, and let the article complete.
        reason = f"automatic check parked after {attempts - 1} attempts that never completed"
        log.error("check_claim: claim %s: %s", claim_id, reason)
        verdict = Verdict(label=VerdictLabel.needs_review, confidence=0.0, rationale=reason)
        return runtime.store.record_verdict(claim_id, verdict, trigger="parked")
    faults.inject(runtime.settings, "check", lambda: runtime.store.get_claim(claim_id).text)
    try:
        return service.check_claim(
            runtime.store, runtime.evidence(), runtime.matches(), claim_id, runtime.verify_config
        )
    except ClaimNotFound:
        log.warning("check_claim: claim %s does not exist; dropping the task", claim_id)
        return False
    except StoreUnavailable:
        raise
    except Exception as exc:
        if self.request.retries < MAX_CHECK_RETRIES:
            raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
        # Out of retries: a person decides, and the article still completes.
        log.exception(
            "check_claim: claim %s failed %d times; sending it to review", claim_id, MAX_CHECK_RETRIES
        )
        verdict = Verdict(
            label=VerdictLabel.needs_review, confidence=0.0, rationale=f"automatic check failed: {exc}"
        )
        return runtime.store.record_verdict(claim_id, verdict)
