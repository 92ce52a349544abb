"""fetch_article_page(entry_id, content_hash): the article behind one feed entry's link as its text.

A poll publishes one `queue_article_pages` message for all its new entries, which fans out to one
`fetch_article_page` per entry: publishing costs the poll the same however many entries changed.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import worker_process_init

from claimcheck.errors import StoreUnavailable
from claimcheck.feeds.fetch import warm_up
from claimcheck.feeds.full_text import fetch_full_text_once
from claimcheck.verification.recheck import claims_touched_by
from workers.celery_app import celery_app
from workers.runtime import get_runtime
from workers.tasks.recheck import recheck_claim

log = logging.getLogger(__name__)


@worker_process_init.connect
def _warm_up_fetching(**_: Any) -> None:
    # A host's turn is taken just before its request: building the HTTP client (tens of milliseconds) must
    # not fall between the two, or a process's first request would start that much closer to the next.
    warm_up()


# No Celery retry limit: waiting for a host's turn may take many retries, and fetch failures are bounded by
# the store's count instead. A Redis outage is waited out with backoff (each try is idempotent), at most
# 300 s apart, under the broker's visibility timeout.
@celery_app.task(
    name="claimcheck.fetch_article_page",
    bind=True,
    autoretry_for=(StoreUnavailable,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=None,
)
def fetch_article_page(self: Any, entry_id: str, content_hash: str, turn_at: float | None = None) -> bool:
    """Fetch the page behind an entry's link (the version `content_hash`), store its article text, and
    queue re-checks of the open claims the new text touches; True when the entry's text changed."""
    runtime = get_runtime()
    store, settings = runtime.store, runtime.settings
    outcome = fetch_full_text_once(
        store,
        entry_id,
        content_hash,
        runtime.fetch_page,
        runtime.fetch_robots,
        runtime.full_text_policy,
        turn_at,
    )
    log.info("fetch_article_page: entry %s: %s", entry_id, outcome.detail)
    if outcome.retry_in_s is not None:
        raise self.retry(countdown=outcome.retry_in_s, kwargs={"turn_at": outcome.turn_at})
    if outcome.entry is None:
        return False
    for claim in claims_touched_by(store.open_claims(), [outcome.entry], settings.recheck_min_coverage):
        recheck_claim.delay(claim.id, f"article text of entry {entry_id} of feed {outcome.entry.feed_id}")
    return True


@celery_app.task(name="claimcheck.queue_article_pages", ignore_result=True)
def queue_article_pages(versions: list[list[str]]) -> int:
    """Enqueue one page fetch per [entry id, content hash] a poll found new or changed."""
    for entry_id, content_hash in versions:
        fetch_article_page.delay(entry_id, content_hash)
    return len(versions)
