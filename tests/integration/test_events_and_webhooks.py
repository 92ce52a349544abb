"""Live events and webhooks through the real stack: redis-server, a Celery worker and uvicorn."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from claimcheck.store import RedisStore
from claimcheck.store.redis_extension import records_of
from claimcheck.store.redis_webhooks import WebhookRecords
from claimcheck.webhooks.signing import verify
from tests.support.ops_stack import OpsStack, running_ops_stack
from tests.support.processes import wait_until
from tests.support.sse import SseMessage, messages, open_stream
from tests.support.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.integration


MAX_STREAMS = 2


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[OpsStack]:
    with running_ops_stack(tmp_path, CLAIMCHECK_SSE_MAX_CLIENTS=str(MAX_STREAMS)) as running:
        yield running


def open_streams(client: httpx.Client) -> float:
    """The API's own count of open event streams."""
    for family in text_string_to_metric_families(client.get("/metrics").text):
        if family.name == "claimcheck_sse_streams":
            return float(family.samples[0].value)
    raise AssertionError("no claimcheck_sse_streams gauge")


def stream_position(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def read_until(stream: Iterator[SseMessage], stop: str, limit: int = 200) -> list[SseMessage]:
    """Events (keep-alives left out) up to and including the first of type `stop`."""
    seen: list[SseMessage] = []
    for message in stream:
        if message.data:
            seen.append(message)
            if message.event == stop:
                return seen
        if len(seen) >= limit:
            break
    raise AssertionError(f"no {stop} event among {[m.event for m in seen]}")


def test_an_sse_client_sees_the_article_done_and_resumes_without_losing_events(stack: OpsStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        article_id = stack.submit(client)
        path = f"/v1/articles/{article_id}/events"

        # Given a client that read the first event, then lost its connection,
        with open_stream(stack.base_url, path) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            first = next(m for m in messages(response) if m.data)
        stack.wait_done(client, article_id)

        # when it reconnects with Last-Event-ID,
        with open_stream(stack.base_url, path, last_event_id=first.id) as response:
            resumed = read_until(messages(response), "article.done")
        # then it gets exactly the events it had not seen, ending with article.done,
        with open_stream(stack.base_url, path) as response:
            everything = read_until(messages(response), "article.done")

    assert [m.id for m in everything] == [first.id] + [m.id for m in resumed]
    assert [m.event for m in everything][-1] == "article.done"
    claim_events = [json.loads(m.data) for m in everything if m.event == "claim.verdict_set"]
    assert {e["article_id"] for e in claim_events} == {article_id} and claim_events[0]["label"]


def test_an_article_stream_ends_after_article_done_and_a_resume_after_it_is_204(stack: OpsStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        article_id = stack.submit(client)
    path = f"/v1/articles/{article_id}/events"
    # Given a client following an article's events from its submission,
    with open_stream(stack.base_url, path) as response:
        stream = messages(response)
        seen = read_until(stream, "article.done")
        # then the server ends the stream right after article.done: no keep-alive follows it,
        assert next(stream, None) is None
    # and a reconnect after article.done, as EventSource makes, is told not to come back.
    with open_stream(stack.base_url, path, last_event_id=seen[-1].id) as response:
        assert response.status_code == 204


def test_the_global_stream_delivers_new_events_and_keeps_idle_connections_alive(stack: OpsStack) -> None:
    with (
        httpx.Client(base_url=stack.base_url, timeout=10) as client,
        open_stream(stack.base_url, "/v1/events") as response,
    ):
        stream = messages(response)
        # Keep-alive comments come every CLAIMCHECK_SSE_KEEPALIVE_S (1 s here) while nothing happens.
        idle = next(stream)
        while not idle.comments:
            idle = next(stream)
        assert idle.comments == ["keep-alive"]
        article_id = stack.submit(client)
        events = read_until(stream, "article.done")
    assert json.loads(events[-1].data)["article_id"] == article_id


def test_streams_are_bounded_and_a_closed_one_frees_its_slot(stack: OpsStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        with contextlib.ExitStack() as streams:
            for _ in range(MAX_STREAMS):
                streams.enter_context(open_stream(stack.base_url, "/v1/events"))
            refused = client.get("/v1/events")
            assert refused.status_code == 503 and refused.json()["code"] == "too_many_streams"
            assert refused.headers["retry-after"]
            assert open_streams(client) == MAX_STREAMS
        # The server notices the disconnects at its next write (a keep-alive at the latest).
        wait_until(lambda: open_streams(client) == 0, 10, "the closed streams to be released")
        with open_stream(stack.base_url, "/v1/events") as response:
            assert response.status_code == 200


def test_events_of_an_unknown_article_are_a_404_problem(stack: OpsStack) -> None:
    response = httpx.get(f"{stack.base_url}/v1/articles/nope/events", timeout=10)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_poll_with_the_current_etag_is_a_304(stack: OpsStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        article_id = stack.submit(client)
        stack.wait_done(client, article_id)
        full = client.get(f"/v1/articles/{article_id}")
        etag = full.headers["etag"]
        poll = client.get(f"/v1/articles/{article_id}", headers={"If-None-Match": etag})
        listed = client.get("/v1/articles")
        list_poll = client.get("/v1/articles", headers={"If-None-Match": listed.headers["etag"]})
    assert full.status_code == 200 and full.json()["status"] == "done"
    assert poll.status_code == 304 and poll.content == b"" and poll.headers["etag"] == etag
    assert list_poll.status_code == 304


def test_a_webhook_is_signed_and_retried_after_the_receiver_fails(stack: OpsStack) -> None:
    with (
        webhook_receiver(statuses=[500]) as receiver,
        httpx.Client(base_url=stack.base_url, timeout=10) as client,
    ):
        created = client.post("/v1/webhooks", json={"url": receiver.url, "events": ["article.done"]})
        assert created.status_code == 201, created.text
        webhook = created.json()
        article_id = stack.submit(client)

        wait_until(lambda: len(receiver.requests) >= 2, 60, f"two delivery attempts\n{stack.logs()}")
        log_path = f"/v1/webhooks/{webhook['id']}/deliveries"
        wait_until(lambda: client.get(log_path).json()["count"] >= 2, 10, "both attempts in the delivery log")
        deliveries = client.get(log_path).json()["data"]

    first, second = receiver.requests[:2]
    assert (first.answered, second.answered) == (500, 200)
    for request in (first, second):
        # What a receiver does: check the signature over the raw body with the subscription's secret.
        verify(webhook["secret"], request.headers["Claimcheck-Signature"], request.body)
        body = json.loads(request.body)
        assert body["type"] == "article.done" and body["data"]["article_id"] == article_id
        assert request.headers["Claimcheck-Event-Id"] == body["id"]
    assert [first.headers["Claimcheck-Delivery-Attempt"], second.headers["Claimcheck-Delivery-Attempt"]] == [
        "1",
        "2",
    ]
    # Newest first: the retry that got through, then the attempt the receiver refused.
    assert [(d["attempt"], d["status_code"], d["delivered"]) for d in deliveries] == [
        (2, 200, True),
        (1, 500, False),
    ]
    assert deliveries[1]["error"] == "HTTP 500" and deliveries[0]["event_id"] == json.loads(first.body)["id"]


def test_a_webhook_gets_only_the_event_types_it_asked_for(stack: OpsStack) -> None:
    store = RedisStore(redis.Redis.from_url(stack.redis.url, decode_responses=True))
    with (
        webhook_receiver(statuses=[]) as receiver,
        httpx.Client(base_url=stack.base_url, timeout=10) as client,
    ):
        client.post(
            "/v1/webhooks", json={"url": receiver.url, "events": ["claim.verdict_set"]}
        ).raise_for_status()
        article = stack.wait_done(client, stack.submit(client))
        wait_until(lambda: len(receiver.requests) >= article["claim_count"], 30, "one delivery per verdict")
        done_id = store.events_after(str(article["id"]), "0", 1000)[-1].id

        def pump_went_past_done() -> bool:
            (group,) = store.client.xinfo_groups(store.keys.events())
            return bool(
                group["pending"] == 0
                and stream_position(group["last-delivered-id"]) >= stream_position(done_id)
            )

        wait_until(pump_went_past_done, 30, "the event pump to handle article.done")
    # An event no subscription wants is not even kept for delivery.
    assert records_of(WebhookRecords, store).kept_event(done_id) is None
    types = [json.loads(r.body)["type"] for r in receiver.requests]
    assert types == ["claim.verdict_set"] * article["claim_count"]
