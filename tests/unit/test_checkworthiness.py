"""The learned check-worthiness scorer and the CLEF-2019 Task 1 ranking measures."""

from __future__ import annotations

import json
from dataclasses import asdict, astuple
from pathlib import Path

import pytest

from claimcheck.extraction.checkworthiness import (
    MODEL_PATH,
    CheckworthinessModelError,
    load_model,
    score_sentences,
    tokenize,
)
from claimcheck.extraction.ranking_metrics import (
    RankingScores,
    average_precision,
    mean_scores,
    precision_at,
    r_precision,
    rank_labels,
    score_ranking,
)

FACTUAL = [
    "Unemployment fell to 4.1 percent last year.",
    "We have lost 70,000 factories since China entered the World Trade Organization.",
    "The national debt has doubled to $20 trillion under this administration.",
    "Crime in Chicago went up 40 percent in 2016.",
]
NOT_WORTH_CHECKING = [
    "Thank you very much.",
    "Let's move on to the next question.",
    "Good evening, everyone.",
    "(APPLAUSE)",
]


def test_statistical_sentence_outranks_pleasantry() -> None:
    texts = ["Thank you very much.", "Unemployment fell to 4.1 percent last year."]
    pleasantry, statistic = score_sentences(texts)
    assert statistic > pleasantry


def test_every_factual_claim_outranks_every_pleasantry_or_procedure() -> None:
    scores = score_sentences(FACTUAL + NOT_WORTH_CHECKING)
    assert min(scores[: len(FACTUAL)]) > max(scores[len(FACTUAL) :])


def test_scores_lie_between_zero_and_one_even_for_odd_text() -> None:
    texts = ["", "   ", "?", "Ünïcödé — 👍", "word " * 5_000, "1" * 300, *FACTUAL]
    scores = score_sentences(texts)
    assert len(scores) == len(texts)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_score_of_a_sentence_does_not_depend_on_its_batch() -> None:
    alone = score_sentences([FACTUAL[1]])[0]
    in_batch = score_sentences([*NOT_WORTH_CHECKING, FACTUAL[1], *FACTUAL])[len(NOT_WORTH_CHECKING)]
    assert alone == in_batch


def test_no_sentences_give_no_scores() -> None:
    assert score_sentences([]) == []


def test_digits_are_folded_and_symbols_kept_as_tokens() -> None:
    tokens = tokenize("In 2016, it rose 4.1% to $30?")
    assert tokens == ["in", "0000", "it", "rose", "0.0", "%", "to", "$", "00", "?"]


def test_shipped_weights_file_is_small() -> None:
    assert MODEL_PATH.stat().st_size < 3_000_000


def test_missing_weights_file_raises_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(CheckworthinessModelError, match="cannot read"):
        load_model(tmp_path / "absent.json")


def test_truncated_weights_file_raises_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "truncated.json"
    path.write_text(MODEL_PATH.read_text(encoding="utf-8")[:1000], encoding="utf-8")
    with pytest.raises(CheckworthinessModelError, match="cannot read"):
        load_model(path)


def test_weights_of_the_wrong_shape_raise_a_model_error(tmp_path: Path) -> None:
    raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    raw["features"]["hash_bits"] += 1
    path = tmp_path / "reshaped.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CheckworthinessModelError, match="corrupt"):
        load_model(path)


def test_weights_without_a_field_raise_a_model_error(tmp_path: Path) -> None:
    raw = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    del raw["weights"]
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CheckworthinessModelError, match="corrupt"):
        load_model(path)


def test_average_precision_averages_precision_at_each_relevant_rank() -> None:
    # Relevant at ranks 1 and 3: (1/1 + 2/3) / 2.
    assert average_precision([1, 0, 1, 0]) == pytest.approx(5 / 6)


def test_average_precision_divides_by_all_relevant_items() -> None:
    assert average_precision([0, 1, 0, 0, 1]) == pytest.approx((1 / 2 + 2 / 5) / 2)
    assert average_precision([0, 0, 0]) == 0.0


def test_r_precision_is_precision_at_the_number_of_relevant_items() -> None:
    assert r_precision([0, 1, 1, 0, 0]) == pytest.approx(1 / 2)
    assert r_precision([1, 1, 0, 1]) == pytest.approx(2 / 3)
    assert r_precision([0, 0]) == 0.0


def test_precision_at_k_counts_ranks_past_the_end_as_misses() -> None:
    assert precision_at([1, 0, 1, 1, 0, 0], 5) == pytest.approx(3 / 5)
    assert precision_at([1, 0, 1], 5) == pytest.approx(2 / 5)
    with pytest.raises(ValueError):
        precision_at([1], 0)


def test_ranking_puts_higher_scores_first_and_keeps_ties_in_input_order() -> None:
    assert rank_labels([0, 1, 0, 1], [0.5, 0.9, 0.5, 0.1]) == [1, 0, 0, 1]
    assert rank_labels([1, 0], [0.3, 0.3]) == [1, 0]
    assert rank_labels([0, 1], [0.3, 0.3]) == [0, 1]


def test_score_ranking_reports_every_task1_measure() -> None:
    labels = [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]
    scores = [0.1, 0.95, 0.2, 0.9, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8]
    # Ranked labels: 1 (0.95), 0 (0.9), 1 (0.8), 1 (0.3), 0 (0.2), 0 (0.1), then the zeros.
    result = score_ranking(labels, scores)
    assert asdict(result) == pytest.approx(
        {
            "average_precision": (1 + 2 / 3 + 3 / 4) / 3,
            "r_precision": 2 / 3,
            "precision_at_5": 3 / 5,
            "precision_at_10": 3 / 10,
            "precision_at_20": 3 / 20,
        }
    )


def test_mean_scores_is_the_macro_average_over_debates() -> None:
    a = RankingScores(0.2, 0.1, 0.4, 0.3, 0.15)
    b = RankingScores(0.4, 0.3, 0.0, 0.1, 0.05)
    assert astuple(mean_scores([a, b])) == pytest.approx((0.3, 0.2, 0.2, 0.2, 0.1))
    with pytest.raises(ValueError):
        mean_scores([])
