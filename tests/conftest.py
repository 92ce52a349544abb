"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import fakeredis
import pytest
import redis

from claimcheck.store import RedisStore
from tests.support.processes import RedisServer

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "coalition-of-the-willing.txt"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server for the session, on its own port and directory."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["fakeredis", "redis-server"])
def store(request: pytest.FixtureRequest) -> Iterator[RedisStore]:
    """The Store contract runs against fakeredis and a real redis-server alike."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    if request.param == "fakeredis":
        yield RedisStore(fakeredis.FakeRedis(decode_responses=True), prefix)
        return
    server: RedisServer = request.getfixturevalue("redis_server")
    client = redis.Redis.from_url(server.url, decode_responses=True)
    yield RedisStore(client, prefix)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")
