"""Sentence-embedding features of a passage against a claim, for stance where an encoder is installed.

The passage is read sentence by sentence: its vector is the normalised mean of its sentence vectors (so only
sentences are ever embedded, and a feed sentence embedded once serves every claim that retrieves it), and
its best sentence is the one closest to the claim. The features are the cosines, and the element-wise
product and absolute difference of the claim vector with the passage vector and with the best sentence
(the usual sentence-pair features of InferSent/SBERT classifiers).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from claimcheck.embeddings import load_encoder
from claimcheck.verification.passages import sentence_spans

Vectors = npt.NDArray[np.float32]

_SUMMARY = ("dense_cosine_mean", "dense_cosine_max", "dense_cosine_top2")


class Encoder(Protocol):
    """What the features need of a sentence encoder: unit vectors, one row per text."""

    def encode(self, texts: Sequence[str], batch_size: int = ...) -> Vectors: ...


def dense_feature_names(dim: int) -> tuple[str, ...]:
    """Names of the features `dense_features` returns for vectors of `dim` dimensions."""
    blocks = ("prod_mean", "diff_mean", "prod_best", "diff_best")
    return _SUMMARY + tuple(f"dense_{block}_{i}" for block in blocks for i in range(dim))


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage as the dense features read them (the passage whole if it has none)."""
    sentences = [text[s:e].strip() for s, e in sentence_spans(text)]
    return [s for s in sentences if s] or [text.strip() or text]


def dense_features(claim: Vectors, sentences: Vectors) -> list[float]:
    """Features of one passage (its sentence vectors, one per row) against the claim vector."""
    mean = sentences.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    passage = mean / norm if norm > 0 else mean
    cosines = sentences @ claim
    best = sentences[int(np.argmax(cosines))]
    top2 = np.sort(cosines)[-2:].mean()
    blocks = (claim * passage, np.abs(claim - passage), claim * best, np.abs(claim - best))
    summary = [float(passage @ claim), float(cosines.max()), float(top2)]
    tail: list[float] = np.concatenate(blocks).astype(np.float64).tolist()
    return summary + tail


class SentenceVectors:
    """Sentence vectors from an encoder, remembered (least recently used first out) across claims.

    A worker checks many claims against the same feed sentences, so most sentences are embedded once.
    """

    def __init__(self, encoder: Encoder, capacity: int = 20_000) -> None:
        self.encoder = encoder
        self.capacity = capacity
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self.encoded = 0  # sentences the encoder ran on (cache misses), for benchmarks and tests

    def vectors(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text, in order."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self._cache[text] = vector.astype(np.float16)
            self.encoded += len(missing)
        rows = []
        for text in texts:
            self._cache.move_to_end(text)
            rows.append(self._cache[text])
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)

    def forget(self, texts: Sequence[str]) -> None:
        """Drop the vectors of `texts` (a claim is rarely checked twice; a benchmark needs them cold)."""
        for text in texts:
            self._cache.pop(text, None)

    def features(self, claim: str, passages: Sequence[str]) -> list[list[float]]:
        """Dense features of each passage against the claim, embedding every sentence at most once."""
        split = [passage_sentences(p) for p in passages]
        flat = [claim] + [s for sentences in split for s in sentences]
        vectors = self.vectors(flat)
        claim_vector, rows = vectors[0], vectors[1:]
        features, at = [], 0
        for sentences in split:
            features.append(dense_features(claim_vector, rows[at : at + len(sentences)]))
            at += len(sentences)
        return features


def sentence_vectors(capacity: int = 20_000) -> SentenceVectors | None:
    """A cache over the installed sentence encoder, or None where the encoder is not installed."""
    encoder = load_encoder()
    return None if encoder is None else SentenceVectors(encoder, capacity)
