"""Feed parsing, passage offsets and the incremental BM25 evidence index."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from claimcheck.feeds import FeedParseError, load_feed_files, parse_feed
from claimcheck.feeds.html_text import html_to_text
from claimcheck.verification import EvidenceIndex
from claimcheck.verification.passages import split_passages
from schemas import FeedEntry

SEED_FEEDS = Path(__file__).resolve().parents[2] / "seeds" / "feeds"

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire &amp; Co</title>
<item><title>Bridge reopens</title><link>https://example.org/a</link><guid>a</guid>
<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The bridge in Leeds &lt;b&gt;reopened&lt;/b&gt; on Monday.&lt;/p&gt;
&lt;p&gt;It cost 40 million pounds.&lt;/p&gt;</description>
</item></channel></rss>"""


def entry(entry_id: str, title: str, text: str) -> FeedEntry:
    return FeedEntry(
        id=entry_id,
        feed_id="f",
        feed_title="F",
        url=None,
        title=title,
        published=None,
        text=text,
        content_hash=text,
    )


def test_rss_entry_becomes_plain_text_with_metadata() -> None:
    feed = parse_feed(RSS, feed_id="wire")
    assert feed.title == "Wire & Co"
    (item,) = feed.entries
    assert item.text == "The bridge in Leeds reopened on Monday.\n\nIt cost 40 million pounds."
    assert item.url == "https://example.org/a" and item.title == "Bridge reopens"
    assert item.published is not None and item.published.isoformat() == "2025-03-03T10:00:00+00:00"


def test_the_same_entry_gets_the_same_id_on_every_parse() -> None:
    assert parse_feed(RSS, "wire").entries[0].id == parse_feed(RSS, "wire").entries[0].id


def test_bytes_that_are_not_a_feed_are_rejected() -> None:
    with pytest.raises(FeedParseError):
        parse_feed(b"<html><body><p>Hello</p>", feed_id="x")


def test_seed_feeds_parse_rss_and_atom() -> None:
    entries = load_feed_files(SEED_FEEDS)
    feeds = {e.feed_title for e in entries}
    assert len(feeds) >= 2 and len(entries) >= 5
    assert all("<" not in e.text for e in entries)


def test_html_to_text_drops_scripts_and_decodes_entities() -> None:
    assert html_to_text("<p>A &amp; B</p><script>alert(1)</script><p>C</p>") == "A & B\n\nC"


def test_passages_slice_the_entry_text_exactly() -> None:
    text = "Mr. Smith arrived in the U.S. on Monday. He left on Friday!  Talks resume in May."
    passages = split_passages(entry("e", "t", text))
    assert [p.text for p in passages] == [
        "Mr. Smith arrived in the U.S. on Monday.",
        "He left on Friday!",
        "Talks resume in May.",
    ]
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_index_finds_the_matching_passage_first() -> None:
    index = EvidenceIndex()
    index.add_entry(entry("a", "Weather", "Heavy rain fell across Scotland. Flood warnings were issued."))
    index.add_entry(entry("b", "Budget", "The council approved a budget of 40 million pounds for schools."))
    hits = index.search("council approves school budget", k=3)
    assert hits[0].entry.id == "b"


def test_re_adding_an_entry_replaces_its_passages() -> None:
    index = EvidenceIndex()
    index.add_entry(entry("a", "Old", "The ferry service was suspended."))
    index.add_entry(entry("a", "New", "The ferry service resumed on Sunday."))
    hits = index.search("ferry service", k=5)
    assert [h.passage.text for h in hits] == ["The ferry service resumed on Sunday."]
    assert len(index) == 1


def test_the_same_passage_from_two_feeds_is_retrieved_once_from_the_more_trusted() -> None:
    text = "The council approved the new tram line on Tuesday. Work starts in May."
    index = EvidenceIndex()
    for feed, trust in (("wire-a", 0.6), ("wire-b", 0.9)):
        index.add_entry(
            FeedEntry(
                id=f"{feed}-1",
                feed_id=feed,
                feed_title=feed,
                url=None,
                title="Tram line approved",
                published=None,
                text=text,
                trust=trust,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    found = index.search("council approved tram line", 8)
    texts = [r.passage.text for r in found]
    assert texts.count("The council approved the new tram line on Tuesday.") == 1
    assert next(r for r in found if "council" in r.passage.text).entry.feed_id == "wire-b"
