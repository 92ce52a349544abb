"""OPML feed lists: what parse_opml reads from real exports, what it skips and why, what it refuses, and
what render_opml writes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import OpmlInvalid
from claimcheck.feeds import opml
from claimcheck.feeds.opml import names_fact_checks, parse_opml, render_opml
from schemas.feeds import Feed, FeedKind, FeedSource

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "opml"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE opml [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b']>\n<opml version="2.0"><head><title>&lol9;</title></head><body/></opml>'
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def document(body: str, head: str = "<title>Sources</title>") -> bytes:
    prolog = '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0">'
    return f"{prolog}<head>{head}</head><body>{body}</body></opml>".encode()


def feed(url: str, name: str = "Wire", kind: FeedKind = FeedKind.news, **fields: object) -> Feed:
    return Feed.model_validate({"id": name.lower(), "url": url, "name": name, "kind": kind, **fields})


def test_a_feedly_export_lists_each_feed_once_with_its_folder_deciding_its_kind() -> None:
    parsed = parse_opml(fixture("feedly.opml"))
    assert parsed.title == "Newsdesk subscriptions in feedly Cloud"
    assert [(f.name, f.kind) for f in parsed.feeds] == [
        ("PolitiFact", FeedKind.factcheck),
        ("Full Fact", FeedKind.factcheck),
        ("FactCheck.org", FeedKind.factcheck),
        ("BBC News - World", FeedKind.news),
        ("Al Jazeera \u2013 Breaking News, World News and Video from Al Jazeera", FeedKind.news),
        ("Economics | The Guardian", FeedKind.news),
        ("Office for National Statistics", FeedKind.news),
    ]
    assert str(parsed.feeds[6].url) == "https://www.ons.gov.uk/releasecalendar?rss"
    # Full Fact is in two Feedly folders; the second listing (without the trailing slash) is the same feed.
    (duplicate,) = parsed.skipped
    assert (duplicate.url, duplicate.reason) == ("https://fullfact.org/feed", "duplicate_in_file")
    assert "'Full Fact'" in duplicate.detail


def test_a_flat_text_only_export_names_feeds_by_text_and_kinds_them_by_category() -> None:
    parsed = parse_opml(fixture("netnewswire.opml"))
    assert [(f.name, f.kind) for f in parsed.feeds] == [
        ("AFP Fact Check", FeedKind.factcheck),
        ("Snopes.com", FeedKind.factcheck),
        ("The Guardian - World news", FeedKind.news),
        ("Le Monde.fr - Actualités et Infos en France et dans le monde", FeedKind.news),
        ("NPR Topics: News", FeedKind.news),
    ]
    assert [(s.name, s.url, s.reason) for s in parsed.skipped] == [
        ("Newsroom podcast page", None, "no_xml_url"),
        ("Old gopher mirror", "gopher://gopher.example.org/1/news", "not_http"),
    ]


def test_nested_folders_pass_a_fact_check_folder_down_to_every_level() -> None:
    parsed = parse_opml(
        document(
            '<outline text="Fact-checkers"><outline text="Europe"><outline text="Germany">'
            '<outline text="Correctiv" xmlUrl="https://correctiv.org/feed/"/></outline></outline>'
            '<outline text="IFCN" xmlUrl="https://ifcn.example.org/rss"/></outline>'
            '<outline text="Europe"><outline text="DW" xmlUrl="https://rss.dw.com/rdf/rss-en-all"/></outline>'
        )
    )
    assert [(f.name, f.kind) for f in parsed.feeds] == [
        ("Correctiv", FeedKind.factcheck),
        ("IFCN", FeedKind.factcheck),
        ("DW", FeedKind.news),
    ]
    assert parsed.skipped == []  # folders are not feeds, nor skipped outlines


def test_an_outlines_own_category_wins_over_its_folder() -> None:
    parsed = parse_opml(
        document(
            '<outline text="Fact-checkers">'
            '<outline text="Wire" category="news" xmlUrl="https://wire.example.org/rss"/>'
            '<outline text="Desk" category="" xmlUrl="https://desk.example.org/rss"/></outline>'
            '<outline text="Misc" category="/Fact-Checkers/EU">'
            '<outline text="Lead Stories" xmlUrl="https://leadstories.example.org/feed"/></outline>'
        )
    )
    assert [(f.name, f.kind) for f in parsed.feeds] == [
        ("Wire", FeedKind.news),
        ("Desk", FeedKind.factcheck),
        ("Lead Stories", FeedKind.factcheck),
    ]


def test_a_feed_listed_twice_is_a_fact_check_if_either_listing_says_so() -> None:
    parsed = parse_opml(
        document(
            '<outline text="News"><outline text="Full Fact" xmlUrl="https://fullfact.org/feed/"/></outline>'
            '<outline text="Fact checks"><outline text="FF" xmlUrl="HTTPS://FULLFACT.ORG/feed"/></outline>'
        )
    )
    (kept,) = parsed.feeds
    assert (kept.name, kept.kind) == ("Full Fact", FeedKind.factcheck)
    assert [(s.name, s.reason) for s in parsed.skipped] == [("FF", "duplicate_in_file")]


@pytest.mark.parametrize(
    "label",
    [
        "factcheck",
        "Fact-Check",
        "fact check",
        "FACT-CHECKERS",
        "Fact checking",
        "IFCN fact-checks (EU)",
        "/a/b/FactCheck",
    ],
)
def test_labels_naming_fact_checks_are_recognised(label: str) -> None:
    assert names_fact_checks(label)


@pytest.mark.parametrize("label", ["news", "Facts", "checkers", "Factual reporting", "Fact sheets", ""])
def test_other_labels_are_not_fact_checks(label: str) -> None:
    assert not names_fact_checks(label)


@pytest.mark.parametrize(
    ("outline", "reason"),
    [
        ('<outline text="Podcast" type="link" url="https://pod.example.org/"/>', "no_xml_url"),
        ('<outline text="Blank" xmlUrl="  "/>', "no_xml_url"),
        ('<outline text="Local" xmlUrl="file:///etc/passwd"/>', "not_http"),
        ('<outline text="Script" xmlUrl="javascript:alert(1)"/>', "not_http"),
        ('<outline text="Relative" xmlUrl="/feeds/wire.xml"/>', "not_http"),
        ('<outline text="Feed scheme" xmlUrl="feed://wire.example.org/rss"/>', "not_http"),
        ('<outline text="No host" xmlUrl="http://"/>', "invalid_url"),
        ('<outline text="Bad IPv6" xmlUrl="http://[::1/rss"/>', "invalid_url"),
        ('<outline text="Bad port" xmlUrl="https://wire.example.org:99999/rss"/>', "invalid_url"),
    ],
)
def test_an_outline_that_is_no_pollable_feed_is_skipped_with_its_reason(outline: str, reason: str) -> None:
    parsed = parse_opml(document(outline + '<outline text="Wire" xmlUrl="https://wire.example.org/rss"/>'))
    assert [f.name for f in parsed.feeds] == ["Wire"]
    (skipped,) = parsed.skipped
    assert skipped.reason == reason and skipped.name and skipped.detail


def test_an_outline_named_neither_by_title_nor_text_is_named_after_its_host() -> None:
    (parsed,) = parse_opml(document('<outline type="rss" xmlUrl="https://wire.example.org/rss"/>')).feeds
    assert parsed.name == "wire.example.org"


def test_title_is_preferred_to_text_and_whitespace_is_collapsed_and_long_names_cut() -> None:
    long = "Wire " * 100
    parsed = parse_opml(
        document(
            '<outline text="Short" title="  The\n  Wire " xmlUrl="https://a.example.org/rss"/>'
            f'<outline text="{long}" xmlUrl="https://b.example.org/rss"/>'
        )
    )
    assert parsed.feeds[0].name == "The Wire"
    assert len(parsed.feeds[1].name) == 200


def test_attribute_and_element_names_are_read_in_any_case() -> None:
    (parsed,) = parse_opml(
        b'<OPML version="1.0"><BODY><OUTLINE TEXT="Wire" XMLURL="https://wire.example.org/rss"/></BODY></OPML>'
    ).feeds
    assert parsed.name == "Wire"


def test_outlines_outside_the_body_are_not_feeds() -> None:
    parsed = parse_opml(
        document(
            '<extension><outline text="Hidden" xmlUrl="https://hidden.example.org/rss"/></extension>',
            head='<title>T</title><outline text="Head" xmlUrl="https://head.example.org/rss"/>',
        )
    )
    assert parsed.feeds == [] and parsed.skipped == []


def test_feeds_past_the_per_file_limit_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opml, "MAX_OPML_FEEDS", 2)
    outlines = "".join(f'<outline text="F{i}" xmlUrl="https://f{i}.example.org/rss"/>' for i in range(4))
    parsed = parse_opml(document(outlines))
    assert [f.name for f in parsed.feeds] == ["F0", "F1"]
    assert [(s.name, s.reason) for s in parsed.skipped] == [
        ("F2", "too_many_feeds"),
        ("F3", "too_many_feeds"),
    ]


def test_an_empty_body_lists_no_feeds() -> None:
    parsed = parse_opml(b'<opml version="2.0"><head/><body/></opml>')
    assert parsed.feeds == [] and parsed.skipped == [] and parsed.title is None


@pytest.mark.parametrize("encoding", ["utf-16", "iso-8859-1", "windows-1252"])
def test_documents_in_other_declared_encodings_are_read(encoding: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><opml version="1.0"><body>'
        '<outline text="Le Monde – Actualités" xmlUrl="https://www.lemonde.fr/rss/une.xml"/></body></opml>'
    )
    if encoding == "iso-8859-1":
        text = text.replace("–", "-")
    (parsed,) = parse_opml(text.encode(encoding)).feeds
    assert parsed.name.endswith("Actualités")


def test_a_deeply_nested_folder_costs_no_recursion() -> None:
    depth = 20_000
    body = '<outline text="f">' * depth + '<outline text="Wire" xmlUrl="https://wire.example.org/rss"/>'
    parsed = parse_opml(document(body + "</outline>" * depth))
    assert [f.name for f in parsed.feeds] == ["Wire"]


@pytest.mark.timeout(10)
def test_billion_laughs_is_refused_before_any_expansion() -> None:
    with pytest.raises(OpmlInvalid, match="ENTITY"):
        parse_opml(BILLION_LAUGHS)


def test_an_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7f3a")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://wire.example.org/rss"/></body></opml>'
    ).encode()
    with pytest.raises(OpmlInvalid, match="ENTITY") as refused:
        parse_opml(xxe)
    assert "SECRET" not in str(refused.value)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/opml.dtd">',
        '<!DOCTYPE opml PUBLIC "-//X//DTD OPML//EN" "opml.dtd">',
        "<!DOCTYPE opml>",
        '<!DOCTYPE opml [<!ATTLIST outline xmlUrl CDATA "https://injected.example.org/rss">]>',
    ],
    ids=["system-dtd", "public-dtd", "bare", "attribute-defaults"],
)
def test_any_doctype_is_refused(doctype: str) -> None:
    # A DTD could supply attribute defaults (an xmlUrl on every outline) or load external entities.
    with pytest.raises(OpmlInvalid, match="DOCTYPE"):
        parse_opml(f'<?xml version="1.0"?>{doctype}<opml><body><outline text="a"/></body></opml>'.encode())


@pytest.mark.parametrize(
    "hostile",
    [
        BILLION_LAUGHS.decode()
        .replace('version="1.0"?>', 'version="1.0" encoding="utf-16"?>')
        .encode("utf-16"),
        b'<?xml version="1.0" encoding="utf-7"?>\n+ADw-!DOCTYPE opml +AFs-+ADw-!ENTITY x SYSTEM '
        b'+ACI-file:///etc/passwd+ACI-+AD4-+AF0-+AD4-\n<opml><body><outline text="&x;"/></body></opml>',
        b'<?xml version="1.0"?><!-- a --><!doctype opml [<!entity x "y">]><opml/>',
    ],
    ids=["utf-16", "utf-7", "lowercase"],
)
def test_entity_declarations_are_refused_in_any_encoding(hostile: bytes) -> None:
    with pytest.raises(OpmlInvalid, match="ENTITY"):
        parse_opml(hostile)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (b"just some text", "not well-formed"),
        (b'{"feeds": ["https://wire.example.org/rss"]}', "not well-formed"),
        (b"<opml><body><outline text=", "not well-formed"),
        (
            b'<opml><body><outline text="caf&eacute;" xmlUrl="https://a.example.org/"/></body></opml>',
            "undefined entity",
        ),
        (b"<opml><body></opml>", "mismatched tag"),
        (b"<opml><body/></opml><opml/>", "junk after document element"),
        (b'<?xml version="1.0" encoding="x-no-such-codec"?><opml><body/></opml>', "encoding"),
        (b'<?xml version="1.0" encoding="utf-7"?><opml><body/></opml>', "encoding"),
        (b'<?xml version="1.0" encoding="rot13"?><opml><body/></opml>', "encoding"),
        (b'<?xml version="1.0" encoding="idna"?><opml><body/></opml>', "encoding"),
        (b'<?xml version="1.0" encoding="punycode"?><opml><body/>\x80</opml>', "encoding"),
        (b"\xff\xfe\x00\x81garbage", "not well-formed"),
        (b'<rss version="2.0"><channel><title>Wire</title></channel></rss>', "root element is <rss>"),
        (b'<opml version="2.0"><head><title>No body</title></head></opml>', "no <body>"),
    ],
    ids=[
        "empty",
        "blank",
        "text",
        "json",
        "truncated",
        "html-entity",
        "mismatched",
        "two-roots",
        "unknown-encoding",
        "utf-7",
        "not-a-text-codec",
        "idna",
        "punycode",
        "binary",
        "rss",
        "no-body",
    ],
)
def test_a_document_that_is_not_opml_is_refused_with_why(data: bytes, message: str) -> None:
    with pytest.raises(OpmlInvalid, match=message):
        parse_opml(data)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=300)
    | st.sampled_from([fixture("feedly.opml"), fixture("netnewswire.opml")]).flatmap(
        lambda doc: st.integers(0, len(doc)).map(lambda n: doc[:n])
    )
)
def test_any_bytes_give_an_import_or_opml_invalid(data: bytes) -> None:
    try:
        parsed = parse_opml(data)
    except OpmlInvalid:
        return
    assert all(f.url.scheme in {"http", "https"} for f in parsed.feeds)


def test_the_rendered_document_is_opml_2_with_one_rss_outline_per_feed() -> None:
    created = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    rendered = render_opml(
        [
            feed("https://fullfact.org/feed/", "Full Fact", FeedKind.factcheck),
            feed("https://wire.example.org/rss"),
        ],
        created,
    )
    root = ElementTree.fromstring(rendered)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "claimcheck reference feeds"
    assert parsedate_to_datetime(root.findtext("head/dateCreated") or "") == created
    assert [o.attrib for o in root.iterfind("body/outline")] == [
        {
            "type": "rss",
            "text": "Full Fact",
            "title": "Full Fact",
            "xmlUrl": "https://fullfact.org/feed/",
            "category": "factcheck",
        },
        {
            "type": "rss",
            "text": "Wire",
            "title": "Wire",
            "xmlUrl": "https://wire.example.org/rss",
            "category": "news",
        },
    ]


def test_local_feed_files_are_left_out_of_the_rendered_document() -> None:
    local = feed("file:///srv/feeds/demo.xml", "Demo", source=FeedSource.local)
    root = ElementTree.fromstring(render_opml([local, feed("https://wire.example.org/rss")]))
    assert [o.get("xmlUrl") for o in root.iterfind("body/outline")] == ["https://wire.example.org/rss"]


def test_rendering_escapes_markup_and_drops_what_xml_cannot_carry() -> None:
    name = 'Tom & Jerry\'s <b>"Wire"</b>\x01\x0b'
    rendered = render_opml([feed("https://wire.example.org/rss?a=1&b=<2>", name)])
    assert b"<b>" not in rendered and b"&amp;" in rendered
    (parsed,) = parse_opml(rendered).feeds
    assert parsed.name == 'Tom & Jerry\'s <b>"Wire"</b>'
    assert str(parsed.url) == "https://wire.example.org/rss?a=1&b=%3C2%3E"


feed_names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60).filter(lambda s: s.strip())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(feed_names, st.sampled_from(list(FeedKind))), max_size=8))
def test_a_rendered_list_reads_back_as_the_same_feeds(named: list[tuple[str, FeedKind]]) -> None:
    feeds = [feed(f"https://f{i}.example.org/rss", name, kind) for i, (name, kind) in enumerate(named)]
    parsed = parse_opml(render_opml(feeds))
    assert parsed.skipped == []
    assert [(str(f.url), f.kind) for f in parsed.feeds] == [(str(f.url), f.kind) for f in feeds]
    for original, read in zip(feeds, parsed.feeds, strict=True):
        expected = " ".join(
            re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", original.name).split()
        )
        assert read.name == (expected or original.url.host)
