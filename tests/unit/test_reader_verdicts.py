"""Verdicts on the reader's readings: citations back the label, conflicts, review, one batched pass."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.reader.model import Reading
from claimcheck.verification.aggregate import READ_MIN_RELEVANCE, judge_passages
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.linear import SoftmaxModel
from claimcheck.verification.query import build_query
from claimcheck.verification.verdict import VerdictPolicy, decide_verdict
from schemas.claims import Verdict
from schemas.common import VerdictLabel
from tests.support.evidence import desk_entry, desk_index

CLAIM = "Kyiv disputes claims of encirclement in Kursk after the Riyadh ceasefire talks."
LABELS = ("supported", "refuted", "conflicting", "not_enough_info")


class ScriptedReader:
    """Readings keyed by a word the passage contains (neutral otherwise), counting its calls."""

    def __init__(self, script: dict[str, Reading]) -> None:
        self.script = script
        self.calls: list[int] = []

    def read(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> list[Reading]:  # noqa: ARG002
        self.calls.append(len(pairs))
        readings = []
        for _, passage in pairs:
            found = [reading for word, reading in self.script.items() if word in passage]
            readings.append(found[0] if found else Reading(0.05, 0.9, 0.05))
        return readings


def forced(label: str, conflict_at: float = 2.0) -> VerdictPolicy:
    """A policy whose label model always picks `label` with probability ~0.97 (whatever the evidence)."""
    model = SoftmaxModel(
        labels=LABELS,
        features=("margin",),
        mean=(0.0,),
        scale=(1.0,),
        weights=((0.0,),) * 4,
        bias=tuple(5.0 if name == label else 0.0 for name in LABELS),
    )
    # A relevance gate that always passes, and a calibration that keeps the label's probability.
    return VerdictPolicy((0.0, 0.0, 10.0), 0.5, model, (1.0, 0.0, 0.0), {"unanswered": 0.5}, conflict_at)


def entails() -> Reading:
    return Reading(0.95, 0.04, 0.01)


def contradicts(strength: float = 0.95) -> Reading:
    return Reading(0.01, 1 - strength - 0.01, strength)


@pytest.fixture
def index() -> EvidenceIndex:
    return desk_index()


def _verdict(
    index: EvidenceIndex, reader: ScriptedReader, policy: VerdictPolicy, review_below: float = 0.5
) -> Verdict:
    retrieved = index.search(build_query(CLAIM).text, 8)
    return decide_verdict(CLAIM, retrieved, review_below, policy=policy, reader=reader)


def test_a_supported_label_no_passage_supports_goes_to_review(index: EvidenceIndex) -> None:
    verdict = _verdict(index, ScriptedReader({}), forced("supported"))
    assert verdict.label is VerdictLabel.needs_review
    assert verdict.best_guess is VerdictLabel.supported
    assert "no passage supports" in (verdict.rationale or "")


def test_a_refuted_verdict_cites_the_most_decisive_refutation_first(index: EvidenceIndex) -> None:
    reader = ScriptedReader({"Riyadh": contradicts(0.97), "Kursk": contradicts(0.7)})
    verdict = _verdict(index, reader, forced("refuted"))
    assert verdict.label is VerdictLabel.refuted
    assert verdict.citations[0].stance == "refutes"
    assert "Riyadh" in verdict.citations[0].passage
    assert "not about the claim" not in (verdict.rationale or "")
    assert "contradicts" in (verdict.rationale or "")


def test_strong_support_beside_strong_refutation_is_conflicting(index: EvidenceIndex) -> None:
    reader = ScriptedReader({"Riyadh": contradicts(0.97), "Kursk": entails()})
    verdict = _verdict(index, reader, forced("supported", conflict_at=0.6))
    assert verdict.label is VerdictLabel.conflicting
    stances = {c.stance for c in verdict.citations}
    assert stances == {"supports", "refutes"}


def test_the_conflict_rule_stays_off_when_one_side_is_weak(index: EvidenceIndex) -> None:
    reader = ScriptedReader({"Riyadh": contradicts(0.4), "Kursk": entails()})
    verdict = _verdict(index, reader, forced("supported", conflict_at=0.6))
    assert verdict.label is VerdictLabel.supported


def test_the_reader_reads_the_relevant_windows_in_one_batch_then_them_joined(index: EvidenceIndex) -> None:
    reader = ScriptedReader({"Kursk": entails()})
    retrieved = index.search(build_query(CLAIM).text, 8)
    judged = judge_passages(build_query(CLAIM), retrieved, reader)
    relevant = [j for j in judged if j.relevance >= READ_MIN_RELEVANCE]
    assert relevant and reader.calls == [len(relevant)]
    _verdict(index, reader, forced("supported"))
    assert reader.calls[1:] == [len(relevant), 1]


def test_a_window_sharing_almost_nothing_with_the_claim_is_not_read_and_settles_nothing() -> None:
    index = EvidenceIndex()
    index.add_entry(desk_entry(1, "News", "Heavy rain fell over the coast on Tuesday."))
    index.add_entry(desk_entry(2, "News", "Kursk is encircled, Kyiv says."))
    query = build_query(
        "Ukrainian forces in the strategic region of Kursk are encircled by Russian troops, "
        "the defence ministry said on Tuesday."
    )
    reader = ScriptedReader({"": entails()})  # would call every passage it reads an entailment
    judged = judge_passages(query, index.search(query.text, 8), reader)
    unread = [j for j in judged if j.relevance < READ_MIN_RELEVANCE]
    assert [j.text for j in unread] == ["Heavy rain fell over the coast on Tuesday."]
    assert all(j.scores.label.value == "neutral" for j in unread)
    assert reader.calls == [len(judged) - len(unread)] == [1]


def test_reader_stance_replaces_the_lexical_model(index: EvidenceIndex) -> None:
    reader = ScriptedReader({"Kursk": contradicts(0.9)})
    retrieved = index.search(build_query(CLAIM).text, 8)
    judged = judge_passages(build_query(CLAIM), retrieved, reader)
    kursk = [j for j in judged if "Kursk" in j.text and "quantity" not in j.scores.reason]
    assert kursk and all(j.scores.label.value == "refutes" for j in kursk)
    assert all(j.scores.reason.startswith("reader:") for j in kursk)


_readings = (
    st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
    .filter(lambda t: sum(t) > 0.01)
    .map(lambda t: Reading(*(v / sum(t) for v in t)))
)


@settings(max_examples=150, deadline=None)
@given(
    riyadh=_readings,
    kursk=_readings,
    label=st.sampled_from(LABELS),
    review_below=st.floats(0.0, 0.9),
)
def test_a_decided_supported_or_refuted_verdict_always_cites_its_own_stance(
    riyadh: Reading, kursk: Reading, label: str, review_below: float
) -> None:
    reader = ScriptedReader({"Riyadh": riyadh, "Kursk": kursk})
    verdict = _verdict(desk_index(), reader, forced(label), review_below)
    backing = {VerdictLabel.supported: "supports", VerdictLabel.refuted: "refutes"}.get(verdict.label)
    if backing is not None:
        assert any(c.stance == backing for c in verdict.citations)
        assert verdict.citations[0].stance == backing
        assert "not about the claim" not in (verdict.rationale or "")
        assert "does not settle" not in (verdict.rationale or "")
