"""Prometheus metrics: the API's own request figures, and what workers keep in Redis, at GET /metrics."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator

import redis
from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.broker import broker_client
from claimcheck.broker import queue_depths
from claimcheck.errors import StoreUnavailable
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_metrics import MetricRecords
from claimcheck.store.redis_views import ViewRecords

log = logging.getLogger(__name__)
# Requests that matched no route share one label, so a scan of random paths cannot grow the series.
UNMATCHED = "<unmatched>"
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ApiMetrics:
    """The API process's registry: its own instruments and a collector of the workers' figures."""

    def __init__(self, worker_figures: Callable[[], Iterator[Metric]]) -> None:
        self.registry = CollectorRegistry()  # no auto-describe: registering must not read Redis
        self.request_seconds = Histogram(
            "claimcheck_http_request_duration_seconds",
            "Time to the response's first byte, by route template.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.requests = Counter(
            "claimcheck_http_requests",
            "Requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.event_streams = Gauge(
            "claimcheck_sse_streams",
            "Server-sent event streams open in this process.",
            registry=self.registry,
        )
        self.registry.register(_FunctionCollector(worker_figures))


class _FunctionCollector(Collector):
    def __init__(self, collect: Callable[[], Iterator[Metric]]) -> None:
        self._collect = collect

    def collect(self) -> Iterator[Metric]:
        return self._collect()


class RequestMetrics:
    """ASGI middleware timing each request to its response start, labelled by the matched route."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        timed = False

        def observe() -> None:
            nonlocal timed
            if timed:
                return
            timed = True
            route = scope.get("route")
            template = getattr(route, "path", None) or UNMATCHED
            method = scope.get("method", "GET")
            self.metrics.request_seconds.labels(method, template).observe(time.perf_counter() - started)
            self.metrics.requests.labels(method, template, str(status)).inc()

        async def timing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                observe()
            await send(message)

        try:
            await self.app(scope, receive, timing_send)
        finally:
            observe()  # no response started: counted as a 500


def worker_collector(app: FastAPI) -> Callable[[], Iterator[Metric]]:
    """Reads, at scrape time, what workers counted in Redis, the queue depth, the review backlog and the
    stalled articles."""

    def collect() -> Iterator[Metric]:
        store = app.state.store
        up = GaugeMetricFamily("claimcheck_store_up", "1 if Redis answered this scrape.")
        try:
            figures = records_of(MetricRecords, store).worker_figures()
            labels = records_of(MetricRecords, store).claims_by_label()
            backlog = records_of(ViewRecords, store).review_backlog()
            stalled = records_of(ViewRecords, store).stalled_count()
            depths = queue_depths(broker_client(app.state))
        except (StoreUnavailable, redis.RedisError) as exc:
            log.warning("metrics: redis unavailable: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up

        durations = HistogramMetricFamily(
            "claimcheck_task_duration_seconds", "Celery task run time, by task name.", labels=["task"]
        )
        for task, histogram in sorted(figures.task_durations.items()):
            durations.add_metric([task], histogram.cumulative(), histogram.total_s)
        yield durations
        counters = [
            ("claimcheck_tasks", "Celery task runs by outcome.", ["task", "state"], figures.task_outcomes),
            (
                "claimcheck_verdicts",
                "Verdicts written by label; kind is set or changed.",
                ["label", "kind"],
                figures.verdicts,
            ),
            ("claimcheck_events", "Events read from the event stream.", ["type"], _one(figures.events)),
            ("claimcheck_feed_fetch_errors", "Failed feed polls.", ["feed"], _one(figures.feed_errors)),
            (
                "claimcheck_webhook_deliveries",
                "Webhook delivery attempts by outcome.",
                ["outcome"],
                _one(figures.webhook_deliveries),
            ),
        ]
        for name, documentation, label_names, values in counters:
            yield _counter(name, documentation, label_names, values.items())
        claims = GaugeMetricFamily("claimcheck_claims", "Claims by current verdict label.", labels=["label"])
        for label, count in sorted(labels.items()):
            claims.add_metric([label.value], count)
        yield claims
        queue = GaugeMetricFamily(
            "claimcheck_queue_depth", "Messages waiting in each Celery queue.", labels=["queue"]
        )
        for name, depth in depths.items():
            queue.add_metric([name], depth)
        yield queue
        yield GaugeMetricFamily("claimcheck_review_backlog", "Claims waiting for a reviewer.", value=backlog)
        yield GaugeMetricFamily(
            "claimcheck_articles_stalled",
            "Unfinished articles whose work the reconciler found lost and re-enqueued, until they progress.",
            value=stalled,
        )

    return collect


def _one(values: dict[str, int]) -> dict[tuple[str, ...], int]:
    return {(key,): value for key, value in values.items()}


def _counter(
    name: str, documentation: str, labels: list[str], values: Iterable[tuple[tuple[str, ...], int]]
) -> Metric:
    family = CounterMetricFamily(name, documentation, labels=labels)
    for key, value in sorted(values):
        family.add_metric(list(key), value)
    return family


router = APIRouter(tags=["operations"])


@router.get("/metrics", summary="Prometheus metrics", response_class=Response, include_in_schema=True)
def metrics_endpoint(request: Request) -> Response:
    """Prometheus text exposition: API requests, worker tasks, verdicts, queue depth, feed errors."""
    metrics: ApiMetrics = request.app.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


def install_metrics(app: FastAPI) -> ApiMetrics:
    """Register the request-timing middleware and GET /metrics on `app`."""
    metrics = ApiMetrics(worker_collector(app))
    metrics.event_streams.set_function(
        lambda: float(getattr(getattr(app.state, "stream_slots", None), "open", 0))
    )
    app.state.metrics = metrics
    app.add_middleware(RequestMetrics, metrics=metrics)
    app.include_router(router)
    return metrics
