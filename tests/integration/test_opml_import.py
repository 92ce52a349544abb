"""An OPML import through the real API (uvicorn) on a real redis-server, read back as the feed list."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from claimcheck.feeds.opml import parse_opml
from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.store import RedisStore
from schemas.review import ApiKey, Role
from tests.support.processes import RedisServer, start_api

pytestmark = pytest.mark.integration
FEEDLY = Path(__file__).resolve().parents[1] / "fixtures" / "opml" / "feedly.opml"


@pytest.fixture
def admin_api(redis_server: RedisServer, tmp_path: Path) -> Iterator[httpx.Client]:
    """The API with auth on over the session's redis-server, and a client holding an admin key."""
    prefix = f"opml{uuid.uuid4().hex[:6]}"
    store = RedisStore(redis.Redis.from_url(redis_server.url, decode_responses=True), prefix)
    key = new_api_key()
    store.create_api_key(ApiKey(id="root", name="root", role=Role.admin, key_hash=hash_api_key(key)))
    api, base_url = start_api(
        redis_server.url, tmp_path, CLAIMCHECK_AUTH_ENABLED="true", CLAIMCHECK_KEY_PREFIX=prefix
    )
    try:
        with httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=10) as client:
            yield client
    finally:
        api.stop()


def test_an_imported_feedly_export_is_the_feed_list_and_a_second_import_adds_nothing(
    admin_api: httpx.Client,
) -> None:
    opml = {"content-type": "text/x-opml"}
    imported = admin_api.post("/v1/feeds/import", content=FEEDLY.read_bytes(), headers=opml)
    assert imported.status_code == 200, imported.text
    added = imported.json()["added"]
    assert len(added) == 7
    listed = admin_api.get("/v1/feeds").json()
    assert listed["count"] == 7
    assert sorted((f["url"], f["kind"]) for f in listed["data"]) == sorted(
        (f["url"], f["kind"]) for f in added
    )
    assert {f["name"] for f in listed["data"] if f["kind"] == "factcheck"} == {
        "PolitiFact",
        "Full Fact",
        "FactCheck.org",
    }

    again = admin_api.post("/v1/feeds/import", content=FEEDLY.read_bytes(), headers=opml).json()
    assert again["added"] == []
    assert {s["feed_id"] for s in again["skipped"] if s["reason"] == "already_registered"} == {
        f["id"] for f in added
    }
    assert admin_api.get("/v1/feeds").json()["count"] == 7

    exported = admin_api.get("/v1/feeds.opml")
    assert exported.headers["content-type"] == "text/x-opml; charset=utf-8"
    assert sorted(str(f.url) for f in parse_opml(exported.content).feeds) == sorted(f["url"] for f in added)
