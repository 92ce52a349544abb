"""Decomposition of a parsed sentence into atomic clauses.

Works on spaCy's dependency parse: coordinated clauses, concessive adverbial clauses ("While Kyiv
disputes …") and subject relative clauses ("a meeting that resulted in …") become clauses of their own;
reported speech stays whole so attribution is kept ("Kyiv disputes claims that …").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
VERBAL_POS = frozenset({"VERB", "AUX"})
# Adverbial clauses that assert something on their own rather than qualify the main clause.
INDEPENDENT_MARKERS = frozenset({"while", "although", "though", "whereas"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
# Leading connectives and discourse adverbs dropped from the start of a clause.
LEADING_DROP_DEPS = frozenset({"cc", "mark", "punct"})
DISCOURSE_ADVERBS = frozenset({"however", "meanwhile", "moreover", "also", "still", "yet", "nevertheless"})


@dataclass(frozen=True, slots=True)
class Clause:
    """An atomic clause: its rendered text and the head token that governs it."""

    text: str
    head: Any  # spacy.tokens.Token
    tokens: tuple[Any, ...]
    has_subject: bool


def _has_subject(token: Any) -> bool:
    return any(child.dep_ in SUBJECT_DEPS for child in token.children)


def _subject_of(token: Any) -> Any | None:
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


def _split_heads(root: Any) -> list[tuple[Any, Any | None]]:
    """Clause heads under `root` as (head, borrowed subject or None), in sentence order."""
    heads: list[tuple[Any, Any | None]] = [(root, None)]
    for token in root.subtree:
        if token is root or token.pos_ not in VERBAL_POS:
            continue
        if token.dep_ == "conj" and token.head.pos_ in VERBAL_POS:
            if _has_subject(token):
                heads.append((token, None))
            elif (subject := _subject_of(token.head)) is not None and token.head.dep_ != "xcomp":
                heads.append((token, subject))
        elif token.dep_ == "advcl" and _has_subject(token):
            marks = {child.lower_ for child in token.children if child.dep_ == "mark"}
            if marks & INDEPENDENT_MARKERS:
                heads.append((token, None))
        elif token.dep_ == "relcl":
            subject = _subject_of(token)
            if subject is not None and subject.lower_ in RELATIVE_PRONOUNS:
                heads.append((token, token.head))
    return heads


def _noun_phrase_without(noun: Any, excluded: set[int]) -> list[Any]:
    """The noun's subtree minus excluded tokens: the referent a relative clause talks about."""
    return [t for t in noun.subtree if t.i not in excluded]


def _render(tokens: list[Any], source: str, offset: int) -> str:
    """Join tokens using the original characters (not the parse-time substitutes)."""
    parts = []
    for index, token in enumerate(tokens):
        start = token.idx
        text = source[start - offset : start - offset + len(token.text)]
        is_last = index == len(tokens) - 1
        following = tokens[index + 1] if not is_last else None
        adjacent = following is not None and following.i == token.i + 1
        parts.append(text + (token.whitespace_ if adjacent else (" " if not is_last else "")))
    text = "".join(parts).strip()
    text = text.strip(" ,;:-—–\"'“”")
    # Quotation marks left unbalanced by the cut read as noise.
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _trim_leading(tokens: list[Any]) -> list[Any]:
    while tokens and (
        tokens[0].dep_ in LEADING_DROP_DEPS
        or tokens[0].is_punct
        or (tokens[0].dep_ == "advmod" and tokens[0].lower_ in DISCOURSE_ADVERBS)
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


def atomic_clauses(sentence: Any, source: str, offset: int) -> list[Clause]:
    """Split one parsed sentence into atomic clauses rendered from `source` (which starts at `offset`)."""
    heads = _split_heads(sentence.root)
    head_ids = {head.i for head, _ in heads}
    clauses = []
    for head, borrowed in heads:
        # A clause owns its head's subtree, minus the subtrees of other clause heads inside it.
        excluded: set[int] = set()
        for other in head.subtree:
            if other.i != head.i and other.i in head_ids:
                excluded.update(t.i for t in other.subtree)
        tokens = [t for t in head.subtree if t.i not in excluded]
        if borrowed is not None:
            if head.dep_ == "relcl":
                relative = _subject_of(head)
                referent = _noun_phrase_without(borrowed, {t.i for t in head.subtree})
                tokens = referent + [t for t in tokens if relative is None or t.i != relative.i]
            else:
                subject = [t for t in borrowed.subtree]
                tokens = subject + [t for t in tokens if t.i not in {s.i for s in subject}]
        tokens = _trim_leading(tokens)
        if not tokens:
            continue
        text = _render(tokens, source, offset)
        if text:
            has_subject = borrowed is not None or any(t.dep_ in SUBJECT_DEPS for t in tokens)
            clauses.append(Clause(text=text, head=head, tokens=tuple(tokens), has_subject=has_subject))
    return clauses
