"""Review-queue priority: check-worthiness × article recency × how close the machine came to deciding."""

from __future__ import annotations

import math
from datetime import datetime

# Recency enters the score as created_at / RECENCY_SCALE_S in log space: an article a day newer
# weighs e times as much. In log space the order never changes as time passes, so it can be stored.
RECENCY_SCALE_S = 86_400.0
_FLOOR = 1e-3


def review_priority(checkworthiness: float, article_created_at: datetime, confidence: float) -> float:
    """Log-space priority; higher is reviewed first."""
    closeness = max(confidence, _FLOOR)
    return (
        math.log(max(checkworthiness, _FLOOR))
        + math.log(closeness)
        + article_created_at.timestamp() / RECENCY_SCALE_S
    )
