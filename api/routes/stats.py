"""Operational figures for dashboards."""

from __future__ import annotations

from fastapi import APIRouter

from api.broker import BrokerDep
from api.deps import StoreDep
from api.errors import problem_responses
from api.records import MetricRecordsDep, ViewsDep
from claimcheck.broker import queue_depth
from claimcheck.store import Store
from schemas.common import utcnow
from schemas.feeds import FetchOutcome
from schemas.stats import FeedHealthSummary, StatsPublic

router = APIRouter(tags=["operations"])
_FAILING_LISTED = 20


def feed_health_summary(store: Store) -> FeedHealthSummary:
    """How many feeds are fine, failing or never polled, by their last poll."""
    ok = failing = never = 0
    failing_ids: list[str] = []
    feeds = store.list_feeds()
    for feed in feeds:
        outcome = store.get_feed_health(feed.id).last_outcome
        if outcome is None:
            never += 1
        elif outcome is FetchOutcome.error:
            failing += 1
            failing_ids.append(feed.id)
        else:
            ok += 1
    return FeedHealthSummary(
        total=len(feeds),
        ok=ok,
        failing=failing,
        never_polled=never,
        failing_feeds=failing_ids[:_FAILING_LISTED],
    )


@router.get(
    "/v1/stats",
    response_model=StatsPublic,
    summary="Counts, queue depth, backlog, feed health",
    responses=problem_responses(503),
)
def get_stats(store: StoreDep, views: ViewsDep, metrics: MetricRecordsDep, broker: BrokerDep) -> StatsPublic:
    """Articles by status, claims by verdict label, the Celery queue's depth, the review backlog, feeds."""
    return StatsPublic(
        articles_total=views.article_total(),
        articles=views.article_status_counts(),
        verdicts=metrics.claims_by_label(),
        queue_depth=queue_depth(broker),
        review_backlog=views.review_backlog(),
        feeds=feed_health_summary(store),
        at=utcnow(),
    )
