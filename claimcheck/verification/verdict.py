"""Verdict aggregation: the judged evidence of a claim into one label, a calibrated confidence and citations.

The decision (a policy in verdict_weights.json, written by eval/train_verdicts.py) runs in order:
1. relevance: the chance that some retrieved passage bears on the claim at all, a logistic model over the
   strongest stance any passage takes and the best weighted term coverage, fitted on which claims of the
   Factcheck-GPT train split have any relevant passage. Below one half -> not_enough_info, with that chance's
   complement as confidence; such a verdict is final, since there is nothing for a reviewer to weigh.
   An answered question that names at least ASKED_FLOOR of the claim's term weight counts as relevant
   whatever the model says: a question is asked about one claim on purpose (fact-check Q&A evidence);
2. at least `unanswered_share` of the evidence says no answer was found, and none answers yes or no ->
   not_enough_info;
3. otherwise a multinomial logistic model over the pooled evidence (VERDICT_FEATURES) picks supported,
   refuted, conflicting or not_enough_info; it and its per-label offsets were fitted on AVeriTeC train. The
   confidence is a logistic calibration of the chosen label's probability and of the relevance chance,
   fitted on out-of-fold decisions of those claims.
A decided label whose confidence is below `review_below` becomes needs_review with the label as best guess.
When the claim-evidence reader judges the passages, a policy fitted the same way on its readings
(verdict_reader_weights.json, on AVeriTeC train claims the reader was not trained on) decides instead; it
may add a conflict rule (strong support and strong refutation together -> conflicting).

Whatever decides, a supported or refuted verdict must cite a passage whose own stance is that label's
(support or refutation): a label no passage backs goes to review (needs_review, the label as best guess).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimcheck.reader.model import PairReader
from claimcheck.verification.aggregate import (
    VERDICT_FEATURES,
    JudgedPassage,
    joint_reading,
    judge_passages,
    verdict_features,
)
from claimcheck.verification.index import EvidenceIndex, RetrievedPassage
from claimcheck.verification.linear import SoftmaxModel, model_from_json
from claimcheck.verification.query import build_query
from claimcheck.verification.stance import StanceLabel
from schemas.claims import Citation, Verdict
from schemas.common import VerdictLabel

WEIGHTS_PATH = Path(__file__).with_name("verdict_weights.json")
READER_WEIGHTS_PATH = Path(__file__).with_name("verdict_reader_weights.json")
MAX_CITATIONS = 3
ASKED_FLOOR = 0.15
FINAL_RULES = frozenset({"no_relevant_passage", "no_passage"})
_FEATURE = {name: i for i, name in enumerate(VERDICT_FEATURES)}


def _sigmoid(value: float) -> float:
    return 1 / (1 + math.exp(-max(-60.0, min(60.0, value))))


def _logit(p: float) -> float:
    p = min(1 - 1e-6, max(1e-6, p))
    return math.log(p / (1 - p))


@dataclass(frozen=True, slots=True)
class VerdictPolicy:
    """The relevance gate, the unanswered rule, the label model and the confidence calibration."""

    relevance: tuple[float, float, float]  # P(relevant) = sigmoid(a * stance_present + b * relevance_max + c)
    unanswered_share: float
    labels: SoftmaxModel
    calibration: tuple[float, float, float]  # sigmoid(a * logit(p) + c * logit(P(relevant)) + b)
    rule_confidence: dict[str, float]
    # Strongest weighted support and refutation both at least this -> conflicting (above 1: never).
    conflict_at: float = 2.0

    def to_json(self) -> dict[str, object]:
        """The policy as plain JSON data."""
        return {
            "relevance": [round(v, 6) for v in self.relevance],
            "unanswered_share": self.unanswered_share,
            "labels": self.labels.to_json(),
            "calibration": [round(v, 6) for v in self.calibration],
            "rule_confidence": {k: round(v, 4) for k, v in self.rule_confidence.items()},
            "conflict_at": self.conflict_at,
        }

    def relevant(self, features: list[float]) -> float:
        """The chance that some pooled passage bears on the claim."""
        if features[_FEATURE["asked"]] >= ASKED_FLOOR:
            return 1.0
        a, b, c = self.relevance
        return _sigmoid(
            a * features[_FEATURE["stance_present"]] + b * features[_FEATURE["relevance_max"]] + c
        )


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict label with its confidence and the rule that produced it."""

    label: VerdictLabel
    confidence: float
    rule: str


def _triple(values: Any) -> tuple[float, float, float]:
    a, b, c = (float(v) for v in values)
    return a, b, c


def policy_from_json(data: dict[str, Any]) -> VerdictPolicy:
    """Read a policy written by `VerdictPolicy.to_json`."""
    return VerdictPolicy(
        relevance=_triple(data["relevance"]),
        unanswered_share=float(data["unanswered_share"]),
        labels=model_from_json(data["labels"]),
        calibration=_triple(data["calibration"]),
        rule_confidence={str(k): float(v) for k, v in data["rule_confidence"].items()},
        conflict_at=float(data.get("conflict_at", 2.0)),
    )


@lru_cache(maxsize=1)
def default_policy() -> VerdictPolicy:
    """The shipped verdict policy."""
    return policy_from_json(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def reader_policy() -> VerdictPolicy:
    """The shipped verdict policy for evidence judged by the claim-evidence reader."""
    return policy_from_json(json.loads(READER_WEIGHTS_PATH.read_text(encoding="utf-8")))


def label_probabilities(features: list[float], policy: VerdictPolicy) -> dict[str, float]:
    """The label model's probability of each verdict label for pooled VERDICT_FEATURES."""
    return policy.labels.probabilities([features[_FEATURE[name]] for name in policy.labels.features])


def calibrate(probability: float, relevant: float, calibration: tuple[float, float, float]) -> float:
    """Map the chosen label's probability and the relevance chance to the chance of being right."""
    a, c, b = calibration
    return _sigmoid(a * _logit(probability) + c * _logit(relevant) + b)


def decide(features: list[float], policy: VerdictPolicy) -> Decision:
    """The verdict for the pooled VERDICT_FEATURES of a claim's judged evidence."""
    relevant = policy.relevant(features)
    if relevant < 0.5:
        return Decision(VerdictLabel.not_enough_info, 1 - relevant, "no_relevant_passage")
    yes, no = features[_FEATURE["yes_share"]], features[_FEATURE["no_share"]]
    if features[_FEATURE["unanswered_share"]] >= policy.unanswered_share and not yes and not no:
        return Decision(VerdictLabel.not_enough_info, policy.rule_confidence["unanswered"], "unanswered")
    if min(features[_FEATURE["support_max"]], features[_FEATURE["refute_max"]]) >= policy.conflict_at:
        return Decision(VerdictLabel.conflicting, policy.rule_confidence.get("conflict", 0.5), "conflict")
    probabilities = label_probabilities(features, policy)
    label = max(probabilities, key=lambda name: probabilities[name])
    confidence = calibrate(probabilities[label], relevant, policy.calibration)
    return Decision(VerdictLabel(label), confidence, "model")


def citation_of(judged: JudgedPassage) -> Citation:
    """The citation of a judged window: its exact offsets into the entry text, its stance and strength."""
    entry = judged.retrieved.entry
    label = judged.scores.label
    strength = {StanceLabel.supports: judged.support, StanceLabel.refutes: judged.refute}.get(
        label, judged.relevance
    )
    return Citation(
        feed=entry.feed_title,
        url=entry.url,
        title=entry.title,
        published=entry.published,
        passage=judged.text,
        start=judged.start,
        end=judged.end,
        entry_id=entry.id,
        stance=label.value,
        score=round(min(1.0, max(0.0, strength)), 3),
        text_source=entry.text_source,
    )


def cited_passages(label: VerdictLabel, judged: list[JudgedPassage]) -> list[JudgedPassage]:
    """The passages that back `label`, most decisive first (eval/citations.py scores the first).

    A supported (refuted) verdict cites the passages whose own stance is support (refutation), strongest
    first; where there are none it lists the nearest, and decide_verdict sends the claim to review.
    """
    supporting = sorted(
        (j for j in judged if j.scores.label is StanceLabel.supports), key=lambda j: -j.support
    )
    refuting = sorted((j for j in judged if j.scores.label is StanceLabel.refutes), key=lambda j: -j.refute)
    if label is VerdictLabel.supported:
        return supporting[:MAX_CITATIONS] or sorted(judged, key=lambda j: -j.support)[:MAX_CITATIONS]
    if label is VerdictLabel.refuted:
        return refuting[:MAX_CITATIONS] or sorted(judged, key=lambda j: -j.refute)[:MAX_CITATIONS]
    if label is VerdictLabel.conflicting:
        return (supporting[:2] + refuting[:2]) or sorted(judged, key=lambda j: -j.relevance)[:MAX_CITATIONS]
    return sorted(judged, key=lambda j: -j.relevance)[:MAX_CITATIONS]


def _rationale(decision: Decision, cited: list[JudgedPassage]) -> str:
    if decision.rule in FINAL_RULES:
        return "no reference passage bears on the claim"
    if decision.rule == "unanswered":
        return "the reference evidence says no answer could be found"
    if decision.rule == "superseded":
        return "a newer reference passage contradicts the older ones that back the claim"
    if decision.label is VerdictLabel.conflicting:
        return "reference passages both support and refute the claim"
    if decision.label is VerdictLabel.not_enough_info:
        return "the reference passages touch on the claim but do not settle it"
    return cited[0].scores.reason if cited else decision.label.value


_BACKING = {VerdictLabel.supported: StanceLabel.supports, VerdictLabel.refuted: StanceLabel.refutes}
_OPPOSING = {VerdictLabel.supported: StanceLabel.refutes, VerdictLabel.refuted: StanceLabel.supports}


def superseded(label: VerdictLabel, judged: list[JudgedPassage]) -> bool:
    """Whether a passage newer than every passage backing `label` takes the other side: a report of "30
    days" and a later one of "14 days" leave the claim in conflict, whatever the label model made of them.

    The verdict policy is fitted on evidence without dates, so recency has to be a rule. An undated backing
    passage may be the newest, so it keeps the rule off; an undated opposing one never counts.
    """
    backing, opposing = _BACKING.get(label), _OPPOSING.get(label)
    if backing is None or opposing is None:
        return False
    backed = [j.retrieved.entry.published for j in judged if j.scores.label is backing]
    if not backed or any(d is None for d in backed):
        return False
    newest_backing = max(d for d in backed if d is not None)
    return any(
        j.scores.label is opposing
        and j.retrieved.entry.published is not None
        and j.retrieved.entry.published > newest_backing
        for j in judged
    )


def decide_verdict(
    claim: str,
    retrieved: list[RetrievedPassage],
    review_below: float,
    policy: VerdictPolicy | None = None,
    reader: PairReader | None = None,
) -> Verdict:
    """Label, confidence and citations for `claim` from the passages retrieved for it.

    `reader` (the claim-evidence reader) judges the passages; without it stance is lexical.
    """
    policy = policy or (default_policy() if reader is None else reader_policy())
    query = build_query(claim)
    judged = judge_passages(query, retrieved, reader)
    if judged:
        joint = joint_reading(claim, judged, reader) if reader is not None else None
        decision = decide(verdict_features(query, judged, joint), policy)
        if superseded(decision.label, judged):
            conflict = policy.rule_confidence.get("conflict", 0.5)
            decision = Decision(VerdictLabel.conflicting, conflict, "superseded")
    else:
        decision = Decision(VerdictLabel.not_enough_info, 1.0, "no_passage")
    confidence = round(min(1.0, max(0.0, decision.confidence)), 3)
    cited = cited_passages(decision.label, judged)
    rationale = _rationale(decision, cited)
    backing = _BACKING.get(decision.label)
    to_review = None
    if backing is not None and not any(j.scores.label is backing for j in cited):
        to_review = f"leaning {decision.label.value}, but no passage {backing.value} the claim"
    elif confidence < review_below and decision.rule not in FINAL_RULES:
        to_review = f"leaning {decision.label.value}, not confident: {rationale}"
    if to_review is not None:
        return Verdict(
            label=VerdictLabel.needs_review,
            confidence=confidence,
            best_guess=decision.label,
            citations=[citation_of(j) for j in cited],
            rationale=to_review,
        )
    citations = [] if decision.label is VerdictLabel.not_enough_info else [citation_of(j) for j in cited]
    return Verdict(label=decision.label, confidence=confidence, citations=citations, rationale=rationale)


def verify(
    claim: str,
    index: EvidenceIndex,
    top_k: int,
    review_below: float,
    reader: PairReader | None = None,
) -> Verdict:
    """Retrieve evidence for `claim` with its key terms (framing words dropped) and decide its verdict."""
    retrieved = index.search(build_query(claim).text, top_k)
    return decide_verdict(claim, retrieved, review_below, reader=reader)
