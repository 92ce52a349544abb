"""An article left unchecked as a whole (not English, empty, nothing but boilerplate) says so and why:
in its API record, its list row, the status page and an article.skipped event in place of article.done."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import fakeredis
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck import service
from claimcheck.extraction import extract_claims
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Article
from schemas.articles import ArticleSkip
from schemas.common import ArticleStatus, SkipReason
from schemas.events import EventType
from schemas.webhooks import Webhook

FRENCH = (
    "Le Premier ministre britannique a déclaré samedi que la coalition des volontaires s'est élargie et "
    "que les chefs militaires se réuniront la semaine prochaine au Royaume-Uni."
)
BOILERPLATE = "Share this article\n\nSubscribe to our newsletter\n\nAll rights reserved."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH, "fr"),
        (
            "Der britische Premierminister Keir Starmer sagte am Samstag, die Koalition der Willigen sei "
            "gewachsen und die Militärführer würden sich nächste Woche in Großbritannien treffen.",
            "de",
        ),
        ("Премьер-министр Великобритании Кир Стармер заявил в субботу, что коалиция расширилась.", "ru"),
        ("英国首相斯塔默周六表示，自愿联盟已经扩大，军事领导人将于下周在英国会面。", "zh"),
    ],
)
def test_a_non_english_article_is_skipped_as_a_whole_with_the_language_detected(
    text: str, language: str
) -> None:
    skip = extract_claims(text).article_skip
    assert skip is not None
    assert (skip.reason, skip.language) == (SkipReason.not_english, language)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<div><br/><img src='x.png'></div>", SkipReason.empty),
        (BOILERPLATE, SkipReason.no_sentences),
        ("Is it true? Who said so?", SkipReason.no_sentences),
    ],
)
def test_an_article_with_nothing_to_read_is_skipped_as_a_whole(text: str, reason: SkipReason) -> None:
    result = extract_claims(text)
    assert result.claims == []
    assert result.article_skip is not None and result.article_skip.reason is reason
    assert result.article_skip.detail


def test_an_english_article_is_not_skipped_even_without_claims() -> None:
    assert extract_claims("Starmer said the coalition had grown to 29 countries.").article_skip is None
    assert extract_claims("Wow.").article_skip is None  # read, and found to hold no claim


def test_a_skipped_article_is_done_with_its_reason_and_one_article_skipped_event(store: RedisStore) -> None:
    # Given an article that extraction leaves unchecked as a whole
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text=FRENCH), None, "h")
    skip = ArticleSkip(reason=SkipReason.not_english, language="fr", detail="the text is not English")
    # When its (empty) claims are stored with the skip, twice as a redelivered extraction would
    assert store.add_claims(article.id, [], skipped=skip) == []
    assert store.add_claims(article.id, [], skipped=skip) == []
    # Then it is done, not failed, with the skip and no error, finalized once
    state = store.get_state(article.id)
    assert (state.status, state.skipped, state.error, state.finalize_count) == (
        ArticleStatus.done,
        skip,
        None,
        1,
    )
    # and its only event is article.skipped (in place of article.done), on both streams, with the skip
    events = store.events_after(article.id, "0", count=100)
    assert [(e.event.type, e.event.skipped) for e in events] == [(EventType.article_skipped, skip)]
    # (each stream numbers its entries itself, so the entry ids may differ by a millisecond)
    assert events[-1].event in [e.event for e in store.events_after(None, "0", count=1000)]


def test_webhooks_that_want_article_skipped_receive_it() -> None:
    skip = ArticleSkip(reason=SkipReason.empty, detail="the text is empty")
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    article, _ = store.create_article(Article(id=uuid.uuid4().hex, text="<br>"), None, "h")
    store.add_claims(article.id, [], skipped=skip)
    (stored,) = store.events_after(article.id, "0", count=10)
    hook = {"url": "https://hooks.example.org/x", "secret": "s", "created_at": "2000-01-01T00:00:00Z"}
    assert Webhook(id="a", events=[EventType.article_skipped], **hook).wants(stored.event, stored.id)
    assert not Webhook(id="b", events=[EventType.article_done], **hook).wants(stored.event, stored.id)


@pytest.fixture
def extracting_client() -> Iterator[tuple[TestClient, RedisStore]]:
    """The API over fakeredis, with extraction run as each article is submitted."""
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    settings = Settings(feeds_dir=None, auth_enabled=False)

    def extract_now(article_id: str) -> None:
        service.extract_article(store, article_id)

    with TestClient(create_app(settings, store, dispatch=extract_now)) as client:
        yield client, store


def test_a_non_english_article_reads_back_as_skipped_with_its_language(
    extracting_client: tuple[TestClient, RedisStore],
) -> None:
    client, _ = extracting_client
    article_id = client.post("/v1/articles", json={"text": FRENCH, "title": "Coalition"}).json()["id"]
    article = client.get(f"/v1/articles/{article_id}").json()
    assert (article["status"], article["claim_count"], article["error"]) == ("done", 0, None)
    assert article["skipped"]["reason"] == "not_english" and article["skipped"]["language"] == "fr"
    (row,) = client.get("/v1/articles").json()["data"]
    assert row["skipped"] == article["skipped"]


def row_of(page: str, article_id: str) -> str:
    """The status page's table row of one article."""
    return page[page.index(f'data-article-id="{article_id}"') :].split("</tr>", 1)[0]


def test_the_status_page_says_why_an_article_has_no_verdicts(
    extracting_client: tuple[TestClient, RedisStore],
) -> None:
    client, _ = extracting_client
    skipped = client.post("/v1/articles", json={"text": FRENCH}).json()["id"]
    read_but_empty = client.post("/v1/articles", json={"text": "Wow."}).json()["id"]
    page = client.get("/").text
    assert "skipped: not_english (fr)" in row_of(page, skipped)
    assert "no claims found" in row_of(page, read_but_empty)
    assert "no verdicts yet" not in page
