"""Where the story ends: a learned scorer for the lines a page prints after its report.

`sign_off` and `promo_lines` recognise the forms of post-story furniture seen so far, but every new site
words its credits, appeals, notes and plugs its own way. This model reads what those forms have in common
instead of their wording: where the paragraph stands (how near the end), its length and punctuation,
contact details (an email address, a web address, a phone number, a handle), copyright, the reader
addressed ("you", "we" outside quotation marks), attribution ("said"), whether its words and names
continue the story's first paragraphs, whether it is a list item, plus hashed words (the first word on
its own). A logistic regression over these, trained on the project's article-page sets
(eval/train_story_end.py), gives each paragraph a probability of being furniture.

The cut is a change point: of the trailing runs that start on a paragraph scored above the threshold, the
one whose summed log-odds (each clipped to ±5, less the threshold's) is largest is removed, so a run of
furniture loses one low-scored line in its middle ("About the society: …") along with the rest; nothing is
cut when the last paragraph reads more as story than as furniture (p ≤ 0.5), at most the last half of the
paragraphs go, and a cut none of whose paragraphs carries a mark of furniture (contact details, the reader
addressed, a label, a bracket, no closing punctuation) is not made: the model alone reads length too
much, and a story's short last line looks to it like a credit.

Pure numpy; the weights (`story_end_model.json`) are read once. Without them the extractor keeps the
rule-based sign-off only, after one warning.
"""

from __future__ import annotations

import json
import logging
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimcheck.extraction.checkworthiness import decode_array

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("story_end_model.json")
MODEL_FORMAT = "claimcheck.story_end/1"
STORY_HEAD_SHARE = 0.6  # the paragraphs whose words and names count as the story's own
MAX_CUT_SHARE = 0.5  # the cut never takes more than the last half of the paragraphs
# Each paragraph's log-odds count up to this much either way in the cut's sum, so one line the model is sure
# of (a crosshead such as "Our verdict") cannot drag a paragraph it reads as story into the cut.
MAX_LOG_ODDS = 5.0
# The last paragraph must look more like furniture than story for any cut ("Filed under", "Got a story?"
# and a 0.69 disclaimer after them go together); chosen with the threshold by leaving one page set out
# (227 held-out pages against 225 when the last paragraph had to pass the threshold itself).
LAST_PARAGRAPH_BAR = 0.5
HASHED_WORDS = 20  # only a paragraph's opening words are hashed: furniture says what it is up front

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’-]*|\d[\d,.:]*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_WEB_ADDRESS = re.compile(r"https?://|www\.|\b[\w-]+\.(?:example|com|org|co\.uk|net|gov)\b", re.I)
_PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_RIGHTS = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re|yours)\b", re.I)
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us|we're|we’re|ours)\b", re.I)
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my)\b")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to|added|explained|warned)\b", re.I)
_LABEL = re.compile(r"^[^.!?:]{1,40}:\s")
_CLOSED = re.compile(r"[.!?][\"'”’)]*$")
_STOP_TEXT = (
    "the a an and or of to in on for at by with from as is are was were be been this that it its has have "
    "had will would can could may not no but if their they them he she his her who which what when there "
    "than then also more most about after before over into out up all new one two"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())

CUE_NAMES = (
    "last", "second_last", "third_last", "log_from_end", "position", "log_words", "at_most_6_words",
    "at_most_12_words", "no_closing_punctuation", "email", "web_address", "phone", "handle", "rights",
    "second_person", "first_plural", "first_singular", "quotation", "attribution", "opens_bracket",
    "label_colon", "opens_digit", "capitalised_share", "digit_share", "story_word_share",
    "story_name_share", "log_paragraphs", "list_item", "in_list_run", "bias",
)  # fmt: skip


# A cut must hold at least one paragraph with one of these marks. Without them the model reads mostly
# length and position, and a story's short last line ("The system serves 1,140 households.") looks like
# a credit; a run of furniture nearly always has a contact, a reader addressed, a label or a bracket.
FURNITURE_MARKS = (
    "email", "web_address", "phone", "handle", "rights", "second_person", "first_plural", "label_colon",
    "opens_bracket", "no_closing_punctuation",
)  # fmt: skip
_MARK_COLUMNS = tuple(CUE_NAMES.index(mark) for mark in FURNITURE_MARKS)


class StoryEndModelError(ValueError):
    """The story-end weights do not match this code's features."""


@dataclass(frozen=True, slots=True)
class StoryEndModel:
    """Weights over the cues, the hashed words and the hashed first word, and the cut threshold."""

    hash_bits: int
    first_word_bits: int
    weights: npt.NDArray[np.float64]
    threshold: float

    @property
    def dim(self) -> int:
        """Length of a feature vector."""
        return len(CUE_NAMES) + (1 << self.hash_bits) + (1 << self.first_word_bits)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _content_words(words: Sequence[str]) -> set[str]:
    return {w.lower() for w in words if len(w) > 3 and w.lower() not in _STOP_WORDS and not w[0].isdigit()}


def _names(words: Sequence[str]) -> set[str]:
    """Capitalised words past the first: names, mostly, not sentence openers."""
    return {w for w in words[1:] if w[:1].isupper() and len(w) > 2}


def _bucket(token: str, bits: int) -> int:
    return zlib.crc32(token.encode("utf-8")) & ((1 << bits) - 1)


def feature_matrix(
    paragraphs: Sequence[str],
    list_items: Sequence[bool],
    hash_bits: int,
    first_word_bits: int,
    first_row: int = 0,
) -> npt.NDArray[np.float64]:
    """One row of features per paragraph of a page's extracted body (`list_items` flags list items); rows
    before `first_row` stay zero (the cut never reaches them, so the extractor skips their cost)."""
    n = len(paragraphs)
    words = [_words(p) for p in paragraphs]
    contents, all_names = [_content_words(w) for w in words], [_names(w) for w in words]
    head = max(1, math.ceil(n * STORY_HEAD_SHARE))
    story_words: Counter[str] = Counter()
    story_names: Counter[str] = Counter()
    for i in range(head):
        story_words.update(contents[i])
        story_names.update(all_names[i])
    cues = len(CUE_NAMES)
    matrix = np.zeros((n, cues + (1 << hash_bits) + (1 << first_word_bits)))
    for i, paragraph in enumerate(paragraphs):
        if i < first_row:
            continue
        own, from_end = words[i], n - 1 - i
        content, names = contents[i], all_names[i]
        in_head = 1 if i < head else 0  # a paragraph of the story's head does not count as its own context
        shared_words = sum(1 for w in content if story_words[w] > in_head)
        shared_names = sum(1 for w in names if story_names[w] > in_head)
        outside_quotes = _QUOTATION.sub(" ", paragraph)
        count = max(1, len(own))
        in_run = list_items[i] and ((i > 0 and list_items[i - 1]) or (i + 1 < n and list_items[i + 1]))
        matrix[i, :cues] = (
            from_end == 0, from_end == 1, from_end == 2, math.log1p(from_end), i / max(1, n - 1),
            math.log1p(len(own)), len(own) <= 6, len(own) <= 12, _CLOSED.search(paragraph) is None,
            _EMAIL.search(paragraph) is not None, _WEB_ADDRESS.search(paragraph) is not None,
            _PHONE.search(paragraph) is not None, _HANDLE.search(paragraph) is not None,
            _RIGHTS.search(paragraph) is not None, _SECOND_PERSON.search(outside_quotes) is not None,
            _FIRST_PLURAL.search(outside_quotes) is not None,
            _FIRST_SINGULAR.search(outside_quotes) is not None,
            _QUOTATION.search(paragraph) is not None or "“" in paragraph,
            _ATTRIBUTION.search(paragraph) is not None, paragraph.startswith("("),
            _LABEL.match(paragraph) is not None, paragraph[:1].isdigit(),
            sum(1 for w in own if w[:1].isupper()) / count, sum(1 for w in own if w[:1].isdigit()) / count,
            shared_words / max(1, len(content)), shared_names / len(names) if names else 0.5,
            math.log1p(n), list_items[i], in_run, 1.0,
        )  # fmt: skip
        for word in {w.lower() for w in own[:HASHED_WORDS]}:
            matrix[i, cues + _bucket(word, hash_bits)] = 1.0
        if own:
            matrix[i, cues + (1 << hash_bits) + _bucket(own[0].lower(), first_word_bits)] = 1.0
    return matrix


def _probabilities(matrix: npt.NDArray[np.float64], model: StoryEndModel) -> list[float]:
    return [1.0 / (1.0 + math.exp(-min(max(float(z), -500.0), 500.0))) for z in matrix @ model.weights]


def kept_paragraphs(paragraphs: Sequence[str], list_items: Sequence[bool], model: StoryEndModel) -> int:
    """How many leading paragraphs the model keeps as story: the change point (`story_length`), and no
    cut at all unless some paragraph in it carries a mark of furniture (`FURNITURE_MARKS`)."""
    if len(paragraphs) < 2:
        return len(paragraphs)
    matrix = feature_matrix(
        paragraphs, list_items, model.hash_bits, model.first_word_bits, _first_cuttable(len(paragraphs))
    )
    length = story_length(_probabilities(matrix, model), model.threshold)
    if not matrix[length:, list(_MARK_COLUMNS)].any():
        return len(paragraphs)
    return length


def _first_cuttable(n: int) -> int:
    """The earliest paragraph a cut may start on: never the first, never before the last half."""
    return max(1, math.floor(n * (1.0 - MAX_CUT_SHARE)))


def story_length(probabilities: Sequence[float], threshold: float) -> int:
    """How many leading paragraphs are story: the change point described in the module docstring."""
    n = len(probabilities)
    if n < 2 or probabilities[-1] <= min(threshold, LAST_PARAGRAPH_BAR):
        return n
    offset = math.log(threshold / (1.0 - threshold))
    best, length, run = 0.0, n, 0.0
    for start in range(n - 1, _first_cuttable(n) - 1, -1):
        p = min(max(probabilities[start], 1e-9), 1.0 - 1e-9)
        run += min(max(math.log(p / (1.0 - p)), -MAX_LOG_ODDS), MAX_LOG_ODDS) - offset
        if run > best and probabilities[start] > threshold:
            best, length = run, start
    return length


def strip_story_end(paragraphs: list[str], list_items: Sequence[bool]) -> list[str]:
    """`paragraphs` without the trailing run the model reads as furniture (unchanged without weights)."""
    model = load_model()
    if model is None:
        return paragraphs
    return paragraphs[: kept_paragraphs(paragraphs, list_items, model)]


@cache
def load_model(path: Path = MODEL_PATH) -> StoryEndModel | None:
    """The shipped story-end weights, read once, or None (one warning) when they cannot be read."""
    try:
        return parse_model(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        log.warning("story-end model unavailable, article text keeps the rule-based sign-off only: %s", exc)
        return None


def parse_model(raw: dict[str, Any]) -> StoryEndModel:
    """A model from its JSON form (eval/train_story_end.py writes it); ValueError when it does not fit."""
    if raw["format"] != MODEL_FORMAT:
        raise StoryEndModelError(f"format {raw['format']!r}, expected {MODEL_FORMAT!r}")
    if tuple(raw["cue_names"]) != CUE_NAMES:
        raise StoryEndModelError("cue features of the weights differ from this code's CUE_NAMES")
    weights = decode_array(raw["weights"])
    model = StoryEndModel(
        hash_bits=int(raw["hash_bits"]),
        first_word_bits=int(raw["first_word_bits"]),
        weights=weights,
        threshold=float(raw["threshold"]),
    )
    if weights.shape != (model.dim,):
        raise StoryEndModelError(f"{weights.size} weights, expected {model.dim}")
    if not np.isfinite(weights).all() or not 0.0 < model.threshold < 1.0:
        raise StoryEndModelError("weights hold non-finite values or the threshold is not a probability")
    return model
