"""Learned check-worthiness of a sentence: hashed word (optionally character) n-grams plus a few cues,
scored by a logistic regression trained on CLEF-2019 CheckThat! Task 1 (see eval/train_checkworthiness.py).

Pure and fast: the standard library and numpy only, weights read once from the shipped
`checkworthiness_model.json`. A sentence is scored on its own text, never on its neighbours, so a score does
not depend on the batch it arrives in.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimcheck.errors import ClaimcheckError

MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")
MODEL_FORMAT = "claimcheck.checkworthiness/1"

_TOKEN = re.compile(r"[a-z0-9]+(?:['.,][a-z0-9]+)*|[$%?]")
_DIGIT = re.compile(r"[0-9]")
_PERCENT = re.compile(r"\d\s*%|\bpercent\b", re.IGNORECASE)
_MONEY = re.compile(r"\$\s*\d|\b(?:dollars?|billions?|millions?|trillions?)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|most|least|than|record|increased?|decreased?|rose|fell|doubled|tripled)\b"
    r"|\b\w{3,}est\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|me|my|we|we're|we've|we'll|us|our)\b", re.IGNORECASE)
_STANCE = re.compile(
    r"\b(?:think|believe|feel|hope|want|going to|will|should|must|would|could)\b", re.IGNORECASE
)
_CAPITALISED_INSIDE = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")
_RITUAL = re.compile(
    r"\b(?:thank|thanks|applause|laughter|crosstalk|booing|cheering|welcome)\b", re.IGNORECASE
)
_SECOND_PERSON = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)

CUE_NAMES = (
    "has_number", "has_percent", "has_money", "has_year", "comparisons", "first_person", "stance_or_modal",
    "capitalised_inside", "is_question", "ritual", "second_person", "log_words", "short", "long",
)  # fmt: skip


class CheckworthinessModelError(ClaimcheckError):
    """The shipped check-worthiness weights are missing, unreadable or do not match this code."""

    code = "checkworthiness_model_invalid"


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which n-grams are hashed, and into how many buckets (2 ** hash_bits)."""

    hash_bits: int
    word_ngrams: int
    char_ngrams: tuple[int, int] | None

    @property
    def dim(self) -> int:
        """Number of hash buckets."""
        return 1 << self.hash_bits


@dataclass(frozen=True, slots=True)
class CheckworthinessModel:
    """Weights of the linear scorer: per-bucket idf and weight, cue weights and the bias."""

    spec: FeatureSpec
    idf: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    cue_weights: npt.NDArray[np.float64]
    bias: float


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens with every digit folded to 0, plus `$`, `%` and `?` as tokens."""
    return _TOKEN.findall(_DIGIT.sub("0", text.lower().replace("\u2019", "'")))


def ngram_keys(text: str, spec: FeatureSpec) -> list[str]:
    """The word n-gram (`w`) and within-word character n-gram (`c`) keys of a text, repeats kept."""
    tokens = tokenize(text)
    keys: list[str] = []
    for n in range(1, spec.word_ngrams + 1):
        keys.extend("w" + " ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    if spec.char_ngrams is not None:
        low, high = spec.char_ngrams
        for token in tokens:
            padded = f" {token} "
            for n in range(low, min(high, len(padded)) + 1):
                keys.extend("c" + padded[i : i + n] for i in range(len(padded) - n + 1))
    return keys


def hashed_counts(text: str, spec: FeatureSpec) -> dict[int, int]:
    """Bucket -> count of the text's n-gram keys, hashed with CRC-32 (stable across processes)."""
    mask = spec.dim - 1
    counts: dict[int, int] = {}
    for key in ngram_keys(text, spec):
        bucket = zlib.crc32(key.encode()) & mask
        counts[bucket] = counts.get(bucket, 0) + 1
    return counts


def cue_features(text: str) -> list[float]:
    """Hand-made cues in [0, 1], in the order of CUE_NAMES: numbers, comparisons, names, stance, length."""
    words = len(text.split())
    return [
        1.0 if _DIGIT.search(text) else 0.0,
        1.0 if _PERCENT.search(text) else 0.0,
        1.0 if _MONEY.search(text) else 0.0,
        1.0 if _YEAR.search(text) else 0.0,
        min(len(_COMPARISON.findall(text)), 3) / 3,
        1.0 if _FIRST_PERSON.search(text) else 0.0,
        1.0 if _STANCE.search(text) else 0.0,
        min(len(_CAPITALISED_INSIDE.findall(text)), 4) / 4,
        1.0 if text.rstrip().endswith("?") else 0.0,
        1.0 if _RITUAL.search(text) else 0.0,
        1.0 if _SECOND_PERSON.search(text) else 0.0,
        min(math.log1p(words) / 4, 1.0),
        1.0 if words <= 4 else 0.0,
        1.0 if words >= 25 else 0.0,
    ]


def tfidf_vector(
    counts: dict[int, int], idf: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Buckets and L2-normalised sublinear tf-idf values; buckets unseen in training (idf 0) drop out."""
    buckets = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    values = (1.0 + np.log(tf)) * idf[buckets]
    norm = float(np.sqrt(values @ values))
    if norm == 0.0:
        return buckets[:0], values[:0]
    return buckets, values / norm


def score_sentences(texts: Sequence[str]) -> list[float]:
    """Check-worthiness in [0, 1] of each sentence (higher means more worth fact-checking)."""
    return score_with(load_model(), texts)


def score_with(model: CheckworthinessModel, texts: Sequence[str]) -> list[float]:
    """Check-worthiness in [0, 1] of each sentence under the given weights."""
    scores = []
    for text in texts:
        buckets, values = tfidf_vector(hashed_counts(text, model.spec), model.idf)
        logit = float(values @ model.weights[buckets])
        logit += float(np.asarray(cue_features(text)) @ model.cue_weights) + model.bias
        scores.append(1.0 / (1.0 + math.exp(-min(max(logit, -500.0), 500.0))))
    return scores


@cache
def load_model(path: Path = MODEL_PATH) -> CheckworthinessModel:
    """The scorer's weights from a model file written by eval/train_checkworthiness.py, read once."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckworthinessModelError(f"cannot read check-worthiness weights at {path}: {exc}") from exc
    try:
        return _parse_model(raw)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise CheckworthinessModelError(f"corrupt check-worthiness weights at {path}: {exc!r}") from exc


def decode_array(encoded: dict[str, Any]) -> npt.NDArray[np.float64]:
    """A float array stored as `{"dtype": "<f2", "length": n, "base64": ...}`, widened to float64."""
    data = np.frombuffer(base64.b64decode(encoded["base64"], validate=True), dtype=np.dtype(encoded["dtype"]))
    if data.shape != (int(encoded["length"]),):
        raise ValueError(f"array holds {data.size} values, expected {encoded['length']}")
    return data.astype(np.float64)


def encode_array(values: npt.NDArray[np.float64], dtype: str = "<f2") -> dict[str, Any]:
    """The JSON form of a float array that decode_array reads back (float16 by default, to stay small)."""
    data = np.ascontiguousarray(values, dtype=np.dtype(dtype))
    return {"dtype": dtype, "length": int(data.size), "base64": base64.b64encode(data.tobytes()).decode()}


def _parse_model(raw: dict[str, Any]) -> CheckworthinessModel:
    if raw["format"] != MODEL_FORMAT:
        raise ValueError(f"format {raw['format']!r}, expected {MODEL_FORMAT!r}")
    if tuple(raw["cue_names"]) != CUE_NAMES:
        raise ValueError("cue features of the weights differ from this code's CUE_NAMES")
    features = raw["features"]
    char_ngrams = features["char_ngrams"]
    spec = FeatureSpec(
        hash_bits=int(features["hash_bits"]),
        word_ngrams=int(features["word_ngrams"]),
        char_ngrams=None if char_ngrams is None else (int(char_ngrams[0]), int(char_ngrams[1])),
    )
    idf, weights = decode_array(raw["idf"]), decode_array(raw["weights"])
    cue_weights = np.asarray(raw["cue_weights"], dtype=np.float64)
    if idf.shape != (spec.dim,) or weights.shape != (spec.dim,) or cue_weights.shape != (len(CUE_NAMES),):
        raise ValueError("weight arrays do not match the feature spec")
    arrays = (idf, weights, cue_weights)
    if not all(np.isfinite(a).all() for a in arrays) or not math.isfinite(float(raw["bias"])):
        raise ValueError("weights hold non-finite values")
    return CheckworthinessModel(spec, idf, weights, cue_weights, float(raw["bias"]))
