"""Verification: evidence index, passage stance and verdict aggregation."""

from claimcheck.verification.index import EvidenceIndex, RetrievedPassage
from claimcheck.verification.stance import Stance, StanceLabel, score_stance
from claimcheck.verification.verdict import decide_verdict

__all__ = ["EvidenceIndex", "RetrievedPassage", "Stance", "StanceLabel", "decide_verdict", "score_stance"]
