"""Prior decisions a new claim may reuse: human-resolved claims and fact-checkers' ClaimReviews."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.review.matching import claim_similarity, rating_label
from claimcheck.verification.bm25 import BM25Index
from claimcheck.verification.terms import terms
from schemas.claims import Claim, MatchLink, Verdict
from schemas.common import DecidedBy, VerdictLabel
from schemas.evidence import FeedEntry
from schemas.review import MatchCandidate

REUSABLE_LABELS = frozenset(
    {VerdictLabel.supported, VerdictLabel.refuted, VerdictLabel.conflicting, VerdictLabel.not_enough_info}
)


@dataclass(frozen=True, slots=True)
class _Prior:
    kind: str  # "claim" or "claimreview"
    id: str
    text: str
    label: VerdictLabel | None
    entities: frozenset[str]
    url: str | None


class MatchIndex:
    """An incremental BM25 over prior decisions; positions track how far each source log was read."""

    def __init__(self) -> None:
        self._bm25 = BM25Index()
        self._priors: list[_Prior] = []
        self._doc_of: dict[tuple[str, str], int] = {}
        self.resolved_position = 0
        self.claimreview_position = 0

    def __len__(self) -> int:
        return len(self._bm25)

    def _add(self, prior: _Prior) -> None:
        key = (prior.kind, prior.id)
        if key in self._doc_of:
            self._bm25.remove(self._doc_of[key])
        self._doc_of[key] = self._bm25.add(terms(prior.text))
        self._priors.append(prior)

    def add_resolved(self, claim: Claim) -> None:
        """A claim a person decided; its label can be reused by paraphrases."""
        if claim.verdict is None or claim.verdict.decided_by is not DecidedBy.human:
            return
        label = claim.verdict.label if claim.verdict.label in REUSABLE_LABELS else None
        entities = frozenset(e.text for e in claim.entities)
        self._add(_Prior("claim", claim.id, claim.text, label, entities, None))

    def add_claimreview(self, entry: FeedEntry) -> None:
        """A fact-checker's review of a claim, carried by a fact-check feed entry."""
        if entry.review is None:
            return
        review = entry.review
        self._add(
            _Prior(
                "claimreview", entry.id, review.claim_reviewed, rating_label(review), frozenset(), entry.url
            )
        )

    def candidates(self, claim: Claim, k: int = 5) -> list[MatchCandidate]:
        """Prior decisions most like `claim`, best first, with a similarity in [0, 1]."""
        entities = {e.text for e in claim.entities}
        found = []
        for doc, _ in self._bm25.search(terms(claim.text), k * 2):
            prior = self._priors[doc]
            if prior.kind == "claim" and prior.id == claim.id:
                continue
            score = claim_similarity(claim.text, prior.text, entities, set(prior.entities) or None)
            found.append(
                MatchCandidate(
                    kind=prior.kind,
                    id=prior.id,
                    text=prior.text,
                    score=score,
                    label=prior.label,
                    url=prior.url,
                )
            )
        return sorted(found, key=lambda c: -c.score)[:k]


def matched_verdict(claim: Claim, index: MatchIndex, threshold: float, unlinked: set[str]) -> Verdict | None:
    """The verdict of the best prior decision at or above `threshold`, linked to it; None if there is none."""
    for candidate in index.candidates(claim):
        if candidate.score < threshold:
            return None
        if candidate.label is None or candidate.id in unlinked:
            continue
        source = "a claim resolved by a reviewer" if candidate.kind == "claim" else "a published fact-check"
        return Verdict(
            label=candidate.label,
            confidence=candidate.score,
            rationale=f"matches {source}: {candidate.text}",
            match=MatchLink(
                kind=candidate.kind,
                id=candidate.id,
                text=candidate.text,
                score=candidate.score,
                url=candidate.url,
            ),
        )
    return None
