"""Page furniture cut from a parsed page before trafilatura reads it: layout tables, banners, widgets.

trafilatura's own class/id vocabulary already drops most menus, footers, share bars and comment threads.
This adds what it keeps: elements whose ARIA role or label marks them as dialogs, navigation or banners;
class/id tokens for consent, newsletter, promo, paywall, "read also" and related blocks; form controls and
the small blocks around them (sign-up boxes, polls, feedback prompts); and tables used for layout, which
are unwrapped into plain blocks so trafilatura can find the story inside them instead of skipping a "table".
Nothing that holds the page's h1 is removed, nor html, body or main, nor an element holding several
paragraphs of prose (a story body marked "paywall").
"""

from __future__ import annotations

import re
from typing import Any

from trafilatura.xpaths import OVERALL_DISCARD_XPATH

WIDGET_MAX_CHARS = 250  # a block this short around a button or input is a widget, not part of the story
WIDGET_MAX_PARAGRAPH_CHARS = 120  # nor does it hold a paragraph of running text this long
# An element with this many paragraphs of this length is the story, whatever its class says.
STORY_PARAGRAPHS = 3
STORY_PARAGRAPH_CHARS = 150

_DROP_TAGS = frozenset({"button", "input", "select", "textarea", "dialog", "label", "option"})
_DROP_ROLES = frozenset(
    {
        "dialog",
        "alertdialog",
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
    }
)
_FURNITURE_LABEL = re.compile(r"cookie|consent|privacy|newsletter|advert|share|breadcrumb", re.I)
_FURNITURE_TOKEN = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|cmp|newsletters?|signup|sign-up|subscribe|paywall|promos?|"
    r"ads?|advert|advertisement|sponsored|share|sharing|social|related|recommended|read-?also|read-?more|"
    r"see-?also|more-?stories|most-?read|most-?popular|outbrain|taboola|breadcrumbs?|comments?|author-?bio|"
    r"embed|embedded|tweet|twitter-tweet|instagram-media|"
    # a post's labelled metadata ("Published", "Written by", "Tags") set out as a property list
    r"properties|post-?meta|entry-?meta|article-?meta)"
    r"(?:$|[\s_-])",
    re.I,
)
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")
_LAYOUT_CONTENT = ("p", "div", "table", "h1", "h2", "h3", "ul", "ol", "blockquote")
_CONTROL_TAGS = ("button", "input", "select", "textarea")
_WIDGET_BLOCKS = ("div", "section", "aside", "form", "footer", "fieldset")
_PROTECTED_TAGS = frozenset({"html", "body", "main"})
_SPACES = re.compile(r"\s+")


def prune_page_furniture(tree: Any) -> None:
    """Unwrap layout tables, then remove banners, dialogs, promos and form widgets from an lxml tree, and
    keep trafilatura from discarding the story by a class or id that only looks like furniture."""
    _unwrap_layout_tables(tree)
    _prune_furniture(tree)
    _shield_story(tree)


def _shield_story(tree: Any) -> None:
    """Drop the class and id of an element holding the story that trafilatura's own discard rules would
    remove it by: its class tokens match on substrings, so a CMS wrapper such as "portlet-barebone" reads
    as a nav "bar" and the whole story goes with it."""
    for element in OVERALL_DISCARD_XPATH[0](tree):
        if element.tag.lower() not in _PROTECTED_TAGS and _holds_story(element):
            for name in ("class", "id"):
                element.attrib.pop(name, None)


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn tables used for page layout (cells holding paragraphs, headings or tables) into plain blocks."""
    for table in list(tree.iter("table")):
        if (
            table.get("role", "").lower() in ("presentation", "none")
            or next(table.iterdescendants(*_LAYOUT_CONTENT), None) is not None
        ):
            for element in table.iter(*_TABLE_PARTS):
                element.tag = "div"


def _prune_furniture(tree: Any) -> None:
    """Remove consent banners, menus, share bars, promos and form controls that trafilatura keeps."""
    doomed = _widgets(tree) + [el for el in tree.iter() if isinstance(el.tag, str) and _is_furniture(el)]
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:
            previous = element.getprevious()
            if previous is None:
                parent.text = (parent.text or "") + element.tail
            else:
                previous.tail = (previous.tail or "") + element.tail
        parent.remove(element)


def _is_furniture(element: Any) -> bool:
    """Whether an element is page furniture by its tag, ARIA role or label, or class and id tokens."""
    tag = element.tag.lower()
    if tag in _DROP_TAGS:
        return True
    if tag in _PROTECTED_TAGS:
        return False
    flagged = (
        element.get("role", "").lower() in _DROP_ROLES
        or element.get("aria-modal") == "true"
        or element.get("aria-hidden") == "true"
        or _FURNITURE_LABEL.search(element.get("aria-label", "")) is not None
        or any(_FURNITURE_TOKEN.search(element.get(name, "")) for name in ("class", "id"))
    )
    return (
        (flagged or _embedded_post(element)) and element.find(".//h1") is None and not _holds_story(element)
    )


def _holds_story(element: Any) -> bool:
    """Whether an element holds the running text of a story: sites mark the gated body itself "paywall" or
    "premium", and a promo or widget is never several paragraphs of prose."""
    long_paragraphs = 0
    for paragraph in element.iter("p"):
        if len(_collapse(paragraph.text_content())) >= STORY_PARAGRAPH_CHARS:
            long_paragraphs += 1
            if long_paragraphs >= STORY_PARAGRAPHS:
                return True
    return False


# An embedded social post signs off with its author, handle and date: "— Rovers FC (@Rovers) April 11, 2026".
_POST_SIGNATURE = re.compile(r"[—–-]\s*[^()\n]{1,80}\(@\w{1,30}\)\s*\w+ \d{1,2},? \d{4}\s*$")


def _embedded_post(element: Any) -> bool:
    """A quoted social post (a blockquote ending on its author's handle and date), not the story."""
    return (
        element.tag.lower() == "blockquote"
        and _POST_SIGNATURE.search(_collapse(element.text_content())) is not None
    )


def _widgets(tree: Any) -> list[Any]:
    """Small blocks holding a form control (newsletter boxes, polls, feedback prompts): not prose."""
    judged: dict[Any, bool] = {}
    for control in tree.iter(*_CONTROL_TAGS):
        block = next(control.iterancestors(*_WIDGET_BLOCKS), None)
        if block is None or block in judged or control.get("type", "").lower() == "hidden":
            continue
        text = _collapse(block.text_content())
        judged[block] = (
            block.tag not in _PROTECTED_TAGS
            and len(text) <= WIDGET_MAX_CHARS
            and block.find(".//h1") is None
            and all(len(_collapse(p.text_content())) < WIDGET_MAX_PARAGRAPH_CHARS for p in block.iter("p"))
        )
    return [block for block, is_widget in judged.items() if is_widget]


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
