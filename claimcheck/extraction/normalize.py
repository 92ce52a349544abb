"""Text normalisation (HTML pasted as text, control characters, NFKC, smart quotes) with an offset map.

Every stretch of the normalised text knows the stretch of the original text it came from, so claims found in
the normalised text are reported at their place in the text the user sent.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Tags that end a block of text in HTML: they become paragraph breaks; other tags vanish.
_BLOCK_TAGS = (
    "p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|aside|nav|"
    "figure|figcaption|pre|dd|dt|dl|main|form|title|body|html|head"
)
_INLINE_TAGS = (
    "script|style|noscript|template|svg|a|b|i|u|em|strong|span|small|big|sub|sup|abbr|cite|code|mark|q|s|"
    "time|font|img|wbr|meta|link"
)
# Element bodies stop at the next opening of the same element, so unclosed tags cannot make this quadratic.
_SKIPPED_ELEMENT = (
    r"<(?P<tag>script|style|noscript|template|svg)\b[^<>]*>(?:(?!<(?P=tag)\b).)*?</(?P=tag)\s*>"
)
_CHANGES = re.compile(
    rf"(?P<skip>{_SKIPPED_ELEMENT})"
    r"|(?P<comment><!--(?:(?!<!--).)*?-->|<!DOCTYPE[^<>]*>)"
    rf"|(?P<block></?(?:{_BLOCK_TAGS})\b[^<>]*>)"
    rf"|(?P<inline></?(?:{_INLINE_TAGS})\b[^<>]*>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});)"
    r"|(?P<range>(?<=\d)[–—](?=\d))"
    r"|(?P<dash>[–—]+)"
    r"|(?P<crlf>\r\n?)"
    r"|(?P<other>[^\x0a\x20-\x7e]+)",
    re.IGNORECASE | re.DOTALL,
)
_QUOTES = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "\t": " ", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text plus, per changed stretch, where it starts here and in the original."""

    text: str
    original_length: int
    # Sorted starts of stretches in `text`, and for each the (start, end) of its source in the original;
    # `verbatim[k]` tells whether stretch k is an unchanged copy (offsets map one to one inside it).
    starts: tuple[int, ...]
    sources: tuple[tuple[int, int], ...]
    verbatim: tuple[bool, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that the normalised span [start, end) came from."""
        if not self.starts:
            return start, end
        if end <= start:
            position = self._position(start, is_end=False)
            return position, position
        return self._position(start, is_end=False), self._position(end, is_end=True)

    def _position(self, offset: int, *, is_end: bool) -> int:
        # An end offset belongs to the stretch holding the character just before it.
        k = bisect_right(self.starts, offset - 1 if is_end else offset) - 1
        if k < 0:
            return 0
        source_start, source_end = self.sources[k]
        if self.verbatim[k]:
            return min(source_start + offset - self.starts[k], source_end)
        return source_end if is_end else source_start


def _clean_character_run(run: str) -> str:
    """NFKC, straight quotes, no control or invisible format characters."""
    parts = []
    for char in unicodedata.normalize("NFKC", run.translate(_QUOTES)).translate(_QUOTES):
        category = unicodedata.category(char)
        if char == "\n" or category[0] != "C":
            parts.append(char)
        elif char in "\x0b\x0c":
            parts.append("\n")
    return "".join(parts)


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind in {"skip", "comment", "inline"}:
        return ""
    if kind == "block":
        return "\n"
    if kind == "entity":
        decoded = html.unescape(match.group())
        return match.group() if decoded == match.group() else _clean_character_run(decoded)
    if kind == "crlf":
        return "\n"
    if kind == "range":
        return "-"
    if kind == "dash":
        # A dash glued to words ("initiative—referred") is padded so the tokenizer sees it on its own.
        source = match.string
        before = "" if match.start() == 0 or source[match.start() - 1].isspace() else " "
        after = "" if match.end() == len(source) or source[match.end()].isspace() else " "
        return f"{before}—{after}"
    return _clean_character_run(match.group())


def normalize_text(text: str) -> NormalizedText:
    """Strip pasted HTML, drop control characters, apply NFKC and straighten quotes, keeping an offset map."""
    pieces: list[str] = []
    starts: list[int] = []
    sources: list[tuple[int, int]] = []
    verbatim: list[bool] = []
    length = 0
    previous_end = 0
    for match in _CHANGES.finditer(text):
        replacement = _replacement(match)
        if replacement == match.group():
            continue
        if match.start() > previous_end:
            starts.append(length)
            sources.append((previous_end, match.start()))
            verbatim.append(True)
            pieces.append(text[previous_end : match.start()])
            length += match.start() - previous_end
        starts.append(length)
        sources.append((match.start(), match.end()))
        verbatim.append(False)
        pieces.append(replacement)
        length += len(replacement)
        previous_end = match.end()
    if not starts:
        return NormalizedText(text, len(text), (), (), ())
    if previous_end < len(text):
        starts.append(length)
        sources.append((previous_end, len(text)))
        verbatim.append(True)
        pieces.append(text[previous_end:])
    return NormalizedText("".join(pieces), len(text), tuple(starts), tuple(sources), tuple(verbatim))
