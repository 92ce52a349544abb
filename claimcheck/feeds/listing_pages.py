"""Listing pages: an index of episodes, events or stories whose blurbs read like prose.

trafilatura keeps the blurbs of a podcast's episode list or a section front (each a sentence or two under
its own heading), and together they pass for an article. On such a page each kept paragraph sits in an item
of its own — the nearest element above it that also holds a heading holds no other kept paragraph — while
an article's paragraphs share one container, crossheads and all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HEADINGS = ("h2", "h3", "h4")
# How far above a paragraph its item may start (a blurb inside a <div> inside the item's <article>).
MAX_ITEM_DEPTH = 3
MIN_ITEMS = 3
# Shorter kept lines (a result's "News" label, a card's date) are an item's furniture, not its prose.
MIN_PROSE_CHARS = 60
# The share of the kept paragraphs that must each be an item's only one.
ITEM_SHARE = 0.6


def is_listing(tree: Any, paragraphs: list[str], normalise: Callable[[str], str]) -> bool:
    """Whether the kept `paragraphs` are the blurbs of a list of headed items rather than one story: most of
    the prose paragraphs each the only one of an item that has a heading."""
    prose = [p for p in paragraphs if len(p) >= MIN_PROSE_CHARS]
    wanted = set(prose)
    elements = {}
    for element in tree.iter("p", "div", "li", "span"):
        if isinstance(element.tag, str):
            text = normalise(element.text_content() or "")
            if text in wanted and text not in elements:
                elements[text] = element
    if len(elements) < MIN_ITEMS:
        return False
    kept_ids = {id(el) for el in elements.values()}
    # The items themselves are kept, not their id(): lxml makes a new proxy per access, and a freed one's id
    # is reused.
    items: list[Any] = []
    for element in elements.values():
        item = _item_of(element, kept_ids)
        if item is not None and not any(item is seen for seen in items):
            items.append(item)
    return len(items) >= MIN_ITEMS and len(items) >= ITEM_SHARE * len(prose)


def _item_of(element: Any, kept_ids: set[int]) -> Any | None:
    """The nearest element above `element` that holds a heading, if it holds no other kept paragraph."""
    node = element.getparent()
    for _ in range(MAX_ITEM_DEPTH):
        if node is None:
            return None
        if any(True for _ in node.iter(*HEADINGS)):
            others = sum(1 for d in node.iter() if id(d) in kept_ids and d is not element)
            return node if others == 0 else None
        node = node.getparent()
    return None
