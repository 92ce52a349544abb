"""OPML feed lists, as feed readers (Feedly, Inoreader, NetNewsWire) export them: parsed and rendered.

OPML is outside input, and needs no DTD. Entity declarations are refused by the byte scan parse.py applies
to feeds (in whatever encoding they hide), then any DOCTYPE, entity declaration or external entity reference
by expat's handlers, before anything is expanded or loaded; parameter entities are never parsed. Outlines
are collected with an explicit stack, so nesting depth costs no recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from typing import NoReturn
from urllib.parse import urlsplit
from xml.etree import ElementTree
from xml.parsers import expat

from pydantic import ValidationError

from claimcheck.errors import OpmlInvalid
from claimcheck.feeds.canonical import canonical_feed_url
from claimcheck.feeds.entries import FeedParseError
from claimcheck.feeds.parse import refuse_entity_declarations
from schemas.common import utcnow
from schemas.feeds import Feed, FeedCreate, FeedImportSkip, FeedImportSkipReason, FeedKind, FeedSource

__all__ = ["MAX_OPML_FEEDS", "OpmlImport", "names_fact_checks", "parse_opml", "render_opml"]

# Each registration compares its URL with every registered feed; bound what one file may ask for.
MAX_OPML_FEEDS = 1000
_NAME_MAX = 200
# "Fact-checkers", "fact check", "FactChecking", "IFCN fact-checks" ...
_FACT_CHECKS = re.compile(r"\bfact[\s_-]*check(?:s|ers?|ing)?\b", re.IGNORECASE)
# Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACES = re.compile(r"\s+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass
class OpmlImport:
    """The feeds an OPML document lists (validated, first occurrence of each URL) and the outlines skipped."""

    title: str | None = None
    feeds: list[FeedCreate] = field(default_factory=list)
    skipped: list[FeedImportSkip] = field(default_factory=list)


def names_fact_checks(label: str) -> bool:
    """Whether a category or folder name says its feeds are fact-checks."""
    return _FACT_CHECKS.search(label) is not None


def parse_opml(data: bytes) -> OpmlImport:
    """Every outline with an xmlUrl, nested folders included; raises OpmlInvalid for a non-OPML document."""
    if not data.strip():
        raise OpmlInvalid("the document is empty")
    try:
        refuse_entity_declarations(data)
    except FeedParseError as exc:
        raise OpmlInvalid(str(exc)) from exc
    reader = _OutlineReader()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.errors.messages[exc.code]
        raise OpmlInvalid(
            f"not well-formed XML at line {exc.lineno}, column {exc.offset}: {message}"
        ) from exc
    except (LookupError, ValueError) as exc:  # pyexpat reads single-byte codecs only, and only real ones
        raise OpmlInvalid(f"the declared encoding cannot be read: {exc}") from exc
    if reader.root != "opml":
        raise OpmlInvalid(f"not OPML: the root element is <{reader.root}>, not <opml>")
    if not reader.saw_body:
        raise OpmlInvalid("not OPML: no <body> in <opml>")
    return reader.result


def render_opml(feeds: Iterable[Feed], created: datetime | None = None) -> bytes:
    """An OPML 2.0 document of the registered feeds (local feed files left out: their URLs name paths)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "claimcheck reference feeds"
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(created or utcnow(), usegmt=True)
    body = ElementTree.SubElement(root, "body")
    for feed in feeds:
        if feed.source is not FeedSource.remote:
            continue
        name = _NOT_XML_CHAR.sub("", feed.name)
        url = _NOT_XML_CHAR.sub("", str(feed.url))
        attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": url, "category": feed.kind.value}
        ElementTree.SubElement(body, "outline", attributes)
    ElementTree.indent(root)
    document: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _refuse_doctype(*_: object) -> NoReturn:
    raise OpmlInvalid("a DOCTYPE is refused: OPML needs none, and it can declare entities")


def _refuse_entity(*_: object) -> NoReturn:
    raise OpmlInvalid("XML entity declarations and external entities are refused")


@dataclass
class _Open:
    """An element open under <body>: whether outlines in it count, and the folder labels it gives them."""

    holds_outlines: bool
    labels: tuple[str, ...] = ()
    has_outlines: bool = False
    # An outline without xmlUrl is skipped only if it turns out to be no folder either.
    skip_unless_folder: FeedImportSkip | None = None


class _OutlineReader:
    """expat callbacks collecting the <outline> elements of <opml><body> into an OpmlImport."""

    def __init__(self) -> None:
        self.result = OpmlImport()
        self.root: str | None = None
        self.saw_body = False
        self._path: list[str] = []
        self._open: list[_Open] = []  # one per element open inside <body>, and <body> itself
        self._title: list[str] | None = None
        self._kept: dict[str, int] = {}  # canonical URL -> index in result.feeds

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        tag = tag.lower()
        self._path.append(tag)
        if len(self._path) == 1:
            self.root = tag
        elif self.root != "opml":
            return
        if self._path == ["opml", "head", "title"]:
            self._title = []
        elif self._path == ["opml", "body"]:
            self.saw_body = True
            self._open.append(_Open(holds_outlines=True))
        elif tag == "outline" and self._open and self._open[-1].holds_outlines:
            self._outline({key.lower(): value for key, value in attributes.items()})
        elif self._open:
            self._open.append(_Open(holds_outlines=False))

    def end(self, _tag: str) -> None:
        if self._title is not None and self._path == ["opml", "head", "title"]:
            self.result.title = _clean("".join(self._title)) or None
            self._title = None
        if self._open and self._path[:2] == ["opml", "body"]:
            element = self._open.pop()
            if element.skip_unless_folder is not None and not element.has_outlines:
                self.result.skipped.append(element.skip_unless_folder)
        self._path.pop()

    def text(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)

    def _outline(self, attributes: dict[str, str]) -> None:
        enclosing = self._open[-1]
        enclosing.has_outlines = True
        name = _clean(attributes.get("title") or attributes.get("text") or "") or None
        own_labels = tuple(label for label in (name, attributes.get("category")) if label)
        outline = _Open(holds_outlines=True, labels=(*enclosing.labels, *own_labels))
        self._open.append(outline)
        url = (attributes.get("xmlurl") or "").strip()
        if not url:
            detail = "neither a feed (no xmlUrl) nor a folder of feeds"
            outline.skip_unless_folder = FeedImportSkip(
                url=None, name=name, reason=FeedImportSkipReason.no_xml_url, detail=detail
            )
            return
        kind = _kind_of(attributes.get("category", ""), enclosing.labels)
        feed = _feed_of(url, name, kind)
        if isinstance(feed, FeedImportSkip):
            self.result.skipped.append(feed)
            return
        canonical = canonical_feed_url(str(feed.url))
        kept = self._kept.get(canonical)
        if kept is not None:
            if kind is FeedKind.factcheck:  # listed under fact-checks anywhere: it is one
                self.result.feeds[kept] = self.result.feeds[kept].model_copy(update={"kind": kind})
            detail = f"listed earlier in the file as {self.result.feeds[kept].name!r}"
            self._skip(url, name, FeedImportSkipReason.duplicate_in_file, detail)
        elif len(self.result.feeds) >= MAX_OPML_FEEDS:
            detail = f"one file registers at most {MAX_OPML_FEEDS} feeds; import the rest in another"
            self._skip(url, name, FeedImportSkipReason.too_many_feeds, detail)
        else:
            self._kept[canonical] = len(self.result.feeds)
            self.result.feeds.append(feed)

    def _skip(self, url: str | None, name: str | None, reason: FeedImportSkipReason, detail: str) -> None:
        self.result.skipped.append(FeedImportSkip(url=url, name=name, reason=reason, detail=detail))


def _kind_of(category: str, folder_labels: tuple[str, ...]) -> FeedKind:
    """The outline's own category says what it is; lacking one, any enclosing folder may."""
    if category.strip():
        return FeedKind.factcheck if names_fact_checks(category) else FeedKind.news
    return FeedKind.factcheck if any(names_fact_checks(label) for label in folder_labels) else FeedKind.news


def _feed_of(url: str, name: str | None, kind: FeedKind) -> FeedCreate | FeedImportSkip:
    """The registration an outline asks for, or why it cannot be one."""
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() not in {"http", "https"}:
        detail = (
            f"only http and https feeds can be polled, not {scheme.group(1) if scheme else 'a relative URL'}"
        )
        return FeedImportSkip(url=url, name=name, reason=FeedImportSkipReason.not_http, detail=detail)
    try:
        return FeedCreate(url=url, name=(name or _host_of(url))[:_NAME_MAX], kind=kind)
    except ValidationError as exc:
        detail = f"not a valid URL: {exc.errors()[0]['msg']}"
        return FeedImportSkip(url=url, name=name, reason=FeedImportSkipReason.invalid_url, detail=detail)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:  # a malformed IPv6 host: FeedCreate says what is wrong with it
        return url
