"""The HTTP API over a fakeredis store: status codes, problem bodies, idempotency."""

from __future__ import annotations

from collections.abc import Iterator

import fakeredis
import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck import service
from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from claimcheck.verification import EvidenceIndex
from schemas.review import ApiKey, Role


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


@pytest.fixture
def dispatched() -> list[str]:
    return []


@pytest.fixture
def client(store: RedisStore, dispatched: list[str]) -> Iterator[TestClient]:
    settings = Settings(max_article_bytes=2_000, feeds_dir=None, auth_enabled=False)
    app = create_app(settings, store, dispatch=dispatched.append)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def assert_problem(response_json: dict[str, object], status: int, code: str) -> None:
    assert response_json["status"] == status
    assert response_json["code"] == code
    assert {"type", "title", "detail"} <= response_json.keys()


def test_submission_is_accepted_with_location_and_enqueued(client: TestClient, dispatched: list[str]) -> None:
    response = client.post("/v1/articles", json={"text": "The council approved the budget on Monday."})
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    assert response.headers["location"] == f"/v1/articles/{body['id']}"
    assert dispatched == [body["id"]]
    article = client.get(response.headers["location"]).json()
    assert article["status"] == "queued" and article["claims"] == []


def test_same_idempotency_key_and_body_returns_the_same_article(
    client: TestClient, dispatched: list[str]
) -> None:
    payload = {"text": "The council approved the budget on Monday.", "title": "Budget"}
    first = client.post("/v1/articles", json=payload, headers={"Idempotency-Key": "abc"})
    second = client.post("/v1/articles", json=payload, headers={"Idempotency-Key": "abc"})
    assert second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    # The still-queued article is enqueued again, in case the first enqueue was lost.
    assert dispatched == [first.json()["id"]] * 2


def test_same_idempotency_key_with_other_body_is_409(client: TestClient) -> None:
    client.post("/v1/articles", json={"text": "First text."}, headers={"Idempotency-Key": "k"})
    response = client.post("/v1/articles", json={"text": "Second text."}, headers={"Idempotency-Key": "k"})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert_problem(response.json(), 409, "idempotency_key_reused")


def test_idempotency_keys_of_one_api_key_are_not_seen_by_another(store: RedisStore) -> None:
    # Given two newsrooms' API keys, and an article the first submitted under Idempotency-Key "k",
    keys = {}
    for name in ["first", "second"]:
        keys[name] = new_api_key()
        store.create_api_key(
            ApiKey(id=name, name=name, role=Role.submitter, key_hash=hash_api_key(keys[name]))
        )
    settings = Settings(feeds_dir=None, auth_enabled=True)
    payload = {"text": "The council approved the budget on Monday."}
    with TestClient(create_app(settings, store, dispatch=lambda _: None)) as client:

        def submit(who: str, body: dict[str, str]) -> httpx.Response:
            return client.post(
                "/v1/articles", json=body, headers={"X-API-Key": keys[who], "Idempotency-Key": "k"}
            )

        first = submit("first", payload)
        # when the second sends the same key with the same body, then with another body,
        same_body = submit("second", payload)
        other_body = submit("second", {"text": "Another text."})
        # then each is a request of its own: a new article, then a conflict with its own key only,
        replay = submit("first", payload)
    assert first.status_code == same_body.status_code == replay.status_code == 202
    assert same_body.json()["id"] != first.json()["id"]
    assert replay.json()["id"] == first.json()["id"]
    assert_problem(other_body.json(), 409, "idempotency_key_reused")


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_422_and_stores_nothing(client: TestClient, store: RedisStore, text: str) -> None:
    response = client.post("/v1/articles", json={"text": text})
    assert response.status_code == 422
    assert_problem(response.json(), 422, "invalid_request")
    assert list(store.client.scan_iter("*")) == []


def test_malformed_json_is_422(client: TestClient, store: RedisStore) -> None:
    response = client.post(
        "/v1/articles", content=b'{"text": "unterminated', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert_problem(response.json(), 422, "malformed_json")
    assert list(store.client.scan_iter("*")) == []


def test_unknown_field_is_422(client: TestClient) -> None:
    response = client.post("/v1/articles", json={"text": "A sentence.", "colour": "red"})
    assert response.status_code == 422


def test_text_over_the_limit_is_413_and_stores_nothing(client: TestClient, store: RedisStore) -> None:
    response = client.post("/v1/articles", json={"text": "word " * 500})  # 2,500 bytes > 2,000
    assert response.status_code == 413
    assert_problem(response.json(), 413, "article_too_large")
    assert list(store.client.scan_iter("*")) == []


def test_body_far_over_the_limit_is_413_before_parsing(client: TestClient) -> None:
    response = client.post(
        "/v1/articles", content=b"x" * 200_000, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert_problem(response.json(), 413, "body_too_large")


def test_unknown_ids_are_404_problems(client: TestClient) -> None:
    for path, code in [
        ("/v1/articles/nope", "article_not_found"),
        ("/v1/articles/nope/claims", "article_not_found"),
        ("/v1/claims/nope", "claim_not_found"),
        ("/v1/nothing-here", "not_found"),
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert_problem(response.json(), 404, code)


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_readiness_is_503_when_redis_is_unreachable() -> None:
    settings = Settings(feeds_dir=None, auth_enabled=False)
    unreachable = RedisStore.from_url("redis://127.0.0.1:1/0")
    with TestClient(create_app(settings, unreachable, dispatch=lambda _: None)) as test_client:
        response = test_client.get("/readyz")
    assert response.status_code == 503
    assert_problem(response.json(), 503, "store_unavailable")


def test_submission_when_redis_is_unreachable_is_503_with_retry_after() -> None:
    settings = Settings(feeds_dir=None, auth_enabled=False)
    unreachable = RedisStore.from_url("redis://127.0.0.1:1/0")
    with TestClient(create_app(settings, unreachable, dispatch=lambda _: None)) as test_client:
        response = test_client.post("/v1/articles", json={"text": "A sentence that is fine."})
    assert response.status_code == 503
    assert response.headers["retry-after"]


def test_processed_article_shows_claims_verdicts_and_counts(store: RedisStore) -> None:
    settings = Settings(feeds_dir=None, auth_enabled=False)
    index = EvidenceIndex()

    def run_inline(article_id: str) -> None:
        for claim_id in service.extract_article(store, article_id):
            service.check_claim(store, index, None, claim_id, service.VerifyConfig(5, 0.5, 0.75))

    with TestClient(create_app(settings, store, dispatch=run_inline)) as test_client:
        text = "The mayor of Leeds opened a new bridge on Monday. The bridge cost 40 million pounds."
        article_id = test_client.post("/v1/articles", json={"text": text}).json()["id"]
        article = test_client.get(f"/v1/articles/{article_id}").json()
        claims = test_client.get(f"/v1/articles/{article_id}/claims").json()
        one = test_client.get(f"/v1/claims/{claims['data'][0]['id']}").json()
    assert article["status"] == "done"
    assert article["claim_count"] == len(article["claims"]) == claims["count"] >= 2
    # No evidence at all: every claim is checked and found without information.
    assert article["counts"] == {"not_enough_info": article["claim_count"]}
    assert one["verdict"]["label"] == "not_enough_info"


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/v1/articles",
        "/v1/articles/{article_id}",
        "/v1/articles/{article_id}/claims",
        "/v1/claims/{claim_id}",
        "/healthz",
        "/readyz",
    } <= paths.keys()
    assert "413" in paths["/v1/articles"]["post"]["responses"]
