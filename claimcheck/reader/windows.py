"""Sentence windows of a passage that a reader can take in one pass, ranked by overlap with a claim.

A cross-encoder reads at most a few hundred characters of evidence next to the claim, so long texts are cut
into windows of consecutive sentences and only the windows that share the most content words with the claim
are read. Training and inference choose windows with the same functions, so the reader is trained on the
kind of evidence it later sees.
"""

from __future__ import annotations

import re

from claimcheck.verification.passages import sentence_spans

# About 100 WordPiece tokens of English news text: with a claim of up to ~40 tokens it fits a 160-token pass.
MAX_WINDOW_CHARS = 420

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "not",
        "no",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "shall",
        "should",
        "than",
        "then",
        "there",
        "here",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "also",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "more",
        "most",
        "such",
        "only",
    }
)


def content_words(text: str) -> set[str]:
    """Lower-cased words of `text` without stopwords (numbers kept: they carry most claims)."""
    return {w.lower() for w in _WORD.findall(text)} - _STOPWORDS


def windows(text: str, max_chars: int = MAX_WINDOW_CHARS) -> list[tuple[int, int]]:
    """Offsets of windows of consecutive sentences, one starting at each sentence, each within max_chars.

    A single sentence over the limit is its own window, cut at max_chars.
    """
    spans = sentence_spans(text)
    result: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        stop = min(end, start + max_chars)
        for _, next_end in spans[i + 1 :]:
            if next_end - start > max_chars:
                break
            stop = next_end
        result.append((start, stop))
    return result or [(0, min(len(text), max_chars))]


def overlap(claim_words: set[str], text: str) -> float:
    """Share of the claim's content words that occur in `text` (0 when the claim has none)."""
    if not claim_words:
        return 0.0
    return len(claim_words & content_words(text)) / len(claim_words)


def best_windows(claim: str, text: str, k: int = 1, max_chars: int = MAX_WINDOW_CHARS) -> list[str]:
    """The k windows of `text` sharing most content words with `claim`, best first (ties: earliest first).

    A text within max_chars is read whole.
    """
    text = text.strip()
    if len(text) <= max_chars:
        return [text]
    words = content_words(claim)
    spans = windows(text, max_chars)
    ranked = sorted(range(len(spans)), key=lambda i: -overlap(words, text[spans[i][0] : spans[i][1]]))
    return [text[spans[i][0] : spans[i][1]].strip() for i in ranked[:k]]
