"""How a claim is worded, apart from what it states: second-hand framing and sweeping absolutes.

'A viral video shows ...' and 'X claims that ...' report a claim rather than make it, and claims worded as
'all', 'never', 'only' or '100%' are easier to contradict than measured ones; both shift the prior of a
verdict before any evidence is read.
"""

from __future__ import annotations

import re

_SECOND_HAND = re.compile(
    r"\b(?:viral|post(?:s|ed)?|video|photo(?:graph)?s?|image|picture|screenshot|clip|message|whatsapp|"
    r"facebook|twitter|tweet(?:s|ed)?|instagram|tiktok|youtube|social media|netizens?|online|circulat\w*|"
    r"claim(?:s|ed|ing)?|allegedly|purportedly|reportedly|shows?|showing)\b",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"\b(?:all|every(?:one|body|thing)?|never|always|only|nobody|no one|none|entire(?:ly)?|completely|"
    r"totally|100\s?%|100 per ?cent|guaranteed?|cures?|proves?|banned|first|largest|biggest|highest|"
    r"lowest|most|least|worst|best)\b",
    re.IGNORECASE,
)


def second_hand(claim: str) -> float:
    """How strongly the claim is framed as something circulating (0, 0.5 or 1)."""
    return min(len(_SECOND_HAND.findall(claim)), 2) / 2


def absolute(claim: str) -> float:
    """How sweeping the claim's wording is (0, 0.5 or 1)."""
    return min(len(_ABSOLUTE.findall(claim)), 2) / 2
