"""Sentence splitting with character offsets, by rule, before parsing (so the parser's work is bounded)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence end: terminal punctuation, closing quotes or brackets, then space and a likely sentence start.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.&'-]+)[.!?…]*[\"'”’)\]]*$")
# How far back from a full stop the word before it is looked for; keeps splitting linear.
ABBREVIATION_WINDOW = 32
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr",
        "adm", "maj", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "approx",
        "est", "dept", "univ", "ave", "rd", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c", "rev",
        "hon", "pres", "messrs", "cf", "al", "ph.d", "b.a", "m.a", "u.s.a",
    }
)  # fmt: skip

# Abbreviations only when a number follows ("No. 10", but "said no. Then").
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "pp", "op", "art"})


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence's offsets [start, end) in the text it was split from."""

    start: int
    end: int


def _is_abbreviation(text: str, boundary_end: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, boundary_end - ABBREVIATION_WINDOW), boundary_end)
    if match is None:
        return False
    word = match.group(1).rstrip(".").casefold()
    if word.isdigit() and len(word) <= 2:
        # "They are: 1. Sandra …", "… in 1981. 2. Ruth …": a list number belongs to the item it starts.
        before = text[max(0, match.start(1) - ABBREVIATION_WINDOW) : match.start(1)].rstrip()
        return not before or not before[-1].isalnum()
    if text[match.end(1) - 1 : match.end(1)] != "." and text[boundary_end - 1] != ".":
        return False
    if word in NUMBER_ABBREVIATIONS:
        return text[boundary_end : boundary_end + 8].lstrip()[:1].isdigit()
    # Single letters are initials ("William O. Douglas"); dotted acronyms ("U.S.") and titles are listed.
    return len(word) == 1 and word.isalpha() or word in ABBREVIATIONS


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentences of one paragraph as offsets into it, surrounding whitespace trimmed; never empty."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.end()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    sentences = []
    for begin, end in spans:
        chunk = text[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        sentences.append(SentenceSpan(begin + lead, begin + lead + len(stripped)))
    return sentences
