"""The OpenAPI document tells clients the truth: security, response headers, and docs that work offline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import fakeredis
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.settings import Settings
from claimcheck.store import RedisStore

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def client() -> Iterator[TestClient]:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    app = create_app(Settings(feeds_dir=None), store, dispatch=lambda _: None, recheck=lambda _c, _t: None)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def schema(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_api_key_is_declared_as_security_once_not_as_a_header_on_every_operation(
    schema: dict[str, Any],
) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": schemes["ApiKey"]["description"],
    }
    assert schemes["Bearer"]["type"] == "http" and schemes["Bearer"]["scheme"] == "bearer"
    secured = {(p, m): op.get("security") for p, m, op in operations(schema)}
    assert secured[("/v1/articles", "post")] == [{"ApiKey": []}, {"Bearer": []}]
    assert secured[("/v1/review/queue", "get")] == [{"ApiKey": []}, {"Bearer": []}]
    assert secured[("/healthz", "get")] is None and secured[("/readyz", "get")] is None
    for path, method, operation in operations(schema):
        names = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
        assert not names & {"x-api-key", "authorization"}, (method, path)


def header_names(response: dict[str, Any]) -> set[str]:
    return set(response.get("headers", {}))


def test_location_etag_and_retry_after_are_documented_where_they_are_sent(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    assert "Location" in header_names(paths["/v1/articles"]["post"]["responses"]["202"])
    assert "Location" in header_names(paths["/v1/feeds"]["post"]["responses"]["201"])
    assert "Location" in header_names(paths["/v1/webhooks"]["post"]["responses"]["201"])
    for path in [
        "/v1/articles",
        "/v1/articles/{article_id}",
        "/v1/articles/{article_id}/claims",
        "/v1/claims/{claim_id}",
        "/v1/claims/{claim_id}/history",
    ]:
        responses = paths[path]["get"]["responses"]
        assert "ETag" in header_names(responses["200"]) and "ETag" in header_names(responses["304"]), path
    assert "ETag" in header_names(paths["/v1/claims/{claim_id}/verdict"]["post"]["responses"]["200"])
    limited = [
        (path, method, status, response)
        for path, method, operation in operations(schema)
        for status, response in operation["responses"].items()
        if status in {"429", "503"}
    ]
    assert {status for *_, status, _ in limited} == {"429", "503"}
    for path, method, status, response in limited:
        assert "Retry-After" in header_names(response), (method, path, status)
    # Documented headers do not displace the body schema of the same response
    assert "$ref" in str(paths["/v1/claims/{claim_id}"]["get"]["responses"]["200"]["content"])


def test_the_lease_token_is_not_asked_for_by_release(schema: dict[str, Any]) -> None:
    release = schema["paths"]["/v1/review/claims/{claim_id}/lease"]["delete"]
    assert [p["name"] for p in release.get("parameters", [])] == ["claim_id"]
    assert "requestBody" not in release
    token = schema["components"]["schemas"]["Lease"]["properties"]["token"]["description"]
    assert "present it" not in token.lower() and "no token" in token.lower()


def test_a_review_queue_cursor_error_is_documented_as_422_like_every_list(schema: dict[str, Any]) -> None:
    queue = schema["paths"]["/v1/review/queue"]["get"]["responses"]
    assert "422" in queue and "400" not in queue


ASSET = re.compile(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"')


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_load_every_asset_from_the_api_itself(client: TestClient, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    assets = ASSET.findall(html.text)
    assert assets and all(asset.startswith("/") and not asset.startswith("//") for asset in assets), assets
    assert "fonts.googleapis" not in html.text
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
