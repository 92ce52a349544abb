"""XML feeds read as leniently as feedparser reads them, with a line saying what was forgiven.

feedparser reads XML with expat and, where expat gives up, again with its loose (sgmllib-based) parser; it
then sets `bozo` and keeps the complaint in `bozo_exception`: expat's SAXParseException (or
UndeclaredNamespace) when the entries are the loose parser's, CharacterEncodingOverride when the declared
encoding was wrong but the document, read in another, was well-formed.

Repairs make up for what feedparser 6 itself gets wrong. UTF-16/32 bytes declared as another encoding are
made UTF-8 first (feedparser reads them only if the text happens not to be valid UTF-8 as well); character
references to characters XML forbids, on which its loose parser raises, become U+FFFD; end tags closing
nothing (on some, such as `</height>`, it raises) are dropped and the document read again; and of a
document cut short, the entry it ends in is left out. Each repair is named in the warning.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.sax
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat
from xml.parsers.expat import errors as expat_errors

import feedparser
from feedparser.exceptions import CharacterEncodingOverride, NonXMLContentType

from claimcheck.feeds.entries import FeedParseError

__all__ = ["DECLARED_ENCODING", "Recovery", "XmlReading", "read_xml"]

# What feedparser raises, rather than sets `bozo`, on some broken markup: sgmllib's SGMLParseError is a
# RuntimeError; a stray end tag can make a handler meet None (TypeError) or a missing key (KeyError).
_FEEDPARSER_FAILURES = (
    ValueError,
    OverflowError,
    RuntimeError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
)
# Errors expat reports when the document ends early: only the entry it ends in can be incomplete.
_CUT_SHORT = frozenset(
    {
        expat_errors.XML_ERROR_NO_ELEMENTS,
        expat_errors.XML_ERROR_UNCLOSED_TOKEN,
        expat_errors.XML_ERROR_PARTIAL_CHAR,
        expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
    }
)
# How an RSS <item>, an Atom <entry> or a CDF <ITEM> ends, with or without a namespace prefix.
_ENTRY_END = re.compile(
    rb"</(?:[\w.-]+:)?(?:item|entry)\s*>|<(?:[\w.-]+:)?(?:item|entry)\b[^<>]*/>", re.IGNORECASE
)
# A numeric character reference, also escaped once more (&amp;#...;) as HTML inside RSS text often is.
_CHARREF = re.compile(rb"(&(?:amp;)?#)([xX][0-9a-fA-F]+|[0-9]+);")
_REPLACEMENT = b"xFFFD;"
_TAG = re.compile(rb"<(/?)([A-Za-z_][\w:.-]*)[^<>]*?(/?)>")
# How UTF-16 and UTF-32 documents start: a byte order mark, or "<?" (or "<") without one.
_WIDE_STARTS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
# The encoding an XML declaration names.
DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
_WIDE_ENCODING_NAMES = re.compile(
    rb"(?:utf[-_]?|ucs[-_]?|iso-10646-ucs-)(?:16|32|2|4)(?:[-_]?[lb]e)?|csunicode|csucs4|u16|u32",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Recovery:
    """Why a feed was not read as it stands."""

    problem: str  # what was wrong, e.g. "malformed XML at line 3, column 40: mismatched tag"
    loose: bool  # the entries are what feedparser's loose parser made of the document
    dropped_last: bool = False  # the document was cut short in its last entry, which is left out

    @property
    def warning(self) -> str:
        """The line a feed's health shows for a feed read this way."""
        if not self.loose:
            return self.problem
        dropped = ", the last one, cut short, left out" if self.dropped_last else ""
        return f"{self.problem}; entries recovered by the loose parser{dropped}"


@dataclass(frozen=True, slots=True)
class XmlReading:
    """feedparser's reading of a document: the feed's own fields, its version, its whole entries."""

    feed: Any
    version: str
    entries: list[Any]
    recovery: Recovery | None


def read_xml(data: bytes) -> XmlReading:
    """feedparser's reading of XML feed bytes, with what it forgave; FeedParseError if it cannot read them."""
    document, wrong_encoding = _transcode_wide_encoding(data)
    document, references = _repair_character_references(document)
    parsed, document, stray_end_tags = _parse(document)
    repairs = []
    if references:
        repairs.append(f"{_count(references, 'character reference')} to characters XML forbids made U+FFFD")
    if stray_end_tags:
        repairs.append(f"{_count(stray_end_tags, 'end tag')} without a start tag dropped")
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, CharacterEncodingOverride | NonXMLContentType):
        # The document was well-formed once read in the encoding feedparser settled on.
        wrong_encoding, problem = wrong_encoding or str(problem), None
    problems = [f"wrong character encoding: {wrong_encoding}"] if wrong_encoding else []
    if problem is not None:
        problems.append("; ".join([_malformation(problem, document), *repairs]))
    elif repairs:
        problems.append(f"malformed XML: {'; '.join(repairs)}")
    entries = list(parsed.entries)
    cut_short = isinstance(problem, xml.sax.SAXParseException) and problem.getMessage() in _CUT_SHORT
    # Of a document cut short, the last entry is incomplete when fewer entries end than feedparser found.
    dropped_last = cut_short and len(entries) > len(_ENTRY_END.findall(document.replace(b"\x00", b"")))
    if dropped_last:
        entries.pop()
    recovery = Recovery("; ".join(problems), problem is not None, dropped_last) if problems else None
    return XmlReading(parsed.feed, parsed.get("version") or "", entries, recovery)


def _malformation(problem: object, document: bytes) -> str:
    if not isinstance(problem, xml.sax.SAXParseException):
        return f"malformed XML: {problem}"
    message = problem.getMessage()
    # feedparser's expat read the document re-encoded, with its own XML declaration and no DOCTYPE; where
    # it broke is told as expat finds the same error in the document as served (less the repairs above).
    line, column = _where(message, document) or (problem.getLineNumber(), problem.getColumnNumber())
    return f"malformed XML at line {line}, column {column}: {message}"


def _where(message: str, document: bytes) -> tuple[int, int] | None:
    """Where expat, reading `document` as it is, first finds it ill-formed, if that is with `message`."""
    parser = expat.ParserCreate()  # never loads external entities; entity declarations are refused before
    try:
        parser.Parse(document, True)
    except expat.ExpatError as exc:
        return (exc.lineno, exc.offset) if expat_errors.messages[exc.code] == message else None
    except (LookupError, ValueError):
        return None  # an encoding pyexpat cannot decode (unknown, multi-byte) but feedparser may have
    return None


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _transcode_wide_encoding(data: bytes) -> tuple[bytes, str | None]:
    """UTF-16 or UTF-32 bytes whose XML declaration names another encoding, as UTF-8 declared so (feedparser
    reads them only when the text happens not to be valid UTF-8 too), and what was wrong."""
    codec = next((name for start, name in _WIDE_STARTS if data.startswith(start)), None)
    if codec is None:
        return data, None
    text = data.decode(codec, "replace").removeprefix("\ufeff").encode("utf-8")
    declared = DECLARED_ENCODING.match(text)
    if declared is None or _WIDE_ENCODING_NAMES.fullmatch(declared.group(1)):
        return data, None  # declared rightly, or not at all: feedparser goes by the byte order
    start, end = declared.span(1)
    name, width = declared.group(1).decode("ascii"), codec[:6].upper()
    utf8 = text[:start] + b"utf-8" + text[end:]
    return utf8, f"document declared as {name}, but {width} by its first bytes"


def _parse(document: bytes) -> tuple[Any, bytes, int]:
    """feedparser's result, the document it read and how many stray end tags were dropped from it."""
    try:
        # A BytesIO, never bare bytes: feedparser first tries bare bytes as a local file name.
        return feedparser.parse(io.BytesIO(document)), document, 0
    except _FEEDPARSER_FAILURES as exc:
        failure: Exception = exc
    repaired, dropped = _drop_stray_end_tags(document)
    if dropped:
        try:
            return feedparser.parse(io.BytesIO(repaired)), repaired, dropped
        except _FEEDPARSER_FAILURES as exc:
            failure = exc
    raise FeedParseError(
        f"feedparser could not read the document: {type(failure).__name__}: {failure}"
    ) from failure


def _repair_character_references(data: bytes) -> tuple[bytes, int]:
    """`data` with numeric character references to characters XML forbids (NUL and other controls, a
    surrogate, past U+10FFFF) made U+FFFD, and how many there were."""
    if b"\x00" in data:
        return data, 0  # UTF-16 or UTF-32, whose references these ASCII patterns cannot see
    repaired = 0

    def repair(match: re.Match[bytes]) -> bytes:
        nonlocal repaired
        code = _code_point(match.group(2))
        if match.group(1) != b"&#":
            # Escaped, it is text to XML, read as HTML later (and made U+FFFD there if it must be); only one
            # too long for int() is replaced, since feedparser's sanitizer would raise on it.
            return match.group(0) if code is not None else match.group(1) + _REPLACEMENT
        if code is not None and _is_xml_char(code):
            return match.group(0)
        repaired += 1
        return match.group(1) + _REPLACEMENT

    return _CHARREF.sub(repair, data), repaired


def _drop_stray_end_tags(document: bytes) -> tuple[bytes, int]:
    """`document` without the end tags that close no element open at that point, and how many."""
    if b"\x00" in document:
        return document, 0
    open_elements: dict[bytes, int] = {}
    dropped = 0

    def keep_or_drop(match: re.Match[bytes]) -> bytes:
        nonlocal dropped
        closing, name, empty = match.group(1), match.group(2).lower(), match.group(3)
        if not closing:
            if not empty:
                open_elements[name] = open_elements.get(name, 0) + 1
            return match.group(0)
        if open_elements.get(name, 0) > 0:
            open_elements[name] -= 1
            return match.group(0)
        dropped += 1
        return b""

    return _TAG.sub(keep_or_drop, document), dropped


def _code_point(reference: bytes) -> int | None:
    hexadecimal = reference[:1] in (b"x", b"X")
    digits = (reference[1:] if hexadecimal else reference).lstrip(b"0")
    if len(digits) > 8:
        return None  # past U+10FFFF in any base, and never handed to int()
    return int(digits or b"0", 16 if hexadecimal else 10)


def _is_xml_char(code: int) -> bool:
    # XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
