"""Dependencies for the record families the API reads beside the Store: views, webhooks, metrics."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from claimcheck.listing import ArticleSummaries
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from claimcheck.store.redis_views import ViewRecords
from claimcheck.store.redis_webhooks import WebhookRecords


async def get_views(request: Request) -> ViewRecords:
    return records_of(ViewRecords, request.app.state.store)


async def get_webhooks(request: Request) -> WebhookRecords:
    return records_of(WebhookRecords, request.app.state.store)


async def get_metric_records(request: Request) -> MetricRecords:
    return records_of(MetricRecords, request.app.state.store)


async def get_summaries(request: Request) -> ArticleSummaries:
    """The app's cache of article rows, made on first use."""
    state = request.app.state
    if not hasattr(state, "article_summaries"):
        state.article_summaries = ArticleSummaries()
    summaries: ArticleSummaries = state.article_summaries
    return summaries


ViewsDep = Annotated[ViewRecords, Depends(get_views)]
WebhooksDep = Annotated[WebhookRecords, Depends(get_webhooks)]
MetricRecordsDep = Annotated[MetricRecords, Depends(get_metric_records)]
SummariesDep = Annotated[ArticleSummaries, Depends(get_summaries)]
