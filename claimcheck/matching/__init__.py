"""Claim matching: has this claim been checked before? (docs/MATCHING.md)

Prior checks are found by BM25 and sentence embeddings, fused, ranked by a learned ranker and judged
"same claim" or not by a learned judge whose thresholds were calibrated on dev.
"""

from claimcheck.matching.index import MatchingIndex, PriorCheck, RankedMatch
from claimcheck.matching.scorer import MatchScorer, load_scorer

__all__ = ["MatchScorer", "MatchingIndex", "PriorCheck", "RankedMatch", "load_scorer"]
