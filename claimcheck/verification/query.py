"""What a claim asks about: its key terms, named entities, quantities and dates, and a search string."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.verification.quantities import Quantity, quantities
from claimcheck.verification.term_weights import term_weight
from claimcheck.verification.terms import terms

# Words that frame a claim rather than state it ('a viral post claims that ...'); they rarely occur in
# the evidence and only dilute retrieval and term overlap.
FRAMING_WORDS = frozenset(
    [
        "claim", "claimed", "claiming", "viral", "post", "posted", "posts", "video", "videos", "photo",
        "photos", "image", "images", "picture", "message", "messages", "facebook", "twitter", "tweet",
        "tweeted", "whatsapp", "instagram", "social", "media", "shared", "sharing", "share", "show", "shows",
        "showing", "shown", "reportedly", "allegedly", "alleged", "purportedly", "purported", "circulating",
        "circulate", "online", "internet", "netizen", "netizens", "users", "user",
    ]
)  # fmt: skip
_NAME = re.compile(
    r"(?:[A-Z][\w’'.-]*|[A-Z]{2,}|\d+(?:st|nd|rd|th))(?:\s+(?:of|the|de|van|von|al|bin)?\s*(?:[A-Z][\w’'.-]*))*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“]\s+)$")
_FRAMING_STEMS = frozenset(terms(" ".join(FRAMING_WORDS)))
MAX_SEARCH_TERMS = 10
MIN_SEARCH_TERMS = 4
COMMON_WEIGHT = 2.3  # term_weight of words in a tenth of all documents or more ('year', 'time', 'first')


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """A claim broken into the parts that evidence is matched on."""

    claim: str
    key_terms: tuple[str, ...]
    entities: tuple[tuple[str, ...], ...]
    quantities: tuple[Quantity, ...]

    @property
    def text(self) -> str:
        """The search string for the evidence index: the claim's most informative key terms."""
        return " ".join(search_terms(self.key_terms))


def search_terms(key_terms: tuple[str, ...], limit: int = MAX_SEARCH_TERMS) -> list[str]:
    """At most `limit` key terms, the rarest first kept; very common words go when enough rarer ones remain.

    Common words barely move BM25 scores (low idf) yet have the longest postings, so dropping them keeps
    retrieval fast on a large index at little cost in what is found.
    """
    ranked = sorted(key_terms, key=lambda t: -term_weight(t))
    kept = [t for t in ranked if term_weight(t) >= COMMON_WEIGHT]
    if len(kept) < MIN_SEARCH_TERMS:
        kept = ranked[:MIN_SEARCH_TERMS]
    chosen = set(kept[:limit])
    return [t for t in key_terms if t in chosen]


def entity_names(text: str) -> list[tuple[str, ...]]:
    """Capitalised names in `text` as tuples of their terms ('Keir Starmer' -> ('keir', 'starmer'))."""
    names = []
    for match in _NAME.finditer(text):
        name_terms = tuple(terms(match.group()))
        if not name_terms:
            continue
        single_word = " " not in match.group().strip()
        at_start = _SENTENCE_START.search(text[: match.start()]) is not None
        if single_word and at_start and not match.group().isupper():
            continue  # a capital at the start of a sentence is not evidence of a name
        if name_terms not in names:
            names.append(name_terms)
    return names


def build_query(claim: str) -> ClaimQuery:
    """Break a claim into key terms (framing words dropped), entities and quantities."""
    key: list[str] = []
    for term in terms(claim):
        if term not in _FRAMING_STEMS and term not in key:
            key.append(term)
    if not key:
        key = list(dict.fromkeys(terms(claim)))
    return ClaimQuery(
        claim=claim,
        key_terms=tuple(key),
        entities=tuple(n for n in entity_names(claim) if not set(n) <= _FRAMING_STEMS),
        quantities=tuple(quantities(claim)),
    )
