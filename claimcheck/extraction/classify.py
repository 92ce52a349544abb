"""Claim typing and the first check-worthiness score, from a clause's parse.

`checkworthiness_scores` scores every candidate claim of an article at once: the learned sentence scorer
(`checkworthiness.score_sentences`) blended with the rule below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimcheck.extraction.checkworthiness import score_sentences
from claimcheck.extraction.decompose import REPORTING_LEMMAS, speech_tag
from schemas.common import ClaimType

# Uncertain futures are predictions whatever their verb ("could rise", "may close").
UNCERTAIN_MODALS = frozenset({"may", "might", "could", "would"})
# "will" states a future; it is checkable when it is a commitment or a fixed date, not a forecast.
FUTURE_MODALS = frozenset({"will", "shall", "'ll"})
NORMATIVE_MODALS = frozenset({"should", "must", "ought"})
# Marks of the condition or time a rule sets ("must stop if …", "must be ratified before …").
RULE_MARKS = frozenset({"if", "unless", "before", "until", "once", "when"})
# Verbs and adjectives that put the future on a present-tense clause ("is expected to", "plans to").
FUTURE_HEADS = frozenset(
    {"expect", "plan", "schedule", "set", "due", "likely", "poised", "intend", "aim", "forecast", "project"}
)
# ... of which these state a timetable: checkable when the clause gives the date ("is scheduled to open on
# 3 March").
SCHEDULE_HEADS = frozenset({"schedule", "due"})
# "will" with these verbs forecasts how things turn out ("unemployment will rise", "the scheme will cost
# £40m", "the changes will help families"); with any other verb it states an arrangement, a commitment or
# a decision ("the department will provide £120m", "a fund will be set up", "ministers will meet on
# Tuesday", "the Housing Secretary will make the final decision"), which a record can show.
FORECAST_VERBS = frozenset(
    {
        "rise", "fall", "grow", "increase", "decrease", "decline", "drop", "reach", "cost", "exceed", "hit",
        "climb", "soar", "slow", "shrink", "double", "halve", "recover", "improve", "worsen", "continue",
        "remain", "stay", "become", "take", "happen", "lead", "result", "mean", "face", "need", "struggle",
        "lose", "win", "help", "affect", "benefit", "boost", "hurt", "harm", "damage", "save", "transform",
        "change", "prove", "suffer", "survive", "fail", "succeed", "collapse", "look", "feel", "seem",
        "matter", "work", "pay off", "depend", "require", "want", "like", "love", "hate", "come", "go up",
    }
)  # fmt: skip
OPINION_LEMMAS = frozenset(
    {"appear", "seem", "feel", "believe", "think", "hope", "wish", "guess", "consider"}
)
EVALUATIVE_ADJECTIVES = frozenset(
    {
        "important", "crucial", "essential", "vital", "difficult", "easy", "good", "bad", "great", "best",
        "better", "worse", "worst", "excellent", "poor", "beautiful", "interesting", "impressive",
        "remarkable",
        "unfortunate", "fortunate", "necessary", "useful", "valuable", "popular", "successful", "wrong",
        "right", "fair", "unfair", "daunting", "complex", "complicated", "significant", "key", "ideal",
    }
)  # fmt: skip
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
QUANTITY_ENTITIES = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
FACT_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE", "TIME", "PRODUCT", "WORK_OF_ART"}
)
HEDGES = frozenset({"reportedly", "allegedly", "perhaps", "possibly", "probably", "arguably", "apparently"})


@dataclass(frozen=True, slots=True)
class ScoringInput:
    """What the check-worthiness scorer sees of one candidate claim."""

    text: str
    type: ClaimType
    entity_labels: tuple[str, ...]
    token_count: int


def classify_clause(
    head: Any, tokens: tuple[Any, ...], entity_labels: list[str], kind: str = "main"
) -> ClaimType:
    """Type of a claim from its head verb, modals, reporting verbs, evaluative words and entities."""
    # "X disputes claims …", "X continues to deny …": the reporting verb may sit in an open complement.
    reporting = [head, *(c for c in head.children if c.dep_ == "xcomp")]
    if kind == "reported" or any(
        verb.lemma_ in REPORTING_LEMMAS and any(c.dep_ in {"ccomp", "dobj"} for c in verb.children)
        for verb in reporting
    ):
        return ClaimType.attribution
    if any(t.lower_ == "according" and t.dep_ in {"prep", "ROOT"} for t in tokens):
        return ClaimType.attribution
    if _kept_speech_tag(tokens):
        return ClaimType.attribution
    aux = {child.lower_ for child in head.children if child.dep_ in {"aux", "auxpass"}}
    if head.dep_ == "conj" and not aux:
        # A coordinated verb reads with the auxiliaries its clause borrowed ("would have … and kept").
        ids = {t.i for t in tokens}
        aux = {c.lower_ for c in head.head.children if c.dep_ in {"aux", "auxpass"} and c.i in ids}
    subjects = [t for t in tokens if t.dep_ in {"nsubj", "nsubjpass"}]
    passive = any(c.dep_ == "auxpass" for c in head.children)
    # "must submit by 31 October" is a rule's deadline, not a judgement; so is what a ruling or a planning
    # condition requires ("Under the conditions, Harrowgate must fund the £6.3 million bridge"; "must also
    # pay £1.1 million towards school places"). "was felt in Lima" is no feeling.
    under_terms = any(c.dep_ == "prep" and c.lower_ == "under" for c in head.children)
    # "The pact must be ratified by both parliaments before it takes effect", "Work must stop if water levels
    # fall": a requirement with its condition or time is a rule that can be checked.
    conditioned = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in RULE_MARKS for m in c.children)
        for c in head.children
    )
    deadline = aux & {"must"} and ({"DATE", "MONEY"} & set(entity_labels) or under_terms or conditioned)
    if (
        head.lemma_ in OPINION_LEMMAS
        and not passive
        or any(t.lower_ in FIRST_PERSON for t in subjects)
        or aux & NORMATIVE_MODALS
        and not deadline
    ):
        return ClaimType.opinion
    if _uncertain_future(head, aux, entity_labels):
        return ClaimType.prediction
    predicates = [c for c in head.children if c.dep_ in {"acomp", "attr"}]
    numeric = any(label in QUANTITY_ENTITIES for label in entity_labels) or any(
        t.like_num and t.ent_type_ not in {"DATE", "TIME", "ORDINAL"} for t in tokens
    )
    # "is important", "is a daunting task": the predicate (or its adjective) evaluates.
    evaluations = [*predicates, *(a for p in predicates for a in p.children if a.dep_ == "amod")]
    if any(word.lemma_.lower() in EVALUATIVE_ADJECTIVES for word in evaluations) and not numeric:
        return ClaimType.opinion
    if numeric:
        return ClaimType.quantity
    # "opens next week", "meets tomorrow"; "next to the quarry" is a place.
    upcoming = any(t.lower_ == "tomorrow" or t.lower_ == "next" and t.dep_ == "amod" for t in tokens)
    if upcoming and head.tag_ in {"VBZ", "VBP", "VBG"}:
        return ClaimType.prediction
    return ClaimType.event


def _kept_speech_tag(tokens: tuple[Any, ...]) -> bool:
    """ "The fine could not be passed on, she said": a kept tag with its speaker makes the claim what was
    said, checkable as said, whatever its content forecasts."""
    ids = {t.i for t in tokens}
    return any(
        speech_tag(t)
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i in ids for c in t.children)
        or _conjoined_tag(t)
        and any(c.dep_ == "nsubj" and c.i in ids for c in t.children)
        for t in tokens
    )


def _conjoined_tag(token: Any) -> bool:
    """'"We remain open to talks, but …," she told reporters': a tag the parser made a conjunct of the
    quote's verb. Active only: "boys were admitted more often" reports nothing."""
    return (
        token.dep_ == "conj"
        and token.lemma_ in REPORTING_LEMMAS
        and token.pos_ == "VERB"
        and not any(c.dep_ == "auxpass" for c in token.children)
    )


def _uncertain_future(head: Any, aux: set[str], entity_labels: list[str]) -> bool:
    """Whether the clause forecasts (a prediction) rather than states a commitment, decision or date."""
    if aux & UNCERTAIN_MODALS:
        return True
    if aux & FUTURE_MODALS:
        passive = any(c.dep_ == "auxpass" for c in head.children)
        # "will be difficult" evaluates a future; "will be set up" arranges one.
        scheduled = head.lemma_ == "take" and any(c.lower_ == "place" for c in head.children)  # "take place"
        return not scheduled and (head.lemma_ in FORECAST_VERBS or head.lemma_ == "be" and not passive)
    if head.lemma_ in FUTURE_HEADS and any(c.dep_ == "xcomp" for c in head.children):
        return not (head.lemma_ in SCHEDULE_HEADS and "DATE" in entity_labels)
    return False


def checkworthiness(claim_type: ClaimType, entity_labels: Sequence[str], token_count: int) -> float:
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


# The learned sentence scorer (trained on CLEF-2019 debates) ranks what is worth checking; the rules add
# what it cannot see from text alone: the claim's type and the entities the parser found.
LEARNED_WEIGHT = 0.7


def checkworthiness_scores(candidates: Sequence[ScoringInput]) -> list[float]:
    """Check-worthiness in [0, 1] of each candidate claim of an article, in order."""
    learned = score_sentences([c.text for c in candidates])
    return [
        round(
            LEARNED_WEIGHT * score
            + (1 - LEARNED_WEIGHT) * checkworthiness(c.type, c.entity_labels, c.token_count),
            3,
        )
        for c, score in zip(candidates, learned, strict=True)
    ]
