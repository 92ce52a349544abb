"""Cutting an entry's text into sentence passages with exact offsets."""

from __future__ import annotations

import re

from schemas.evidence import FeedEntry, Passage

# A sentence ends at . ! ? (and closing quotes) followed by whitespace and an upper-case letter or digit.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "U.S.", "U.K.", "U.N.", "Gen.", "Sen.", "Rep.", "Gov.")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank sentences of `text`."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[: match.start()].endswith(_ABBREVIATIONS):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_passages(entry: FeedEntry) -> list[Passage]:
    """One passage per sentence of the entry text; `text[start:end]` is the passage exactly."""
    passages = []
    for start, end in sentence_spans(entry.text):
        while end > start and entry.text[end - 1].isspace():
            end -= 1
        passages.append(Passage(entry_id=entry.id, start=start, end=end, text=entry.text[start:end]))
    return passages
