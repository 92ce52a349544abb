"""The feeds API: registration, validation, health, removal; and claim history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import fakeredis
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import FeedHealth, FetchOutcome, utcnow


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


@pytest.fixture
def client(store: RedisStore) -> Iterator[TestClient]:
    settings = Settings(feeds_dir=None, auth_enabled=False)
    with TestClient(create_app(settings, store, dispatch=lambda _: None)) as test_client:
        yield test_client


FEED = {
    "url": "https://wire.example.org/rss",
    "name": "Wire",
    "kind": "news",
    "trust": 0.9,
    "poll_interval_s": 600,
}


def test_registered_feed_reads_back_with_empty_health(client: TestClient) -> None:
    response = client.post("/v1/feeds", json=FEED)
    assert response.status_code == 201
    feed = response.json()
    assert response.headers["location"] == f"/v1/feeds/{feed['id']}"
    assert feed["health"] == {
        "last_fetch_at": None,
        "last_outcome": None,
        "last_error": None,
        "last_warning": None,
        "consecutive_failures": 0,
        "next_poll_at": None,
        "entry_count": 0,
        "etag": None,
        "last_modified": None,
    }
    assert client.get(f"/v1/feeds/{feed['id']}").json() == feed
    assert client.get("/v1/feeds").json()["count"] == 1


def test_a_feeds_warning_is_part_of_its_health(client: TestClient, store: RedisStore) -> None:
    feed_id = client.post("/v1/feeds", json=FEED).json()["id"]
    warning = "malformed XML at line 3, column 40: mismatched tag; entries recovered by the loose parser"
    store.set_feed_health(feed_id, FeedHealth(last_outcome=FetchOutcome.ok, last_warning=warning))
    assert client.get(f"/v1/feeds/{feed_id}").json()["health"]["last_warning"] == warning


@pytest.mark.parametrize(
    "url", ["ftp://wire.example.org/rss", "file:///etc/passwd", "javascript:alert(1)", "not a url", ""]
)
def test_non_http_urls_are_422(client: TestClient, store: RedisStore, url: str) -> None:
    response = client.post("/v1/feeds", json={**FEED, "url": url})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert store.list_feeds() == []


@pytest.mark.parametrize("change", [{"trust": 1.5}, {"kind": "blog"}, {"poll_interval_s": 1}, {"name": ""}])
def test_out_of_range_fields_are_422(client: TestClient, change: dict[str, object]) -> None:
    assert client.post("/v1/feeds", json={**FEED, **change}).status_code == 422


def test_deleted_feed_is_gone(client: TestClient) -> None:
    feed_id = client.post("/v1/feeds", json=FEED).json()["id"]
    assert client.delete(f"/v1/feeds/{feed_id}").status_code == 204
    missing = client.get(f"/v1/feeds/{feed_id}")
    assert missing.status_code == 404 and missing.json()["code"] == "feed_not_found"
    assert client.delete(f"/v1/feeds/{feed_id}").status_code == 404


def test_poll_now_makes_the_feed_due(client: TestClient, store: RedisStore) -> None:
    feed_id = client.post("/v1/feeds", json=FEED).json()["id"]
    store.set_feed_health(feed_id, FeedHealth(next_poll_at=utcnow() + timedelta(hours=1)))
    assert feed_id not in store.due_feeds(utcnow())
    assert client.post(f"/v1/feeds/{feed_id}/poll").status_code == 202
    assert feed_id in store.due_feeds(utcnow())
    assert client.post("/v1/feeds/nope/poll").status_code == 404


def test_history_of_an_unknown_claim_is_404(client: TestClient) -> None:
    response = client.get("/v1/claims/nope/history")
    assert response.status_code == 404 and response.json()["code"] == "claim_not_found"


@pytest.mark.parametrize(
    "again",
    [
        "https://wire.example.org/rss",
        "HTTPS://Wire.Example.ORG/rss",
        "https://wire.example.org:443/rss",
        "https://wire.example.org/rss/",
        "https://wire.example.org/rss#latest",
    ],
)
def test_registering_a_registered_url_again_is_409_naming_the_registered_feed(
    client: TestClient, store: RedisStore, again: str
) -> None:
    # Given a registered feed,
    first = client.post("/v1/feeds", json=FEED).json()
    # when the same URL, spelt another way, is registered again,
    response = client.post("/v1/feeds", json={**FEED, "url": again, "name": "Wire again"})
    # then it is refused with the id of the feed already registered, and nothing is added.
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "feed_already_registered" and body["status"] == 409
    assert body["feed_id"] == first["id"]
    assert [f.id for f in store.list_feeds()] == [first["id"]]


@pytest.mark.parametrize(
    "other",
    ["http://wire.example.org/rss", "https://wire.example.org/rss2", "https://wire.example.org/rss?page=2"],
)
def test_a_url_that_differs_beyond_spelling_registers_as_another_feed(client: TestClient, other: str) -> None:
    client.post("/v1/feeds", json=FEED)
    assert client.post("/v1/feeds", json={**FEED, "url": other}).status_code == 201


def test_a_deleted_feed_can_be_registered_again(client: TestClient) -> None:
    feed_id = client.post("/v1/feeds", json=FEED).json()["id"]
    client.delete(f"/v1/feeds/{feed_id}")
    again = client.post("/v1/feeds", json=FEED)
    assert again.status_code == 201 and again.json()["id"] != feed_id
