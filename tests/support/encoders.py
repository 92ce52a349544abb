"""A stand-in sentence encoder for tests: no model weights, same interface."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimcheck.verification.terms import terms


class HashingEncoder:
    """A deterministic stand-in for the sentence encoder: a unit bag of hashed terms."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> npt.NDArray[np.float32]:  # noqa: ARG002
        self.encoded += list(texts)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in terms(text):
                out[row, int(hashlib.sha256(term.encode()).hexdigest(), 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)
