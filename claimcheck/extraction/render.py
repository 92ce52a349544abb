"""Rendering a clause from its tokens: the source characters, stand-in words, and commas tidied after cuts."""

from __future__ import annotations

import re
from typing import Any

Item = Any  # a spacy Token, or a str inserted between tokens

_LEADING_PHRASES = re.compile(
    r"^(?:in addition|in fact|as a result|for example|for instance|in summary|in conclusion|of course|"
    r"in short|on the other hand|in other words|in general|generally speaking|to sum up|all in all|"
    r"as such|in particular|that said|after all|by contrast|in contrast)\s*,\s*",
    re.IGNORECASE,
)


def _token_text(token: Any, source: str, replacements: dict[int, str]) -> str:
    if token.i in replacements:
        return replacements[token.i]
    return str(source[token.idx : token.idx + len(token.text)])


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)\]])")
_REPEATED_COMMAS = re.compile(r"(?:\s*,){2,}")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_SPACES = re.compile(r"\s{2,}")


# Words whose meaning depends on who speaks: outside quote marks, "I" would be the claim's writer.
_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|me|my|mine|we|us|our|ours|you|your|yours)\b")


def _strip_edges(text: str) -> str:
    """Text without the commas, dashes and stray quotes a cut leaves at its ends. A quote mark that closes
    (or opens) a quotation holding "I", "we" or "you" stays, so the quoted words keep their speaker:
    'said he was leaving "a stronger company than the one I joined"'; other quotations lose their marks."""
    core = text.strip(" ,;:-—–\"'")
    start = text.find(core)
    leading, trailing = text[:start], text[start + len(core) :]
    if '"' in trailing and core.count('"') % 2:
        quoted = core[core.rfind('"') :]
        if _FIRST_OR_SECOND_PERSON.search(quoted):
            core += '"'
    if '"' in leading and core.count('"') % 2:
        quoted = core[: core.find('"')]
        if _FIRST_OR_SECOND_PERSON.search(quoted):
            core = '"' + core
    return core


def _without_enclosing_commas(items: list[Item]) -> list[Item]:
    """ "Friends of the Dales, [which submitted evidence,] said": the commas that enclosed a cut clause go
    with it when a verb follows, or the subject stays cut from its verb by a comma."""
    dropped: set[int] = set()
    for index in range(1, len(items) - 1):
        first, second, after = items[index - 1], items[index], items[index + 1]
        if index - 1 in dropped or any(isinstance(x, str) for x in (first, second, after)):
            continue
        enclosing = first.text == "," and second.text == "," and second.i > first.i + 1
        if enclosing and after.pos_ in {"VERB", "AUX"}:
            # "Its chief executive, Graham Pettifer, [who joined in 2022,] said": the first comma also
            # closes the apposition, and stays.
            before = items[index - 2] if index >= 2 else None
            in_apposition = (
                not isinstance(before, str)
                and before is not None
                and any(t.dep_ == "appos" for t in (before, *before.ancestors))
            )
            dropped.update({index} if in_apposition else {index - 1, index})
    return [item for index, item in enumerate(items) if index not in dropped]


def render(items: list[Item], source: str, replacements: dict[int, str]) -> str:
    """Join tokens (and inserted words) using the source characters; tidy commas left by cuts."""
    items = _without_enclosing_commas(items)
    parts = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(item, str):
            parts.append(item + " ")
            continue
        adjacent = following is not None and not isinstance(following, str) and following.i == item.i + 1
        parts.append(_token_text(item, source, replacements) + (item.whitespace_ if adjacent else " "))
    text = "".join(parts)
    text = _REPEATED_COMMAS.sub(",", text)
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    text = _LEADING_PHRASES.sub("", text)
    text = _strip_edges(text)
    text = text.replace(",.", ".").replace(", .", ".")
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text.rstrip(",;: ") + "."
