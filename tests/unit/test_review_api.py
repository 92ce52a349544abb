"""Reviewer workflow over the API with auth on: roles, leases, compare-and-set verdicts, matching, export."""

from __future__ import annotations

import json
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
from tests.support.builders import numbered_claims


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


def paged_queue(api: Api, limit: int, max_pages: int = 20) -> list[str]:
    """Claim ids of the review queue as a reviewer reads them, page by page with the cursor."""
    seen: list[str] = []
    cursor = None
    for _ in range(max_pages):
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/v1/review/queue", params=params, headers=api.headers("rev1")).json()
        seen += [item["claim"]["id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError(f"the queue was still paging after {max_pages} pages")


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
    ("POST", "/v1/keys", Role.admin),
    ("GET", "/v1/keys", Role.admin),
    ("DELETE", "/v1/keys/x", Role.admin),
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


def test_an_admin_creates_a_key_that_works_at_once(api: Api) -> None:
    created = api.client.post(
        "/v1/keys", json={"name": "cms", "role": "submitter"}, headers=api.headers("adm")
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["name"] == "cms" and body["role"] == "submitter" and body["key"].startswith("cck_")
    assert api.client.get("/v1/feeds", headers={"X-API-Key": body["key"]}).status_code == 200
    listed = api.client.get("/v1/keys", headers=api.headers("adm")).json()["data"]
    assert "cms" in {k["name"] for k in listed} and all(
        "key" not in k and "key_hash" not in k for k in listed
    )
    revoked = api.client.delete(f"/v1/keys/{body['id']}", headers=api.headers("adm"))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert api.client.get("/v1/feeds", headers={"X-API-Key": body["key"]}).status_code == 401


def test_creating_a_key_with_a_taken_name_is_a_409_problem(api: Api) -> None:
    # Reviewers are told apart by their key; a second "rev1" would read as the same person in the audit trail.
    response = api.client.post(
        "/v1/keys", json={"name": "rev1", "role": "reviewer"}, headers=api.headers("adm")
    )
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "api_key_name_taken" and response.json()["api_key_id"] == "rev1"
    assert [k.name for k in api.store.list_api_keys()].count("rev1") == 1


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
    assert sorted(paged_queue(api, limit=2)) == sorted(ids)


@pytest.mark.parametrize(
    "cursor", ["garbage", "WyJhcnRpY2xlcyIsMS4wLCJ4Il0"]
)  # the second is an articles cursor
def test_a_cursor_the_queue_did_not_issue_is_422_as_on_every_list(api: Api, cursor: str) -> None:
    bad = api.client.get("/v1/review/queue", params={"cursor": cursor}, headers=api.headers("rev1"))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
    assert bad.json()["errors"][0]["loc"] == ["query", "cursor"]


def test_queue_pages_list_each_claim_once_when_priorities_tie(api: Api) -> None:
    # Given a backlog of 15 claims of one article, so every priority ties
    article, _ = api.store.create_article(Article(id=uuid.uuid4().hex, text="x", title="T"), None, "h")
    claims = numbered_claims(article.id, 15)
    api.store.add_claims(article.id, claims)
    for claim in claims:
        api.store.record_verdict(claim.id, Verdict(label=VerdictLabel.needs_review, confidence=0.5))
    ids = sorted(c.id for c in claims)
    # Then one big page holds each claim once, and so do pages of four
    whole = api.client.get("/v1/review/queue", params={"limit": 200}, headers=api.headers("rev1")).json()
    assert sorted(item["claim"]["id"] for item in whole["data"]) == ids and whole["next_cursor"] is None
    assert sorted(paged_queue(api, limit=4)) == ids


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


def test_a_lease_names_the_key_that_holds_it(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    lease = api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=api.headers("rev1")).json()
    assert lease["reviewer"] == "rev1" and lease["reviewer_key_id"] == "rev1"


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


def test_every_reviewer_action_is_in_the_claim_history(api: Api) -> None:
    # Given a decided claim
    claim = stored_claim(api.store, "The mayor resigned on Friday.", VerdictLabel.supported)
    history_url = f"/v1/claims/{claim.id}/history"
    etag = api.client.get(history_url, headers=api.headers("sub")).headers["etag"]
    # When rev1 flags it, leases it, gives it back, leases it again and decides it
    rev1 = api.headers("rev1")
    assert (
        api.client.post(f"/v1/claims/{claim.id}/flag", json={"reason": "retracted"}, headers=rev1).status_code
        == 202
    )
    # (a flag changes the history, so its tag moves although the claim version does not)
    assert (
        api.client.get(history_url, headers={**api.headers("sub"), "If-None-Match": etag}).status_code == 200
    )
    assert api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=rev1).status_code == 201
    assert api.client.delete(f"/v1/review/claims/{claim.id}/lease", headers=rev1).status_code == 204
    assert api.client.post(f"/v1/review/claims/{claim.id}/lease", headers=rev1).status_code == 201
    assert resolve(api, claim).status_code == 200
    # Then each action is in the history, with the key that did it
    history = api.client.get(history_url, headers=api.headers("sub")).json()["data"]
    assert [h["action"] for h in history] == ["verdict", "flag", "lease", "release", "lease", "verdict"]
    assert [h["reviewer_key_id"] for h in history] == [None, "rev1", "rev1", "rev1", "rev1", "rev1"]
    assert history[1]["verdict"] is None and history[1]["trigger"] == "reviewer rev1 flagged: retracted"
    assert history[-1]["verdict"]["reviewer_key_id"] == "rev1"


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


# -- citations --------------------------------------------------------------------------------------

ENTRY_CITATION = {
    "feed": "Wire",
    "url": "https://wire.example.org/ports",
    "title": "Port figures",
    "published": None,
    "passage": "The port handled 12 ships in May.",
    "start": 10,
    "end": 43,
    "entry_id": "e1",
    "stance": "refutes",
    "score": 0.9,
}
SOURCE_CITATION = {
    "kind": "source",
    "url": "https://stats.example.gov/ports/2025-05",
    "title": "Port statistics, May 2025",
    "quote": "Vessel arrivals: 12",
    "accessed_at": "2025-06-01T09:30:00Z",
}


def resolve_citing(api: Api, claim: Claim, citations: list[dict[str, object]]) -> httpx.Response:
    body = {"label": "refuted", "rationale": "the port authority's figures", "citations": citations}
    return api.client.post(
        f"/v1/claims/{claim.id}/verdict", json={**body, "version": claim.version}, headers=api.headers("rev1")
    )


def test_a_reviewer_may_cite_a_source_outside_the_feeds_beside_a_stored_entry(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    response = resolve_citing(api, claim, [SOURCE_CITATION, ENTRY_CITATION])
    assert response.status_code == 200, response.json()
    source, entry = api.client.get(f"/v1/claims/{claim.id}", headers=api.headers("sub")).json()["verdict"][
        "citations"
    ]
    assert source == {**SOURCE_CITATION, "accessed_at": "2025-06-01T09:30:00Z"}
    assert entry == {"kind": "entry", **ENTRY_CITATION, "text_source": None}


def test_a_source_citation_without_its_kind_is_still_a_source(api: Api) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    untagged = {k: v for k, v in SOURCE_CITATION.items() if k != "kind"}
    response = resolve_citing(api, claim, [untagged])
    assert response.status_code == 200, response.json()
    assert response.json()["verdict"]["citations"][0]["kind"] == "source"


INVALID_CITATIONS = {
    "entry with a javascript: URL": {**ENTRY_CITATION, "url": "javascript:alert(1)"},
    "entry with a data: URL": {**ENTRY_CITATION, "url": "data:text/html,<script>alert(1)</script>"},
    "entry with start after end": {**ENTRY_CITATION, "start": 43, "end": 10},
    "entry with a negative score": {**ENTRY_CITATION, "score": -5},
    "entry with a score above 1": {**ENTRY_CITATION, "score": 1.5},
    "entry with an empty entry id": {**ENTRY_CITATION, "entry_id": ""},
    "source with a javascript: URL": {**SOURCE_CITATION, "url": "javascript:alert(1)"},
    "source with a URL hidden behind whitespace": {
        **SOURCE_CITATION,
        "url": "https://x.example/\njavascript:1",
    },
    "source with an ftp URL": {**SOURCE_CITATION, "url": "ftp://files.example.org/ports.csv"},
    "source with a relative URL": {**SOURCE_CITATION, "url": "/ports/2025-05"},
    "source with no host": {**SOURCE_CITATION, "url": "https:///ports"},
    "source with no access time": {k: v for k, v in SOURCE_CITATION.items() if k != "accessed_at"},
    "source with a local access time": {**SOURCE_CITATION, "accessed_at": "2025-06-01T09:30:00"},
    "source with an empty title": {**SOURCE_CITATION, "title": ""},
    "citation of an unknown kind": {**SOURCE_CITATION, "kind": "rumour"},
}


@pytest.mark.parametrize("citation", INVALID_CITATIONS.values(), ids=INVALID_CITATIONS.keys())
def test_an_invalid_citation_is_a_422_problem_and_changes_nothing(
    api: Api, citation: dict[str, object]
) -> None:
    claim = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    response = resolve_citing(api, claim, [ENTRY_CITATION, citation])
    assert response.status_code == 422, response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_request"
    assert all(error["loc"][:3] == ["body", "citations", 1] for error in response.json()["errors"])
    assert api.store.get_claim(claim.id) == claim


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
    last = api.client.get(f"/v1/claims/{claim.id}/history", headers=api.headers("sub")).json()["data"][-1]
    assert last["action"] == "unlink" and last["reviewer_key_id"] == "rev1"
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


def test_claimreview_export_publishes_only_verdicts_a_person_gave(api: Api) -> None:
    # Given one claim the machine decided and one a reviewer resolved, in one article each
    machine = stored_claim(api.store, "The mayor resigned on Friday.", VerdictLabel.supported)
    reviewed = stored_claim(api.store, "The port handled 40 ships in May.", VerdictLabel.needs_review)
    assert resolve(api, reviewed, label="refuted").status_code == 200
    sub = api.headers("sub")
    # Then the machine's verdict is no ClaimReview: 404 for the claim, an empty graph for its article
    alone = api.client.get(f"/v1/claims/{machine.id}/claimreview", headers=sub)
    assert alone.status_code == 404 and alone.json()["code"] == "claim_not_reviewed"
    graph = api.client.get(f"/v1/articles/{machine.article_id}/claimreview", headers=sub)
    assert graph.status_code == 200 and graph.json()["@graph"] == []
    # And the reviewer's verdict is published under the publisher's name, as a person's review
    review = api.client.get(f"/v1/claims/{reviewed.id}/claimreview", headers=sub).json()
    assert review["author"]["name"] == "claimcheck" and "automated" not in json.dumps(review).lower()


def test_machine_verdicts_are_exported_only_when_asked_and_then_marked_automated(api: Api) -> None:
    machine = stored_claim(api.store, "The mayor resigned on Friday.", VerdictLabel.supported)
    sub = api.headers("sub")
    response = api.client.get(f"/v1/claims/{machine.id}/claimreview?include=machine", headers=sub)
    assert response.status_code == 200, response.json()
    review = response.json()
    assert "automated" in review["author"]["name"].lower()
    rating = review["reviewRating"]
    assert (
        "automated" in rating["alternateName"].lower() and "automated" in rating["ratingExplanation"].lower()
    )
    assert review["url"].endswith(f"/v1/claims/{machine.id}/claimreview?include=machine")
    graph = api.client.get(f"/v1/articles/{machine.article_id}/claimreview?include=machine", headers=sub)
    assert [r["claimReviewed"] for r in graph.json()["@graph"]] == [machine.text]
    refused = api.client.get(f"/v1/claims/{machine.id}/claimreview?include=everything", headers=sub)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_request"
