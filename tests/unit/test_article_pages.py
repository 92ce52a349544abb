"""The article behind a feed entry's link: robots.txt, the content-hash guard, the summary kept on failure.

The store tests run on fakeredis and a real redis-server (the `store` fixture of tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.errors import (
    FeedFetchError,
    FeedRejected,
    FetchDeadlineExceeded,
    FetchStatusError,
    ResponseTooLarge,
)
from claimcheck.feeds.article_pages import apply_page, decode_html, is_transient
from claimcheck.feeds.entries import make_entry
from claimcheck.feeds.fetch import FetchResult
from claimcheck.feeds.full_text import FullTextOutcome, FullTextPolicy, fetch_full_text_once
from claimcheck.feeds.robots import crawl_delay, host_of, origin_of, robots_allows
from claimcheck.store import RedisStore
from schemas.evidence import ArticlePage, FeedEntry, TextSource

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ARTICLE_HTML = (PAGES / "council-budget.html").read_bytes()
ROBOTS = (PAGES / "robots.txt").read_text()
SUMMARY = "Leeds council backs its schools budget after a long debate."
LINK = "https://wire.example.org/feeds/council-budget.html"
EVIDENCE = "The city council of Leeds approved a budget of 40 million pounds for schools on Monday."
# No waiting between turns here: pacing has tests of its own (test_host_politeness.py).
POLICY = FullTextPolicy(per_host=2, politeness_s=0.0, max_attempts=3, retry_base_s=10.0)


def response(
    body: bytes = ARTICLE_HTML,
    content_type: str | None = "text/html; charset=utf-8",
    etag: str | None = '"v1"',
    not_modified: bool = False,
    url: str = LINK,
) -> FetchResult:
    return FetchResult(
        url=url,
        status=304 if not_modified else 200,
        body=b"" if not_modified else body,
        content_type=content_type,
        etag=etag,
        last_modified="Tue, 04 Mar 2025 09:00:00 GMT",
        not_modified=not_modified,
    )


class Scripted:
    """Answers each fetch with the next scripted outcome and records what it was asked for."""

    def __init__(self, *outcomes: FetchResult | Exception) -> None:
        self.outcomes = list(outcomes)
        self.asked: list[tuple[str, str | None, str | None]] = []

    def __call__(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        self.asked.append((url, etag, last_modified))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def feed_entry(text: str = SUMMARY, url: str | None = LINK) -> FeedEntry:
    return make_entry(
        feed_id="wire",
        feed_title="Test Wire",
        trust=0.8,
        key="leeds-budget",
        url=url,
        title="Leeds council backs schools budget",
        text=text,
        published=None,
    )


def stored(store: RedisStore, text: str = SUMMARY, url: str | None = LINK) -> FeedEntry:
    entry = feed_entry(text, url)
    store.put_entries([entry])
    return entry


def run(
    store: RedisStore, entry: FeedEntry, pages: Scripted, robots: Scripted, policy: FullTextPolicy = POLICY
) -> FullTextOutcome:
    return fetch_full_text_once(store, entry.id, entry.content_hash, pages, robots, policy)


# -- robots.txt ---------------------------------------------------------------------------------------


def test_robots_txt_disallowing_a_path_refuses_only_that_path() -> None:
    agent = "claimcheck-feed-fetcher/0.1"
    assert not robots_allows(ROBOTS, "https://wire.example.org/feeds/private-memo.html", agent)
    assert robots_allows(ROBOTS, "https://wire.example.org/feeds/council-budget.html", agent)
    assert robots_allows("", "https://wire.example.org/anything", agent)


def test_rules_for_our_agent_win_over_the_wildcard_and_crawl_delay_is_capped() -> None:
    rules = "User-agent: *\nDisallow: /\n\nUser-agent: claimcheck-feed-fetcher\nAllow: /\nCrawl-delay: 600\n"
    assert robots_allows(rules, "https://wire.example.org/news/1", "claimcheck-feed-fetcher/0.1")
    assert not robots_allows(rules, "https://wire.example.org/news/1", "other-bot/1.0")
    assert crawl_delay(rules, "claimcheck-feed-fetcher/0.1") == 60.0
    assert crawl_delay(ROBOTS, "claimcheck-feed-fetcher/0.1") == 0.0


def test_origins_and_hosts_ignore_case_credentials_and_paths() -> None:
    assert origin_of("HTTPS://user:pw@Wire.Example.org:8443/a?b") == "https://wire.example.org:8443"
    assert host_of("http://Wire.Example.org/a") == "wire.example.org"
    assert host_of("http://[::1]:8080/a") == "[::1]:8080"


def test_robots_txt_is_read_in_a_turn_of_its_own_then_the_page_in_the_next(store: RedisStore) -> None:
    entry = stored(store)
    robots, pages = Scripted(response(ROBOTS.encode(), "text/plain")), Scripted(response())
    first = run(store, entry, pages, robots)
    assert first.retry_in_s is not None and first.entry is None
    assert robots.asked == [("https://wire.example.org/robots.txt", None, None)] and pages.asked == []
    assert store.cached_robots("https://wire.example.org") == ROBOTS
    second = run(store, entry, pages, robots)
    assert second.entry is not None and second.entry.text_source is TextSource.article
    assert [url for url, _, _ in pages.asked] == [LINK]


def test_a_robots_txt_that_is_not_there_allows_every_page(store: RedisStore) -> None:
    entry = stored(store)
    robots = Scripted(FetchStatusError("HTTP 404 Not Found from https://wire.example.org/robots.txt", 404))
    run(store, entry, Scripted(), robots)
    assert store.cached_robots("https://wire.example.org") == ""
    assert run(store, entry, Scripted(response()), Scripted()).entry is not None


def test_a_robots_txt_answering_5xx_is_tried_again_later_then_given_up(store: RedisStore) -> None:
    entry = stored(store)
    unwell = FetchStatusError("HTTP 503 Service Unavailable from https://wire.example.org/robots.txt", 503)
    robots, pages = Scripted(unwell, unwell, unwell), Scripted()
    waits = [run(store, entry, pages, robots).retry_in_s for _ in range(2)]
    assert waits == [10.0, 20.0]  # backoff doubles per failure
    assert store.cached_robots("https://wire.example.org") is None
    last = run(store, entry, pages, robots)
    assert last.retry_in_s is None and pages.asked == []
    kept = store.find_entry(entry.id)
    assert kept is not None and kept.text == SUMMARY and kept.text_source is TextSource.summary
    assert kept.full_text_error is not None and "gave up after 3 tries" in kept.full_text_error
    assert "503" in kept.full_text_error


def test_a_page_robots_txt_disallows_is_never_requested_and_keeps_the_summary(store: RedisStore) -> None:
    entry = stored(store, url="https://wire.example.org/feeds/private-memo.html")
    store.cache_robots("https://wire.example.org", ROBOTS, 3600)
    pages = Scripted()
    outcome = run(store, entry, pages, Scripted())
    assert pages.asked == [] and outcome.retry_in_s is None
    assert outcome.entry is not None and outcome.entry.text == SUMMARY
    assert outcome.entry.full_text_error is not None and "robots.txt" in outcome.entry.full_text_error


# -- the article text and the content-hash guard ----------------------------------------------------------


def test_the_article_becomes_the_text_and_the_summary_is_kept_and_logged(store: RedisStore) -> None:
    entry = stored(store)
    store.cache_robots("https://wire.example.org", "", 3600)
    before = store.entries_since(0).position
    outcome = run(store, entry, Scripted(response()), Scripted())
    updated = store.find_entry(entry.id)
    assert updated is not None and outcome.entry == updated
    assert EVIDENCE in updated.text and "cookies" not in updated.text and "Comments" not in updated.text
    assert updated.summary == SUMMARY and updated.text_source is TextSource.article
    assert updated.full_text_error is None
    assert updated.content_hash == entry.content_hash  # still the feed's content
    # Appended to the evidence log, so every worker indexes the new text.
    delta = store.entries_since(before)
    assert [e.id for e in delta.entries] == [entry.id] and delta.entries[0].text == updated.text
    page = store.get_article_page(entry.id)
    assert page is not None and page.etag == '"v1"' and page.text == updated.text


def test_the_next_poll_of_an_unchanged_feed_keeps_the_article_text(store: RedisStore) -> None:
    entry = stored(store)
    store.cache_robots("https://wire.example.org", "", 3600)
    run(store, entry, Scripted(response()), Scripted())
    # The feed brings the same summary again: no change, so nothing is overwritten or re-fetched.
    assert store.put_entries_changed([feed_entry()]) == []
    kept = store.find_entry(entry.id)
    assert kept is not None and kept.text_source is TextSource.article and EVIDENCE in kept.text


def test_article_text_is_not_written_over_an_entry_the_feed_changed_meanwhile(store: RedisStore) -> None:
    entry = stored(store)
    changed = stored(store, text="Leeds council backs its schools budget by 52 votes to 31.")
    page = ArticlePage(url=LINK, text="The article of the earlier version. " * 20)
    position = store.entries_since(0).position
    assert store.put_article_text(entry.id, entry.content_hash, page) is None
    assert store.find_entry(entry.id) == changed
    assert store.entries_since(position).entries == []
    # A task queued for the old version fetches nothing at all.
    pages = Scripted()
    assert run(store, entry, pages, Scripted()).entry is None and pages.asked == []


def test_writing_the_same_page_again_changes_and_logs_nothing(store: RedisStore) -> None:
    entry = stored(store)
    page = ArticlePage(url=LINK, text="The article text. " * 30)
    assert store.put_article_text(entry.id, entry.content_hash, page) is not None
    position = store.entries_since(0).position
    assert store.put_article_text(entry.id, entry.content_hash, page) is None
    assert store.entries_since(position).entries == []


def test_a_changed_entry_fetches_its_page_conditionally_and_a_304_brings_the_text_back(
    store: RedisStore,
) -> None:
    entry = stored(store)
    store.cache_robots("https://wire.example.org", "", 3600)
    run(store, entry, Scripted(response()), Scripted())
    article = store.find_entry(entry.id)
    # The feed changes the entry: the poll stores its new summary (the article text is gone with it) ...
    changed = stored(store, text="Leeds council backs its schools budget by 52 votes to 31.")
    assert store.find_entry(entry.id) == changed
    # ... and the new version's fetch sends the page's validators; a 304 reuses the text already read.
    pages = Scripted(response(not_modified=True))
    outcome = run(store, changed, pages, Scripted())
    assert pages.asked == [(LINK, '"v1"', "Tue, 04 Mar 2025 09:00:00 GMT")]
    assert article is not None and outcome.entry is not None and outcome.entry.text == article.text
    assert outcome.entry.summary == changed.text and outcome.entry.content_hash == changed.content_hash


def test_a_page_without_an_article_keeps_the_summary_with_the_reason(store: RedisStore) -> None:
    store.cache_robots("https://wire.example.org", "", 3600)
    entry = stored(store)
    short = b"<html><body><nav>Home</nav><p>Watch the video.</p></body></html>"
    outcome = run(store, entry, Scripted(response(short)), Scripted())
    assert outcome.entry is not None and outcome.entry.text == SUMMARY
    assert outcome.entry.full_text_error == "no article text: too short"
    other = stored(store, url="https://wire.example.org/report.pdf")
    pdf = run(store, other, Scripted(response(b"%PDF-1.7", "application/pdf")), Scripted())
    assert pdf.entry is not None and pdf.entry.full_text_error == "not an HTML page (application/pdf)"


def test_a_failed_page_after_a_good_one_brings_the_summary_back() -> None:
    article = apply_page(feed_entry(), ArticlePage(url=LINK, text="The whole article. " * 30))
    assert article.text_source is TextSource.article and article.summary == SUMMARY
    back = apply_page(article, ArticlePage(url=LINK, error="fetch failed: HTTP 410 Gone"))
    assert back.text == SUMMARY and back.summary is None and back.text_source is TextSource.summary
    assert back.full_text_error == "fetch failed: HTTP 410 Gone"


@pytest.mark.parametrize(
    ("failure", "says"),
    [
        (FeedRejected("169.254.169.254 is link-local, not a public address"), "refused: "),
        (ResponseTooLarge("response too large: more than 1024 bytes after decoding"), "too large"),
        (FetchStatusError("HTTP 404 Not Found from https://wire.example.org/x", 404), "HTTP 404"),
    ],
)
def test_permanent_failures_are_recorded_at_once_with_the_summary_kept(
    store: RedisStore, failure: Exception, says: str
) -> None:
    store.cache_robots("https://wire.example.org", "", 3600)
    entry = stored(store)
    outcome = run(store, entry, Scripted(failure), Scripted())
    assert outcome.retry_in_s is None and outcome.entry is not None
    assert outcome.entry.text == SUMMARY and outcome.entry.text_source is TextSource.summary
    assert outcome.entry.full_text_error is not None and says in outcome.entry.full_text_error


def test_transient_failures_are_retried_with_backoff_a_bounded_number_of_times(store: RedisStore) -> None:
    store.cache_robots("https://wire.example.org", "", 3600)
    entry = stored(store)
    slow = FetchDeadlineExceeded(f"total deadline of 2s exceeded fetching {LINK}")
    pages = Scripted(slow, FetchStatusError("HTTP 502 Bad Gateway", 502), slow)
    outcomes = [run(store, entry, pages, Scripted()) for _ in range(3)]
    assert [o.retry_in_s for o in outcomes] == [10.0, 20.0, None]
    final = store.find_entry(entry.id)
    assert final is not None and final.text == SUMMARY
    assert final.full_text_error == f"gave up after 3 tries: fetch failed: {slow}"


def test_which_failures_are_worth_another_try() -> None:
    assert is_transient(FetchDeadlineExceeded("slow"))
    assert is_transient(FeedFetchError("fetching failed: ConnectError"))
    assert is_transient(FetchStatusError("HTTP 429", 429)) and is_transient(FetchStatusError("HTTP 503", 503))
    assert not is_transient(FetchStatusError("HTTP 404", 404))
    assert not is_transient(FeedRejected("private")) and not is_transient(ResponseTooLarge("big"))


def test_html_is_decoded_by_its_declared_or_meta_charset() -> None:
    latin = "<p>Caf\u00e9</p>".encode("latin-1")
    assert decode_html(latin, "text/html; charset=ISO-8859-1") == "<p>Caf\u00e9</p>"
    assert decode_html(b'<meta charset="windows-1252">' + latin, "text/html").endswith("Caf\u00e9</p>")
    assert decode_html("<p>Caf\u00e9</p>".encode(), None) == "<p>Caf\u00e9</p>"
    assert decode_html(latin, "text/html; charset=no-such-charset") == "<p>Caf\ufffd</p>"
