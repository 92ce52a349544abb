"""Claim typing and the first check-worthiness score, from a clause's parse."""

from __future__ import annotations

from typing import Any

from schemas.common import ClaimType

MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "should", "must"})
REPORTING_LEMMAS = frozenset(
    {
        "say", "tell", "state", "announce", "reveal", "note", "acknowledge", "claim", "deny", "dispute",
        "reiterate", "insist", "warn", "confirm", "report", "suggest", "argue", "add", "accuse", "allege",
        "characterize", "describe", "call",
    }
)  # fmt: skip
OPINION_LEMMAS = frozenset({"appear", "seem", "feel", "believe", "think", "hope", "wish", "guess"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
QUANTITY_ENTITIES = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
FACT_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE", "TIME", "PRODUCT"}
)


def classify_clause(head: Any, tokens: tuple[Any, ...], entity_labels: list[str]) -> ClaimType:
    """Type of a claim from its head verb, modals, reporting verbs and entities."""
    aux = {child.lower_ for child in head.children if child.dep_ == "aux"}
    if head.lemma_ in REPORTING_LEMMAS and any(c.dep_ in {"ccomp", "dobj"} for c in head.children):
        return ClaimType.attribution
    if head.lemma_ in OPINION_LEMMAS or any(t.lower_ in FIRST_PERSON for t in tokens if t.dep_ == "nsubj"):
        return ClaimType.opinion
    if aux & MODALS:
        return ClaimType.prediction
    if any(label in QUANTITY_ENTITIES for label in entity_labels) or any(t.like_num for t in tokens):
        return ClaimType.quantity
    return ClaimType.event


def checkworthiness(claim_type: ClaimType, entity_labels: list[str], token_count: int) -> float:
    """Score in [0, 1]: named referents, quantities and attributions make a claim worth checking."""
    score = 0.2
    if any(label in FACT_ENTITIES for label in entity_labels):
        score += 0.3
    if any(label in QUANTITY_ENTITIES for label in entity_labels):
        score += 0.2
    if claim_type in {ClaimType.attribution, ClaimType.quantity, ClaimType.event}:
        score += 0.15
    if claim_type is ClaimType.opinion:
        score -= 0.15
    if token_count < 5:
        score -= 0.1
    return round(min(1.0, max(0.0, score)), 3)
