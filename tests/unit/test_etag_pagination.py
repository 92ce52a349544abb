"""Cheap polling: ETags and 304s on articles, claims and lists; opaque cursors that stay stable."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import fakeredis
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas.articles import Article
from schemas.claims import Verdict
from schemas.common import ArticleStatus, VerdictLabel
from tests.support.builders import numbered_claims

T0 = datetime(2025, 3, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


@pytest.fixture
def client(store: RedisStore) -> Iterator[TestClient]:
    app = create_app(Settings(feeds_dir=None, auth_enabled=False), store, dispatch=lambda _: None)
    with TestClient(app) as test_client:
        yield test_client


def new_article(
    store: RedisStore, created_at: datetime = T0, title: str = "A title", article_id: str = ""
) -> str:
    article = Article(
        id=article_id or uuid.uuid4().hex, text="Some text.", title=title, created_at=created_at
    )
    store.create_article(article, None, uuid.uuid4().hex)
    return article.id


def with_claims(store: RedisStore, article_id: str, count: int) -> list[str]:
    store.advance_status(article_id, ArticleStatus.extracting)
    claims = numbered_claims(article_id, count)
    return store.add_claims(article_id, claims)


def decide(store: RedisStore, claim_id: str, label: VerdictLabel) -> None:
    store.record_verdict(claim_id, Verdict(label=label, confidence=0.9))


def test_article_answers_304_until_a_verdict_changes_it(client: TestClient, store: RedisStore) -> None:
    article_id = new_article(store)
    claim_ids = with_claims(store, article_id, 2)
    first = client.get(f"/v1/articles/{article_id}")
    etag = first.headers["etag"]

    again = client.get(f"/v1/articles/{article_id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag

    decide(store, claim_ids[0], VerdictLabel.supported)
    changed = client.get(f"/v1/articles/{article_id}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["counts"] == {"supported": 1}
    # A list of tags, and weak forms of them, match too.
    assert (
        client.get(
            f"/v1/articles/{article_id}", headers={"If-None-Match": f'"x", W/{changed.headers["etag"]}'}
        ).status_code
        == 304
    )


def test_article_tag_moves_with_status_alone(client: TestClient, store: RedisStore) -> None:
    article_id = new_article(store)
    etag = client.get(f"/v1/articles/{article_id}").headers["etag"]
    store.advance_status(article_id, ArticleStatus.extracting)
    assert client.get(f"/v1/articles/{article_id}", headers={"If-None-Match": etag}).status_code == 200


def test_claim_tag_is_its_version(client: TestClient, store: RedisStore) -> None:
    claim_id = with_claims(store, new_article(store), 1)[0]
    first = client.get(f"/v1/claims/{claim_id}")
    assert first.headers["etag"] == '"v0"'
    assert client.get(f"/v1/claims/{claim_id}", headers={"If-None-Match": '"v0"'}).status_code == 304
    decide(store, claim_id, VerdictLabel.refuted)
    second = client.get(f"/v1/claims/{claim_id}", headers={"If-None-Match": '"v0"'})
    assert second.status_code == 200 and second.headers["etag"] == '"v1"'
    history = client.get(f"/v1/claims/{claim_id}/history")
    assert (
        client.get(
            f"/v1/claims/{claim_id}/history", headers={"If-None-Match": history.headers["etag"]}
        ).status_code
        == 304
    )


def test_claims_page_in_article_order_with_a_cursor(client: TestClient, store: RedisStore) -> None:
    article_id = new_article(store)
    with_claims(store, article_id, 5)
    seen: list[int] = []
    cursor = None
    for _ in range(5):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/v1/articles/{article_id}/claims", params=params).json()
        assert page["count"] == len(page["data"]) <= 2
        seen += [c["ordinal"] for c in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [0, 1, 2, 3, 4]
    # Without a limit the whole article fits one page, as before pagination.
    whole = client.get(f"/v1/articles/{article_id}/claims").json()
    assert whole["count"] == 5 and whole["next_cursor"] is None


def test_claims_filter_by_verdict_label(client: TestClient, store: RedisStore) -> None:
    article_id = new_article(store)
    ids = with_claims(store, article_id, 4)
    decide(store, ids[1], VerdictLabel.refuted)
    decide(store, ids[3], VerdictLabel.refuted)
    decide(store, ids[2], VerdictLabel.supported)
    first = client.get(f"/v1/articles/{article_id}/claims", params={"verdict": "refuted", "limit": 1}).json()
    second = client.get(
        f"/v1/articles/{article_id}/claims",
        params={"verdict": "refuted", "limit": 1, "cursor": first["next_cursor"]},
    ).json()
    assert [c["id"] for c in first["data"] + second["data"]] == [ids[1], ids[3]]
    assert second["next_cursor"] is None


def test_claims_list_answers_304_until_a_verdict_arrives(client: TestClient, store: RedisStore) -> None:
    article_id = new_article(store)
    ids = with_claims(store, article_id, 2)
    etag = client.get(f"/v1/articles/{article_id}/claims").headers["etag"]
    assert client.get(f"/v1/articles/{article_id}/claims", headers={"If-None-Match": etag}).status_code == 304
    decide(store, ids[0], VerdictLabel.supported)
    assert client.get(f"/v1/articles/{article_id}/claims", headers={"If-None-Match": etag}).status_code == 200


def test_article_list_is_newest_first_and_its_cursor_survives_new_arrivals(
    client: TestClient, store: RedisStore
) -> None:
    ids = [new_article(store, T0 + timedelta(minutes=i), title=f"article {i}") for i in range(5)]
    first = client.get("/v1/articles", params={"limit": 2}).json()
    assert [a["id"] for a in first["data"]] == [ids[4], ids[3]]

    new_article(store, T0 + timedelta(hours=1), title="newer")
    second = client.get("/v1/articles", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    third = client.get("/v1/articles", params={"limit": 2, "cursor": second["next_cursor"]}).json()
    assert [a["id"] for a in second["data"]] == [ids[2], ids[1]]
    assert [a["id"] for a in third["data"]] == [ids[0]] and third["next_cursor"] is None
    assert first["data"][0]["title"] == "article 4" and first["data"][0]["status"] == "queued"


def test_articles_created_at_the_same_instant_each_appear_once(client: TestClient, store: RedisStore) -> None:
    ids = {new_article(store, T0) for _ in range(5)}
    seen: list[str] = []
    cursor = None
    while True:
        page = client.get(
            "/v1/articles", params={"limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        seen += [a["id"] for a in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids)


def test_article_list_filters_by_status_verdict_and_time(client: TestClient, store: RedisStore) -> None:
    old = new_article(store, T0)
    done = new_article(store, T0 + timedelta(minutes=1))
    checking = new_article(store, T0 + timedelta(minutes=2))
    for article_id, label in ((old, VerdictLabel.refuted), (done, VerdictLabel.refuted)):
        decide(store, with_claims(store, article_id, 1)[0], label)
    decide(store, with_claims(store, checking, 2)[0], VerdictLabel.supported)

    def ids(**params: str) -> list[str]:
        return [a["id"] for a in client.get("/v1/articles", params=params).json()["data"]]

    assert ids(status="done") == [done, old]
    assert ids(status="checking") == [checking]
    assert ids(verdict="supported") == [checking]
    assert ids(verdict="refuted", since=(T0 + timedelta(seconds=30)).isoformat()) == [done]
    row = client.get("/v1/articles", params={"status": "checking"}).json()["data"][0]
    assert row["counts"] == {"supported": 1} and row["claim_count"] == 2


def test_article_list_answers_304_until_something_on_it_changes(
    client: TestClient, store: RedisStore
) -> None:
    article_id = new_article(store)
    ids = with_claims(store, article_id, 2)
    etag = client.get("/v1/articles").headers["etag"]
    assert client.get("/v1/articles", headers={"If-None-Match": etag}).status_code == 304
    decide(store, ids[0], VerdictLabel.supported)
    assert client.get("/v1/articles", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("cursor", ["not-a-cursor", "e30", "WyJjbGFpbXM6eCIsMV0"])
def test_a_cursor_not_issued_for_the_list_is_422(client: TestClient, store: RedisStore, cursor: str) -> None:
    article_id = new_article(store)
    for path in ("/v1/articles", f"/v1/articles/{article_id}/claims"):
        response = client.get(path, params={"cursor": cursor})
        assert response.status_code == 422, path
        assert response.json()["code"] == "invalid_request"
