"""Verdict aggregation: stances of retrieved passages into one label, confidence and citations."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.verification.index import RetrievedPassage
from claimcheck.verification.stance import Stance, StanceLabel, score_stance
from schemas.claims import Citation, Verdict
from schemas.common import VerdictLabel

DECIDE_AT = 0.6  # a stance this strong (after trust) decides the label
CONSIDER_AT = 0.35  # weaker than this, a passage does not count as evidence
MAX_CITATIONS = 3


@dataclass(frozen=True, slots=True)
class JudgedPassage:
    retrieved: RetrievedPassage
    stance: Stance

    @property
    def weight(self) -> float:
        return self.stance.score * self.retrieved.entry.trust


def _citation(judged: JudgedPassage) -> Citation:
    entry, passage = judged.retrieved.entry, judged.retrieved.passage
    return Citation(
        feed=entry.feed_title,
        url=entry.url,
        title=entry.title,
        published=entry.published,
        passage=passage.text,
        start=passage.start,
        end=passage.end,
        entry_id=entry.id,
        stance=judged.stance.label.value,
        score=round(judged.weight, 3),
    )


def judge_passages(claim: str, retrieved: list[RetrievedPassage]) -> list[JudgedPassage]:
    """Stance of every retrieved passage, strongest first."""
    judged = [JudgedPassage(r, score_stance(claim, r.passage.text)) for r in retrieved]
    return sorted(judged, key=lambda j: -j.weight)


def decide_verdict(claim: str, retrieved: list[RetrievedPassage], review_below: float) -> Verdict:
    """Label, confidence and citations for `claim` from the passages retrieved for it."""
    judged = judge_passages(claim, retrieved)
    supporting = [j for j in judged if j.stance.label is StanceLabel.supports and j.weight >= CONSIDER_AT]
    refuting = [j for j in judged if j.stance.label is StanceLabel.refutes and j.weight >= CONSIDER_AT]
    support = supporting[0].weight if supporting else 0.0
    refute = refuting[0].weight if refuting else 0.0

    if not supporting and not refuting:
        closest = judged[0].weight if judged else 0.0
        return Verdict(
            label=VerdictLabel.not_enough_info,
            confidence=round(1.0 - closest, 3),
            rationale="no reference passage bears on the claim",
        )
    if support >= DECIDE_AT and refute >= DECIDE_AT:
        label, confidence = VerdictLabel.conflicting, min(support, refute)
        cited = supporting[:2] + refuting[:2]
        rationale = "reference passages both support and refute the claim"
    elif refute >= support:
        label, confidence, cited = VerdictLabel.refuted, refute, refuting
        rationale = refuting[0].stance.reason
    else:
        label, confidence, cited = VerdictLabel.supported, support, supporting
        rationale = supporting[0].stance.reason
    if confidence < max(review_below, DECIDE_AT):
        return Verdict(
            label=VerdictLabel.needs_review,
            confidence=round(confidence, 3),
            best_guess=label,
            citations=[_citation(j) for j in cited[:MAX_CITATIONS]],
            rationale=f"leaning {label.value}, not confident: {rationale}",
        )
    return Verdict(
        label=label,
        confidence=round(confidence, 3),
        citations=[_citation(j) for j in cited[:MAX_CITATIONS]],
        rationale=rationale,
    )
