"""Prior decisions in the service: calibrated reuse, unlinking, stored vectors and the matches route."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck import service
from claimcheck.feeds.entries import make_entry
from claimcheck.matching.vectors import RedisVectors
from claimcheck.review.match_index import MatchIndex, matched_verdict, prior_from_claimreview
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Article, Claim
from schemas.common import VerdictLabel
from schemas.evidence import ClaimReviewInfo, FeedEntry
from tests.support.encoders import HashingEncoder

CLAIMS = [
    ("The mayor of Leeds banned all cars from the city centre in 2023.", "False"),
    ("Drinking hot water every hour cures the flu.", "Pants on Fire"),
    ("The Eiffel Tower was sold for scrap twice.", "True"),
]


def fact_check(claim: str, rating: str) -> FeedEntry:
    info = ClaimReviewInfo(
        claim_reviewed=claim,
        alternate_name=rating,
        author="FactDesk",
        item_date=datetime(2024, 3, 1, tzinfo=UTC),
        url=f"https://fd.example/{abs(hash(claim))}",
    )
    return make_entry(
        feed_id="factdesk",
        feed_title="FactDesk feed",
        trust=0.9,
        key=info.url,
        url=info.url,
        title=f"Fact check: {claim}",
        text=claim,
        published=None,
        review=info,
    )


def new_claim(store: RedisStore, text: str) -> Claim:
    article, _ = store.create_article(Article(id=f"a{abs(hash(text))}", text=text, title="T"), None, "h")
    claim = Claim(
        id=f"c{abs(hash(text))}",
        article_id=article.id,
        ordinal=0,
        text=text,
        sentence=text,
        start=0,
        end=len(text),
        checkworthiness=0.8,
    )
    store.add_claims(article.id, [claim])
    return store.get_claim(claim.id)


@pytest.fixture
def fake_store(store: RedisStore) -> RedisStore:
    """The shared store fixture (fakeredis and a real redis-server), holding three fact-checks."""
    store.put_entries([fact_check(c, r) for c, r in CLAIMS])
    return store


def matches_of(store: RedisStore, encoder: HashingEncoder | None = None) -> MatchIndex:
    index = MatchIndex(encoder or HashingEncoder(), RedisVectors(store.client, store.keys.prefix))
    service.refresh_matches(store, index)
    return index


def test_a_restated_fact_check_is_reused_as_the_verdict_with_a_visible_link(fake_store: RedisStore) -> None:
    claim = new_claim(fake_store, "The mayor of Leeds banned all cars from the city centre in 2023.")
    verdict = matched_verdict(claim, matches_of(fake_store), None, set())
    assert verdict is not None and verdict.label is VerdictLabel.refuted
    assert verdict.match is not None and verdict.match.kind == "claimreview"
    assert verdict.match.url and verdict.match.url.startswith("https://fd.example/")
    assert verdict.confidence >= matches_of(fake_store).reuse_threshold


def test_an_unrelated_claim_reuses_nothing(fake_store: RedisStore) -> None:
    claim = new_claim(fake_store, "Unemployment in Wales fell to four percent last spring.")
    assert matched_verdict(claim, matches_of(fake_store), None, set()) is None


def test_an_unlinked_match_is_never_reused_again(fake_store: RedisStore) -> None:
    claim = new_claim(fake_store, "The mayor of Leeds banned all cars from the city centre in 2023.")
    index = matches_of(fake_store)
    linked = matched_verdict(claim, index, None, set())
    assert linked is not None and linked.match is not None
    assert matched_verdict(claim, index, None, {linked.match.id}) is None


def test_a_restarted_process_reads_vectors_back_instead_of_embedding(fake_store: RedisStore) -> None:
    matches_of(fake_store)
    restarted = HashingEncoder()
    index = matches_of(fake_store, restarted)
    assert len(index) == len(CLAIMS) and restarted.encoded == []


def test_a_new_review_enters_the_index_without_a_rebuild(fake_store: RedisStore) -> None:
    index = matches_of(fake_store)
    fake_store.put_entries(
        [fact_check("Bananas are radioactive enough to set off airport scanners.", "False")]
    )
    service.refresh_matches(fake_store, index)
    claim = new_claim(fake_store, "Bananas are radioactive enough to set off airport scanners.")
    assert index.candidates(claim, 1)[0].text.startswith("Bananas")


def test_a_headline_that_repeats_the_claim_is_not_a_second_phrasing() -> None:
    entry = fact_check("Cats can see in total darkness.", "False").model_copy(
        update={"title": "Cats can see in total darkness."}
    )
    prior = prior_from_claimreview(entry)
    assert prior is not None and prior.title is None and prior.fact_checker == "FactDesk"
    assert prior.date == "2024-03-01T00:00:00+00:00" and prior.label is VerdictLabel.refuted


@pytest.fixture
def client(fake_store: RedisStore) -> Iterator[TestClient]:
    app = create_app(Settings(feeds_dir=None, auth_enabled=False), fake_store, dispatch=lambda _: None)
    app.state.match_index = MatchIndex(
        HashingEncoder(), RedisVectors(fake_store.client, fake_store.keys.prefix)
    )
    with TestClient(app) as client:
        yield client


def test_the_matches_route_lists_ranked_prior_checks_with_their_provenance(
    client: TestClient, fake_store: RedisStore
) -> None:
    claim = new_claim(fake_store, "Leeds mayor banned cars from the city centre in 2023")
    body = client.get(f"/v1/claims/{claim.id}/matches").json()
    assert body["count"] == len(body["data"]) >= 1
    best = body["data"][0]
    assert best["text"].startswith("The mayor of Leeds") and best["rating"] == "False"
    assert best["fact_checker"] == "FactDesk" and best["url"].startswith("https://fd.example/")
    assert best["date"].startswith("2024-03-01") and best["relation"] in {"same", "related"}
    assert "leeds" in best["shared_entities"] and "2023" in best["shared_numbers"]
    assert all(0.0 <= m["score"] <= 1.0 for m in body["data"])
