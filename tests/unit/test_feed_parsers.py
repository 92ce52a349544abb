"""parse_feed over every format it reads, and over the hostile and broken bytes it must refuse."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.feeds.parse import FeedParseError, ParsedFeed, parse_feed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def xxe_encoded_as(encoding: str) -> bytes:
    text = fixture("xxe.xml").decode().replace('version="1.0"?>', f'version="1.0" encoding="{encoding}"?>')
    return text.encode(encoding)


def test_rss_091_items_become_entries() -> None:
    feed = parse_feed(fixture("rss091.xml"), "harbour")
    assert feed.title == "Harbour Gazette"
    assert [e.title for e in feed.entries] == ["Ferry timetable changes in April", "Harbour wall repaired"]
    assert feed.entries[1].text == "Repairs to the harbour wall cost 1.2 million pounds."
    assert feed.entries[0].url == "https://harbour.example.org/news/ferry-timetable"


def test_rss_10_rdf_items_become_entries_with_their_dublin_core_date() -> None:
    (entry,) = parse_feed(fixture("rss10.rdf"), "science").entries
    assert entry.title == "Comet visible this week"
    assert entry.published == datetime(2025, 3, 4, 20, 0, tzinfo=UTC)


def test_rss_20_items_are_plain_text_keyed_by_guid() -> None:
    feed = parse_feed(fixture("rss20.xml"), "wire", trust=0.9)
    first, second = feed.entries
    assert first.text == "The bridge in Leeds reopened on Monday."
    assert first.published == datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
    assert first.trust == 0.9 and first.feed_id == "wire" and first.review is None
    assert first.id != second.id


def test_atom_entries_take_their_html_content_as_text() -> None:
    (entry,) = parse_feed(fixture("atom.xml"), "frontline").entries
    assert entry.text == "Negotiators met in Geneva on Wednesday."
    assert entry.url == "https://frontline.example.net/talks"
    assert entry.published == datetime(2025, 3, 5, 11, 0, tzinfo=UTC)


def test_json_feed_11_items_become_plain_text_entries() -> None:
    feed = parse_feed(fixture("jsonfeed11.json"), "data")
    assert feed.title == "Data Journal"
    first, second, third = feed.entries
    assert first.title == "Unemployment falls to 4.1%"
    assert first.text == "Unemployment fell to 4.1% in February."  # tags and the script are gone
    assert first.published == datetime(2025, 3, 6, 7, 0, tzinfo=UTC)
    assert second.title == second.text == "Inflation held at 2.3% in February."
    assert third.url == "https://data.example.com/no-id"


def test_json_feed_10_with_numeric_ids_is_read() -> None:
    feed = parse_feed(fixture("jsonfeed10.json"), "old")
    (entry,) = feed.entries
    assert feed.title == "Old Style Feed" and entry.text == "The river level rose by 2 metres."


def test_a_json_feed_items_plain_text_is_tidied_and_its_title_cut_clean() -> None:
    words = "Rain fell " * 8 + "on the hills all night"  # the 80th character is a space
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Plain",
        "items": [{"id": "1", "content_text": f"  {words}\x01   and no further.  "}],
    }
    (entry,) = parse_feed(json.dumps(document).encode(), "plain").entries
    assert entry.text == f"{words} and no further."
    assert entry.title == entry.title.strip() and entry.title == entry.text[:80].rstrip()


def test_an_edited_item_keeps_its_id_and_changes_its_content_hash() -> None:
    document = json.loads(fixture("jsonfeed11.json"))
    before = parse_feed(json.dumps(document).encode(), "data").entries[0]
    document["items"][0]["content_html"] = "<p>Unemployment fell to 4.0% in February (revised).</p>"
    after = parse_feed(json.dumps(document).encode(), "data").entries[0]
    assert after.id == before.id and after.content_hash != before.content_hash


def test_the_same_entry_in_two_feeds_gets_two_ids() -> None:
    assert (
        parse_feed(fixture("rss20.xml"), "a").entries[0].id
        != parse_feed(fixture("rss20.xml"), "b").entries[0].id
    )


def test_claimreview_json_ld_becomes_fact_check_entries() -> None:
    feed = parse_feed(fixture("claimreview.json"), "factdesk", trust=0.95)
    assert feed.title == "Fact Desk"
    moon, tides = feed.entries
    assert moon.text == "The moon is made of cheese. Rating: False."
    assert moon.title == "No, the moon is not made of cheese"
    assert moon.url == "https://factdesk.example.org/checks/moon-cheese"
    assert moon.published == datetime(2025, 2, 20, tzinfo=UTC)
    assert moon.review is not None
    assert moon.review.model_dump() == {
        "claim_reviewed": "The moon is made of cheese.",
        "rating_value": 1.0,
        "best_rating": 5.0,
        "worst_rating": 1.0,
        "alternate_name": "False",
        "author": "Fact Desk",
        "item_author": "A. Blogger",
        "item_date": datetime(2025, 2, 18, 9, 0, tzinfo=UTC),
        "url": "https://factdesk.example.org/checks/moon-cheese",
    }
    assert tides.text == "Tides are caused by the moon. Rating: True." and tides.trust == 0.95


def test_claimreview_in_an_html_pages_scripts_is_a_valid_source() -> None:
    feed = parse_feed(fixture("claimreview.html"), "factdesk-page")
    assert feed.title == "Fact Desk: Bus fares"
    (entry,) = feed.entries  # the Organization block is not a review; the broken block is skipped
    assert entry.text == "Bus fares doubled & nobody noticed. Rating: Mostly false."
    assert entry.review is not None and entry.review.item_author == "Cllr. Jones"
    assert entry.review.rating_value == 2.0 and entry.review.best_rating == 5.0


def test_a_numeric_rating_without_a_name_is_spelled_out() -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Rents fell.",
        "reviewRating": {"ratingValue": 2, "bestRating": 5},
    }
    (entry,) = parse_feed(json.dumps(review).encode(), "f").entries
    assert entry.text == "Rents fell. Rating: 2 of 5."


def test_a_changed_rating_updates_the_same_entry() -> None:
    document = json.loads(fixture("claimreview.json"))
    before = parse_feed(json.dumps(document).encode(), "f").entries[0]
    document["@graph"][1]["reviewRating"]["alternateName"] = "Mostly false"
    after = parse_feed(json.dumps(document).encode(), "f").entries[0]
    assert after.id == before.id and after.content_hash != before.content_hash
    assert after.text.endswith("Rating: Mostly false.")


@pytest.mark.timeout(10)
def test_billion_laughs_is_refused_before_any_expansion() -> None:
    with pytest.raises(FeedParseError, match="ENTITY"):
        parse_feed(fixture("billion_laughs.xml"), "lol")


def test_an_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7f3a")
    with pytest.raises(FeedParseError, match="ENTITY"):
        parse_feed(fixture("xxe.xml"), "leak")
    document = fixture("xxe.xml").replace(b"file:///etc/passwd", secret.as_uri().encode())
    with pytest.raises(FeedParseError, match="ENTITY"):
        parse_feed(document, "leak")


def test_an_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "feed.dtd"
    dtd.write_text('<!ENTITY leak "SECRET-MARKER-DTD">')
    document = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{dtd.as_uri()}">\n<rss version="2.0"><channel>'
        "<title>T</title><item><title>a</title><description>x &leak; y</description></item></channel></rss>"
    ).encode()
    (entry,) = parse_feed(document, "dtd").entries
    assert "SECRET-MARKER" not in entry.text


@pytest.mark.parametrize(
    "document",
    [
        xxe_encoded_as("utf-16"),
        b'<?xml version="1.0" encoding="utf-7"?>\n+ADw-!DOCTYPE rss +AFs-+ADw-!ENTITY x SYSTEM '
        b'+ACI-file:///etc/passwd+ACI-+AD4-+AF0-+AD4-\n<rss version="2.0"><channel><title>T</title>'
        b"<item><title>a</title><description>&x;</description></item></channel></rss>",
        xxe_encoded_as("cp037"),
        b'<?xml version="1.0"?><!-- <a> --><!doctype rss [<!entity x SYSTEM "file:///etc/passwd">]><rss/>',
    ],
    ids=["utf-16", "utf-7", "ebcdic", "comment-first-lowercase"],
)
def test_entity_declarations_are_refused_in_any_encoding(document: bytes) -> None:
    with pytest.raises(FeedParseError, match="ENTITY"):
        parse_feed(document, "hidden")


def test_a_feed_that_mentions_entity_declarations_without_a_doctype_is_read() -> None:
    document = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Security Weekly</title>'
        b"<item><title>XXE</title>"
        b'<description><![CDATA[Attackers declare <!ENTITY x SYSTEM "file:///etc/passwd">.]]></description>'
        b"</item></channel></rss>"
    )
    (entry,) = parse_feed(document, "sec").entries
    assert "<!ENTITY x SYSTEM" in entry.text


@pytest.mark.parametrize(
    "document",
    [
        fixture("malformed.xml"),
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</description>'
        b"</item></channel></rss>",
        b'<?xml version="1.0"?><rss <<<>>> </not>',
    ],
    ids=["truncated-in-its-only-entry", "mismatched-tags-emptying-the-only-entry", "garbage"],
)
def test_malformed_xml_from_which_no_entry_is_recovered_is_refused(document: bytes) -> None:
    # Ill-formed feeds with entries to recover are read: tests/unit/test_feed_recovery.py.
    with pytest.raises(FeedParseError, match="malformed XML .*no entries could be recovered"):
        parse_feed(document, "broken")


def test_the_usual_sloppiness_of_real_feeds_is_tolerated_and_reported() -> None:
    document = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Smith & Sons</title>'
        b"<item><title>Fish&nbsp;& chips</title><description>Prices up 5%</description></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(document, "sloppy")
    (entry,) = feed.entries
    assert entry.title == "Fish\xa0& chips"
    assert feed.recovered_from == (
        "malformed XML at line 1, column 63: not well-formed (invalid token); "
        "entries recovered by the loose parser"
    )


@pytest.mark.parametrize(
    ("reference", "text"),
    [("&#" + "9" * 5000 + ";", "\ufffd"), ("&#x" + "f" * 5000 + ";", "\ufffd"), ("&#1114112;", "\ufffd"),
     ("&#x0001F600;", "\U0001f600"), ("&#00000065;", "A")],
)  # fmt: skip
def test_a_character_reference_past_unicode_in_html_text_is_a_replacement_character(
    reference: str, text: str
) -> None:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "content_html": f"<p>a {reference} b</p>"}]}  # fmt: skip
    (entry,) = parse_feed(json.dumps(document).encode(), "json").entries
    assert entry.text == f"a {text} b"


@pytest.mark.parametrize(
    "document",
    [fixture("not_a_feed.html"), b"<html><body><p>Hello</p>", b"<!-- hi --><!DOCTYPE html><title>x</title>"],
)
def test_an_html_page_without_claimreview_is_not_a_feed(document: bytes) -> None:
    with pytest.raises(FeedParseError, match="HTML page without ClaimReview"):
        parse_feed(document, "page")


@pytest.mark.parametrize(
    "document",
    [b'{"hello": "world"}', b"[1, 2, 3]", b'{"version": "https://jsonfeed.org/version/1.1", "items": 5}',
     b"[" * 100_000 + b"]" * 100_000, b'{"broken": ', b"[" + b"1" * 5000 + b"]", b"", b"   ", b"plain text"],
    ids=["object", "list", "items-not-a-list", "deeply-nested", "truncated", "huge-number", "empty", "blank",
         "text"],
)  # fmt: skip
def test_bytes_that_are_no_known_format_are_refused(document: bytes) -> None:
    with pytest.raises(FeedParseError):
        parse_feed(document, "junk")


def test_bytes_naming_a_local_file_are_parsed_as_bytes_not_opened() -> None:
    # feedparser.parse(bytes) would open a file of that name; the body of a fetch must never do that.
    with pytest.raises(FeedParseError):
        parse_feed(str(FIXTURES / "rss20.xml").encode(), "path")


def test_an_empty_but_valid_feed_has_no_entries() -> None:
    feed = parse_feed(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>', "q"
    )
    assert feed == ParsedFeed(title="Quiet", entries=[])


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "/relative/story"]
)
def test_an_entry_link_that_is_not_an_absolute_http_url_is_dropped(link: str) -> None:
    # Verdicts cite an entry by its link: a link no reader could safely follow is none at all.
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Budget</title><link>{link}</link><description>Approved.</description></item>"
        "</channel></rss>"
    )
    (entry,) = parse_feed(rss.encode(), "wire").entries
    assert entry.url is None and entry.text == "Approved."


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.sampled_from([fixture("rss20.xml"), fixture("atom.xml")]).flatmap(
    lambda doc: st.integers(0, len(doc)).map(lambda n: doc[:n])))  # fmt: skip
def test_any_bytes_give_a_feed_or_a_feed_parse_error(data: bytes) -> None:
    try:
        feed = parse_feed(data, "fuzz")
    except FeedParseError:
        return
    assert all(e.feed_id == "fuzz" and len(e.id) == 24 and len(e.content_hash) == 64 for e in feed.entries)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
claim_review_like = st.fixed_dictionaries(
    {"@type": st.sampled_from(["ClaimReview", ["ClaimReview"], "schema:ClaimReview"])},
    optional={
        "claimReviewed": json_values,
        "reviewRating": json_values,
        "itemReviewed": json_values,
        "author": json_values,
        "datePublished": json_values,
        "url": json_values,
        "@id": json_values,
    },
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(json_values, claim_review_like, st.lists(claim_review_like, max_size=3)))
def test_any_json_gives_a_feed_or_a_feed_parse_error(document: object) -> None:
    try:
        feed = parse_feed(json.dumps(document).encode(), "fuzz")
    except FeedParseError:
        return
    assert all(e.review is not None and e.text.startswith(e.review.claim_reviewed) for e in feed.entries)
