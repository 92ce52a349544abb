"""A story split over sibling containers of one class, joined so trafilatura reads all of it.

trafilatura takes the first element its body rules match ("the first `div.article-content`"): a CMS that
sets a web-part zone between two halves of the story ("article-content", then quick links, then
"article-content article-content-2") loses the second half. Later siblings of that element that share its
first class token and hold running text are moved inside it, after its own content; what stood between
them stays where it was, outside the story.
"""

from __future__ import annotations

import re
from typing import Any

from trafilatura.xpaths import BODY_XPATH

PROSE_CHARS = 120  # a container holding this much text is part of the story, not an empty twin
_SPACES = re.compile(r"\s+")


def join_split_story(tree: Any) -> None:
    """Move the later halves of a story split over same-class siblings into the first, in place."""
    first = next((found[0] for xpath in BODY_XPATH if (found := xpath(tree))), None)
    tokens = (first.get("class") or "").split() if first is not None else []
    if first is None or not tokens:
        return
    halves = [
        sibling
        for sibling in first.itersiblings()
        if sibling.tag == first.tag
        and tokens[0] in (sibling.get("class") or "").split()
        and len(_SPACES.sub(" ", sibling.text_content()).strip()) >= PROSE_CHARS
    ]
    for half in halves:
        tail, half.tail = half.tail, None
        previous = half.getprevious()
        if tail and previous is not None:
            previous.tail = (previous.tail or "") + tail
        first.append(half)
