"""Prior decisions a new claim may reuse: human-resolved claims and fact-checkers' ClaimReviews.

A thin layer over claimcheck.matching: it turns the store's records into prior checks, keeps their
vectors in the store's Redis (so a restarted process embeds nothing it embedded before), and turns ranked
matches into API candidates and reusable verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimcheck.embeddings import load_encoder
from claimcheck.feeds.claimreview import review_text
from claimcheck.matching.index import Encoder, MatchingIndex, PriorCheck, RankedMatch
from claimcheck.matching.scorer import MatchScorer, load_scorer
from claimcheck.matching.vectors import MemoryVectors, RedisVectors, VectorStore, stored_vectors
from claimcheck.review.matching import rating_label
from claimcheck.settings import Settings
from claimcheck.store import RedisStore, Store
from schemas.claims import Claim, MatchLink, Verdict
from schemas.common import DecidedBy, VerdictLabel
from schemas.evidence import FeedEntry
from schemas.review import MatchCandidate

REUSABLE_LABELS = frozenset(
    {VerdictLabel.supported, VerdictLabel.refuted, VerdictLabel.conflicting, VerdictLabel.not_enough_info}
)


def prior_from_claim(claim: Claim) -> PriorCheck | None:
    """A claim a person decided, as a prior check; None unless a human verdict stands."""
    if claim.verdict is None or claim.verdict.decided_by is not DecidedBy.human:
        return None
    label = claim.verdict.label if claim.verdict.label in REUSABLE_LABELS else None
    return PriorCheck(
        kind="claim",
        id=claim.id,
        claim=claim.text,
        label=label,
        rating=claim.verdict.label.value,
        fact_checker="a claimcheck reviewer",
        date=claim.verdict.decided_at.isoformat(),
    )


def prior_from_claimreview(entry: FeedEntry) -> PriorCheck | None:
    """A fact-checker's review carried by a feed entry, as a prior check; None if it carries none."""
    if entry.review is None:
        return None
    review = entry.review
    when = review.item_date or entry.published
    return PriorCheck(
        kind="claimreview",
        id=entry.id,
        claim=review.claim_reviewed,
        # A headline that only repeats the claim adds nothing; one that differs is a second phrasing.
        title=entry.title if entry.title and entry.title != review.claim_reviewed else None,
        label=rating_label(review),
        rating=review.alternate_name,
        fact_checker=review.author or entry.feed_title,
        url=review.url or entry.url,
        date=when.isoformat() if when else None,
        # Text beyond the review sentence is the fact-check's article (imported vclaims carry it).
        body=entry.text if entry.text.strip() != review_text(review) else None,
    )


class MatchIndex:
    """The process's index of prior decisions; positions track how far each source log was read."""

    def __init__(
        self,
        encoder: Encoder | None = None,
        vectors: VectorStore | None = None,
        scorer: MatchScorer | None = None,
        dense: bool = True,
    ) -> None:
        """`dense` without an `encoder` loads the shipped one (lexical only if it is not installed)."""
        if encoder is None and dense:
            encoder = load_encoder()
        self.index = MatchingIndex(scorer or load_scorer(), encoder)
        self.vectors = vectors or MemoryVectors()
        self.resolved_position = 0
        self.claimreview_position = 0

    def __len__(self) -> int:
        return len(self.index)

    @property
    def reuse_threshold(self) -> float:
        """The calibrated score from which a match is the same claim (>= 95 % precise on train and dev)."""
        return self.index.scorer.for_dense(self.index.dense).reuse

    @property
    def related_threshold(self) -> float:
        """The calibrated score from which a match is worth showing as context."""
        return self.index.scorer.for_dense(self.index.dense).related

    def add(self, priors: Sequence[PriorCheck]) -> None:
        """Index prior checks, embedding only those whose vectors the store lacks."""
        if not priors:
            return
        encoder = self.index.encoder
        vectors = stored_vectors(encoder, priors, self.vectors) if encoder is not None else None
        self.index.add(priors, vectors)

    def add_resolved(self, claim: Claim) -> None:
        """A claim a person decided; its label can be reused by paraphrases."""
        prior = prior_from_claim(claim)
        if prior is not None:
            self.add([prior])

    def add_claimreview(self, entry: FeedEntry) -> None:
        """A fact-checker's review of a claim, carried by a fact-check feed entry."""
        prior = prior_from_claimreview(entry)
        if prior is not None:
            self.add([prior])

    def candidates(self, claim: Claim, k: int = 5) -> list[MatchCandidate]:
        """Prior decisions most like `claim`, best first, with a calibrated score in [0, 1]."""
        found = self.index.search(claim.text, k, exclude={("claim", claim.id)})
        return [self._candidate(match) for match in found]

    def _candidate(self, match: RankedMatch) -> MatchCandidate:
        prior = match.prior
        return MatchCandidate(
            kind=prior.kind,
            id=prior.id,
            text=prior.claim,
            score=match.score,
            label=prior.label,
            url=prior.url,
            relation="same"
            if match.score >= self.reuse_threshold
            else "related"
            if match.score >= self.related_threshold
            else "weak",
            title=prior.title,
            rating=prior.rating,
            fact_checker=prior.fact_checker,
            date=prior.date,
            shared_entities=list(match.shared_entities),
            shared_numbers=list(match.shared_numbers),
        )


def match_index_for(store: Store, settings: Settings) -> MatchIndex:
    """The process's MatchIndex: vectors kept in the store's Redis when it has one, else in memory."""
    vectors = RedisVectors(store.client, store.keys.prefix) if isinstance(store, RedisStore) else None
    return MatchIndex(vectors=vectors, dense=settings.match_encoder)


def matched_verdict(
    claim: Claim, index: MatchIndex, threshold: float | None, unlinked: set[str]
) -> Verdict | None:
    """The verdict of the best prior decision at or above `threshold` (None: the calibrated one), linked."""
    floor = index.reuse_threshold if threshold is None else threshold
    for candidate in index.candidates(claim):
        if candidate.score < floor:
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
