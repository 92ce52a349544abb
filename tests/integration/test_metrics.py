"""GET /metrics over the real stack: parseable, and the counters move as an article is checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.ops_stack import OpsStack, running_ops_stack
from tests.support.processes import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[OpsStack]:
    with running_ops_stack(tmp_path) as running:
        yield running


def scrape(client: httpx.Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics by (name, sorted labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_counters_move_as_an_article_is_checked(stack: OpsStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        before = scrape(client)
        article = stack.wait_done(client, stack.submit(client))
        claims = article["claim_count"]

        def verdicts_counted() -> bool:
            samples = scrape(client)
            counted = sum(v for (name, _), v in samples.items() if name == "claimcheck_verdicts_total")
            return counted >= claims

        # Verdicts are counted by the event pump, a moment after they are written.
        wait_until(verdicts_counted, 30, f"the verdict counters\n{stack.logs()}")
        after = scrape(client)

    extract, check = "claimcheck.extract_claims", "claimcheck.check_claim"
    assert value(after, "claimcheck_tasks_total", task=extract, state="SUCCESS") == 1
    assert value(after, "claimcheck_tasks_total", task=check, state="SUCCESS") == claims
    assert value(after, "claimcheck_task_duration_seconds_count", task=check) == claims
    assert value(after, "claimcheck_task_duration_seconds_bucket", task=check, le="+Inf") == claims
    assert value(after, "claimcheck_task_duration_seconds_sum", task=extract) > 0
    assert value(after, "claimcheck_events_total", type="article.done") == 1
    labels = {dict(key)["label"]: v for (name, key), v in after.items() if name == "claimcheck_claims"}
    assert sum(labels.values()) == claims == sum(article["counts"].values())

    route = "/v1/articles/{article_id}"
    polls = value(after, "claimcheck_http_requests_total", method="GET", route=route, status="200")
    assert (
        polls >= 1
        and value(before, "claimcheck_http_requests_total", method="GET", route=route, status="200") == 0
    )
    assert value(after, "claimcheck_http_request_duration_seconds_count", method="GET", route=route) >= polls
    assert value(after, "claimcheck_queue_depth", queue="claimcheck") == 0
    assert value(after, "claimcheck_store_up") == 1


def test_worker_logs_are_json_lines_that_name_the_article(stack: OpsStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        article_id = stack.wait_done(client, stack.submit(client))["id"]
    assert stack.worker.process is not None
    lines = [
        json.loads(line) for line in stack.worker.log_path.read_text().splitlines() if line.startswith("{")
    ]
    about = [entry for entry in lines if entry.get("article_id") == article_id]
    assert about and {"time", "level", "logger", "message", "task", "task_id"} <= about[0].keys()
    assert any(entry.get("claim_id") and entry.get("task") == "claimcheck.check_claim" for entry in lines)
