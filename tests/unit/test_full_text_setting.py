"""The per-feed full-text setting: registration, which entries a poll queues, the task, the demo's pages."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import fakeredis
import pytest
from fastapi.testclient import TestClient

import workers.tasks.article_pages
import workers.tasks.feeds
from api.main import create_app
from claimcheck.cli import main
from claimcheck.feeds import load_feed_files
from claimcheck.feeds.article_pages import pages_to_fetch
from claimcheck.feeds.entries import FeedParseError, make_entry
from claimcheck.feeds.fetch import FetchResult
from claimcheck.feeds.local_pages import read_local_pages
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas.articles import Article
from schemas.claims import Claim, Verdict
from schemas.common import VerdictLabel
from schemas.evidence import FeedEntry, TextSource
from schemas.feeds import Feed, FeedKind, FeedSource
from tests.conftest import SEED_ARTICLE
from workers import runtime as worker_runtime
from workers.runtime import Runtime, use_runtime
from workers.tasks import fetch_article_page, poll_feed, queue_article_pages

SEED_FEEDS = SEED_ARTICLE.parent / "feeds"
PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Leeds council backs schools budget</title><guid>leeds-budget</guid>
<link>https://wire.example.org/feeds/council-budget.html</link>
<description>Leeds council backs its schools budget after a long debate.</description></item>
<item><title>Storm closes rail lines</title><guid>storm</guid>
<description>High winds closed rail lines across northern England on Monday.</description></item>
</channel></rss>"""


@pytest.fixture
def store() -> RedisStore:
    return RedisStore(fakeredis.FakeRedis(decode_responses=True))


def feed(kind: FeedKind = FeedKind.news, fetch_full_text: bool | None = None) -> Feed:
    return Feed(
        id=uuid.uuid4().hex,
        url="https://wire.example.org/rss",  # type: ignore[arg-type]
        name="Test Wire",
        kind=kind,
        fetch_full_text=fetch_full_text,
    )


def entry(url: str | None = "https://wire.example.org/feeds/council-budget.html") -> FeedEntry:
    return make_entry(
        feed_id="wire",
        feed_title="Test Wire",
        trust=0.8,
        key=url,
        url=url,
        title="T",
        text="S.",
        published=None,
    )


def test_news_feeds_fetch_full_text_by_default_and_factcheck_feeds_do_not() -> None:
    linked, unlinked = entry(), entry(url=None)
    assert pages_to_fetch(feed(), [linked, unlinked]) == [linked]
    assert pages_to_fetch(feed(FeedKind.factcheck), [linked]) == []


def test_the_feed_setting_overrides_its_kind_and_local_files_are_never_fetched() -> None:
    linked = entry()
    assert pages_to_fetch(feed(FeedKind.news, fetch_full_text=False), [linked]) == []
    assert pages_to_fetch(feed(FeedKind.factcheck, fetch_full_text=True), [linked]) == [linked]
    local = Feed(id="file:wire", url=(SEED_FEEDS / "x.xml").as_uri(), name="W", source=FeedSource.local)  # type: ignore[arg-type]
    assert pages_to_fetch(local, [linked]) == []


def test_the_setting_is_taken_at_registration_and_read_back(store: RedisStore) -> None:
    settings = Settings(feeds_dir=None, auth_enabled=False)
    with TestClient(create_app(settings, store, dispatch=lambda _: None)) as client:
        body = {"url": "https://wire.example.org/rss", "name": "Wire", "fetch_full_text": False}
        registered = client.post("/v1/feeds", json=body).json()
        default = client.post("/v1/feeds", json={"url": "https://other.example.org/rss", "name": "O"}).json()
        assert client.post("/v1/feeds", json={**body, "fetch_full_text": "maybe"}).status_code == 422
    assert registered["fetch_full_text"] is False and default["fetch_full_text"] is None
    assert store.get_feed(registered["id"]).full_text is False
    assert store.get_feed(default["id"]).full_text is True


def test_feeds_add_takes_the_full_text_setting(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, store: RedisStore
) -> None:
    monkeypatch.setattr(worker_runtime, "get_runtime", lambda: SimpleNamespace(store=store))
    assert main(["feeds", "add", "https://wire.example.org/rss", "--name", "Wire", "--no-full-text"]) == 0
    off = capsys.readouterr().out.strip()
    assert main(["feeds", "add", "https://fc.example.org/rss", "--name", "FC", "--kind", "factcheck",
                 "--full-text"]) == 0  # fmt: skip
    on = capsys.readouterr().out.strip()
    assert store.get_feed(off).fetch_full_text is False and store.get_feed(on).full_text is True


@pytest.fixture
def worker(store: RedisStore) -> Iterator[Runtime]:
    runtime = Runtime(Settings(feeds_dir=None, article_politeness_s=0.0), store)
    use_runtime(runtime)
    yield runtime
    use_runtime(None)


@pytest.mark.parametrize(("setting", "queued"), [(None, 1), (False, 0)])
def test_a_poll_queues_one_page_fetch_per_new_entry_with_a_link_and_waits_for_none(
    worker: Runtime, monkeypatch: pytest.MonkeyPatch, setting: bool | None, queued: int
) -> None:
    registered = feed(fetch_full_text=setting)
    worker.store.create_feed(registered)

    def fetched(url: str, etag: str | None, last_modified: str | None) -> FetchResult:  # noqa: ARG001
        return FetchResult(url, 200, RSS, "application/rss+xml", '"f1"', None)

    monkeypatch.setattr(worker, "fetch", fetched)
    sent: list[list[list[str]]] = []
    monkeypatch.setattr(workers.tasks.feeds.queue_article_pages, "delay", sent.append)
    assert poll_feed(registered.id) == 2
    stored = {e.url: e for e in worker.store.entries_since(0).entries}
    budget = stored["https://wire.example.org/feeds/council-budget.html"]
    # One message for the whole poll, naming each entry's version.
    assert sent == [[[budget.id, budget.content_hash]]][:queued]
    # The next poll brings the same entries: nothing new, so nothing is queued again.
    assert poll_feed(registered.id) == 0 and len(sent) == queued


def test_the_fan_out_queues_one_page_fetch_per_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(fetch_article_page, "delay", lambda *args: sent.append(args))
    assert queue_article_pages([["e1", "h1"], ["e2", "h2"]]) == 2
    assert sent == [("e1", "h1"), ("e2", "h2")]


def test_the_page_task_stores_the_article_and_queues_rechecks_of_the_claims_it_touches(
    worker: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = worker.store
    stored = entry()
    store.put_entries([stored])
    store.cache_robots("https://wire.example.org", "", 3600)
    claim_text = "The city council of Leeds approved a budget of 40 million pounds for schools on Monday."
    article, _ = store.create_article(Article(id="a1", text=claim_text), None, "h")
    claim = Claim(id="c1", article_id="a1", ordinal=0, text=claim_text, sentence=claim_text, start=0,
                  end=len(claim_text), checkworthiness=0.8)  # fmt: skip
    store.add_claims(article.id, [claim])
    store.record_verdict("c1", Verdict(label=VerdictLabel.not_enough_info, confidence=1.0))
    page = (PAGES / "council-budget.html").read_bytes()

    def fetched(url: str, etag: str | None, last_modified: str | None) -> FetchResult:  # noqa: ARG001
        return FetchResult(url, 200, page, "text/html; charset=utf-8", '"p1"', None)

    monkeypatch.setattr(worker, "fetch_page", fetched)
    rechecks: list[tuple[str, str]] = []
    monkeypatch.setattr(workers.tasks.article_pages.recheck_claim, "delay", lambda *a: rechecks.append(a))
    assert fetch_article_page(stored.id, stored.content_hash) is True
    updated = store.find_entry(stored.id)
    assert updated is not None and updated.text_source is TextSource.article and claim_text in updated.text
    assert rechecks == [("c1", f"article text of entry {stored.id} of feed wire")]


def test_a_host_that_is_not_free_yet_is_asked_again_later_without_sleeping(
    worker: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = entry()
    worker.store.put_entries([stored])
    worker.store.cache_robots("https://wire.example.org", "", 3600)
    for _ in range(worker.settings.article_fetch_per_host):
        assert worker.store.take_host_turn("wire.example.org", 2, 0.0, 60).token  # every turn taken

    class Retried(Exception):
        pass

    asked: list[dict[str, Any]] = []

    def retry(**options: Any) -> Retried:
        asked.append(options)
        return Retried()

    monkeypatch.setattr(fetch_article_page, "retry", retry)
    with pytest.raises(Retried):
        fetch_article_page(stored.id, stored.content_hash)
    (options,) = asked
    assert 0 < options["countdown"] <= 1.0
    # However long the wait, Celery's retry count never ends it (fetch failures have a count of their own).
    assert fetch_article_page.max_retries is None
    assert options["kwargs"]["turn_at"] is not None


# -- the embedded demo's saved pages ----------------------------------------------------------------------


def test_demo_entries_with_a_saved_page_carry_its_article_and_keep_their_summary() -> None:
    raw = {e.url: e for e in load_feed_files_without_pages()}
    entries = {e.url: e for e in load_feed_files(SEED_FEEDS)}
    riyadh = entries["https://frontline.example.net/2025/03/11/riyadh-talks"]
    assert riyadh.text_source is TextSource.article and riyadh.summary == raw[riyadh.url].text
    assert "joint statement" in riyadh.text and "cookies" not in riyadh.text.lower()
    assert riyadh.content_hash == raw[riyadh.url].content_hash
    video = entries["https://frontline.example.net/2025/03/15/starmer-london-summit"]
    assert video.text_source is TextSource.summary and video.full_text_error == "no article text: too short"
    unsaved = entries["https://wire.example.org/europe/2025/03/13/storm-rail"]
    assert unsaved.text == raw[unsaved.url].text and unsaved.text_source is TextSource.summary
    assert unsaved.full_text_error is None and unsaved.summary is None


def load_feed_files_without_pages() -> list[FeedEntry]:
    from claimcheck.feeds.local import read_local_feeds
    from schemas.common import utcnow

    return [e for local in read_local_feeds(SEED_FEEDS, utcnow()) for e in local.entries]


def test_workers_load_the_saved_pages_once(store: RedisStore) -> None:
    runtime = Runtime(Settings(feeds_dir=SEED_FEEDS), store)
    runtime.load_local_feeds()
    position = store.entries_since(0).position
    runtime.load_local_feeds()
    assert store.entries_since(position).entries == []  # started again: nothing rewritten or logged
    indexed = {e.url: e for e in store.entries_since(0).entries}
    assert indexed == {e.url: e.model_copy(update={"fetched_at": indexed[e.url].fetched_at})
                       for e in load_feed_files(SEED_FEEDS)}  # fmt: skip


def test_a_page_index_naming_a_file_outside_pages_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "secret.html").write_text("<p>not a page</p>")
    (tmp_path / "pages" / "index.json").write_text(json.dumps({"https://x.example.org/a": "../secret.html"}))
    with pytest.raises(FeedParseError, match="is not a file in"):
        read_local_pages(tmp_path)
    assert read_local_pages(tmp_path / "pages") == {}
