"""A real stack tuned for the operations tests: short keep-alives and retries, 127.0.0.1 allowed."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.support.processes import RedisServer, ServiceProcess, start_api, start_worker

OPS_ENV = {
    "CLAIMCHECK_AUTH_ENABLED": "false",
    "CLAIMCHECK_FEED_ALLOW_NETWORKS": '["127.0.0.1/32"]',
    "CLAIMCHECK_SSE_KEEPALIVE_S": "1",
    "CLAIMCHECK_WEBHOOK_RETRY_BASE_S": "0.5",
    "CLAIMCHECK_EVENT_PUMP_BLOCK_MS": "200",
    "CLAIMCHECK_STATUS_PAGE_REFRESH_S": "1",
}
SHORT_ARTICLE = (
    "The city council approved a budget of 40 million pounds for schools on Monday. "
    "The mayor said the new bridge over the river will open in 2027."
)


@dataclass
class OpsStack:
    redis: RedisServer
    api: ServiceProcess
    worker: ServiceProcess
    base_url: str

    def logs(self) -> str:
        return f"--- api ---\n{self.api.log_tail()}\n--- worker ---\n{self.worker.log_tail()}"

    def submit(self, client: httpx.Client, text: str = SHORT_ARTICLE, title: str = "Council budget") -> str:
        response = client.post("/v1/articles", json={"text": text, "title": title})
        assert response.status_code == 202, response.text
        article_id: str = response.json()["id"]
        return article_id

    def wait_done(self, client: httpx.Client, article_id: str, timeout: float = 90) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            article: dict[str, Any] = client.get(f"/v1/articles/{article_id}").json()
            if article["status"] in {"done", "failed"}:
                return article
            time.sleep(0.2)
        raise AssertionError(f"article {article_id} not done within {timeout}s\n{self.logs()}")


@contextlib.contextmanager
def running_ops_stack(directory: Path, **env: str) -> Iterator[OpsStack]:
    """redis-server, the API and one worker with OPS_ENV (and `env`), torn down after."""
    settings = {**OPS_ENV, **env}
    server = RedisServer(directory / "redis")
    server.start()
    api = worker = None
    try:
        api, base_url = start_api(server.url, directory, **settings)
        worker = start_worker(server.url, directory, **settings)
        yield OpsStack(server, api, worker, base_url)
    finally:
        if worker is not None:
            worker.stop()
        if api is not None:
            api.stop()
        server.stop()
