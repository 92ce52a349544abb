"""Full text behind feed entries through the real stack: a feed on 127.0.0.1 whose entries link to article
pages (with boilerplate), a staff page robots.txt disallows, a redirect to a metadata address, a page over
the size cap and one too slow; a real redis-server, a Celery worker with beat, and the API."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from claimcheck.store import RedisStore
from schemas.evidence import FeedEntry, TextSource
from tests.support.feed_server import FeedServer
from tests.support.processes import RedisServer, ServiceProcess, start_api, start_worker, wait_until

pytestmark = pytest.mark.integration

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
CLAIM_TEXT = "The city council of Leeds approved a budget of 40 million pounds for schools on Monday."
# Too thin to touch the claim: only the article behind the link can decide it.
BUDGET_SUMMARY = "Councillors debated late into the evening."
POLITENESS_S = 0.3


def item(guid: str, title: str, link: str, summary: str) -> str:
    return (
        f"<item><title>{title}</title><guid>{guid}</guid><link>{link}</link>"
        f"<pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate><description>{summary}</description></item>"
    )


@dataclass
class PageStack:
    base_url: str
    served: Path
    server: FeedServer
    worker: ServiceProcess
    store: RedisStore

    def get(self, path: str) -> Any:
        return httpx.get(f"{self.base_url}{path}", timeout=10).json()

    def write_feed(self, budget_summary: str = BUDGET_SUMMARY) -> None:
        url = self.server.url
        metadata = "http://169.254.169.254/latest/meta-data/"
        items = [
            item(
                "budget",
                "Leeds council backs schools budget",
                url("/feeds/council-budget.html"),
                budget_summary,
            ),
            item("memo", "Newsroom rota", url("/feeds/private-memo.html"), "The newsroom rota for March."),
            item("meta", "Moved story", url(f"/redirect-to?to={metadata}"), "A story that has moved."),
            item("long", "The long read", url("/large-page/2048"), "A very long read about the budget."),
            item("slow", "A slow page", url("/slow-body"), "A page that takes its time."),
        ]
        channel = f"<channel><title>Test Wire</title>{''.join(items)}</channel>"
        (self.served / "wire.xml").write_text(f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>')

    def entries(self, feed_id: str) -> dict[str, FeedEntry]:
        ids = sorted(self.store.client.smembers(self.store.keys.feed_entries(feed_id)))
        found = [self.store.find_entry(i) for i in ids]
        return {e.title: e for e in found if e is not None}


@pytest.fixture
def page_stack(tmp_path: Path) -> Iterator[PageStack]:
    served = tmp_path / "served"
    served.mkdir()
    for name in ("council-budget.html", "private-memo.html", "robots.txt"):
        shutil.copy(PAGES / name, served / name)
    no_local_feeds = tmp_path / "no-local-feeds"
    no_local_feeds.mkdir()
    env = {
        "CLAIMCHECK_FEEDS_DIR": str(no_local_feeds),
        "CLAIMCHECK_FEED_ALLOW_NETWORKS": '["127.0.0.1/32"]',
        "CLAIMCHECK_POLL_TICK_S": "0.3",
        "CLAIMCHECK_FEED_TOTAL_DEADLINE_S": "2",
        "CLAIMCHECK_ARTICLE_MAX_BYTES": str(256 * 1024),
        "CLAIMCHECK_ARTICLE_MAX_ATTEMPTS": "2",
        "CLAIMCHECK_ARTICLE_RETRY_BASE_S": "0.2",
        "CLAIMCHECK_ARTICLE_POLITENESS_S": str(POLITENESS_S),
        "CLAIMCHECK_ARTICLE_FETCH_PER_HOST": "2",
    }
    redis_server = RedisServer(tmp_path / "redis")
    redis_server.start()
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    with FeedServer(fixtures=served) as server:
        api, base_url = start_api(redis_server.url, tmp_path, **env)
        worker = start_worker(redis_server.url, tmp_path, concurrency=2, beat=True, **env)
        stack = PageStack(base_url, served, server, worker, RedisStore(client))
        stack.write_feed()
        try:
            yield stack
        finally:
            worker.stop()
            api.stop()
            client.close()
            redis_server.stop()


def wait_for(stack: PageStack, condition: Any, what: str, timeout: float = 60) -> None:
    try:
        wait_until(condition, timeout, what, interval=0.1)
    except TimeoutError as exc:
        raise AssertionError(f"{exc}\n{stack.worker.log_tail(60)}") from None


def settled(entry: FeedEntry) -> bool:
    return entry.text_source is TextSource.article or entry.full_text_error is not None


def test_a_polled_entry_gets_its_article_text_and_a_claim_is_decided_citing_a_passage_of_it(
    page_stack: PageStack,
) -> None:
    stack = page_stack
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        # Given a claim the evidence could not decide
        article_id = client.post("/v1/articles", json={"text": CLAIM_TEXT}).json()["id"]
        wait_for(stack, lambda: stack.get(f"/v1/articles/{article_id}")["status"] == "done", "the article")
        (claim,) = stack.get(f"/v1/articles/{article_id}/claims")["data"]
        assert claim["verdict"]["label"] == "not_enough_info"
        # When a news feed whose entries carry only summaries is registered (full text by default)
        feed = {"url": stack.server.url("/feeds/wire.xml"), "name": "Test Wire", "poll_interval_s": 3600}
        registered = client.post("/v1/feeds", json=feed).json()
        assert registered["fetch_full_text"] is None
        feed_id = registered["id"]
        wait_for(stack, lambda: len(stack.entries(feed_id)) == 5, "the first poll")
        wait_for(stack, lambda: all(settled(e) for e in stack.entries(feed_id).values()), "the page fetches")
        entries = stack.entries(feed_id)

        # Then the article page's body, without its boilerplate, is the entry's text; the summary is kept
        budget = entries["Leeds council backs schools budget"]
        assert budget.text_source is TextSource.article and budget.summary == BUDGET_SUMMARY
        assert CLAIM_TEXT in budget.text and budget.full_text_error is None
        for boilerplate in ("cookies", "Sign in", "Related", "Comments", "About time the schools"):
            assert boilerplate not in budget.text
        # and every page that yields no article keeps the summary, with the reason
        reasons = {title: e.full_text_error or "" for title, e in entries.items() if title != budget.title}
        assert all(
            entries[t].text_source is TextSource.summary and entries[t].summary is None for t in reasons
        )
        assert "robots.txt" in reasons["Newsroom rota"]
        assert "refused" in reasons["Moved story"] and "link-local" in reasons["Moved story"]
        assert "too large" in reasons["The long read"]
        assert "gave up after 2 tries" in reasons["A slow page"] and "deadline" in reasons["A slow page"]
        paths = [r.path for r in stack.server.seen]
        assert "/feeds/private-memo.html" not in paths and paths.count("/robots.txt") == 1

        # and the open claim is re-checked and decided, citing a passage inside the article text
        def decided() -> bool:
            return stack.get(f"/v1/claims/{claim['id']}")["verdict"]["label"] != "not_enough_info"

        wait_for(stack, decided, "the re-check of the claim")
        verdict = stack.get(f"/v1/claims/{claim['id']}")["verdict"]
        history = stack.get(f"/v1/claims/{claim['id']}/history")["data"]
    assert history[-1]["trigger"] == f"article text of entry {budget.id} of feed {feed_id}"
    assert verdict["label"] in {"supported", "needs_review"}
    citation = verdict["citations"][0]
    assert citation["url"] == budget.url
    cited = stack.store.find_entry(budget.id)
    assert cited is not None and cited.text[citation["start"] : citation["end"]] == citation["passage"]
    assert "40 million pounds" in citation["passage"] and citation["passage"] not in BUDGET_SUMMARY

    # Requests to the host started at least the politeness interval apart (the feed itself aside).
    starts = [r.at for r in stack.server.seen if not r.path.startswith("/feeds/wire.xml")]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
    assert len(starts) >= 6 and min(gaps) >= POLITENESS_S * 0.9, gaps


def test_a_changed_entry_refetches_its_page_conditionally_and_keeps_the_article_text(
    page_stack: PageStack,
) -> None:
    stack = page_stack
    feed = {"url": stack.server.url("/feeds/wire.xml"), "name": "Test Wire", "poll_interval_s": 3600}
    feed_id = httpx.post(f"{stack.base_url}/v1/feeds", json=feed).json()["id"]
    wait_for(stack, lambda: len(stack.entries(feed_id)) == 5, "the first poll")
    title = "Leeds council backs schools budget"
    wait_for(stack, lambda: stack.entries(feed_id)[title].text_source is TextSource.article, "the article")
    first = stack.entries(feed_id)[title]
    page_requests = [r for r in stack.server.seen if r.path == "/feeds/council-budget.html"]
    assert len(page_requests) == 1 and "If-None-Match" not in page_requests[0].headers

    # The feed changes the entry's summary: the poll stores it, and the page is asked for again with its
    # validators; the 304 brings the article text back under the new summary.
    changed_summary = "Leeds councillors voted 52 to 31 for the schools budget."
    stack.write_feed(budget_summary=changed_summary)
    httpx.post(f"{stack.base_url}/v1/feeds/{feed_id}/poll")

    def refetched() -> bool:
        entry = stack.entries(feed_id)[title]
        return entry.content_hash != first.content_hash and entry.text_source is TextSource.article

    wait_for(stack, refetched, "the page of the changed entry")
    again = stack.entries(feed_id)[title]
    assert again.text == first.text and again.summary == changed_summary
    page = stack.store.get_article_page(first.id)
    conditional = [r for r in stack.server.seen if r.path == "/feeds/council-budget.html"][-1]
    assert page is not None and page.etag and conditional.headers.get("If-None-Match") == page.etag
