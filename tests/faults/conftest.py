"""Fixtures of the fault suite: real redis-server (AOF on), the API and worker processes on 127.0.0.1."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.stack import FAULT_ENV, FaultStack
from tests.support.processes import RedisServer, start_api


@contextlib.contextmanager
def running_stack(directory: Path, broker: RedisServer | None = None) -> Iterator[FaultStack]:
    """redis-server with AOF and the API (broker: a separate redis-server for Celery); all torn down."""
    server = RedisServer(directory / "redis", appendonly=True)
    server.start()
    env = dict(FAULT_ENV)
    if broker is not None:
        env["CLAIMCHECK_BROKER_URL"] = broker.url
    stack = None
    try:
        api, base_url = start_api(server.url, directory, **env)
        stack = FaultStack(directory, server, api, base_url, env)
        yield stack
    finally:
        if stack is not None:
            for worker in stack.workers:
                worker.stop(signal.SIGKILL, timeout=5)
            stack.api.stop()
        server.stop()


@pytest.fixture
def fault_stack(tmp_path: Path) -> Iterator[FaultStack]:
    """A fresh redis-server with AOF and the API on 127.0.0.1; each test starts its own workers."""
    with running_stack(tmp_path) as stack:
        yield stack


@pytest.fixture
def split_broker_stack(tmp_path: Path) -> Iterator[tuple[FaultStack, RedisServer]]:
    """As fault_stack, with the Celery broker on a redis-server of its own (returned beside the stack)."""
    broker = RedisServer(tmp_path / "broker", appendonly=True)
    broker.start()
    try:
        with running_stack(tmp_path, broker) as stack:
            yield stack, broker
    finally:
        broker.stop()
