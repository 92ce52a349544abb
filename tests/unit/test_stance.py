"""Stance of a passage toward a claim."""

from __future__ import annotations

from claimcheck.verification.stance import StanceLabel, score_stance, term_coverage

CLAIM = "A meeting in Riyadh resulted in a tentative 30-day ceasefire agreement."


def test_passage_stating_a_different_quantity_refutes() -> None:
    passage = "A meeting of US and Ukrainian delegations in Riyadh resulted in a tentative 14-day ceasefire."
    stance = score_stance(CLAIM, passage)
    assert stance.label is StanceLabel.refutes
    assert "30" in stance.reason and "14" in stance.reason


def test_passage_stating_the_same_quantity_in_words_does_not_refute() -> None:
    passage = "A meeting in Riyadh resulted in a tentative thirty-day ceasefire agreement, officials said."
    assert score_stance(CLAIM, passage).label is StanceLabel.supports


def test_unrelated_passage_is_neutral() -> None:
    passage = "High winds brought down trees and power lines, closing rail lines across northern England."
    assert score_stance(CLAIM, passage).label is StanceLabel.neutral


def test_restating_passage_supports() -> None:
    claim = "Kyiv continues to dispute claims of encirclement in Kursk."
    passage = "Kyiv continues to dispute claims of encirclement in Kursk, which Donald Trump had suggested."
    assert score_stance(claim, passage).label is StanceLabel.supports


def test_question_restating_the_claim_answered_no_refutes() -> None:
    claim = "The FDA banned all Haldiram food products in the USA."
    passage = "Has the FDA banned Haldiram food products in the USA? No"
    assert score_stance(claim, passage).label is StanceLabel.refutes


def test_question_restating_the_claim_answered_yes_supports() -> None:
    claim = "Facebook banned the Radio-Quebec conspiracy network."
    passage = "Has Facebook banned the Radio-Quebec conspiracy network? Yes"
    assert score_stance(claim, passage).label is StanceLabel.supports


def test_stance_scores_are_probabilities() -> None:
    for passage in ("", "Riyadh.", CLAIM, "Storms closed rail lines in England."):
        assert 0.0 <= score_stance(CLAIM, passage).score <= 1.0


def test_term_coverage_counts_shared_content_terms() -> None:
    assert term_coverage("Riyadh ceasefire talks", "talks on a ceasefire") == 2 / 3
    assert term_coverage("", "anything") == 0.0
