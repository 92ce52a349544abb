"""Contradictions made from entailed claims, for training the reader (FEVER's claim mutations, by rule).

The reader learnt to call a claim entailed when it shares most of its words with the evidence, so a claim
about the wrong person, the wrong year or the opposite polarity ("Rivers was the 45th mayor" against "Okafor
was the 45th mayor") reads as support. Two mutations of a claim the evidence entails give it contradictions
that differ from an entailment in one place only:

- **entity swap**: a named entity of the claim that the evidence also names is replaced by another of the
  same kind, taken from the other claims of the same data set, that the evidence does not name; a number
  or year the evidence also states is changed (a year by a few years, any other number scaled);
- **polarity flip**: the main predicate is negated ("was" -> "was not", "approved" -> "did not approve"),
  or its negation is removed, so "not" alone does not teach the reader a contradiction.

Only claim-like sets are mutated (fact-verification claims, not SNLI captions, whose swapped hypotheses
would often be neutral).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

NAMED = ("PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT")
NUMERIC = ("DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY")
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_QUOTES = {'"', "\u201c", "\u201d"}


# A number standing alone: not the 19 of "COVID-19", the 20 of "A20" or either year of "2012-2014".
_NUMBER = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])")


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def shift_number(text: str, rng: random.Random) -> str | None:
    """`text` with its first number changed: a year moved by a few years, any other number scaled."""
    found = _NUMBER.search(text)
    if found is None:
        return None
    raw = found.group()
    value = float(raw.replace(",", ""))
    if "." not in raw and "," not in raw and len(raw) == 4 and 1000 <= value <= 2100:
        new = str(int(value) + rng.choice((-1, 1)) * rng.choice((1, 2, 3, 5, 10)))
    else:
        scaled = value * rng.choice((0.25, 0.5, 1.5, 2.0, 3.0))
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        new = f"{scaled:,.{decimals}f}" if "," in raw else f"{scaled:.{decimals}f}"
        if new == raw or float(new.replace(",", "")) == 0:
            return None
    return text[: found.start()] + new + text[found.end() :]


def flip_polarity(doc: Doc) -> str | None:
    """The one-sentence claim with its main predicate negated, or un-negated; None where no clean flip."""
    if len(list(doc.sents)) != 1 or any(t.text in _QUOTES for t in doc):
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    negation = next((c for c in root.children if c.dep_ == "neg"), None)
    if negation is not None:
        if negation.lower_ not in ("not", "never") or not doc[negation.i - 1].whitespace_:
            return None  # "n't" would leave "does" behind ("does go"), "cannot" a "can" glued on
        return (doc[: negation.i].text_with_ws + doc[negation.i + 1 :].text_with_ws).replace("  ", " ")
    auxiliaries = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if auxiliaries:
        target = auxiliaries[0]
        if target.lower_ == "to":
            return None
    elif root.lemma_ == "be":
        target = root
    elif root.pos_ == "VERB" and root.tag_ in _DO:
        before = doc[: root.i].text_with_ws
        return f"{before}{_DO[root.tag_]} not {root.lemma_}{root.whitespace_}{doc[root.i + 1 :].text_with_ws}"
    else:
        return None
    return doc[: target.i + 1].text_with_ws.rstrip() + " not " + doc[target.i + 1 :].text_with_ws


def swap_entity(doc: Doc, evidence: str, pool: dict[str, list[str]], rng: random.Random) -> str | None:
    """The claim with one entity the evidence names replaced by another of its kind the evidence does not."""
    lowered = evidence.lower()
    named: list[Span] = [
        e
        for e in doc.ents
        if (e.label_ in NAMED or (e.label_ in NUMERIC and _has_digit(e.text))) and e.text.lower() in lowered
    ]
    rng.shuffle(named)
    for entity in named:
        replacement: str | None
        if entity.label_ in NUMERIC:
            replacement = shift_number(entity.text, rng)
            if replacement is not None and replacement.lower() not in lowered:
                return doc.text[: entity.start_char] + replacement + doc.text[entity.end_char :]
            continue
        candidates = [
            c
            for c in pool.get(entity.label_, [])
            if c.lower() != entity.text.lower() and c.lower() not in lowered
        ]
        if candidates:
            replacement = rng.choice(candidates)
            text = doc.text
            return text[: entity.start_char] + replacement + text[entity.end_char :]
    return None


def mutate(
    nlp: Language,
    pairs: Iterable[tuple[str, str]],
    share: float,
    rng: random.Random,
) -> list[tuple[str, str, str]]:
    """Mutated (claim, evidence, kind) for about `share` of the entailed (claim, evidence) pairs given.

    A pair is given one mutation: an entity swap where possible (two times in three), else a polarity flip.
    """
    given = list(pairs)
    docs = list(nlp.pipe([claim for claim, _ in given], batch_size=256))
    pool: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for entity in doc.ents:
            if entity.label_ in NAMED:
                pool[entity.label_].add(entity.text)
    ordered = {label: sorted(names) for label, names in pool.items()}
    mutated = []
    for (_, evidence), doc in zip(given, docs, strict=True):
        if rng.random() >= share:
            continue
        order = ["swap", "flip"] if rng.random() < 2 / 3 else ["flip", "swap"]
        for kind in order:
            claim = swap_entity(doc, evidence, ordered, rng) if kind == "swap" else flip_polarity(doc)
            if claim and claim.strip() != doc.text.strip():
                mutated.append((claim, evidence, kind))
                break
    return mutated
