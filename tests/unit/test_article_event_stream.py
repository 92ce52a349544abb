"""An article's event stream over a real redis-server: it ends with the article, and stays ended."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis
from fastapi.testclient import TestClient

from api.main import create_app
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import Article, ArticleStatus, Verdict, VerdictLabel
from schemas.articles import ArticleSkip
from schemas.common import SkipReason
from tests.support.builders import article_with_verdicts, numbered_claims
from tests.support.processes import RedisServer, wait_until
from tests.support.sse import SseMessage, messages

# A stream that did not end with its article runs on to this and sends a keep-alive every KEEPALIVE_S.
MAX_DURATION_S = 4.0
KEEPALIVE_S = 0.2


@dataclass
class Live:
    client: TestClient
    store: RedisStore

    def read(self, article_id: str, last_event_id: str | None = None) -> tuple[int, list[SseMessage], float]:
        """Status, every message until the server ends the stream, and how long that took."""
        headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
        began = time.monotonic()
        with self.client.stream("GET", f"/v1/articles/{article_id}/events", headers=headers) as response:
            received = list(messages(response))
        return response.status_code, received, time.monotonic() - began


@pytest.fixture
def live(redis_server: RedisServer) -> Iterator[Live]:
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    store = RedisStore(client, prefix)
    settings = Settings(
        feeds_dir=None,
        auth_enabled=False,
        redis_url=redis_server.url,
        key_prefix=prefix,
        sse_keepalive_s=KEEPALIVE_S,
        sse_max_duration_s=MAX_DURATION_S,
    )
    with TestClient(create_app(settings, store, dispatch=lambda _: None)) as test_client:
        yield Live(test_client, store)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def events_of(received: list[SseMessage]) -> list[str]:
    return [m.event for m in received if m.data]


def test_an_article_stream_ends_right_after_article_done(live: Live) -> None:
    article_id = article_with_verdicts(live.store, [VerdictLabel.supported, VerdictLabel.refuted])
    status, received, took = live.read(article_id)
    assert status == 200
    assert events_of(received) == ["claim.verdict_set", "claim.verdict_set", "article.done"]
    # Nothing after the terminal event: no keep-alive, no waiting for the longest a stream may last.
    assert received[-1].event == "article.done"
    assert took < MAX_DURATION_S / 2


def test_a_skipped_article_stream_ends_right_after_article_skipped(live: Live) -> None:
    # Given an article that extraction left unchecked as a whole (its one event is article.skipped),
    article = Article(id=uuid.uuid4().hex, text="Le texte.")
    live.store.create_article(article, None, "h")
    skip = ArticleSkip(reason=SkipReason.not_english, language="fr", detail="the text is not English")
    live.store.add_claims(article.id, [], skipped=skip)
    # when a client reads its events, then the stream sends it and ends there, and a resume is 204.
    status, received, took = live.read(article.id)
    assert status == 200 and events_of(received) == ["article.skipped"]
    assert received[-1].event == "article.skipped" and took < MAX_DURATION_S / 2
    again, rest, _ = live.read(article.id, last_event_id=received[-1].id)
    assert again == 204 and rest == []


def test_a_failed_article_stream_ends_once_it_has_sent_every_event(live: Live) -> None:
    # Given an article that failed after one claim got its verdict (no terminal event is written),
    article = Article(id=uuid.uuid4().hex, text="Text.")
    live.store.create_article(article, None, "h")
    live.store.advance_status(article.id, ArticleStatus.extracting)
    claims = numbered_claims(article.id, 2)
    live.store.add_claims(article.id, claims)
    live.store.record_verdict(claims[0].id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    live.store.advance_status(article.id, ArticleStatus.failed, "worker gave up")
    # when a client reads its events, then the stream sends the one event and ends.
    status, received, took = live.read(article.id)
    assert status == 200 and events_of(received) == ["claim.verdict_set"]
    assert took < MAX_DURATION_S / 2


def test_resuming_after_the_last_event_of_a_finished_article_is_204(live: Live) -> None:
    article_id = article_with_verdicts(live.store, [VerdictLabel.supported])
    _, received, _ = live.read(article_id)
    done = received[-1]
    # EventSource reconnects after a stream ends; 204 No Content is what tells it to stop.
    status, again, _ = live.read(article_id, last_event_id=done.id)
    assert status == 204 and again == []


def test_resuming_a_finished_article_mid_way_sends_the_rest_then_ends(live: Live) -> None:
    article_id = article_with_verdicts(live.store, [VerdictLabel.supported, VerdictLabel.refuted])
    _, received, _ = live.read(article_id)
    sent = [m for m in received if m.data]
    status, rest, took = live.read(article_id, last_event_id=sent[0].id)
    assert status == 200 and [m.id for m in rest if m.data] == [m.id for m in sent[1:]]
    assert took < MAX_DURATION_S / 2


def test_a_stream_open_while_the_article_is_checked_ends_when_it_is_done(live: Live) -> None:
    # Given an article with one of its two claims checked,
    article = Article(id=uuid.uuid4().hex, text="Text.")
    live.store.create_article(article, None, "h")
    live.store.advance_status(article.id, ArticleStatus.extracting)
    first, last = numbered_claims(article.id, 2)
    live.store.add_claims(article.id, [first, last])
    live.store.record_verdict(first.id, Verdict(label=VerdictLabel.supported, confidence=0.9))
    state = live.client.app.state  # type: ignore[attr-defined]

    def one_stream_open() -> bool:
        return hasattr(state, "stream_slots") and state.stream_slots.open == 1

    def check_the_last_claim_once_a_stream_is_open() -> None:
        wait_until(one_stream_open, 5, "the stream to open")
        live.store.record_verdict(last.id, Verdict(label=VerdictLabel.refuted, confidence=0.9))

    # when a client follows its events while the last claim is checked,
    checker = threading.Thread(target=check_the_last_claim_once_a_stream_is_open)
    checker.start()
    status, received, took = live.read(article.id)
    checker.join()
    # then it sees both verdicts and article.done, and the stream ends there.
    assert status == 200
    assert events_of(received) == ["claim.verdict_set", "claim.verdict_set", "article.done"]
    assert received[-1].event == "article.done" and took < MAX_DURATION_S / 2
