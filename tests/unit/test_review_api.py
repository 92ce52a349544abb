"""Reviewer workflow over the API with auth on: roles, leases, compare-and-set verdicts, matching, export."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import fakeredis
import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Article, Claim, Entity, Verdict, VerdictLabel
from schemas.review import ApiKey, Role


@dataclass
class Api:
    client: TestClient
    store: RedisStore
    keys: dict[str, str]
    rechecks: list[tuple[str, str]]

    def headers(self, who: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[who]}


@pytest.fixture
def api() -> Iterator[Api]:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    keys = {}
    for name, role in [
        ("sub", Role.submitter),
        ("rev1", Role.reviewer),
        ("rev2", Role.reviewer),
        ("adm", Role.admin),
    ]:
        key = new_api_key()
        store.create_api_key(ApiKey(id=name, name=name, role=role, key_hash=hash_api_key(key)))
        keys[name] = key
    rechecks: list[tuple[str, str]] = []
    settings = Settings(feeds_dir=None, auth_enabled=True, lease_ttl_s=60)
    app = create_app(settings, store, dispatch=lambda _: None, recheck=lambda c, t: rechecks.append((c, t)))
    with TestClient(app) as client:
        yield Api(client, store, keys, rechecks)


def stored_claim(
    store: RedisStore, text: str, label: VerdictLabel, entities: list[str] | None = None
) -> Claim:
    """An article with one checked claim, as the pipeline would leave it."""
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text=text, title="T"), None, "h")
    claim = Claim(
        id=uuid.uuid4().hex,
        article_id=article.id,
        ordinal=0,
        text=text,
        sentence=text,
        start=0,
        end=len(text),
        checkworthiness=0.8,
        entities=[Entity(text=e, label="GPE") for e in entities or []],
    )
    store.add_claims(article.id, [claim])
    store.record_verdict(claim.id, Verdict(label=label, confidence=0.55, best_guess=VerdictLabel.supported))
    return store.get_claim(claim.id)


def resolve(api: Api, claim: Claim, who: str = "rev1", label: str = "refuted") -> httpx.Response:
    etag = api.client.get(f"/v1/claims/{claim.id}", headers=api.headers(who)).headers.get("etag")
    headers = {**api.headers(who), "If-Match": etag or f'"claim-{claim.id}-v{claim.version}"'}
    return api.client.post(
        f"/v1/claims/{claim.id}/verdict",
        json={"label": label, "rationale": "the ministry denied it"},
        headers=headers,
    )


# -- authentication and roles -----------------------------------------------------------------------

ENDPOINTS = [
    ("POST", "/v1/articles", Role.submitter),
    ("GET", "/v1/articles/x", Role.submitter),
    ("GET", "/v1/articles/x/claims", Role.submitter),
    ("GET", "/v1/articles/x/claimreview", Role.submitter),
    ("GET", "/v1/claims/x", Role.submitter),
    ("GET", "/v1/claims/x/history", Role.submitter),
    ("GET", "/v1/claims/x/matches", Role.submitter),
    ("GET", "/v1/claims/x/claimreview", Role.submitter),
    ("GET", "/v1/feeds", Role.submitter),
    ("GET", "/v1/feeds/x", Role.submitter),
    ("POST", "/v1/feeds", Role.admin),
    ("DELETE", "/v1/feeds/x", Role.admin),
    ("POST", "/v1/feeds/x/poll", Role.admin),
    ("GET", "/v1/review/queue", Role.reviewer),
    ("POST", "/v1/review/claims/x/lease", Role.reviewer),
    ("DELETE", "/v1/review/claims/x/lease", Role.reviewer),
    ("POST", "/v1/claims/x/verdict", Role.reviewer),
    ("POST", "/v1/claims/x/flag", Role.reviewer),
    ("DELETE", "/v1/claims/x/match", Role.reviewer),
]
WHO_HAS = {Role.submitter: "sub", Role.reviewer: "rev1", Role.admin: "adm"}


@pytest.mark.parametrize(("method", "path", "needed"), ENDPOINTS)
def test_every_endpoint_checks_key_and_role(api: Api, method: str, path: str, needed: Role) -> None:
    missing = api.client.request(method, path)
    assert missing.status_code == 401 and missing.json()["code"] == "unauthenticated"
    assert "www-authenticate" in missing.headers
    unknown = api.client.request(method, path, headers={"X-API-Key": "cck_not-a-key"})
    assert unknown.status_code == 401
    for role, who in WHO_HAS.items():
        response = api.client.request(method, path, headers=api.headers(who))
        allowed = list(WHO_HAS).index(role) >= list(WHO_HAS).index(needed)
        if allowed:
            assert response.status_code not in {401, 403}, (who, response.json())
        else:
            assert response.status_code == 403 and response.json()["code"] == "forbidden", who


def test_bearer_token_works_and_revoked_key_does_not(api: Api) -> None:
    bearer = {"Authorization": f"Bearer {api.keys['sub']}"}
    assert api.client.get("/v1/feeds", headers=bearer).status_code == 200
    api.store.revoke_api_key("sub")
    assert api.client.get("/v1/feeds", headers=bearer).status_code == 401


def test_health_and_docs_need_no_key(api: Api) -> None:
    assert api.client.get("/healthz").status_code == 200
    assert api.client.get("/openapi.json").status_code == 200


def test_keys_are_stored_hashed(api: Api) -> None:
    raw = list(api.store.client.scan_iter("*"))
    dump = " ".join(str(api.store.client.dump(k)) for k in raw)
    assert all(key not in dump for key in api.keys.values())


# -- queue and leases -------------------------------------------------------------------------------


def test_undecided_claims_queue_by_priority_and_leased_ones_are_hidden(api: Api) -> None:
    first = stored_claim(api.store, "Officials in Kyiv said the bridge reopened.", VerdictLabel.needs_review)
    second = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    stored_claim(api.store, "The mayor resigned on Friday.", VerdictLabel.supported)  # decided: not queued
    queue = api.client.get("/v1/review/queue", headers=api.headers("rev1")).json()
    assert {item["claim"]["id"] for item in queue["data"]} == {first.id, second.id}
    assert queue["data"][0]["priority"] >= queue["data"][1]["priority"]
    assert (
        api.client.post(f"/v1/review/claims/{first.id}/lease", headers=api.headers("rev1")).status_code == 201
    )
    queue = api.client.get("/v1/review/queue", headers=api.headers("rev2")).json()
    assert [item["claim"]["id"] for item in queue["data"]] == [second.id]


def test_queue_pages_with_a_cursor_without_repeats(api: Api) -> None:
    ids = {
        stored_claim(api.store, f"Claim number {n} about Leeds.", VerdictLabel.needs_review).id
        for n in range(5)
    }
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/v1/review/queue", params=params, headers=api.headers("rev1")).json()
        seen += [item["claim"]["id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(ids)
    bad = api.client.get("/v1/review/queue", params={"cursor": "garbage"}, headers=api.headers("rev1"))
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_a_second_reviewer_cannot_lease_a_leased_claim(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    assert (
        api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev1")).status_code == 201
    )
    other = api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev2"))
    assert other.status_code == 409 and other.json()["code"] == "lease_held"
    # rev2 cannot release rev1's lease; rev1 can, and then rev2 gets it.
    assert (
        api.client.delete(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev2")).status_code
        == 409
    )
    assert (
        api.client.delete(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev1")).status_code
        == 204
    )
    assert (
        api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev2")).status_code == 201
    )


def test_decided_claims_cannot_be_leased_until_flagged(api: Api) -> None:
    claim = stored_claim(api.store, "The mayor resigned on Friday.", VerdictLabel.supported)
    refused = api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev1"))
    assert refused.status_code == 409 and refused.json()["code"] == "not_in_review_queue"
    flagged = api.client.post(
        f"/v1/claims/{claim.id}/flag", json={"reason": "source retracted"}, headers=api.headers("rev1")
    )
    assert flagged.status_code == 202
    queue = api.client.get("/v1/review/queue", headers=api.headers("rev1")).json()
    assert queue["data"][0]["reason"] == "flagged: source retracted"
    assert (
        api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev1")).status_code == 201
    )


# -- resolution -------------------------------------------------------------------------------------


def test_reviewer_resolves_a_claim_and_the_audit_trail_has_every_change(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    response = resolve(api, claim)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["verdict"]["label"] == "refuted" and body["verdict"]["decided_by"] == "human"
    assert body["verdict"]["reviewer"] == "rev1" and body["version"] == claim.version + 1
    history = api.client.get(f"/v1/claims/{claim.id}/history", headers=api.headers("sub")).json()["data"]
    assert [(h["from_label"], h["verdict"]["label"]) for h in history] == [
        (None, "needs_review"),
        ("needs_review", "refuted"),
    ]
    assert history[-1]["trigger"] == "reviewer rev1: the ministry denied it"
    queue = api.client.get("/v1/review/queue", headers=api.headers("rev1")).json()
    assert queue["count"] == 0


def test_stale_if_match_is_412_and_changes_nothing(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    stale = f'"claim-{claim.id}-v{claim.version}"'
    assert resolve(api, claim).status_code == 200
    again = api.client.post(
        f"/v1/claims/{claim.id}/verdict",
        json={"label": "supported", "rationale": "other view"},
        headers={**api.headers("rev2"), "If-Match": stale},
    )
    assert again.status_code == 412 and again.json()["code"] == "precondition_failed"
    verdict = api.store.get_claim(claim.id).verdict
    assert verdict is not None and verdict.label is VerdictLabel.refuted


def test_stale_version_field_is_409_and_missing_guard_is_428(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    body = {"label": "supported", "rationale": "confirmed", "version": claim.version - 1}
    stale = api.client.post(f"/v1/claims/{claim.id}/verdict", json=body, headers=api.headers("rev1"))
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    del body["version"]
    unguarded = api.client.post(f"/v1/claims/{claim.id}/verdict", json=body, headers=api.headers("rev1"))
    assert unguarded.status_code == 428


def test_resolving_a_claim_leased_by_someone_else_is_409(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev1"))
    body = {"label": "supported", "rationale": "confirmed", "version": claim.version}
    response = api.client.post(f"/v1/claims/{claim.id}/verdict", json=body, headers=api.headers("rev2"))
    assert response.status_code == 409 and response.json()["code"] == "lease_held"


def test_article_counts_follow_a_human_verdict(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    resolve(api, claim, label="supported")
    article = api.client.get(f"/v1/articles/{claim.article_id}", headers=api.headers("sub")).json()
    assert article["counts"] == {"supported": 1}


# -- matching -----------------------------------------------------------------------------------------


def test_a_paraphrase_reuses_a_human_verdict_and_an_unrelated_claim_does_not(api: Api) -> None:
    from claimcheck import service
    from claimcheck.review.match_index import MatchIndex, matched_verdict

    original = stored_claim(
        api.store,
        "The council in Leeds approved a budget of 40 million pounds for schools.",
        VerdictLabel.needs_review,
        ["Leeds"],
    )
    resolve(api, original, label="refuted")
    index = MatchIndex()
    service.refresh_matches(api.store, index)
    paraphrase = stored_claim(
        api.store,
        "A 40 million pound schools budget was approved by the Leeds council.",
        VerdictLabel.needs_review,
        ["Leeds"],
    )
    unrelated = stored_claim(
        api.store,
        "The council in Leeds closed two libraries in the city centre.",
        VerdictLabel.needs_review,
        ["Leeds"],
    )
    reused = matched_verdict(paraphrase, index, threshold=0.6, unlinked=set())
    assert reused is not None and reused.label is VerdictLabel.refuted
    assert reused.match is not None and reused.match.id == original.id and reused.match.kind == "claim"
    assert matched_verdict(unrelated, index, threshold=0.6, unlinked=set()) is None
    matches = api.client.get(f"/v1/claims/{paraphrase.id}/matches", headers=api.headers("sub")).json()
    assert matches["data"][0]["id"] == original.id and matches["data"][0]["score"] >= 0.6


def test_unlinking_a_match_sends_the_claim_to_review_and_queues_a_recheck(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    api.store.replace_verdict(
        claim.id,
        Verdict(
            label=VerdictLabel.refuted,
            confidence=0.9,
            match={"kind": "claim", "id": "prior", "text": "Forty ships", "score": 0.9},
        ),  # type: ignore[arg-type]
        "matched",
    )
    response = api.client.delete(f"/v1/claims/{claim.id}/match", headers=api.headers("rev1"))
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"]["label"] == "needs_review" and body["unlinked_matches"] == ["prior"]
    assert api.rechecks == [(claim.id, "match unlinked by rev1")]
    assert api.client.delete(f"/v1/claims/{claim.id}/match", headers=api.headers("rev1")).status_code == 409


# -- ClaimReview export -------------------------------------------------------------------------------


def test_claimreview_export_has_every_field_google_requires(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    undecided = api.client.get(f"/v1/claims/{claim.id}/claimreview", headers=api.headers("sub"))
    assert undecided.status_code == 409
    resolve(api, claim, label="refuted")
    response = api.client.get(f"/v1/claims/{claim.id}/claimreview", headers=api.headers("sub"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    review = response.json()
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"].endswith(f"/v1/claims/{claim.id}/claimreview")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["datePublished"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "False"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"]["name"] and item["datePublished"]
    assert item["appearance"]["@type"] == "CreativeWork"
    graph = api.client.get(f"/v1/articles/{claim.article_id}/claimreview", headers=api.headers("sub")).json()
    assert [r["claimReviewed"] for r in graph["@graph"]] == [claim.text]
