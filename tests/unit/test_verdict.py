"""Verdicts over an evidence index: labels, confidence, review and citations."""

from __future__ import annotations

import pytest

from claimcheck.reader.model import load_reader
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.term_weights import term_weight
from claimcheck.verification.verdict import decide_verdict, verify
from schemas.claims import Verdict
from schemas.common import VerdictLabel
from schemas.evidence import TextSource
from tests.support.evidence import KURSK, RIYADH, STORM, desk_entry, desk_index


@pytest.fixture
def index() -> EvidenceIndex:
    return desk_index()


# The lexical fallback's confidences are calibrated on AVeriTeC train, where it is right ~60 % of the time, so
# these label tests take every decision (review_below=0); review thresholds have their own tests below.
def test_claim_with_a_different_quantity_is_refuted(index: EvidenceIndex) -> None:
    verdict = verify(
        "A recent meeting in Riyadh resulted in a tentative 30-day ceasefire agreement.", index, 8, 0.0
    )
    assert verdict.label is VerdictLabel.refuted
    assert verdict.citations and "14-day" in verdict.citations[0].passage


def test_claim_restated_by_a_passage_is_supported(index: EvidenceIndex) -> None:
    verdict = verify("Kyiv continues to dispute claims of encirclement in Kursk.", index, 8, 0.0)
    assert verdict.label is VerdictLabel.supported


def test_claim_nothing_matches_is_not_enough_info(index: EvidenceIndex) -> None:
    verdict = verify(
        "The central bank raised interest rates by half a point to curb inflation.", index, 8, 0.5
    )
    assert verdict.label is VerdictLabel.not_enough_info
    assert verdict.citations == []


def test_no_retrieved_passage_is_not_enough_info() -> None:
    verdict = decide_verdict("Anything at all happened.", [], review_below=0.5)
    assert verdict.label is VerdictLabel.not_enough_info


def test_citation_offsets_slice_the_entry_text_exactly(index: EvidenceIndex) -> None:
    texts = {"entry-1": RIYADH, "entry-2": KURSK, "entry-3": STORM}
    for claim in (
        "A recent meeting in Riyadh resulted in a tentative 30-day ceasefire agreement.",
        "Kyiv continues to dispute claims of encirclement in Kursk.",
    ):
        verdict = verify(claim, index, 8, 0.5)
        assert verdict.citations
        for citation in verdict.citations:
            assert texts[citation.entry_id][citation.start : citation.end] == citation.passage


def test_citations_say_whether_they_quote_the_article_page_or_the_feed_summary() -> None:
    index = EvidenceIndex()
    index.add_entry(desk_entry(1, "Riyadh talks end with a ceasefire proposal", RIYADH))
    page = desk_entry(2, "Kyiv disputes claims of encirclement in Kursk", KURSK)
    index.add_entry(page.model_copy(update={"text_source": TextSource.article, "summary": "Kyiv disputes."}))
    sources = {}
    for claim in (
        "A recent meeting in Riyadh resulted in a tentative 30-day ceasefire agreement.",
        "Kyiv continues to dispute claims of encirclement in Kursk.",
    ):
        for citation in verify(claim, index, 8, 0.0).citations:
            sources[citation.entry_id] = citation.text_source
    assert sources == {"entry-1": TextSource.summary, "entry-2": TextSource.article}


@pytest.mark.parametrize(
    "claim",
    [
        "A recent meeting in Riyadh resulted in a tentative 30-day ceasefire agreement.",
        "Kyiv continues to dispute claims of encirclement in Kursk.",
        "Rail lines across northern England closed after high winds.",
        "The proposal awaits a response from Moscow.",
        "Nothing here matches anything.",
    ],
)
def test_confidence_is_between_zero_and_one(index: EvidenceIndex, claim: str) -> None:
    assert 0.0 <= verify(claim, index, 8, 0.5).confidence <= 1.0


def test_verdict_below_the_review_threshold_needs_review_with_a_best_guess(index: EvidenceIndex) -> None:
    claim = "Kyiv continues to dispute claims of encirclement in Kursk."
    decided = verify(claim, index, 8, review_below=0.0)
    verdict = verify(claim, index, 8, review_below=decided.confidence + 0.01)
    assert verdict.label is VerdictLabel.needs_review
    assert verdict.best_guess is decided.label
    assert verdict.citations


def _ceasefire_verdict(older_days: int, newer_days: int, dated: bool = True) -> Verdict:
    """The verdict on "lasts 30 days" given an older and a newer report of the ceasefire's length."""
    index = EvidenceIndex()
    for day, days in ((1, older_days), (9, newer_days)):
        entry = desk_entry(
            day, "Ceasefire talks", f"The ceasefire agreed in Riyadh lasts {days} days, officials said."
        )
        index.add_entry(entry if dated else entry.model_copy(update={"published": None}))
    reader = load_reader()
    assert reader is not None
    return verify("The ceasefire agreed in Riyadh lasts 30 days.", index, 8, 0.0, reader)


def test_newer_report_weighs_more_than_an_older_one() -> None:
    # Both reports bear on the claim; the newer one counts for more, so its refutation is not drowned.
    assert _ceasefire_verdict(30, 14).label in {VerdictLabel.refuted, VerdictLabel.conflicting}


def test_an_older_contradiction_does_not_unsettle_a_newer_report() -> None:
    assert "newer reference passage" not in _ceasefire_verdict(14, 30).rationale


def test_passages_without_dates_never_supersede_each_other() -> None:
    assert "newer reference passage" not in _ceasefire_verdict(30, 14, dated=False).rationale


@pytest.mark.parametrize(
    "claim",
    [
        "Crucial hurdles remain.",
        "Storms are becoming more frequent because of the ceasefire.",
        "Officials in Moscow said the proposal was a crucial step toward peace in Europe.",
    ],
)
def test_claim_the_references_do_not_address_is_not_enough_info_even_under_a_high_review_bar(
    index: EvidenceIndex, claim: str
) -> None:
    # Given passages that share a word or a name with the claim but say nothing about it
    verdict = verify(claim, index, 8, review_below=0.95)
    # Then there is nothing for a reviewer to weigh: the verdict is not_enough_info, never needs_review
    assert verdict.label is VerdictLabel.not_enough_info
    assert verdict.citations == []


def test_relevant_but_unsure_evidence_goes_to_review_not_to_not_enough_info(index: EvidenceIndex) -> None:
    claim = "Kyiv continues to dispute claims of encirclement in Kursk."
    verdict = verify(claim, index, 8, review_below=0.99)
    assert verdict.label is VerdictLabel.needs_review
    assert verdict.best_guess is VerdictLabel.supported


def test_rare_terms_weigh_more_than_common_ones() -> None:
    assert term_weight("encirclement") > term_weight("year") > 0
