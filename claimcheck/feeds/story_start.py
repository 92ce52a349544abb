"""What stands above a story's first paragraph without being story: labels and editors' update notes.

trafilatura's body can open on a page's labels ("Season 3 Episode 27", "Show notes") and on a note an
editor put above the story ("Update, 12 May: Tickets for the gala are now on sale …"). Among the first few
paragraphs, before the first paragraph of running text, a label (a few words ending on no full stop,
question or exclamation mark; a summary's unpunctuated items are longer) and an update or editor's note
are dropped. Nothing after the
first paragraph of running text is touched: a crosshead there is the story's.
"""

from __future__ import annotations

import re

MAX_LEADING_LINES = 4  # labels and notes above a story are few
MAX_LABEL_WORDS = 6
PROSE_CHARS = 120  # a paragraph this long that ends on a sentence mark is the story's running text
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_UPDATE_NOTE = re.compile(r"^(?:update[sd]?|editor[’']?s note|note)\b[^:]{0,30}:\s", re.I)


def strip_story_start(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the labels and update notes above the first paragraph of running text."""
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index >= MAX_LEADING_LINES or _running_text(paragraph):
            return kept + paragraphs[index:]
        label = len(paragraph.split()) <= MAX_LABEL_WORDS and not _SENTENCE_END.search(paragraph)
        if not label and not _UPDATE_NOTE.match(paragraph):
            kept.append(paragraph)
    return paragraphs  # no running text at all: nothing here to tell labels from story by


def _running_text(paragraph: str) -> bool:
    return len(paragraph) >= PROSE_CHARS and _SENTENCE_END.search(paragraph) is not None
