"""The article body behind a feed entry's link, as normalised plain text; citation offsets point into it.

trafilatura finds the main content. Around it this module bounds the input (scripts and styles cut out
in one linear pass, then a cap on characters and on elements), has `page_furniture` prune what
trafilatura's own vocabulary misses, renders trafilatura's output tree as paragraphs itself (so the text
carries no list markers or table pipes, and link-dense lines such as "READ MORE: <a>headline</a>" are
dropped), has `sign_off` drop the credits and contact lines after the story and `story_end` the furniture
after it that those rules do not know, and refuses what is not an article. Nothing is fetched: `url` only
feeds the metadata, and trafilatura never downloads when it is handed markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import trafilatura
from trafilatura.settings import Document
from trafilatura.utils import load_html

from claimcheck.feeds.listing_pages import is_listing
from claimcheck.feeds.page_furniture import prune_page_furniture
from claimcheck.feeds.page_kind import declared_non_article
from claimcheck.feeds.promo_lines import is_promo_line
from claimcheck.feeds.sign_off import strip_sign_off
from claimcheck.feeds.split_story import join_split_story
from claimcheck.feeds.story_end import strip_story_end
from claimcheck.feeds.story_lists import restore_story_lists
from claimcheck.feeds.story_start import strip_story_start

MAX_INPUT_CHARS = 5_000_000  # scanned for scripts and styles; the fetcher caps bytes before this
MAX_MARKUP_CHARS = 1_500_000  # handed to the parser once scripts and styles are gone
MAX_ELEMENTS = 60_000  # trafilatura's cost grows with elements; real articles have a few thousand
FALLBACK_MAX_BLOCKS = 4_000  # above it, no fallback extractors: justext's neighbour search is quadratic
MIN_ARTICLE_CHARS = 300
MIN_ARTICLE_SENTENCES = 2
MIN_PROSE_PARAGRAPHS = 2  # an article is prose: at least two paragraphs of running text
PROSE_PARAGRAPH_CHARS = 120
MAX_LINES_BEFORE_TITLE = 3  # kickers and section labels above a headline
MAX_LINK_SHARE = 0.5  # a paragraph whose text is mostly link text is navigation, not body

_DATE_SEARCH = {"extensive_search": False, "original_date": True}
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|section|table|h[1-6])\b", re.I)
_BLOCK_START = re.compile(r"<(?:p|div|li|td|tr|br|h[1-6]|section|article|span)\b", re.I)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_NOT_HTML_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "urlset", "sitemapindex", "svg", "opml", "kml"})
_RAW_TEXT_START = re.compile(r"<(script|style)\b([^<>]{0,1000})>|<!--", re.I)
_RAW_TEXT_END = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
_COMMENT_END = re.compile(r"-->")

_BLOCK_TAGS = frozenset(
    {"p", "head", "item", "quote", "cell", "row", "list", "table", "code", "lb", "graphic"}
)
# trafilatura writes inline `<code>` as a `code` child of the paragraph and a code block as a `code` of its
# own; only the second starts a paragraph ("The old feed, at /v2/arrivals, answered …" stays one).
_PARAGRAPH_TAGS = frozenset({"p", "item", "cell", "quote", "head"})
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)")


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An extracted article body and title, or the reason no body was extracted."""

    text: str | None
    title: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class StoryParagraphs:
    """The body paragraphs trafilatura found, before any sign-off or furniture rule: what the rules and
    the story-end model read (eval/train_story_end.py trains on this stage)."""

    paragraphs: list[str]
    list_items: frozenset[str]  # the paragraphs that are list items of the body
    title: str | None
    author: str | None
    tree: Any


def extract_article_text(html: str, url: str | None = None) -> ArticleText:
    """The main body text and title of an HTML article page, or a reason it has none."""
    story = story_paragraphs(html, url)
    if isinstance(story, ArticleText):
        return story
    paragraphs = strip_sign_off([p for p in story.paragraphs if not is_promo_line(p)], story.author)
    # Whether the page is a listing is read before the cut: the cut is for an article's end, and on an
    # events list it would take the later items and leave too few for the listing test.
    listing = is_listing(story.tree, paragraphs, _normalise)
    paragraphs = strip_story_end(paragraphs, [p in story.list_items for p in paragraphs])
    # The cut can uncover sign-off lines the rules know, now at the end ("This report was first published
    # in German …" above an unfamiliar credit), so the rules read the new end once more.
    paragraphs = strip_story_start(strip_sign_off(paragraphs, story.author))
    text = "\n\n".join(paragraphs)
    refusal = _refusal(paragraphs, text)
    if refusal is None and listing:
        refusal = "a listing, not an article"
    if refusal is not None:
        return ArticleText(text=None, title=story.title, reason=refusal)
    return ArticleText(text=text, title=story.title, reason=None)


def story_paragraphs(html: str, url: str | None = None) -> StoryParagraphs | ArticleText:
    """trafilatura's body paragraphs of a page with its story lists restored, or the refusal."""
    markup = _without_raw_text(html[:MAX_INPUT_CHARS])[:MAX_MARKUP_CHARS]
    if not _looks_like_html(markup):
        return ArticleText(text=None, title=None, reason="not HTML")
    if markup.count("<") > MAX_ELEMENTS:
        return ArticleText(text=None, title=None, reason="too many elements")
    try:
        tree = load_html(markup)
        if tree is None:
            return ArticleText(text=None, title=None, reason="not HTML")
        if (kind := declared_non_article(tree)) is not None:
            return ArticleText(text=None, title=None, reason=f"{kind}, not an article")
        prune_page_furniture(tree)
        join_split_story(tree)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=True,
            fast=sum(1 for _ in _BLOCK_START.finditer(markup)) > FALLBACK_MAX_BLOCKS,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=True,
            with_metadata=True,  # for the title; the date is unused, so its costly extensive search is off
            date_extraction_params=_DATE_SEARCH,
        )
    except RecursionError:
        return ArticleText(text=None, title=None, reason="too deeply nested")
    except (ValueError, TypeError, LookupError, AttributeError) as exc:
        # bare_extraction swallows most of these itself; what escapes (metadata, fallbacks) means an odd tree
        return ArticleText(text=None, title=None, reason=f"extraction failed: {type(exc).__name__}")
    if not isinstance(document, Document) or document.body is None:
        return ArticleText(text=None, title=None, reason="no body found")
    title = _normalise(document.title) if document.title else None
    paragraphs = _after_headline(tree, _paragraphs(document.body), title)
    if not paragraphs:
        return ArticleText(text=None, title=title, reason="no body found")
    found = set(paragraphs)
    items = {_normalise(" ".join(item.itertext())) for item in document.body.iter("item")}
    paragraphs = restore_story_lists(tree, paragraphs, _normalise)
    items |= set(paragraphs) - found  # restored paragraphs are list items of the story's container
    return StoryParagraphs(
        paragraphs=paragraphs,
        list_items=frozenset(items & set(paragraphs)),
        title=title,
        author=document.author,
        tree=tree,
    )


def _after_headline(tree: Any, paragraphs: list[str], title: str | None) -> list[str]:
    """The paragraphs without the headline and what stands above it on the page: a kicker or section
    label among the first few lines ("Theatre / Reviews", "Report summary") is never the story."""
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    headline = next(tree.iter("h1"), None)
    if headline is None:
        headline = _lower_headline(tree, title)
    if headline is None:
        return paragraphs
    above: set[str] = set()
    for element in tree.iter():
        if element is headline:
            break
        if not isinstance(element.tag, str):
            continue
        if len(element) == 0 and element.text:
            above.add(_normalise(element.text))
        elif element.tag in {"p", "li"}:  # a line with a link in it: "This is the text edition. Go to …"
            above.add(_normalise(element.text_content()))
    above.add(_normalise(headline.text_content() or ""))
    leading = 0
    while leading < min(MAX_LINES_BEFORE_TITLE + 1, len(paragraphs) - 1) and paragraphs[leading] in above:
        leading += 1
    return paragraphs[leading:]


def _lower_headline(tree: Any, title: str | None) -> Any | None:
    """A page with no h1 (a text-only edition) may set its headline in an h2 or h3: the one that reads as
    the title trafilatura found and stands in the page's <title> (where a box heading does not)."""
    page_title = _normalise(" ".join(element.text_content() for element in tree.iter("title")))
    if not title or title not in page_title:
        return None
    return next((h for h in tree.iter("h2", "h3") if _normalise(h.text_content() or "") == title), None)


def _without_raw_text(html: str) -> str:
    """Markup with scripts (bar JSON-LD), styles and comments cut out, in one linear pass."""
    parts: list[str] = []
    position = 0
    while (start := _RAW_TEXT_START.search(html, position)) is not None:
        tag = (start.group(1) or "").lower()
        keep = tag == "script" and "ld+json" in (start.group(2) or "").lower()
        end = (_RAW_TEXT_END[tag] if tag else _COMMENT_END).search(html, start.end())
        stop = len(html) if end is None else end.end()
        parts.append(html[position : stop if keep else start.start()])
        position = stop
    parts.append(html[position:])
    return "".join(parts)


def _looks_like_html(markup: str) -> bool:
    """Whether markup is an HTML document rather than a feed, JSON, plain text or binary."""
    head = markup[:65_536]
    if "\x00" in head[:4096]:
        return False
    first = _FIRST_TAG.search(head)
    if first is None or first.group(1).lower() in _NOT_HTML_ROOTS:
        return False
    return _HTML_TAG.search(head) is not None


def _paragraphs(body: Any) -> list[str]:
    """Each block of trafilatura's output tree as one normalised paragraph, link-dense ones dropped."""
    paragraphs: list[str] = []
    current: list[str] = []
    linked: list[str] = []

    def flush() -> None:
        text = _normalise("".join(current))
        link_text = _normalise("".join(linked))
        if text and len(link_text) <= MAX_LINK_SHARE * len(text):
            paragraphs.append(text)
        current.clear()
        linked.clear()

    stack: list[tuple[Any, bool, bool]] = [(body, False, False)]
    while stack:
        element, closing, in_link = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "code" and _parent_tag(element) in _PARAGRAPH_TAGS:
            tag = "hi"  # inline: its text runs on within the paragraph
        if closing:
            if tag in _BLOCK_TAGS:
                flush()
            if element.tail:
                current.append(element.tail)
                if in_link:
                    linked.append(element.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        inner_link = in_link or tag == "ref"
        if element.text and tag:
            current.append(element.text)
            if inner_link:
                linked.append(element.text)
        stack.append((element, True, in_link))
        stack.extend((child, False, inner_link) for child in reversed(element))
    flush()
    return paragraphs


def _parent_tag(element: Any) -> str:
    parent = element.getparent()
    return parent.tag if parent is not None and isinstance(parent.tag, str) else ""


def _normalise(text: str) -> str:
    """Text as stored: NFC, no invisible characters, whitespace collapsed to single spaces."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def _refusal(paragraphs: list[str], text: str) -> str | None:
    """Why extracted text is no article: "too short", or "not an article" when it is not running prose."""
    if len(text) < MIN_ARTICLE_CHARS:
        return "too short"
    prose = [p for p in paragraphs if len(p) >= PROSE_PARAGRAPH_CHARS and _SENTENCE_END.search(p)]
    if len(_SENTENCE_END.findall(text)) < MIN_ARTICLE_SENTENCES or len(prose) < MIN_PROSE_PARAGRAPHS:
        return "not an article"
    return None
