"""Feed bytes to evidence entries: JSON Feed, ClaimReview JSON-LD (JSON or HTML), RSS 0.9x/1.0/2.0, Atom, CDF.

Lenient where feedparser is lenient: an ill-formed XML feed (a bare "&" or "<", HTML entities such as
&nbsp;, an unterminated CDATA section, an XML declaration after whitespace or junk, mismatched, unclosed
or stray tags, a document cut short, a wrong declared encoding, a CDF channel) is read as feedparser's
loose parser and encoding detection recover it (xml_recovery.py), and ParsedFeed.recovered_from says in a
line what was wrong ("malformed XML at line 3, column 40: mismatched tag; entries recovered by the loose
parser"), which a poll keeps as the feed's health warning. Of a document cut short, the entry it ends in
is left out; entries left with neither title nor text are dropped; and an ill-formed document that
yields no entry is refused, as is one that is no feed at all.

Strict on attacks: feedparser already strips entity declarations it does not like and never lets expat
load external entities, and expat (>= 2.4) limits entity amplification. Those defences are incidental (a
regex over the prolog), so parse_feed refuses, before any XML parser runs, every document that has both
a DOCTYPE and an ENTITY declaration, ill-formed or not. That is a byte scan of the raw bytes with NULs
dropped (ASCII-compatible encodings, UTF-16/32) and of the text decoded by a declared encoding or EBCDIC
(UTF-7 and the like, which feedparser honours); entity declarations are only legal inside a DOCTYPE, so a
feed that merely mentions "<!ENTITY" in its text but has no DOCTYPE is still read. Sizes and
decompression are capped before the bytes get here (fetch.py).
"""

from __future__ import annotations

import calendar
import contextlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from claimcheck.feeds.claimreview import parse_claim_review_html, parse_claim_review_json
from claimcheck.feeds.entries import FeedParseError, ParsedFeed, entry_id, make_entry
from claimcheck.feeds.html_text import html_to_text
from claimcheck.feeds.jsonfeed import is_json_feed, parse_json_feed
from claimcheck.feeds.xml_recovery import DECLARED_ENCODING, read_xml
from schemas.evidence import FeedEntry

__all__ = ["FeedParseError", "ParsedFeed", "entry_id", "parse_feed", "refuse_entity_declarations"]

_BOM = b"\xef\xbb\xbf"
_HTML_START = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL
)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_EBCDIC_XML_DECLARATION = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
# The first element of a document: a feed's root even after an (X)HTML DOCTYPE is read as a feed.
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w.:-]*)")
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf:rdf", b"channel"})


def parse_feed(data: bytes, feed_id: str, trust: float = 0.8) -> ParsedFeed:
    """Parse feed bytes (never a URL) into entries whose text is plain and citable."""
    head = data[:4096].removeprefix(_BOM).lstrip()
    if head[:1] in (b"{", b"["):
        return _parse_json(data, feed_id, trust)
    if _HTML_START.match(head) and not _starts_a_feed(head):
        return _parse_html(data, feed_id, trust)
    return _parse_xml(data, feed_id, trust)


def refuse_entity_declarations(data: bytes) -> None:
    """Raise FeedParseError if the document declares XML entities (billion laughs, XXE)."""
    for markup in _readings(data):
        if _DOCTYPE.search(markup) and _ENTITY.search(markup):
            raise FeedParseError("XML declaring <!ENTITY is refused (entity expansion, external entities)")


def _starts_a_feed(head: bytes) -> bool:
    first = _FIRST_ELEMENT.search(head)
    return first is not None and first.group(1).lower() in _FEED_ROOTS


def _readings(data: bytes) -> list[bytes]:
    """The document as ASCII markup in every way an XML parser might read it."""
    plain = data.replace(b"\x00", b"")  # UTF-16/32 markup becomes ASCII once its NULs are dropped
    readings = [plain]
    declared = DECLARED_ENCODING.match(plain.removeprefix(_BOM))
    names = [declared.group(1).decode("ascii")] if declared else []
    if data.startswith(_EBCDIC_XML_DECLARATION):
        names.append("cp037")
    # Encodings such as UTF-7 or EBCDIC spell "<!ENTITY" in other bytes; read the markup they hide.
    for name in names:
        with contextlib.suppress(LookupError, ValueError):
            readings.append(data.decode(name, "replace").encode("ascii", "replace"))
    return readings


def _parse_json(data: bytes, feed_id: str, trust: float) -> ParsedFeed:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"malformed JSON: {exc}") from exc
    if is_json_feed(document):
        return parse_json_feed(document, feed_id, trust)
    parsed = parse_claim_review_json(document, feed_id, trust)
    if parsed is None:
        raise FeedParseError("JSON that is neither a JSON Feed nor schema.org ClaimReview")
    return parsed


def _parse_html(data: bytes, feed_id: str, trust: float) -> ParsedFeed:
    parsed = parse_claim_review_html(data.decode("utf-8", "replace"), feed_id, trust)
    if parsed is None:
        raise FeedParseError("an HTML page without ClaimReview markup, not a feed")
    return parsed


def _parse_xml(data: bytes, feed_id: str, trust: float) -> ParsedFeed:
    refuse_entity_declarations(data)
    reading = read_xml(data)
    recovery = reading.recovery
    if not reading.version and not reading.entries:
        because = f" ({recovery.problem})" if recovery else ""
        raise FeedParseError(f"not an RSS, Atom or JSON feed{because}")
    title = html_to_text(reading.feed.get("title", "")) or feed_id
    entries = [entry for raw in reading.entries if (entry := _entry(raw, feed_id, title, trust)) is not None]
    if recovery is not None and recovery.loose and not entries:
        raise FeedParseError(f"{recovery.problem}; no entries could be recovered")
    return ParsedFeed(title=title, entries=entries, recovered_from=recovery.warning if recovery else None)


def _entry(raw: Any, feed_id: str, feed_title: str, trust: float) -> FeedEntry | None:
    text = _entry_text(raw)
    title = html_to_text(raw.get("title", "")) or text[:80].rstrip()
    if not title and not text:
        return None  # nothing to cite: an empty item, or what the loose parser left of a broken one
    return make_entry(
        feed_id=feed_id,
        feed_title=feed_title,
        trust=trust,
        key=raw.get("id") or raw.get("link"),
        url=raw.get("link"),
        title=title,
        text=text,
        published=_published(raw),
    )


def _published(entry: Any) -> datetime | None:
    # `in` first: reading a missing updated_parsed falls back to published_parsed with a DeprecationWarning.
    parsed = entry.get("published_parsed") or ("updated_parsed" in entry and entry["updated_parsed"])
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents:
        return html_to_text(" ".join(c.get("value", "") for c in contents))
    return html_to_text(entry.get("summary", "") or "")
