"""Ill-formed feeds that feedparser forgives: read, their whole entries kept, the recovery said in a line.

One fixture per kind of malformation feedparser's loose parsing, encoding detection and test suite
(tests/illformed, tests/encoding) cover; none may lose the whole feed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.feeds import xml_recovery
from claimcheck.feeds.parse import FeedParseError, parse_feed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
MALFORMED = FIXTURES / "malformed"
HARBOUR = ["Ferry timetable changes", "Harbour wall repaired"]
FRONT_LINE = ["Talks resume in Geneva", "Ceasefire holds"]
LOOSE = "entries recovered by the loose parser"


def malformed(name: str) -> bytes:
    return (MALFORMED / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "titles", "warning"),
    [
        ("unescaped_ampersand.xml", HARBOUR, "not well-formed (invalid token)"),
        ("html_entities.xml", ["Ferry\xa0timetable changes — café closed", HARBOUR[1]], "undefined entity"),
        ("bare_less_than.xml", ["Fares < 5 pounds", HARBOUR[1]], "not well-formed (invalid token)"),
        ("unterminated_cdata.xml", HARBOUR, "unclosed CDATA section"),
        ("declaration_after_whitespace.xml", HARBOUR, "XML or text declaration not at start of entity"),
        ("junk_before_declaration.xml", HARBOUR, "junk after document element"),
        ("text_after_declaration.xml", HARBOUR, "syntax error"),
        ("unescaped_html.xml", HARBOUR, "mismatched tag"),
        ("mismatched_case.xml", HARBOUR, "mismatched tag"),
        ("unclosed_element.xml", HARBOUR, "mismatched tag"),
        ("stray_end_tag.xml", HARBOUR, "2 end tags without a start tag dropped"),  # feedparser 6 raises
        ("truncated.xml", HARBOUR, "no element found"),
        ("truncated.atom", FRONT_LINE[:1], "no element found"),
        ("missing_root_end_tags.xml", HARBOUR, "no element found"),
        ("incomplete_end_tag.xml", HARBOUR, "unclosed token"),
        ("junk_after_root.xml", HARBOUR, "junk after document element"),
        ("undeclared_prefix.xml", HARBOUR, "unbound prefix"),
        ("unquoted_attribute.atom", FRONT_LINE, "not well-formed (invalid token)"),
        ("duplicate_attribute.xml", HARBOUR, "duplicate attribute"),
        ("control_characters.xml", HARBOUR, "not well-formed (invalid token)"),
        ("invalid_character_references.xml", HARBOUR, "3 character references to characters XML forbids"),
        ("sloppy_channel.cdf", HARBOUR, "not well-formed (invalid token)"),
        ("wrong_declared_encoding.xml", ["Café ferry timetable changes", HARBOUR[1]], "declared as utf-8"),
        ("unknown_declared_encoding.xml", HARBOUR, "declared as x-bogus-8, but parsed as utf-8"),
        ("undeclared_cp1252.xml", ["Ferry timetable changes ’ €5", HARBOUR[1]], "parsed as windows-1252"),
        ("utf16_declared_utf8.xml", HARBOUR, "declared as utf-8, but UTF-16 by its first bytes"),
    ],
)
def test_a_feed_feedparser_forgives_keeps_its_entries_and_says_what_was_wrong(
    name: str, titles: list[str], warning: str
) -> None:
    feed = parse_feed(malformed(name), "harbour")
    assert [e.title for e in feed.entries] == titles
    assert feed.recovered_from is not None and warning in feed.recovered_from


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("unescaped_ampersand.xml", "malformed XML at line 8, column 54: not well-formed (invalid token)"),
        ("mismatched_case.xml", "malformed XML at line 7, column 38: mismatched tag"),
        (
            "declaration_after_whitespace.xml",
            "malformed XML at line 3, column 3: XML or text declaration not at start of entity",
        ),
    ],
)
def test_the_warning_says_where_the_xml_broke_and_that_the_loose_parser_recovered_the_entries(
    name: str, problem: str
) -> None:
    assert parse_feed(malformed(name), "harbour").recovered_from == f"{problem}; {LOOSE}"


def test_an_unescaped_ampersand_stays_in_the_link_and_the_text() -> None:
    ferry, _ = parse_feed(malformed("unescaped_ampersand.xml"), "harbour").entries
    assert ferry.text == "Fish & chips: the morning ferry leaves at 7:15 from April."
    assert ferry.url is not None and ferry.url.startswith("https://harbour.example.org/news?id=1&")


def test_a_truncated_feed_keeps_its_complete_entries_and_leaves_out_the_one_cut_short() -> None:
    feed = parse_feed(malformed("truncated.xml"), "harbour")
    assert [e.title for e in feed.entries] == HARBOUR  # not "Lifeboat launch", whose text was cut
    assert feed.recovered_from is not None
    assert feed.recovered_from.endswith(f"{LOOSE}, the last one, cut short, left out")
    whole = parse_feed(malformed("missing_root_end_tags.xml"), "harbour")
    assert [(e.id, e.content_hash) for e in whole.entries] == [(e.id, e.content_hash) for e in feed.entries]


def test_a_feed_cut_short_in_its_only_entry_is_refused() -> None:
    with pytest.raises(FeedParseError, match="no element found; no entries could be recovered"):
        parse_feed((FIXTURES / "malformed.xml").read_bytes(), "cut")


def test_an_unterminated_cdata_section_keeps_the_entries_before_it() -> None:
    ferry, wall = parse_feed(malformed("unterminated_cdata.xml"), "harbour").entries
    assert ferry.text == "The morning ferry leaves at 7:15 from April."
    assert wall.url == "https://harbour.example.org/news/wall" and "<" not in wall.text


def test_html_entities_and_unescaped_html_become_plain_text() -> None:
    (ferry, _) = parse_feed(malformed("html_entities.xml"), "harbour").entries
    assert ferry.text == "The morning ferry leaves at 7:15 from April…"
    (ferry, _) = parse_feed(malformed("unescaped_html.xml"), "harbour").entries
    assert ferry.text == "The morning ferry leaves at 7:15\n\nfrom April."


def test_control_characters_and_references_to_forbidden_characters_never_reach_the_text() -> None:
    (ferry, _) = parse_feed(malformed("control_characters.xml"), "harbour").entries
    assert ferry.text == "The morning ferry leaves at 7:15 from April."
    (ferry, _) = parse_feed(malformed("invalid_character_references.xml"), "harbour").entries
    assert ferry.text == "The morning ferry leaves at 7:15 \ufffd\ufffd \ufffd from April."


def test_a_cdf_channel_is_read_with_its_items_links() -> None:
    for name in ("channel.cdf", "sloppy_channel.cdf"):
        ferry, wall = parse_feed(malformed(name), "harbour").entries
        assert ferry.url == "https://harbour.example.org/news/ferry.html"
        assert wall.text == "Repairs to the harbour wall cost 1.2 million pounds."
    assert parse_feed(malformed("channel.cdf"), "harbour").recovered_from is None  # well-formed CDF


def test_an_xhtml_doctype_before_an_rss_root_is_still_a_feed() -> None:
    feed = parse_feed(malformed("xhtml_doctype.xml"), "harbour")
    assert [e.title for e in feed.entries] == HARBOUR and feed.recovered_from is None


def test_a_feed_read_cleanly_has_no_warning() -> None:
    for name in ("rss20.xml", "rss091.xml", "rss10.rdf", "atom.xml", "jsonfeed11.json", "claimreview.json"):
        assert parse_feed((FIXTURES / name).read_bytes(), "clean").recovered_from is None


def test_entries_the_loose_parser_left_empty_are_dropped() -> None:
    document = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</description>'
        b"</item><item><title>B</title><description>two</description></item></channel></rss>"
    )
    feed = parse_feed(document, "broken")
    assert [(e.title, e.text) for e in feed.entries] == [("B", "two")]


def test_an_exception_feedparser_raises_is_a_feed_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(_source: object) -> None:
        raise KeyError("textinput")  # what feedparser 6.0.14 raises on a <textInput> inside an <item>

    monkeypatch.setattr(xml_recovery.feedparser, "parse", crash)
    with pytest.raises(FeedParseError, match="feedparser could not read the document: KeyError"):
        parse_feed(b'<rss version="2.0"><channel><title>T</title></channel></rss>', "crash")


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "document",
    [
        (FIXTURES / "billion_laughs.xml").read_bytes().replace(b"</rss>", b"</rs"),
        (FIXTURES / "xxe.xml").read_bytes().replace(b"</title>", b" & co</title>", 1),
        b"\n  " + (FIXTURES / "xxe.xml").read_bytes(),
        (FIXTURES / "xxe.xml").read_bytes().decode().encode("utf-16"),
    ],
    ids=["billion-laughs-truncated", "xxe-unescaped-ampersand", "xxe-declaration-not-at-start", "xxe-utf-16"],
)
def test_entity_declarations_in_a_malformed_feed_are_still_refused(document: bytes) -> None:
    with pytest.raises(FeedParseError, match="ENTITY"):
        parse_feed(document, "hostile")
