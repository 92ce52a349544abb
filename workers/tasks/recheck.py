"""recheck_claim(claim_id, trigger): verify an open claim again when new evidence may decide it."""

from __future__ import annotations

from typing import Any

from claimcheck import service
from claimcheck.errors import StoreUnavailable
from workers.celery_app import celery_app
from workers.runtime import get_runtime


@celery_app.task(
    name="claimcheck.recheck_claim",
    bind=True,
    autoretry_for=(StoreUnavailable,),
    retry_backoff=True,
    max_retries=5,
)
def recheck_claim(self: Any, claim_id: str, trigger: str) -> bool:  # noqa: ARG001
    """Verify an open claim again against the current evidence."""
    runtime = get_runtime()
    return service.recheck_claim(
        runtime.store, runtime.evidence(), runtime.matches(), claim_id, runtime.verify_config, trigger
    )
