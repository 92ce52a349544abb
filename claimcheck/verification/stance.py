"""Stance of a passage toward a claim: supports, refutes or neutral, with a score in [0, 1].

Where the claim-evidence reader is installed (claimcheck.reader), its entailment / contradiction / neutral
probabilities are the three stances. Without it, a multinomial logistic model over lexical features
(claimcheck.verification.features; weights in stance_weights.json, trained by eval/train_stance.py on
Factcheck-GPT) gives them. Two rules sit on top of either, because they are near-certain when they fire
and too rare to learn from the data:
a relevant passage that states a claimed quantity differently refutes, and a yes/no answer to a question
that restates the claim supports or refutes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from claimcheck.reader.model import Reading
from claimcheck.verification.features import FEATURE_NAMES, stance_features
from claimcheck.verification.linear import SoftmaxModel, load_model
from claimcheck.verification.quantities import conflicting_quantities
from claimcheck.verification.query import ClaimQuery, build_query
from claimcheck.verification.terms import terms

WEIGHTS_PATH = Path(__file__).with_name("stance_weights.json")
# A passage must cover this share of the claim's key terms before a quantity or an answer can decide.
RULE_RELEVANCE = 0.5
_FEATURE = {name: i for i, name in enumerate(FEATURE_NAMES)}


class StanceLabel(StrEnum):
    supports = "supports"
    refutes = "refutes"
    neutral = "neutral"


@dataclass(frozen=True, slots=True)
class Stance:
    label: StanceLabel
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class StanceScores:
    """Probabilities of the three stances, and how much of the claim the passage covers."""

    supports: float
    refutes: float
    neutral: float
    relevance: float
    reason: str

    @property
    def label(self) -> StanceLabel:
        """The most probable stance."""
        best = max((self.supports, 0), (self.refutes, 1), (self.neutral, 2))[1]
        return (StanceLabel.supports, StanceLabel.refutes, StanceLabel.neutral)[best]

    @property
    def stance(self) -> Stance:
        """The most probable stance with its probability as score."""
        label = self.label
        score = {StanceLabel.supports: self.supports, StanceLabel.refutes: self.refutes}.get(
            label, self.neutral
        )
        return Stance(label, round(min(1.0, max(0.0, score)), 3), self.reason)


@lru_cache(maxsize=1)
def default_model() -> SoftmaxModel:
    """The shipped stance model."""
    return load_model(WEIGHTS_PATH)


def term_coverage(claim: str, passage: str) -> float:
    """Share of the claim's distinct content terms that the passage contains."""
    claim_terms = set(terms(claim))
    if not claim_terms:
        return 0.0
    return len(claim_terms & set(terms(passage))) / len(claim_terms)


def stance_from_features(features: list[float], model: SoftmaxModel) -> StanceScores:
    """Stance probabilities of the lexical model for a feature vector of FEATURE_NAMES, the rules applied."""
    p = model.probabilities(features)
    supports, refutes, neutral = p["supports"], p["refutes"], p["neutral"]
    reason = _LEXICAL_REASONS[_most_probable(supports, refutes, neutral)]
    return _with_rules(supports, refutes, neutral, features, reason)


def stance_from_reading(features: list[float], reading: Reading) -> StanceScores:
    """Stance probabilities from the reader's reading of the passage, the rules applied.

    `features` (lexical, FEATURE_NAMES) give the passage's coverage of the claim and feed the rules.
    """
    supports, refutes, neutral = reading.entailment, reading.contradiction, reading.neutral
    reason = _READER_REASONS[_most_probable(supports, refutes, neutral)]
    return _with_rules(supports, refutes, neutral, features, reason)


# Why each model gave its most probable stance (supports, refutes, neutral), as verdict rationales say it.
_LEXICAL_REASONS = (
    "model: passage restates the claim",
    "model: passage contradicts the claim",
    "model: passage is not about the claim",
)
_READER_REASONS = (
    "reader: the passage entails the claim",
    "reader: the passage contradicts the claim",
    "reader: the passage does not settle the claim",
)


def _most_probable(supports: float, refutes: float, neutral: float) -> int:
    """0, 1 or 2 for supports, refutes or neutral; ties go to the earlier one."""
    return 0 if supports >= max(refutes, neutral) else 1 if refutes >= neutral else 2


def _with_rules(
    supports: float, refutes: float, neutral: float, features: list[float], reason: str
) -> StanceScores:
    """The quantity and yes/no rules over model probabilities: they win where they fire on relevant text."""
    relevance = features[_FEATURE["best_sentence_coverage"]]
    answer_yes, answer_no = features[_FEATURE["answer_yes"]], features[_FEATURE["answer_no"]]
    conflict = features[_FEATURE["quantity_conflict"]]
    if conflict > 0 and relevance >= RULE_RELEVANCE:
        strength = 0.5 + 0.5 * relevance
        supports, refutes, neutral = (
            (1 - strength) * supports,
            max(refutes, strength),
            (1 - strength) * neutral,
        )
        reason = "the passage states a claimed quantity differently"
    elif max(answer_yes, answer_no) >= RULE_RELEVANCE:
        strength = 0.4 + 0.5 * max(answer_yes, answer_no)
        if answer_yes >= answer_no:
            supports, refutes, neutral = (
                max(supports, strength),
                (1 - strength) * refutes,
                (1 - strength) * neutral,
            )
            reason = "a question restating the claim is answered yes"
        else:
            supports, refutes, neutral = (
                (1 - strength) * supports,
                max(refutes, strength),
                (1 - strength) * neutral,
            )
            reason = "a question restating the claim is answered no"
    total = supports + refutes + neutral
    return StanceScores(supports / total, refutes / total, neutral / total, relevance, reason)


def stance_scores(
    query: ClaimQuery, passage: str, model: SoftmaxModel | None = None, reading: Reading | None = None
) -> StanceScores:
    """Stance probabilities of `passage` toward the claim in `query`: the reader's `reading` where given,
    else the lexical `model` (the shipped one by default)."""
    features = stance_features(query, passage)
    if reading is not None:
        scores = stance_from_reading(features, reading)
    else:
        scores = stance_from_features(features, model or default_model())
    if scores.reason.startswith("the passage states"):
        conflicts = conflicting_quantities(query.claim, passage)
        stated, found = next((c for c in conflicts if not c[0].unit.startswith("calendar-")), conflicts[0])
        reason = f"claim says {stated.value:g} {stated.unit}, passage says {found.value:g} {found.unit}"
        return StanceScores(scores.supports, scores.refutes, scores.neutral, scores.relevance, reason)
    return scores


def label_stance(claim: str, passage: str, model: SoftmaxModel | None = None) -> Stance:
    """The stance of `passage` toward `claim` under `model` (the shipped one by default)."""
    return stance_scores(build_query(claim), passage, model).stance


def score_stance(claim: str, passage: str) -> Stance:
    """How `passage` bears on `claim`."""
    return label_stance(claim, passage)
