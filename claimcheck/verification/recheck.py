"""Which open claims new evidence may decide: the re-check trigger."""

from __future__ import annotations

from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.stance import term_coverage
from schemas.claims import Claim
from schemas.evidence import FeedEntry


def claims_touched_by(claims: list[Claim], entries: list[FeedEntry], min_coverage: float) -> list[Claim]:
    """Claims for which some passage of the new entries shares at least `min_coverage` of their terms."""
    if not claims or not entries:
        return []
    fresh = EvidenceIndex()
    for entry in entries:
        fresh.add_entry(entry)
    touched = []
    for claim in claims:
        best = fresh.search(claim.text, k=3)
        if any(term_coverage(claim.text, hit.passage.text) >= min_coverage for hit in best):
            touched.append(claim)
    return touched
