"""Feed bytes to evidence entries: JSON Feed, ClaimReview JSON-LD (JSON or HTML), RSS 0.9x/1.0/2.0, Atom.

Hostile XML: feedparser already strips entity declarations it does not like and never lets expat load
external entities, and expat (>= 2.4) limits entity amplification. Those defences are incidental (a
regex over the prolog), so parse_feed refuses, before any XML parser runs, every document that has both
a DOCTYPE and an ENTITY declaration. That is a byte scan of the raw bytes with NULs dropped (ASCII-
compatible encodings, UTF-16/32) and of the text decoded by a declared encoding or EBCDIC (UTF-7 and the
like, which feedparser honours); entity declarations are only legal inside a DOCTYPE, so a feed that
merely mentions "<!ENTITY" in its text but has no DOCTYPE is still read.
"""

from __future__ import annotations

import calendar
import contextlib
import io
import json
import re
import xml.sax
from datetime import UTC, datetime
from typing import Any
from xml.parsers.expat import errors as expat_errors

import feedparser

from claimcheck.feeds.claimreview import parse_claim_review_html, parse_claim_review_json
from claimcheck.feeds.entries import FeedParseError, ParsedFeed, entry_id, make_entry
from claimcheck.feeds.html_text import html_to_text
from claimcheck.feeds.jsonfeed import is_json_feed, parse_json_feed

__all__ = ["FeedParseError", "ParsedFeed", "entry_id", "parse_feed", "refuse_entity_declarations"]

_BOM = b"\xef\xbb\xbf"
_HTML_START = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL
)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_EBCDIC_XML_DECLARATION = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
# Errors real feeds commonly carry and feedparser's loose parser recovers from: an HTML entity such as
# &nbsp;, a bare "&" or "<" in text, junk after the closing tag. Anything else (a truncated document,
# mismatched or unclosed elements) is refused: its entries cannot be trusted to be whole.
_RECOVERABLE_XML_ERRORS = frozenset(
    {
        expat_errors.XML_ERROR_UNDEFINED_ENTITY,
        expat_errors.XML_ERROR_INVALID_TOKEN,
        expat_errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT,
    }
)


def parse_feed(data: bytes, feed_id: str, trust: float = 0.8) -> ParsedFeed:
    """Parse feed bytes (never a URL) into entries whose text is plain and citable."""
    head = data[:4096].removeprefix(_BOM).lstrip()
    if head[:1] in (b"{", b"["):
        return _parse_json(data, feed_id, trust)
    if _HTML_START.match(head):
        return _parse_html(data, feed_id, trust)
    return _parse_xml(data, feed_id, trust)


def refuse_entity_declarations(data: bytes) -> None:
    """Raise FeedParseError if the document declares XML entities (billion laughs, XXE)."""
    for markup in _readings(data):
        if _DOCTYPE.search(markup) and _ENTITY.search(markup):
            raise FeedParseError("XML declaring <!ENTITY is refused (entity expansion, external entities)")


def _readings(data: bytes) -> list[bytes]:
    """The document as ASCII markup in every way an XML parser might read it."""
    plain = data.replace(b"\x00", b"")  # UTF-16/32 markup becomes ASCII once its NULs are dropped
    readings = [plain]
    declared = _DECLARED_ENCODING.match(plain.removeprefix(_BOM))
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
    # A BytesIO, never bare bytes: feedparser first tries bare bytes as a local file name.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        raise FeedParseError(f"not an RSS, Atom or JSON feed: {parsed.get('bozo_exception')!r}")
    problem = parsed.get("bozo_exception") if parsed.bozo else None
    if isinstance(problem, xml.sax.SAXParseException) and (
        problem.getMessage() not in _RECOVERABLE_XML_ERRORS or not parsed.entries
    ):
        raise FeedParseError(
            f"malformed XML at line {problem.getLineNumber()}, column {problem.getColumnNumber()}: "
            f"{problem.getMessage()}"
        )
    title = html_to_text(parsed.feed.get("title", "")) or feed_id
    entries = []
    for raw in parsed.entries:
        text = _entry_text(raw)
        entry_title = html_to_text(raw.get("title", "")) or text[:80]
        entries.append(
            make_entry(
                feed_id=feed_id,
                feed_title=title,
                trust=trust,
                key=raw.get("id") or raw.get("link"),
                url=raw.get("link"),
                title=entry_title,
                text=text,
                published=_published(raw),
            )
        )
    return ParsedFeed(title=title, entries=entries)


def _published(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents:
        return html_to_text(" ".join(c.get("value", "") for c in contents))
    return html_to_text(entry.get("summary", "") or "")
