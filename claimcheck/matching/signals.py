"""What two claims share beyond wording: named entities and numbers, and the cleaning of social-media text."""

from __future__ import annotations

import re

from claimcheck.verification.terms import STOP_WORDS, terms

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*[A-Za-z0-9]|\b[A-Z]\b")
_POSSESSIVE = re.compile(r"['’]s?$")


def clean_text(text: str) -> str:
    """The text without links and the '@' of handles: they carry no claim, only noise for matching."""
    return " ".join(_URL.sub(" ", text).replace("@", " ").split())


def entity_keys(text: str) -> frozenset[str]:
    """Lower-cased capitalised words other than stop words: a cheap stand-in for names.

    A sentence's first word counts too: claims so often open with a name ("Obama said...") that
    dropping it loses more than the odd capitalised common word adds.
    """
    keys = set()
    for match in _CAPITALISED.finditer(text):
        word = _POSSESSIVE.sub("", match.group().casefold())
        if word not in STOP_WORDS and len(word) > 1:
            keys.add(word)
    return frozenset(keys)


def number_keys(text: str) -> frozenset[str]:
    """The numbers a text states, spelled-out ones as digits ('fourteen' and '14' agree)."""
    return frozenset(t for t in terms(text) if t[0].isdigit())


def term_set(text: str) -> frozenset[str]:
    """The distinct content terms of a text."""
    return frozenset(terms(text))


def dice(left: frozenset[str], right: frozenset[str]) -> float:
    """Dice overlap of two sets in [0, 1]; 0 when either is empty."""
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))
