"""schema.org ClaimReview JSON-LD for decided claims, with the fields Google's Fact Check markup requires."""

from __future__ import annotations

from typing import Any

from schemas.articles import Article
from schemas.claims import Claim
from schemas.common import DecidedBy, VerdictLabel

BEST_RATING = 5
WORST_RATING = 1
# Our labels on a five-point scale, with the textual rating (alternateName) readers see.
_RATINGS: dict[VerdictLabel, tuple[int, str]] = {
    VerdictLabel.refuted: (1, "False"),
    VerdictLabel.conflicting: (3, "Mixed evidence"),
    VerdictLabel.not_enough_info: (3, "Unproven"),
    VerdictLabel.supported: (5, "True"),
}


def decided(claim: Claim) -> bool:
    """Whether the claim has a verdict with a rating: claims under review have none to publish."""
    return claim.verdict is not None and claim.verdict.label in _RATINGS


def reviewed_by_a_person(claim: Claim) -> bool:
    """Whether a reviewer gave the claim's verdict; reused and machine verdicts are no one's review."""
    return claim.verdict is not None and claim.verdict.decided_by is DecidedBy.human


def exportable(claim: Claim, include_machine: bool = False) -> bool:
    """A ClaimReview is a newsroom's claim that it reviewed the claim: only a person's verdict is one,
    unless machine verdicts are asked for too (and then marked as automated)."""
    return decided(claim) and (include_machine or reviewed_by_a_person(claim))


def claim_review(
    claim: Claim, article: Article, publisher: str, publisher_url: str, base_url: str
) -> dict[str, Any]:
    """One ClaimReview object (without @context) for a decided claim; a machine verdict says it is one."""
    if claim.verdict is None or claim.verdict.label not in _RATINGS:
        raise ValueError("only decided claims can be exported as ClaimReview")
    value, name = _RATINGS[claim.verdict.label]
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title or claim.sentence[:110]}
    if article.url is not None:
        appearance["url"] = str(article.url)
    item_reviewed: dict[str, Any] = {
        "@type": "Claim",
        "appearance": appearance,
        "author": {"@type": "Organization", "name": article.source or "unknown"},
        "datePublished": (article.published_at or article.created_at).date().isoformat(),
    }
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": name,
    }
    url = f"{base_url.rstrip('/')}/v1/claims/{claim.id}/claimreview"
    author = {"@type": "Organization", "name": publisher, "url": publisher_url}
    if not reviewed_by_a_person(claim):
        # Readers see alternateName and the author; both must say no person reviewed this.
        rating["alternateName"] = f"{name} (automated, not reviewed)"
        rating["ratingExplanation"] = (
            f"Automated verdict by {publisher}'s claim checker, not reviewed by a person "
            f"(confidence {claim.verdict.confidence:.2f})."
        )
        author = {**author, "name": f"{publisher} (automated)"}
        url += "?include=machine"  # where this very document is served
    return {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "itemReviewed": item_reviewed,
        "author": author,
        "datePublished": claim.verdict.decided_at.date().isoformat(),
        "reviewRating": rating,
    }


def with_context(document: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    """Wrap one review, or several as a @graph, into a JSON-LD document."""
    if isinstance(document, list):
        return {"@context": "https://schema.org", "@graph": document}
    return {"@context": "https://schema.org", **document}
