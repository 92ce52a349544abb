"""Abuse limits of the API: rate limit (429), JSON-only bodies (415), body cap (413), unknown fields (422)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import fakeredis
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.surrogates import lone_surrogate_at
from claimcheck.settings import Settings
from claimcheck.store import RedisStore

PROBLEM_JSON = "application/problem+json"
ARTICLE = {"text": "The council approved the budget on Monday."}


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


def app_client(store: RedisStore, client_addr: str = "203.0.113.7", **settings: Any) -> TestClient:
    defaults: dict[str, Any] = {"feeds_dir": None, "auth_enabled": False, "max_article_bytes": 2_000}
    config = Settings(**{**defaults, **settings})
    app = create_app(config, store, dispatch=lambda _: None, recheck=lambda _c, _t: None)
    return TestClient(app, raise_server_exceptions=False, client=(client_addr, 50000))


@pytest.fixture
def client(store: RedisStore) -> Iterator[TestClient]:
    with app_client(store, rate_limit_requests=1000) as test_client:
        yield test_client


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["code"] == code
    assert {"type", "title", "detail"} <= body.keys()
    return body


def article_keys(store: RedisStore) -> list[str]:
    return [k for k in store.client.scan_iter("*") if ":ratelimit:" not in k]


# -- rate limit --------------------------------------------------------------------------------------


def test_requests_past_the_limit_are_429_with_retry_after(store: RedisStore) -> None:
    with app_client(store, rate_limit_requests=3, rate_limit_window_s=60) as client:
        answers = [client.get("/v1/articles") for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert_problem(answers[3], 429, "rate_limited")
    assert 1 <= int(answers[3].headers["retry-after"]) <= 60


def test_each_api_key_has_its_own_budget(store: RedisStore) -> None:
    with app_client(store, rate_limit_requests=2) as client:
        for _ in range(2):
            assert client.get("/v1/articles", headers={"X-API-Key": "cck_first"}).status_code == 200
        over = client.get("/v1/articles", headers={"Authorization": "Bearer cck_first"})
        other = client.get("/v1/articles", headers={"X-API-Key": "cck_second"})
        anonymous = client.get("/v1/articles")
    assert_problem(over, 429, "rate_limited")
    assert other.status_code == 200 and anonymous.status_code == 200


def test_clients_without_a_key_are_counted_by_address(store: RedisStore) -> None:
    with app_client(store, "198.51.100.1", rate_limit_requests=1) as first:
        assert first.get("/v1/articles").status_code == 200
        assert_problem(first.get("/v1/articles"), 429, "rate_limited")
    with app_client(store, "198.51.100.2", rate_limit_requests=1) as second:
        assert second.get("/v1/articles").status_code == 200


def test_the_api_key_itself_is_never_written_to_redis(store: RedisStore) -> None:
    with app_client(store, rate_limit_requests=5) as client:
        client.get("/v1/articles", headers={"X-API-Key": "cck_secret-value"})
    assert not any("cck_secret-value" in key for key in store.client.scan_iter("*"))


def test_the_budget_comes_back_in_the_next_window(store: RedisStore, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_040.0]  # 20 s into the window [1_000_020, 1_000_080)
    monkeypatch.setattr("api.ratelimit.time", SimpleNamespace(time=lambda: now[0]))
    with app_client(store, rate_limit_requests=1, rate_limit_window_s=60) as client:
        assert client.get("/v1/articles").status_code == 200
        refused = client.get("/v1/articles")
        now[0] += 40.0  # the next window
        again = client.get("/v1/articles")
    assert_problem(refused, 429, "rate_limited")
    assert refused.headers["retry-after"] == "40"
    assert again.status_code == 200


def test_probes_are_never_limited(store: RedisStore) -> None:
    with app_client(store, rate_limit_requests=1) as client:
        answers = [client.get(path).status_code for path in ["/healthz", "/readyz", "/metrics"] * 3]
    assert answers == [200] * 9


def test_zero_switches_the_limit_off(store: RedisStore) -> None:
    with app_client(store, rate_limit_requests=0) as client:
        assert {client.get("/v1/articles").status_code for _ in range(20)} == {200}
    assert list(store.client.scan_iter("*:ratelimit:*")) == []


def test_the_limit_fails_open_when_redis_is_down_and_the_route_answers_503() -> None:
    server = fakeredis.FakeServer()
    down = RedisStore(fakeredis.FakeRedis(server=server, decode_responses=True))
    server.connected = False
    with app_client(down, rate_limit_requests=1) as client:
        answers = [client.post("/v1/articles", json=ARTICLE) for _ in range(3)]
    for answer in answers:
        assert_problem(answer, 503, "store_unavailable")
        assert answer.headers["retry-after"]


# -- media types ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"text=The council approved the budget.", "application/x-www-form-urlencoded"),
        (b"The council approved the budget.", "text/plain"),
        (b'{"text": "The council approved the budget."}', "text/json"),
        (b'<article text="The council approved the budget."/>', "application/xml"),
        (b'{"text": "The council approved the budget."}', None),
    ],
)
def test_a_body_that_is_not_json_is_415_and_stores_nothing(
    client: TestClient, store: RedisStore, content: bytes, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/articles", content=content, headers=headers)
    assert_problem(response, 415, "unsupported_media_type")
    assert article_keys(store) == []


@pytest.mark.parametrize(
    "path", ["/v1/feeds", "/v1/webhooks", "/v1/claims/nope/verdict", "/v1/claims/nope/flag"]
)
def test_every_post_body_must_be_json(client: TestClient, path: str) -> None:
    response = client.post(path, content=b"reason=spam", headers={"content-type": "multipart/form-data"})
    assert_problem(response, 415, "unsupported_media_type")


def test_a_delete_with_a_non_json_body_is_415(client: TestClient) -> None:
    response = client.request(
        "DELETE", "/v1/feeds/nope", content=b"please", headers={"content-type": "text/plain"}
    )
    assert_problem(response, 415, "unsupported_media_type")


def test_json_with_parameters_or_a_json_suffix_is_accepted(client: TestClient) -> None:
    for content_type in ["application/json; charset=utf-8", "application/merge-patch+json"]:
        response = client.post(
            "/v1/articles", content=b'{"text": "The council met."}', headers={"content-type": content_type}
        )
        assert response.status_code == 202, (content_type, response.text)


def test_bodiless_posts_and_deletes_need_no_content_type(client: TestClient) -> None:
    # No body, so nothing to refuse: the route answers (here: the feed does not exist).
    assert_problem(client.post("/v1/feeds/nope/poll"), 404, "feed_not_found")
    assert_problem(client.delete("/v1/feeds/nope"), 404, "feed_not_found")


# -- body cap and unknown fields --------------------------------------------------------------------


def test_an_oversized_body_is_413_problem_even_without_a_declared_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 4096
        yield b'"}'

    response = client.post("/v1/articles", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(response, 413, "body_too_large")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/articles", {**ARTICLE, "priority": "urgent"}),
        ("/v1/feeds", {"url": "https://example.org/feed.xml", "name": "Example", "owner": "me"}),
        ("/v1/webhooks", {"url": "https://example.org/hook", "secret": "mine"}),
        ("/v1/claims/nope/verdict", {"label": "supported", "rationale": "seen it", "reviewer": "me"}),
        ("/v1/claims/nope/flag", {"reason": "looks wrong", "severity": 3}),
    ],
)
def test_unknown_fields_in_any_body_are_422(client: TestClient, path: str, body: dict[str, Any]) -> None:
    problem = assert_problem(client.post(path, json=body), 422, "invalid_request")
    assert any(error["type"] == "extra_forbidden" for error in problem["errors"])


def test_unknown_fields_inside_a_citation_are_422(client: TestClient) -> None:
    citation = {
        "feed": "Wire",
        "url": None,
        "title": "Budget",
        "published": None,
        "passage": "The council approved the budget.",
        "start": 0,
        "end": 31,
        "entry_id": "e1",
        "stance": "supports",
        "score": 0.9,
        "trusted": True,
    }
    body = {"label": "supported", "rationale": "seen it", "citations": [citation], "version": 0}
    assert_problem(client.post("/v1/claims/nope/verdict", json=body), 422, "invalid_request")


def test_a_json_body_that_is_not_utf8_is_422_malformed_json(client: TestClient) -> None:
    response = client.post(
        "/v1/claims/nope/flag", content=b"sV%\xff\xfe", headers={"content-type": "application/json"}
    )
    assert_problem(response, 422, "malformed_json")


DEEP = b"[" * 20_000 + b"]" * 20_000


def test_json_nested_deeper_than_the_parser_allows_is_422_malformed_json(
    client: TestClient, store: RedisStore
) -> None:
    body = b'{"text": ' + DEEP + b"}"
    response = client.post("/v1/articles", content=body, headers={"content-type": "application/json"})
    assert_problem(response, 422, "malformed_json")
    assert article_keys(store) == []


def test_a_deeply_nested_body_to_a_route_that_takes_none_is_ignored_not_an_error(client: TestClient) -> None:
    # With a surrogate escape in it, the surrogate check decodes the body though the route reads none.
    body = b'{"note": "\\ud800", "more": ' + DEEP + b"}"
    response = client.post("/v1/feeds/nope/poll", content=body, headers={"content-type": "application/json"})
    assert_problem(response, 404, "feed_not_found")


# -- lone surrogates --------------------------------------------------------------------------------

# Raw JSON: the `\ud800` escapes below reach the server as written, six characters each.
LONE_SURROGATE_BODIES = [
    ("/v1/articles", rb'{"text": "\ud800"}', ["body", "text"]),
    ("/v1/articles", rb'{"text": "Budget \udfff approved."}', ["body", "text"]),
    ("/v1/articles", rb'{"text": "ok", "title": "\ud800"}', ["body", "title"]),
    ("/v1/articles", rb'{"text": "ok", "source": "Wire \ud83d"}', ["body", "source"]),
    ("/v1/articles", rb'{"text": "ok", "\udc00": "x"}', ["body"]),
    ("/v1/feeds", rb'{"url": "https://example.org/feed.xml", "name": "\ud800"}', ["body", "name"]),
    ("/v1/webhooks", rb'{"url": "https://example.org/hook", "events": ["\ud800"]}', ["body", "events", 0]),
    ("/v1/claims/nope/flag", rb'{"reason": "\ude00"}', ["body", "reason"]),
    ("/v1/claims/nope/verdict", rb'{"label": "supported", "rationale": "\ud800"}', ["body", "rationale"]),
]


@pytest.mark.parametrize(("path", "body", "loc"), LONE_SURROGATE_BODIES)
def test_a_lone_surrogate_anywhere_in_a_body_is_422_and_stores_nothing(
    client: TestClient, store: RedisStore, path: str, body: bytes, loc: list[object]
) -> None:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    problem = assert_problem(response, 422, "invalid_request")
    assert [(e["loc"], e["type"]) for e in problem["errors"]] == [(loc, "string_unicode")]
    assert article_keys(store) == []


@pytest.mark.parametrize(
    "text",
    [
        rb"Budget up \ud83d\ude00",  # a surrogate pair escaped: one emoji
        rb"a path C:\\ud800",  # an escaped backslash, then the letters ud800
    ],
)
def test_surrogate_pairs_and_escaped_backslashes_are_ordinary_text(client: TestClient, text: bytes) -> None:
    body = b'{"text": "' + text + b'"}'
    response = client.post("/v1/articles", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 202, response.text


def test_lone_surrogates_are_found_however_deep_they_nest() -> None:
    value: Any = "\ud800"
    for _ in range(5_000):
        value = {"items": [value]}
    assert lone_surrogate_at(value) == ("items", 0) * 5_000
