"""Stats, webhooks management, /metrics, the status page and the SSE endpoints' refusals, over fakeredis."""

from __future__ import annotations

import re
from collections.abc import Iterator

import fakeredis
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError

from api.main import create_app
from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas.articles import Article
from schemas.common import VerdictLabel
from schemas.review import ApiKey, Role
from tests.support.builders import article_with_verdicts as build_article


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


def client_for(store: RedisStore, **settings: object) -> TestClient:
    options: dict[str, object] = {"feeds_dir": None, "auth_enabled": False, **settings}
    return TestClient(create_app(Settings(**options), store, dispatch=lambda _: None))  # type: ignore[arg-type]


@pytest.fixture
def client(store: RedisStore) -> Iterator[TestClient]:
    with client_for(store) as test_client:
        yield test_client


def article_with_verdicts(store: RedisStore, labels: list[VerdictLabel], title: str = "T") -> str:
    return build_article(store, labels, title=title, confidence=0.2)


def test_stats_count_articles_queue_and_review_backlog(client: TestClient, store: RedisStore) -> None:
    article_with_verdicts(store, [VerdictLabel.needs_review, VerdictLabel.supported])
    store.create_article(Article(id="queued-one", text="Later."), None, "h")
    store.client.rpush("claimcheck", "m1", "m2", "m3")  # three messages waiting for a worker
    stats = client.get("/v1/stats").json()
    assert stats["articles_total"] == 2
    assert stats["articles"] == {"done": 1, "queued": 1}
    assert stats["queue_depth"] == 3
    assert stats["review_backlog"] == 1
    assert stats["feeds"] == {"total": 0, "ok": 0, "failing": 0, "never_polled": 0, "failing_feeds": []}


def test_a_webhook_to_a_private_address_is_refused_without_an_allowlist(client: TestClient) -> None:
    for url in (
        "http://127.0.0.1:9000/hook",
        "http://10.0.0.5/hook",
        "http://[::1]/x",
        "ftp://example.org/x",
    ):
        response = client.post("/v1/webhooks", json={"url": url})
        assert response.status_code == 422, url
    assert client.get("/v1/webhooks").json() == {"data": [], "count": 0}


def test_the_secret_is_shown_once_and_the_subscription_can_be_removed(store: RedisStore) -> None:
    with client_for(store, feed_allow_networks=["127.0.0.1/32"]) as client:
        created = client.post(
            "/v1/webhooks", json={"url": "http://127.0.0.1:9000/hook", "events": ["article.done"]}
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["secret"].startswith("whsec_") and body["events"] == ["article.done"]
        assert created.headers["location"] == f"/v1/webhooks/{body['id']}"
        listed = client.get("/v1/webhooks").json()["data"]
        assert [w["id"] for w in listed] == [body["id"]] and "secret" not in listed[0]
        assert "secret" not in client.get(f"/v1/webhooks/{body['id']}").json()
        assert client.get(f"/v1/webhooks/{body['id']}/deliveries").json() == {"data": [], "count": 0}
        assert client.delete(f"/v1/webhooks/{body['id']}").status_code == 204
        gone = client.get(f"/v1/webhooks/{body['id']}/deliveries")
        assert gone.status_code == 404 and gone.json()["code"] == "webhook_not_found"
        assert client.delete(f"/v1/webhooks/{body['id']}").status_code == 404


def test_unknown_event_types_are_422(store: RedisStore) -> None:
    with client_for(store, feed_allow_networks=["127.0.0.1/32"]) as client:
        response = client.post(
            "/v1/webhooks", json={"url": "http://127.0.0.1:9/h", "events": ["article.eaten"]}
        )
    assert response.status_code == 422


def test_metrics_count_requests_by_route_template(client: TestClient, store: RedisStore) -> None:
    article_id = article_with_verdicts(store, [VerdictLabel.supported])
    for _ in range(3):
        client.get(f"/v1/articles/{article_id}")
    client.get("/v1/articles/no-such-article")
    client.get("/no/such/path")
    families = {f.name: f for f in text_string_to_metric_families(client.get("/metrics").text)}
    requests = {
        (s.labels["route"], s.labels["status"]): s.value
        for s in families["claimcheck_http_requests"].samples
        if s.name.endswith("_total")
    }
    assert requests[("/v1/articles/{article_id}", "200")] == 3
    assert requests[("/v1/articles/{article_id}", "404")] == 1
    assert requests[("<unmatched>", "404")] == 1
    assert families["claimcheck_store_up"].samples[0].value == 1
    assert {
        "claimcheck_queue_depth",
        "claimcheck_review_backlog",
        "claimcheck_task_duration_seconds",
    } <= families.keys()


def test_status_page_lists_articles_with_verdict_bars(client: TestClient, store: RedisStore) -> None:
    article_id = article_with_verdicts(
        store, [VerdictLabel.supported, VerdictLabel.refuted], title="<b>Budget</b>"
    )
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'data-article-id="{article_id}" data-status="done"' in page.text
    assert "&lt;b&gt;Budget&lt;/b&gt;" in page.text and "<b>Budget</b>" not in page.text
    assert 'class="supported"' in page.text and 'class="refuted"' in page.text
    assert 'data-refresh-ms="3000"' in page.text


def test_status_page_shows_no_data_when_a_key_is_needed(store: RedisStore) -> None:
    article_with_verdicts(store, [VerdictLabel.supported], title="Secret plans")
    with client_for(store, auth_enabled=True) as client:
        page = client.get("/")
    assert page.status_code == 200 and "Secret plans" not in page.text and 'data-auth="on"' in page.text


def tile(page: str, name: str) -> str:
    """The server-rendered value of one tile of the status page."""
    found = re.search(rf'<div class="tile" data-tile="{name}">.*?<div class="value">(.*?)</div>', page)
    assert found, f"no {name} tile in the page"
    return found.group(1)


def stored_key(store: RedisStore, role: Role = Role.submitter) -> str:
    key = new_api_key()
    store.create_api_key(ApiKey(id="k1", name="dashboard", role=role, key_hash=hash_api_key(key)))
    return key


def test_status_page_shows_health_and_queue_depth_without_a_key_and_says_what_needs_one(
    store: RedisStore,
) -> None:
    article_with_verdicts(store, [VerdictLabel.supported], title="Secret plans")
    store.client.rpush("claimcheck.check", "m1", "m2")  # two messages wait for a worker
    with client_for(store, auth_enabled=True) as client:
        page = client.get("/").text
    assert tile(page, "health") == "ready" and tile(page, "queue-depth") == "2"
    assert 'data-tile="articles"' not in page and "Secret plans" not in page
    assert "An API key is needed" in page
    assert "HTTP 401" not in page and "/v1/stats" not in page  # the page fetches nothing that needs a key


def test_status_page_shows_everything_to_a_browser_that_presents_a_key(store: RedisStore) -> None:
    article_id = article_with_verdicts(store, [VerdictLabel.refuted], title="Open plans")
    key = stored_key(store)
    with client_for(store, auth_enabled=True) as client:
        by_header = client.get("/", headers={"X-API-Key": key}).text
        by_bearer = client.get("/", headers={"Authorization": f"Bearer {key}"}).text
    for page in (by_header, by_bearer):
        assert f'data-article-id="{article_id}" data-status="done"' in page and "Open plans" in page
        assert tile(page, "articles") == "1" and "An API key is needed" not in page


def test_status_page_says_so_when_the_key_is_refused(store: RedisStore) -> None:
    article_with_verdicts(store, [VerdictLabel.supported], title="Secret plans")
    with client_for(store, auth_enabled=True) as client:
        page = client.get("/", headers={"X-API-Key": "cck_not-a-key"})
    assert page.status_code == 200 and "Secret plans" not in page.text
    assert "refused" in page.text and tile(page.text, "health") == "ready"


def test_status_page_reports_redis_down_instead_of_failing() -> None:
    with client_for(RedisStore.from_url("redis://127.0.0.1:1/0")) as client:
        page = client.get("/")
    assert page.status_code == 200 and tile(page.text, "health") == "Redis unreachable"


def test_events_of_an_unknown_article_are_404(client: TestClient) -> None:
    response = client.get("/v1/articles/nope/events")
    assert response.status_code == 404 and response.json()["code"] == "article_not_found"


def test_a_last_event_id_that_is_not_a_stream_id_is_422(client: TestClient) -> None:
    response = client.get("/v1/events", headers={"Last-Event-ID": "yesterday"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_webhooks_stats_and_events_need_a_key_when_auth_is_on(store: RedisStore) -> None:
    with client_for(store, auth_enabled=True) as client:
        for method, path in [
            ("POST", "/v1/webhooks"),
            ("GET", "/v1/webhooks"),
            ("GET", "/v1/stats"),
            ("GET", "/v1/events"),
            ("GET", "/v1/articles"),
        ]:
            assert client.request(method, path, json={}).status_code == 401, path
        # Scrapers and the page shell need no key; the page's data does.
        assert client.get("/metrics").status_code == 200
        assert client.get("/").status_code == 200


# -- CORS ---------------------------------------------------------------------------------------------

CMS = "https://cms.example.org"
PREFLIGHT = {
    "Origin": CMS,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "x-api-key",
}


def test_cors_is_off_by_default(client: TestClient) -> None:
    assert client.options("/v1/articles", headers=PREFLIGHT).status_code == 405
    response = client.get("/v1/stats", headers={"Origin": CMS})
    assert "access-control-allow-origin" not in response.headers


def test_an_allowed_origin_may_call_the_api_from_a_browser(store: RedisStore) -> None:
    with client_for(store, auth_enabled=True, cors_allow_origins=[CMS]) as client:
        preflight = client.options("/v1/articles", headers=PREFLIGHT)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == CMS
        assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
        assert "POST" in preflight.headers["access-control-allow-methods"]
        # An error is readable too, and so are the headers a client acts on
        refused = client.post("/v1/articles", json={"text": "x"}, headers={"Origin": CMS})
        assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == CMS
        exposed = {h.strip().lower() for h in refused.headers["access-control-expose-headers"].split(",")}
        assert {"location", "etag", "retry-after"} <= exposed


def test_an_origin_not_on_the_list_gets_no_cors_headers(store: RedisStore) -> None:
    with client_for(store, cors_allow_origins=[CMS]) as client:
        preflight = client.options("/v1/articles", headers={**PREFLIGHT, "Origin": "https://evil.example"})
        assert preflight.status_code == 400
        response = client.get("/v1/stats", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    "origin", ["https://cms.example.org/", "cms.example.org", "https://cms.example.org/path"]
)
def test_a_cors_origin_must_be_a_bare_origin(origin: str) -> None:
    with pytest.raises(ValidationError, match="origin"):
        Settings(cors_allow_origins=[origin])
