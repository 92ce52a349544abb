"""Paragraph splitting, removal of repeated paragraphs and page furniture, keeping offsets into the text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from claimcheck.extraction.boilerplate import boilerplate_reason

_PARAGRAPH = re.compile(r"[^\n]+")
_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")
HEADING_MAX_WORDS = 20


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A non-blank line of the text, trimmed, with its offsets in that text."""

    start: int
    end: int
    text: str

    @property
    def is_heading(self) -> bool:
        """A short line without a sentence end: a headline or subhead, not a sentence."""
        return not _SENTENCE_END.search(self.text) and len(self.text.split()) <= HEADING_MAX_WORDS


@dataclass(frozen=True, slots=True)
class DroppedParagraph:
    """A paragraph left out of extraction, and why."""

    paragraph: Paragraph
    reason: str


@dataclass(slots=True)
class ParagraphSelection:
    """The paragraphs to read, in order, and those left out with their reasons."""

    kept: list[Paragraph] = field(default_factory=list)
    dropped: list[DroppedParagraph] = field(default_factory=list)


def paragraph_key(text: str) -> str:
    """Normalised form under which two paragraphs (or sentences) count as the same."""
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines of `text` with their offsets, surrounding whitespace trimmed."""
    paragraphs = []
    for match in _PARAGRAPH.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        paragraphs.append(Paragraph(start, start + len(stripped), stripped))
    return paragraphs


def unique_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs in order, each repeated paragraph kept only at its first occurrence."""
    return list(select_paragraphs(text, drop_boilerplate=False).kept)


def select_paragraphs(text: str, *, drop_boilerplate: bool = True) -> ParagraphSelection:
    """Paragraphs worth reading: repeats (after the first) and, optionally, bylines and prompts left out."""
    selection = ParagraphSelection()
    seen: set[str] = set()
    for paragraph in split_paragraphs(text):
        key = paragraph_key(paragraph.text)
        if key in seen:
            selection.dropped.append(DroppedParagraph(paragraph, "repeated paragraph"))
            continue
        seen.add(key)
        reason = boilerplate_reason(paragraph.text) if drop_boilerplate else None
        if reason is not None:
            selection.dropped.append(DroppedParagraph(paragraph, reason))
            continue
        selection.kept.append(paragraph)
    return selection
