"""Lexical features of a (claim, passage) pair: overlap, entities, quantities, negation, cues, answers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimcheck.verification.quantities import quantities
from claimcheck.verification.query import ClaimQuery
from claimcheck.verification.term_weights import weighted_coverage
from claimcheck.verification.terms import terms

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|neither|nor|without|cannot|nobody|nothing|nowhere|lack(?:s|ed)?|"
    r"fail(?:s|ed)? to|denie[sd]|deny|denying)\b|n[’']t\b",
    re.IGNORECASE,
)
_REFUTE_CUES = re.compile(
    r"\b(?:false(?:ly)?|fake|hoax(?:es)?|myths?|misleading|mislead|debunk(?:s|ed|ing)?|untrue|incorrect(?:ly)?|"
    r"inaccurate|fabricat(?:ed|ion)|doctored|baseless|unfounded|wrong(?:ly)?|misinformation|disinformation|"
    r"satir(?:e|ical)|rumou?rs?|altered|manipulated|photoshopped|no evidence|not true|no record|"
    r"refut(?:e|es|ed)|dismiss(?:es|ed)?|rejects?|rejected|contrary|in fact|actually|however|but|"
    r"misattributed|out of context|never)\b",
    re.IGNORECASE,
)
# Words a fact-check uses when it calls a claim wrong: stronger than a contrast such as 'but'.
DEBUNK_CUES = re.compile(
    r"\b(?:false(?:ly)?|fake|hoax(?:es)?|myths?|misleading|debunk(?:s|ed|ing)?|untrue|incorrect(?:ly)?|"
    r"inaccurate|fabricat(?:ed|ion)|doctored|baseless|unfounded|misinformation|disinformation|satir(?:e|ical)|"
    r"photoshopped|manipulated|altered|no evidence|not true|no record|no proof|misattributed|out of context|"
    r"rumou?rs?|scam|conspiracy)\b",
    re.IGNORECASE,
)
_SUPPORT_CUES = re.compile(
    r"\b(?:confirm(?:s|ed)?|true|indeed|correct(?:ly)?|accurate(?:ly)?|verified|official(?:ly)?|announced|"
    r"according to|reported)\b",
    re.IGNORECASE,
)
_UNANSWERED = re.compile(
    r"\b(?:no answer|could not (?:be )?f(?:ind|ound)|couldn[’']t find|no (?:information|evidence|record|data|"
    r"report)s? (?:was |were )?(?:found|available|of)|not found|unanswerable|unable to (?:find|verify))\b",
    re.IGNORECASE,
)
_ANSWER = re.compile(
    r"\?\s*[\"“]?\s*(?P<word>yes|no|yeah|nope|none|never|true|false|correct|incorrect)\b(?!\s+(?:answer|information|evidence))",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^.!?]+(?:[.!?]+|$)")
# Word pairs that make one statement contradict the other when only one side of the pair is present.
_ANTONYMS = {
    "increase": "decrease", "rise": "fall", "rose": "fell", "up": "down", "more": "less", "higher": "lower",
    "win": "lose", "won": "lost", "alive": "dead", "live": "die", "born": "died", "open": "closed",
    "first": "last", "oldest": "youngest", "largest": "smallest", "biggest": "smallest", "most": "least",
    "legal": "illegal", "allow": "ban", "allowed": "banned", "approve": "reject", "approved": "rejected",
    "true": "false", "real": "fake", "male": "female", "before": "after", "north": "south", "east": "west",
    "majority": "minority", "positive": "negative", "accept": "refuse", "accepted": "refused",
    "include": "exclude", "gain": "loss", "support": "oppose", "supported": "opposed", "guilty": "innocent",
    "success": "failure", "safe": "dangerous", "cheaper": "expensive", "new": "old", "start": "end",
}  # fmt: skip
_ANTONYM_PAIRS = {**_ANTONYMS, **{b: a for a, b in _ANTONYMS.items()}}

FEATURE_NAMES = (
    "coverage",
    "best_sentence_coverage",
    "bigram_coverage",
    "entity_coverage",
    "missing_entity",
    "quantity_match",
    "quantity_conflict",
    "date_conflict",
    "negation_mismatch",
    "antonym_mismatch",
    "refute_cues",
    "support_cues",
    "answer_yes",
    "answer_no",
    "unanswered",
    "log_passage_terms",
    "log_claim_terms",
    "coverage_squared",
    "predicate_coverage",
    "prefix_coverage",
    "window_coverage",
    "missing_terms",
    "density",
    "weighted_coverage",
    "weighted_best_sentence",
    "weighted_window",
    "pair_cooccurrence",
    "weighted_predicate",
)


@dataclass(frozen=True, slots=True)
class Answer:
    """A passage that answers a yes/no question: the question's coverage of the claim and the answer."""

    coverage: float
    yes: bool


def answer_part(text: str) -> str | None:
    """The text after a question mark in a question-and-answer passage, or None when there is none."""
    mark = text.find("?")
    return text[mark + 1 :].strip() if 0 <= mark < len(text) - 1 else None


def unanswered(text: str) -> bool:
    """True when the passage says that no answer or evidence was found."""
    return _UNANSWERED.search(text) is not None


def negated_about(text: str, key_terms: tuple[str, ...], reach: int = 40) -> bool:
    """True when an odd number of negations in `text` are followed closely by one of the claim's terms.

    'He gave no details' does not deny 'the coalition has expanded'; 'has not expanded' does.
    """
    wanted = set(key_terms)
    count = 0
    for match in _NEGATION.finditer(text):
        if wanted & set(terms(text[match.end() : match.end() + reach])):
            count += 1
    return count % 2 == 1


def negated(text: str) -> bool:
    """True when `text` carries an odd number of negations."""
    return len(_NEGATION.findall(text)) % 2 == 1


def _coverage(key: tuple[str, ...], found: set[str]) -> float:
    return sum(1 for t in key if t in found) / len(key) if key else 0.0


def _bigrams(sequence: list[str] | tuple[str, ...]) -> set[tuple[str, str]]:
    return set(zip(sequence, sequence[1:], strict=False))


def yes_no_answer(query: ClaimQuery, passage: str) -> Answer | None:
    """When `passage` is a question followed by a yes/no answer, how it answers the claim."""
    match = _ANSWER.search(passage)
    if match is None:
        return None
    question = passage[: match.start() + 1]
    yes = match.group("word").lower() in {"yes", "yeah", "true", "correct"}
    # 'Is it false that X? Yes' and 'Was X not Y? No' flip the answer relative to the claim.
    if negated(question) != negated(query.claim):
        yes = not yes
    return Answer(coverage=_coverage(query.key_terms, set(terms(question))), yes=yes)


def stance_features(query: ClaimQuery, passage: str) -> list[float]:
    """The feature vector of FEATURE_NAMES for how `passage` bears on the claim in `query`."""
    key = query.key_terms
    passage_terms = terms(passage)
    found = set(passage_terms)
    coverage = _coverage(key, found)

    best, best_sentence, best_terms, window = 0.0, passage, passage_terms, 0.0
    weighted_best = weighted_window = 0.0
    previous: set[str] = set()
    key_set = set(key)
    pairs_seen: set[tuple[str, str]] = set()
    for sentence in _SENTENCES.findall(passage) or [passage]:
        sentence_terms = terms(sentence)
        here = set(sentence_terms)
        hits = sorted(here & key_set)
        pairs_seen.update((a, b) for i, a in enumerate(hits) for b in hits[i + 1 :])
        score = _coverage(key, here)
        window = max(window, _coverage(key, here | previous))
        weighted_best = max(weighted_best, weighted_coverage(key, here))
        weighted_window = max(weighted_window, weighted_coverage(key, here | previous))
        previous = here
        if score > best:
            best, best_sentence, best_terms = score, sentence, sentence_terms
    claim_bigrams = _bigrams(key)
    bigram = len(claim_bigrams & _bigrams(passage_terms)) / len(claim_bigrams) if claim_bigrams else coverage

    entities = query.entities
    entity_hits = [all(t in found for t in name) for name in entities]
    entity_coverage = sum(entity_hits) / len(entities) if entities else coverage
    missing_entity = 1.0 if entities and not all(entity_hits) else 0.0

    stated = query.quantities
    in_passage = quantities(passage)
    matched = conflicting = dates = 0
    for q in stated:
        same = [p for p in in_passage if p.unit == q.unit]
        if any(q.agrees_with(p) for p in same):
            matched += 1
        elif same and q.unit != "number":
            if q.unit.startswith("calendar-"):
                dates += 1
            else:
                conflicting += 1
    quantity_match = matched / len(stated) if stated else 0.0

    relevant = best >= 0.3
    negation = 1.0 if relevant and negated(query.claim) != negated_about(best_sentence, key) else 0.0
    claim_words = set(re.findall(r"[a-z]+", query.claim.lower()))
    passage_words = set(re.findall(r"[a-z]+", passage.lower()))
    antonym = any(
        (w in claim_words and _ANTONYM_PAIRS[w] in passage_words and w not in passage_words)
        for w in _ANTONYM_PAIRS
    )
    entity_terms = {t for name in entities for t in name}
    predicate = tuple(t for t in key if t not in entity_terms)
    prefixes = {t[:5] for t in found}
    density = sum(1 for t in best_terms if t in set(key)) / len(best_terms) if best_terms else 0.0
    answer = yes_no_answer(query, passage)
    answer_yes = answer.coverage if answer and answer.yes else 0.0
    answer_no = answer.coverage if answer and not answer.yes else 0.0
    return [
        coverage,
        best,
        bigram,
        entity_coverage,
        missing_entity,
        quantity_match,
        min(conflicting, 2) * best,
        min(dates, 2) * best,
        negation * best,
        (1.0 if antonym and relevant else 0.0) * best,
        min(len(_REFUTE_CUES.findall(passage)), 4) / 4,
        min(len(_SUPPORT_CUES.findall(passage)), 4) / 4,
        answer_yes,
        answer_no,
        1.0 if _UNANSWERED.search(passage) else 0.0,
        math.log1p(len(passage_terms)) / 5,
        math.log1p(len(key)) / 3,
        coverage * coverage,
        _coverage(predicate, found) if predicate else coverage,
        sum(1 for t in key if t[:5] in prefixes) / len(key) if key else 0.0,
        window,
        min(sum(1 for t in key if t not in found), 6) / 6,
        density,
        weighted_coverage(key, found),
        weighted_best,
        weighted_window,
        len(pairs_seen) / (len(key_set) * (len(key_set) - 1) / 2) if len(key_set) > 1 else best,
        weighted_coverage(predicate, found) if predicate else weighted_coverage(key, found),
    ]
