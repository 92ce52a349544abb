"""The seed article over HTTP, through a real Celery worker on a real redis-server."""

from __future__ import annotations

import time

import httpx
import pytest
import redis

from claimcheck.feeds import load_feed_files
from claimcheck.store import RedisStore
from tests.conftest import SEED_ARTICLE
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration


def poll_until_done(client: httpx.Client, location: str, timeout: float, stack: Stack) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        article: dict[str, object] = client.get(location).json()
        if article["status"] in {"done", "failed"}:
            return article
        time.sleep(0.2)
    raise AssertionError(f"article not done within {timeout}s\n{stack.logs()}")


def test_seed_article_is_checked_end_to_end_with_cited_verdicts(stack: Stack) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        assert client.get("/readyz").status_code == 200
        response = client.post(
            "/v1/articles",
            json={"text": text, "title": "Coalition of the willing"},
            headers={"Idempotency-Key": "seed-1"},
        )
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        article = poll_until_done(client, location, timeout=90, stack=stack)
        claims = client.get(f"{location}/claims").json()
        feeds = client.get("/v1/feeds").json()["data"]

    assert article["status"] == "done", stack.logs()
    # The evidence is the configured directory's feed files, each listed as a feed.
    assert {(f["id"], f["source"]) for f in feeds} == {
        ("file:continental-wire", "local"),
        ("file:front-line-desk", "local"),
    }
    assert claims["count"] == article["claim_count"] >= 8
    entries_by_url = {e.url: e for e in load_feed_files(SEED_ARTICLE.parent / "feeds")}
    labels = set()
    for claim in claims["data"]:
        assert text[claim["start"] : claim["end"]] == claim["sentence"]
        verdict = claim["verdict"]
        if not claim["checked"]:
            assert verdict is None and (claim["type"] in {"opinion", "prediction"} or claim["needs_context"])
            continue
        assert verdict is not None, claim
        labels.add(verdict["label"])
        if verdict["label"] in {"supported", "refuted"}:
            assert verdict["citations"]
        for citation in verdict["citations"]:
            entry = entries_by_url[citation["url"]]
            assert entry.text[citation["start"] : citation["end"]] == citation["passage"]
    # The demo feeds back some claims; the rest is the reader's own reading.
    assert "supported" in labels
    checked = [c for c in claims["data"] if c["checked"]]
    assert len(checked) >= 8
    assert sum(article["counts"].values()) == len(checked)  # type: ignore[attr-defined]

    # Finalized exactly once, and every claim left the pending set.
    store = RedisStore(redis.Redis.from_url(stack.redis.url, decode_responses=True))
    state = store.get_state(str(article["id"]))
    assert state.finalize_count == 1
    assert store.client.scard(store.keys.article_pending(str(article["id"]))) == 0


def test_resubmitting_with_the_same_key_does_not_check_twice(stack: Stack) -> None:
    payload = {"text": "The city council approved a budget of 40 million pounds for schools on Monday."}
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        first = client.post("/v1/articles", json=payload, headers={"Idempotency-Key": "k1"})
        location = first.headers["location"]
        poll_until_done(client, location, timeout=90, stack=stack)
        again = client.post("/v1/articles", json=payload, headers={"Idempotency-Key": "k1"})
        conflict = client.post(
            "/v1/articles", json={"text": "Another text."}, headers={"Idempotency-Key": "k1"}
        )
    assert again.status_code == 202 and again.json() == {"id": first.json()["id"], "status": "done"}
    assert conflict.status_code == 409
    store = RedisStore(redis.Redis.from_url(stack.redis.url, decode_responses=True))
    assert store.get_state(first.json()["id"]).finalize_count == 1
