"""The faithfulness report: joining emitted claims to hand labels and the figures drawn from them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.eval_scripts import load_eval_script

ROOT = Path(__file__).resolve().parents[2]


faithfulness = load_eval_script("faithfulness")


def _claim(text: str, *, article: str = "01-a.txt", checked: bool = True, type_: str = "event") -> Any:
    return faithfulness.EmittedClaim(article, text, f"{text} (sentence)", type_, checked)


def _label(text: str, label: str = "faithful", error: str = "", **fields: Any) -> Any:
    row = {"article": "01-a.txt", "claim": text, "type": "event", "label": label, "error": error, **fields}
    return faithfulness.parse_label(row)


def test_claims_without_a_label_are_listed_as_unlabelled_and_left_out_of_the_shares() -> None:
    claims = [_claim("A happened."), _claim("B happened.")]
    result = faithfulness.report(claims, [_label("A happened.")])

    assert result["all"]["claims"] == 2
    assert result["all"]["labelled"] == 1
    assert result["all"]["faithful_share"] == 1.0
    assert [u["claim"] for u in result["unlabelled"]] == ["B happened."]


def test_checked_faithful_share_counts_only_claims_sent_to_verification() -> None:
    claims = [
        _claim("A happened."),
        _claim("B happened."),
        _claim("C will happen.", checked=False, type_="prediction"),
    ]
    labels = [
        _label("A happened."),
        _label("B happened.", "unfaithful", "dropped_condition"),
        _label("C will happen.", type="prediction"),
    ]

    figures = faithfulness.report(claims, labels)["all"]

    assert figures["faithful_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["checked_labelled"] == 2
    assert figures["checked_faithful_share"] == 0.5


def test_speaker_errors_and_categories_are_counted_overall_and_per_article() -> None:
    claims = [_claim("X said A."), _claim("A."), _claim("It is B."), _claim("Q.", article="02-b.txt")]
    labels = [
        _label("X said A.", "unfaithful", "wrong_speaker", speaker_error=True),
        _label("A.", "unfaithful", "dropped_attribution", speaker_error=True),
        _label("It is B.", "needs_context", "unresolved_reference"),
        faithfulness.parse_label({"article": "02-b.txt", "claim": "Q.", "label": "faithful"}),
    ]

    result = faithfulness.report(claims, labels)

    assert result["all"]["speaker_errors"] == 2
    assert result["all"]["by_error"] == {
        "wrong_speaker": 1,
        "dropped_attribution": 1,
        "unresolved_reference": 1,
    }
    assert result["per_article"]["01-a.txt"]["needs_context_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["per_article"]["02-b.txt"]["faithful_share"] == 1.0


def test_text_faithful_share_ignores_type_errors_only() -> None:
    claims = [_claim("The council will pay £5m.", checked=False, type_="prediction"), _claim("Garbled the.")]
    labels = [
        _label("The council will pay £5m.", "unfaithful", "type_error", type_error=True, type="prediction"),
        _label("Garbled the.", "unfaithful", "broken_clause"),
    ]

    figures = faithfulness.report(claims, labels)["all"]

    assert figures["faithful_share"] == 0.0
    assert figures["text_faithful_share"] == 0.5
    assert figures["type_errors"] == 1


def test_labels_no_claim_matches_any_more_are_reported_as_stale() -> None:
    result = faithfulness.report([_claim("New wording.")], [_label("Old wording.")])

    assert result["stale"] == [{"article": "01-a.txt", "claim": "Old wording."}]
    assert [u["claim"] for u in result["unlabelled"]] == ["New wording."]


def test_a_labelled_claim_whose_type_changed_is_listed_as_retyped() -> None:
    claims = [_claim("The fund will be set up.", checked=False, type_="prediction")]

    result = faithfulness.report(claims, [_label("The fund will be set up.")])

    assert result["retyped"] == [
        {
            "article": "01-a.txt",
            "claim": "The fund will be set up.",
            "labelled_type": "event",
            "type": "prediction",
        }
    ]


def test_the_same_claim_text_in_another_article_is_not_joined_to_its_label() -> None:
    result = faithfulness.report([_claim("A happened.", article="02-b.txt")], [_label("A happened.")])

    assert result["all"]["labelled"] == 0
    assert len(result["stale"]) == 1


def test_two_labels_for_one_claim_are_rejected() -> None:
    with pytest.raises(ValueError, match="two labels"):
        faithfulness.join([_claim("A.")], [_label("A."), _label("A.", "unfaithful", "other")])


@pytest.mark.parametrize(
    "row",
    [
        {"label": "mostly"},
        {"label": "unfaithful", "error": "vibes"},
        {"label": "unfaithful", "error": ""},
        {"label": "faithful", "error": "other"},
    ],
)
def test_malformed_labels_are_rejected(row: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        faithfulness.parse_label({"article": "01-a.txt", "claim": "A.", **row})


def test_the_shipped_labels_parse_and_cover_every_article() -> None:
    directory = ROOT / "eval" / "data" / "faithfulness"
    labels = faithfulness.read_labels(directory / "labels.jsonl")
    articles = {p.name for p in (directory / "articles").glob("*.txt")}

    assert len(labels) >= 150
    assert {label.article for label in labels} == articles
