"""Feed polling: beat's schedule_polls tick enqueues poll_feed for due feeds; polls trigger re-checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from claimcheck.errors import FeedNotFound, StoreUnavailable
from claimcheck.feeds.full_text import entries_for_full_text
from claimcheck.feeds.poll import PollReport, poll_feed_once
from claimcheck.verification.recheck import claims_touched_by
from schemas.common import utcnow
from workers.celery_app import celery_app
from workers.runtime import get_runtime
from workers.tasks.article_pages import queue_article_pages
from workers.tasks.recheck import recheck_claim

log = logging.getLogger(__name__)
# A due feed is pushed this far into the future when enqueued, so later ticks don't enqueue it again;
# the poll itself then sets the real next time.
ENQUEUE_LEASE = timedelta(minutes=5)


@celery_app.task(name="claimcheck.schedule_polls", ignore_result=True)
def schedule_polls() -> int:
    """Enqueue a poll for every feed that is due; run by beat every CLAIMCHECK_POLL_TICK_S."""
    store = get_runtime().store
    now = utcnow()
    due = store.due_feeds(now)
    for feed_id in due:
        store.postpone_feed(feed_id, now + ENQUEUE_LEASE)
        poll_feed.delay(feed_id)
    return len(due)


@celery_app.task(
    name="claimcheck.poll_feed",
    bind=True,
    autoretry_for=(StoreUnavailable,),
    retry_backoff=True,
    max_retries=5,
)
def poll_feed(self: Any, feed_id: str) -> int:  # noqa: ARG001
    """Poll one feed under its lock and queue re-checks of open claims the new entries touch."""
    polled = poll_and_follow_up(feed_id)
    return len(polled.report.changed) if polled is not None else 0


@dataclass(frozen=True, slots=True)
class FollowedPoll:
    """A poll's report and what it queued: page fetches for its new entries, re-checks of open claims."""

    report: PollReport
    pages_queued: int
    rechecks_queued: int


def poll_and_follow_up(feed_id: str) -> FollowedPoll | None:
    """One poll of `feed_id` as the poll task runs it (None when another poll holds the feed's lock, or the
    feed is gone); `claimcheck feeds poll` runs it in its own process."""
    runtime = get_runtime()
    settings = runtime.settings
    token = runtime.store.acquire_lock(f"poll:{feed_id}", ttl_s=settings.feed_total_deadline_s + 30)
    if token is None:
        log.info("poll_feed: %s is being polled elsewhere; skipping", feed_id)
        return None
    try:
        report = poll_feed_once(runtime.store, feed_id, runtime.fetch, utcnow(), settings.feed_max_backoff_s)
    except FeedNotFound:
        return None
    finally:
        runtime.store.release_lock(f"poll:{feed_id}", token)
    log.info(
        "poll_feed: %s %s, %d new or changed entries", feed_id, report.outcome.value, len(report.changed)
    )
    # The pages behind the new entries are fetched by tasks of their own; the poll never waits for them, and
    # publishes one message for all of them.
    pages = [[e.id, e.content_hash] for e in entries_for_full_text(runtime.store, feed_id, report.changed)]
    if pages:
        queue_article_pages.delay(pages)
    touched = claims_touched_by(runtime.store.open_claims(), report.changed, settings.recheck_min_coverage)
    for claim in touched:
        recheck_claim.delay(claim.id, f"new evidence from feed {feed_id}")
    return FollowedPoll(report, len(pages), len(touched))
