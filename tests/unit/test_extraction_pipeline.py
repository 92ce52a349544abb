"""Extraction invariants the rest of the pipeline relies on."""

from __future__ import annotations

from claimcheck.extraction import extract_claims


def test_every_claim_points_at_its_sentence_in_the_article(seed_text: str) -> None:
    result = extract_claims(seed_text)
    assert result.claims
    for claim in result.claims:
        assert seed_text[claim.start : claim.end] == claim.sentence


def test_repeated_paragraphs_yield_each_claim_once(seed_text: str) -> None:
    once = extract_claims(seed_text).claims
    texts = [c.text for c in once]
    assert len(texts) == len(set(texts))
    twice = extract_claims(seed_text + "\n\n" + seed_text).claims
    assert [c.text for c in twice] == texts


def test_seed_article_yields_at_least_eight_distinct_claims(seed_text: str) -> None:
    claims = extract_claims(seed_text).claims
    assert len({c.text.casefold() for c in claims}) >= 8


def test_coordinated_clauses_with_their_own_subjects_become_separate_claims() -> None:
    text = "The minister resigned on Tuesday and the government called an election for May."
    texts = [c.text for c in extract_claims(text).claims]
    assert len(texts) == 2
    assert any("resigned" in t and "election" not in t for t in texts)
    assert any("called an election" in t and "resigned" not in t for t in texts)


def test_questions_are_skipped_with_a_reason() -> None:
    result = extract_claims("Did the minister resign on Tuesday?")
    assert result.claims == []
    assert [s.reason for s in result.skipped] == ["question"]


def test_attribution_stays_with_the_reported_claim() -> None:
    text = "Officials in Kyiv said that Ukrainian troops had not been encircled in the Kursk region."
    texts = [c.text for c in extract_claims(text).claims]
    assert any(t.startswith("Officials in Kyiv said") and "encircled" in t for t in texts)
