"""POST /v1/feeds/import and GET /v1/feeds.opml over a fakeredis store: OPML in, OPML out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import fakeredis
import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.feeds.opml import parse_opml
from claimcheck.review.api_keys import hash_api_key, new_api_key
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas.feeds import Feed, FeedKind, FeedSource
from schemas.review import ApiKey, Role

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "opml"
OPML = {"content-type": "text/x-opml"}
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {c} "{f"&{p};" * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + b']><opml version="2.0"><head><title>&i;</title></head><body/></opml>'
)


@dataclass
class Api:
    client: TestClient
    store: RedisStore
    keys: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[who]}

    def import_opml(self, body: bytes, who: str = "adm", content_type: str = "text/x-opml") -> httpx.Response:
        return self.client.post(
            "/v1/feeds/import", content=body, headers={**self.as_(who), "content-type": content_type}
        )


@pytest.fixture
def api() -> Iterator[Api]:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    keys = {}
    for name, role in [("sub", Role.submitter), ("rev", Role.reviewer), ("adm", Role.admin)]:
        keys[name] = new_api_key()
        store.create_api_key(ApiKey(id=name, name=name, role=role, key_hash=hash_api_key(keys[name])))
    settings = Settings(feeds_dir=None, auth_enabled=True, max_article_bytes=2_000)
    app = create_app(settings, store, dispatch=lambda _: None)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, store, keys)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_an_import_registers_the_files_feeds_and_reports_each_skip(api: Api) -> None:
    response = api.import_opml(fixture("netnewswire.opml"))
    assert response.status_code == 200
    report = response.json()
    assert [(f["name"], f["kind"], f["source"]) for f in report["added"]] == [
        ("AFP Fact Check", "factcheck", "remote"),
        ("Snopes.com", "factcheck", "remote"),
        ("The Guardian - World news", "news", "remote"),
        ("Le Monde.fr - Actualités et Infos en France et dans le monde", "news", "remote"),
        ("NPR Topics: News", "news", "remote"),
    ]
    assert report["added"][0]["health"]["last_fetch_at"] is None
    assert [(s["name"], s["url"], s["reason"]) for s in report["skipped"]] == [
        ("Newsroom podcast page", None, "no_xml_url"),
        ("Old gopher mirror", "gopher://gopher.example.org/1/news", "not_http"),
    ]
    listed = api.client.get("/v1/feeds", headers=api.as_("sub")).json()
    assert sorted(f["id"] for f in listed["data"]) == sorted(f["id"] for f in report["added"])


def test_importing_the_same_file_again_adds_nothing_and_names_the_registered_feeds(api: Api) -> None:
    first = api.import_opml(fixture("feedly.opml")).json()
    again = api.import_opml(fixture("feedly.opml"))
    assert again.status_code == 200
    body = again.json()
    assert body["added"] == []
    registered = [s for s in body["skipped"] if s["reason"] == "already_registered"]
    assert [s["feed_id"] for s in registered] == [f["id"] for f in first["added"]]
    assert len(api.store.list_feeds()) == 7


@pytest.mark.parametrize(
    "content_type", ["text/x-opml", "application/xml", "text/xml", "text/xml; charset=utf-8", "Text/X-OPML"]
)
def test_the_opml_media_types_are_accepted_whatever_their_parameters(api: Api, content_type: str) -> None:
    response = api.import_opml(fixture("feedly.opml"), content_type=content_type)
    assert response.status_code == 200 and len(response.json()["added"]) == 7


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "application/x-www-form-urlencoded"]
)
def test_a_body_not_declared_as_opml_or_xml_is_415(api: Api, content_type: str) -> None:
    response = api.import_opml(fixture("feedly.opml"), content_type=content_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type" and "text/x-opml" in response.json()["detail"]
    assert api.store.list_feeds() == []


def test_registering_one_feed_still_takes_json_only(api: Api) -> None:
    response = api.client.post(
        "/v1/feeds", content=fixture("feedly.opml"), headers={**api.as_("adm"), **OPML}
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"", "empty"),
        (b"not xml at all", "not well-formed"),
        (b'{"url": "https://wire.example.org/rss"}', "not well-formed"),
        (b'<rss version="2.0"><channel/></rss>', "not OPML"),
        (BILLION_LAUGHS, "ENTITY"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/x.dtd"><opml><body/></opml>',
            "DOCTYPE",
        ),
        (b'<?xml version="1.0" encoding="utf-7"?><opml><body/></opml>', "encoding"),
        (b"<opml><body><outline text='\\ud800' xmlUrl='https://wire.example.org/rss'>", "not well-formed"),
    ],
    ids=["empty", "text", "json", "rss", "billion-laughs", "external-dtd", "utf-7", "truncated"],
)
def test_a_malformed_or_hostile_body_is_a_422_problem_and_registers_nothing(
    api: Api, body: bytes, detail: str
) -> None:
    response = api.import_opml(body, content_type="application/xml")
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "opml_invalid" and problem["type"] == "/problems/opml_invalid"
    assert detail in problem["detail"]
    assert api.store.list_feeds() == []


def test_a_body_over_the_cap_is_413_before_it_is_parsed(api: Api) -> None:
    outlines = b"".join(
        f'<outline text="F{i}" xmlUrl="https://f{i}.example.org/rss"/>'.encode() for i in range(2_000)
    )
    response = api.import_opml(b"<opml><body>" + outlines + b"</body></opml>")
    assert response.status_code == 413 and response.json()["code"] == "body_too_large"
    assert api.store.list_feeds() == []


def test_import_needs_an_admin_key(api: Api) -> None:
    body = fixture("feedly.opml")
    anonymous = api.client.post("/v1/feeds/import", content=body, headers=OPML)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    for who in ["sub", "rev"]:
        refused = api.import_opml(body, who=who)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    # A refused request is refused before its body is read as OPML, however hostile.
    assert api.client.post("/v1/feeds/import", content=BILLION_LAUGHS, headers=OPML).status_code == 401
    assert api.store.list_feeds() == []


def test_the_export_lists_registered_feeds_as_opml_without_local_feed_files(api: Api) -> None:
    api.import_opml(fixture("feedly.opml"))
    local = Feed.model_validate(
        {"id": "file:demo", "url": "file:///srv/feeds/demo.xml", "name": "Demo", "source": FeedSource.local}
    )
    api.store.create_feed(local)
    response = api.client.get("/v1/feeds.opml", headers=api.as_("sub"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/x-opml; charset=utf-8"
    exported = parse_opml(response.content)
    registered = [f for f in api.store.list_feeds() if f.source is FeedSource.remote]
    assert [(str(f.url), f.name, f.kind) for f in exported.feeds] == [
        (str(f.url), f.name, f.kind) for f in registered
    ]
    assert b"file:" not in response.content
    assert {f.name for f in exported.feeds if f.kind is FeedKind.factcheck} == {
        "PolitiFact",
        "Full Fact",
        "FactCheck.org",
    }


def test_an_exported_list_imports_into_another_deployment_as_the_same_feeds(api: Api) -> None:
    api.import_opml(fixture("netnewswire.opml"))
    exported = api.client.get("/v1/feeds.opml", headers=api.as_("sub")).content
    other_store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    other_app = create_app(Settings(feeds_dir=None, auth_enabled=False), other_store, dispatch=lambda _: None)
    with TestClient(other_app) as other:
        report = other.post("/v1/feeds/import", content=exported, headers=OPML).json()
    assert report["skipped"] == []
    assert [(f.url, f.name, f.kind) for f in other_store.list_feeds()] == [
        (f.url, f.name, f.kind) for f in api.store.list_feeds()
    ]


def test_the_export_of_no_feeds_is_an_opml_document_without_outlines(api: Api) -> None:
    response = api.client.get("/v1/feeds.opml", headers=api.as_("sub"))
    assert response.status_code == 200
    parsed = parse_opml(response.content)
    assert parsed.feeds == [] and parsed.skipped == [] and parsed.title == "claimcheck reference feeds"


def test_the_export_needs_a_key(api: Api) -> None:
    response = api.client.get("/v1/feeds.opml")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_both_routes_are_documented_with_their_media_types(api: Api) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    imported = paths["/v1/feeds/import"]["post"]
    assert set(imported["requestBody"]["content"]) == {"text/x-opml", "application/xml", "text/xml"}
    assert imported["requestBody"]["required"] is True
    assert imported["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FeedImportReport"
    }
    assert {"401", "403", "413", "415", "422"} <= set(imported["responses"])
    exported = paths["/v1/feeds.opml"]["get"]
    assert set(exported["responses"]["200"]["content"]) == {"text/x-opml"}
    assert exported["security"] == [{"ApiKey": []}, {"Bearer": []}]
