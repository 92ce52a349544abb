"""List items of the story's own container that trafilatura left out: a report's "Key findings" or a fire
service's safety advice under a crosshead.

trafilatura reads a bulleted list after a crosshead as page furniture at times and drops it. The story's
container is the deepest element holding most of the paragraphs trafilatura did keep; a list item inside
it that reads as a sentence (words, a closing full stop, little link text) is story, and goes back in
after the kept paragraph that precedes it on the page. Lists elsewhere (menus, "most read", a sidebar's
"recent incidents") are outside that container and stay out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

MIN_ITEM_WORDS = 4
MIN_BULLET_WORDS = 4  # an item with no full stop needs this many words to count as one
MAX_ITEM_LINK_SHARE = 0.3
# The share of the kept paragraphs found on the page that the container must hold.
CONTAINER_SHARE = 0.6
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


def restore_story_lists(tree: Any, paragraphs: list[str], normalise: Callable[[str], str]) -> list[str]:
    """`paragraphs` with the sentence-like list items of the story's container put back in page order;
    `normalise` turns an element's text into a paragraph as the extractor stores it."""

    def _text(element: Any) -> str:
        return normalise(element.text_content() or "")

    blocks = [el for el in tree.iter("p", "li", "h2", "h3", "blockquote") if isinstance(el.tag, str)]
    wanted = set(paragraphs)
    matched = [el for el in blocks if el.tag != "li" and _text(el) in wanted]
    if len(matched) < 2:
        return paragraphs
    container = _container(matched)
    if container is None:
        return paragraphs
    order = {id(el): i for i, el in enumerate(tree.iter())}
    anchors = sorted(((order[id(el)], _text(el)) for el in matched), key=lambda pair: pair[0])
    restored = list(paragraphs)
    inserted_after: dict[str, int] = {}
    for item in container.iter("li"):
        text = _text(item)
        linked = sum(len(_text(a)) for a in item.iter("a"))
        if text in wanted or not _reads_as_sentence(item, text, linked):
            continue
        position = order[id(item)]
        before = [anchor for at, anchor in anchors if at < position]
        if not before:
            continue
        anchor = before[-1]
        index = restored.index(anchor) + 1 + inserted_after.get(anchor, 0)
        restored.insert(index, text)
        inserted_after[anchor] = inserted_after.get(anchor, 0) + 1
        wanted.add(text)
    return restored


def _container(matched: list[Any]) -> Any | None:
    """The deepest element holding at least CONTAINER_SHARE of the matched paragraphs."""
    needed = max(2, int(CONTAINER_SHARE * len(matched) + 0.999))
    counts: dict[int, int] = {}
    elements: dict[int, Any] = {}
    depth: dict[int, int] = {}
    for element in matched:
        for level, ancestor in enumerate(reversed(list(element.iterancestors()))):
            key = id(ancestor)
            counts[key] = counts.get(key, 0) + 1
            elements[key] = ancestor
            depth[key] = level
    eligible = [key for key, count in counts.items() if count >= needed]
    if not eligible:
        return None
    return elements[max(eligible, key=lambda key: depth[key])]


def _reads_as_sentence(item: Any, text: str, linked: int) -> bool:
    """A sentence, or a bullet of several words ("400MW of capacity, able to discharge for two hours")."""
    words = len(text.split())
    if words < MIN_ITEM_WORDS:
        return False
    if next(item.iter("h2", "h3", "h4", "time"), None) is not None:
        return False  # a teaser: a headline or a date in the item
    if not _SENTENCE_END.search(text) and (words < MIN_BULLET_WORDS or linked):
        return False
    if any(ancestor.tag in {"nav", "aside", "footer", "header"} for ancestor in item.iterancestors()):
        return False
    return linked <= MAX_ITEM_LINK_SHARE * len(text)
