"""Stance and verdicts with sentence-embedding features, and the lexical fallback without an encoder."""

from __future__ import annotations

import os
from collections.abc import Sequence

import fakeredis
import numpy as np
import numpy.typing as npt
import pytest

from claimcheck.embeddings import EMBEDDING_DIM, load_encoder
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from claimcheck.verification.dense import (
    SentenceVectors,
    dense_feature_names,
    dense_features,
    passage_sentences,
    sentence_vectors,
)
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.query import build_query
from claimcheck.verification.stance import StanceLabel, dense_model, stance_scores
from claimcheck.verification.verdict import verify
from schemas.common import VerdictLabel
from tests.support.evidence import desk_index
from workers import runtime as worker_runtime

ENCODER = load_encoder()
# Outside CI a checkout without the optional weights skips these; CI installs them and must run them.
needs_encoder = pytest.mark.skipif(
    ENCODER is None and not os.environ.get("CI"), reason="sentence encoder package not installed"
)


@pytest.fixture
def index() -> EvidenceIndex:
    return desk_index()


class CountingEncoder:
    """Unit vectors from a word hash, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> npt.NDArray[np.float32]:
        del batch_size  # one batch whatever the size
        self.calls.append(list(texts))
        rows = np.zeros((len(texts), 8), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                rows[row, sum(map(ord, word)) % 8] += 1.0
        unit: npt.NDArray[np.float32] = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
        return unit


def test_passage_sentences_split_a_passage_and_keep_a_fragment_whole() -> None:
    assert passage_sentences("Troops withdrew on Friday. Talks resume in May.") == [
        "Troops withdrew on Friday.",
        "Talks resume in May.",
    ]
    assert passage_sentences("no sentence end here") == ["no sentence end here"]


def test_dense_features_read_the_closest_sentence_and_name_every_value() -> None:
    claim = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    sentences = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32)
    features = dense_features(claim, sentences)
    assert len(features) == len(dense_feature_names(3))
    names = dense_feature_names(3)
    assert features[names.index("dense_cosine_max")] == pytest.approx(1.0)
    assert features[names.index("dense_cosine_mean")] == pytest.approx(np.sqrt(0.5))
    # The best sentence equals the claim, so its absolute difference is zero everywhere.
    assert [features[names.index(f"dense_diff_best_{i}")] for i in range(3)] == [0.0, 0.0, 0.0]


def test_sentence_vectors_embed_each_sentence_once_across_claims() -> None:
    encoder = CountingEncoder()
    vectors = SentenceVectors(encoder, capacity=100)
    passage = "Troops withdrew on Friday. Talks resume in May."
    vectors.features("Troops withdrew.", [passage, passage])
    vectors.features("Talks resume.", [passage])
    assert encoder.calls == [
        ["Troops withdrew.", "Troops withdrew on Friday.", "Talks resume in May."],
        ["Talks resume."],
    ]
    assert vectors.encoded == 4


def test_sentence_vectors_forget_the_least_recently_used_beyond_capacity() -> None:
    encoder = CountingEncoder()
    vectors = SentenceVectors(encoder, capacity=2)
    vectors.vectors(["one", "two"])
    vectors.vectors(["one", "three"])  # "two" is now the oldest and goes
    vectors.vectors(["one"])
    vectors.vectors(["two"])
    vectors.forget(["one"])
    vectors.vectors(["one", "two"])
    assert encoder.calls == [["one", "two"], ["three"], ["two"], ["one"]]


@needs_encoder
def test_dense_model_reads_lexical_and_embedding_features() -> None:
    model = dense_model()
    assert model.features[-len(dense_feature_names(EMBEDDING_DIM)) :] == dense_feature_names(EMBEDDING_DIM)


@needs_encoder
def test_dense_stance_tells_a_restatement_from_an_unrelated_passage() -> None:
    vectors = sentence_vectors()
    assert vectors is not None
    claim = "Kyiv continues to dispute claims of encirclement in Kursk."
    restating = "Ukraine's general staff said its forces in the Kursk region were not surrounded."
    unrelated = "High winds brought down trees and power lines across northern England."
    query = build_query(claim)
    close, far = vectors.features(claim, [restating, unrelated])
    assert stance_scores(query, unrelated, dense=far).label is StanceLabel.neutral
    assert (
        stance_scores(query, restating, dense=close).neutral
        < stance_scores(query, unrelated, dense=far).neutral
    )


@needs_encoder
def test_dense_verdict_keeps_the_quantity_rule(index: EvidenceIndex) -> None:
    vectors = sentence_vectors()
    claim = "A recent meeting in Riyadh resulted in a tentative 30-day ceasefire agreement."
    verdict = verify(claim, index, 8, 0.5, vectors)
    assert verdict.label is VerdictLabel.refuted
    assert verdict.citations and "14-day" in verdict.citations[0].passage


def test_verdicts_fall_back_to_lexical_stance_without_an_encoder(
    index: EvidenceIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("claimcheck.verification.dense.load_encoder", lambda: None)
    assert sentence_vectors() is None
    verdict = verify("Kyiv continues to dispute claims of encirclement in Kursk.", index, 8, 0.5, None)
    assert verdict.label is VerdictLabel.supported


def test_worker_runtime_judges_lexically_by_default() -> None:
    settings = Settings()
    runtime = worker_runtime.Runtime(settings, RedisStore(fakeredis.FakeRedis(), settings.key_prefix))
    assert runtime.verify_config.vectors is None


@needs_encoder
def test_worker_runtime_judges_with_embeddings_when_settings_say_so() -> None:
    settings = Settings(dense_stance=True)
    runtime = worker_runtime.Runtime(settings, RedisStore(fakeredis.FakeRedis(), settings.key_prefix))
    assert runtime.verify_config.vectors is not None
