"""Feeds through the real stack: registration over HTTP, beat-scheduled polls, 304s, and re-checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.feed_server import FeedServer
from tests.support.processes import RedisServer, ServiceProcess, start_api, start_worker, wait_until

pytestmark = pytest.mark.integration

CLAIM_TEXT = "The city council of Leeds approved a budget of 40 million pounds for schools on Monday."
NOISE_ITEM = """<item><title>Storm closes rail lines</title><guid>storm</guid>
<link>http://news.test/storm</link><pubDate>Mon, 03 Mar 2025 08:00:00 GMT</pubDate>
<description>High winds closed rail lines across northern England on Monday.</description></item>"""
EVIDENCE_ITEM = """<item><title>Leeds council backs schools budget</title><guid>leeds-budget</guid>
<link>http://news.test/leeds-budget</link><pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate>
<description>The city council of Leeds approved a budget of 40 million pounds for schools on Monday.
Councillors voted 52 to 31.</description></item>"""


def rss(*items: str) -> str:
    channel = f"<channel><title>Test Wire</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


@dataclass
class FeedStack:
    base_url: str
    feed_dir: Path
    server: FeedServer
    worker: ServiceProcess
    api: ServiceProcess

    def get(self, path: str) -> Any:
        return httpx.get(f"{self.base_url}{path}", timeout=10).json()


@pytest.fixture
def feed_stack(tmp_path: Path) -> Iterator[FeedStack]:
    feed_dir = tmp_path / "served"
    feed_dir.mkdir()
    (feed_dir / "wire.xml").write_text(rss(NOISE_ITEM))
    no_local_feeds = tmp_path / "no-local-feeds"
    no_local_feeds.mkdir()
    env = {
        "CLAIMCHECK_FEEDS_DIR": str(no_local_feeds),
        "CLAIMCHECK_FEED_ALLOW_NETWORKS": '["127.0.0.1/32"]',
        "CLAIMCHECK_POLL_TICK_S": "0.3",
    }
    redis_server = RedisServer(tmp_path / "redis")
    redis_server.start()
    with FeedServer(fixtures=feed_dir) as server:
        api, base_url = start_api(redis_server.url, tmp_path, **env)
        worker = start_worker(redis_server.url, tmp_path, beat=True, **env)
        try:
            yield FeedStack(base_url, feed_dir, server, worker, api)
        finally:
            worker.stop()
            api.stop()
            redis_server.stop()


def wait_for_poll(stack: FeedStack, feed_id: str, after: str | None, timeout: float = 30) -> dict[str, Any]:
    """Wait until the feed records a poll later than `after`; returns its health."""

    def polled() -> bool:
        health = stack.get(f"/v1/feeds/{feed_id}")["health"]
        return health["last_fetch_at"] is not None and health["last_fetch_at"] != after

    try:
        wait_until(polled, timeout, f"a poll of feed {feed_id}", interval=0.1)
    except TimeoutError:
        raise AssertionError(stack.worker.log_tail()) from None
    health: dict[str, Any] = stack.get(f"/v1/feeds/{feed_id}")["health"]
    return health


def test_new_entry_on_the_third_poll_turns_an_undecided_claim_into_a_cited_verdict(
    feed_stack: FeedStack,
) -> None:
    stack = feed_stack
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        article_id = client.post("/v1/articles", json={"text": CLAIM_TEXT}).json()["id"]
        wait_until(lambda: stack.get(f"/v1/articles/{article_id}")["status"] == "done", 60, "the article")
        (claim,) = stack.get(f"/v1/articles/{article_id}/claims")["data"]
        assert claim["verdict"]["label"] == "not_enough_info"

        feed = {"url": stack.server.url("/feeds/wire.xml"), "name": "Test Wire", "poll_interval_s": 3600}
        feed_id = client.post("/v1/feeds", json=feed).json()["id"]
        first = wait_for_poll(stack, feed_id, after=None)
        assert first["last_outcome"] == "ok" and first["entry_count"] == 1 and first["etag"]

        client.post(f"/v1/feeds/{feed_id}/poll")
        second = wait_for_poll(stack, feed_id, after=first["last_fetch_at"])
        assert second["last_outcome"] == "not_modified" and second["entry_count"] == 1
        conditional = [r for r in stack.server.seen if r.path == "/feeds/wire.xml"][-1]
        assert conditional.headers.get("If-None-Match") == first["etag"]

        (stack.feed_dir / "wire.xml").write_text(rss(EVIDENCE_ITEM, NOISE_ITEM))
        client.post(f"/v1/feeds/{feed_id}/poll")
        third = wait_for_poll(stack, feed_id, after=second["last_fetch_at"])
        assert third["last_outcome"] == "ok" and third["entry_count"] == 2

        def decided() -> bool:
            return stack.get(f"/v1/claims/{claim['id']}")["verdict"]["label"] != "not_enough_info"

        wait_until(decided, 30, "the re-check of the claim")
        rechecked = stack.get(f"/v1/claims/{claim['id']}")
        history = stack.get(f"/v1/claims/{claim['id']}/history")["data"]
    verdict = rechecked["verdict"]
    assert verdict["label"] in {"supported", "needs_review"}
    citation = verdict["citations"][0]
    assert citation["url"] == "http://news.test/leeds-budget" and citation["feed"] == "Test Wire"
    assert "40 million pounds" in citation["passage"]
    assert [h["verdict"]["label"] for h in history][0] == "not_enough_info"
    assert history[-1]["trigger"] == f"new evidence from feed {feed_id}"


def test_a_feed_on_a_forbidden_address_is_recorded_as_an_error(feed_stack: FeedStack) -> None:
    feed = {"url": "http://169.254.169.254/latest/meta-data", "name": "Metadata", "poll_interval_s": 3600}
    feed_id = httpx.post(f"{feed_stack.base_url}/v1/feeds", json=feed).json()["id"]
    health = wait_for_poll(feed_stack, feed_id, after=None)
    assert health["last_outcome"] == "error" and "link-local" in health["last_error"]
    assert health["consecutive_failures"] == 1
    assert not any(r.path.startswith("/latest") for r in feed_stack.server.seen)
    # The refusal is a recorded outcome, not a crash: the worker still runs and still checks articles.
    assert feed_stack.worker.process is not None and feed_stack.worker.process.poll() is None
