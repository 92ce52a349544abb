"""schema.org ClaimReview JSON-LD for decided claims, with the fields Google's Fact Check markup requires."""

from __future__ import annotations

from typing import Any

from schemas.articles import Article
from schemas.claims import Claim
from schemas.common import VerdictLabel

BEST_RATING = 5
WORST_RATING = 1
# Our labels on a five-point scale, with the textual rating (alternateName) readers see.
_RATINGS: dict[VerdictLabel, tuple[int, str]] = {
    VerdictLabel.refuted: (1, "False"),
    VerdictLabel.conflicting: (3, "Mixed evidence"),
    VerdictLabel.not_enough_info: (3, "Unproven"),
    VerdictLabel.supported: (5, "True"),
}


def exportable(claim: Claim) -> bool:
    """Only decided claims are published as fact-checks; claims under review are not."""
    return claim.verdict is not None and claim.verdict.label in _RATINGS


def claim_review(
    claim: Claim, article: Article, publisher: str, publisher_url: str, base_url: str
) -> dict[str, Any]:
    """One ClaimReview object (without @context) for a decided claim."""
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
    return {
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/v1/claims/{claim.id}/claimreview",
        "claimReviewed": claim.text,
        "itemReviewed": item_reviewed,
        "author": {"@type": "Organization", "name": publisher, "url": publisher_url},
        "datePublished": claim.verdict.decided_at.date().isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": name,
        },
    }


def with_context(document: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any]:
    """Wrap one review, or several as a @graph, into a JSON-LD document."""
    if isinstance(document, list):
        return {"@context": "https://schema.org", "@graph": document}
    return {"@context": "https://schema.org", **document}
