"""A real stack for integration tests: redis-server, a Celery worker process and the uvicorn API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEED_ARTICLE
from tests.support.processes import RedisServer, ServiceProcess, start_api, start_worker

SEED_FEEDS = SEED_ARTICLE.parent / "feeds"


@dataclass
class Stack:
    redis: RedisServer
    api: ServiceProcess
    worker: ServiceProcess
    base_url: str
    log_dir: Path

    def logs(self) -> str:
        return f"--- api ---\n{self.api.log_tail()}\n--- worker ---\n{self.worker.log_tail()}"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A fresh redis-server, one worker process (with the seed feeds) and the API, all on 127.0.0.1 and
    torn down after."""
    server = RedisServer(tmp_path / "redis", appendonly=True)
    server.start()
    api, base_url = start_api(server.url, tmp_path)
    # The seed article's evidence, configured as a deployment would (workers load no feed files unasked).
    worker = start_worker(server.url, tmp_path, CLAIMCHECK_FEEDS_DIR=str(SEED_FEEDS))
    running = Stack(server, api, worker, base_url, tmp_path)
    try:
        yield running
    finally:
        worker.stop()
        api.stop()
        server.stop()
