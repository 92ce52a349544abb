"""Definite descriptions that shorten an earlier one: "the mine" for "its Santa Inés copper mine", "the
company" for "mining company Cerro Alto".

A bare "the <noun>" as subject or object is replaced by the one fuller description of that noun in the
nearest earlier sentence (within a short window) that describes it, so the claim says which mine. Where
that sentence describes the noun in several ways ("the bus money", "the rail money") nothing is replaced:
a guess could name the wrong one. A description is taken only for a noun of its own number, and never for a
noun the article already uses bare for its own referent; the memory of that, and the marking of a bare
description of one of several described ones, live with the other referents in `decontext`.
"""

from __future__ import annotations

from typing import Any

# Sentences back a bare description may look for the fuller one it shortens.
WINDOW = 3
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
# Modifiers that say which one a noun is: a noun compound ("the hydrology survey"). Adjectives often
# compare or rank instead ("a stronger company", "the previous elections", "the leading candidate").
DESCRIBING_DEPS = frozenset({"compound"})
NAME_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "PRODUCT", "EVENT", "LAW"})

Descriptions = dict[str, list[str]]


def mentions(sentence: Any) -> list[tuple[str, str, int]]:
    """(noun key, fuller description, index of its last token) for each description in the sentence; the
    key is the lower-cased lemma, marked plural ("survey", "packages+") so that a description is only
    taken for a noun of its own number."""
    found: list[tuple[str, str, int]] = []
    for ent in sentence.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        name = _name(ent)
        if not name:
            continue
        # "Marsford City Council" describes a council.
        if len(ent) > 1:
            found.append((key(ent[-1]), name, ent.end - 1))
    for token in sentence:
        if token.pos_ == "PROPN" and token.dep_ != "compound":
            # "mining company Cerro Alto", "Cerro Alto, a mining company": the name says which company.
            for child in token.children:
                if child.pos_ == "NOUN" and child.dep_ in {"compound", "appos"} and child.tag_ == "NN":
                    found.append((key(child), proper_name(token), max(child.i, token.i)))
        if token.pos_ != "NOUN" or token.dep_ == "compound" or token.ent_type_:
            continue
        # Only a name right after the noun: "the main road linking A with the capital, B" hangs B on
        # "road" across the words that say it is the capital.
        named = [
            c
            for c in token.children
            if c.dep_ == "appos"
            and c.pos_ == "PROPN"
            and all(t.is_punct for t in token.doc[token.i + 1 : c.left_edge.i])
        ]
        if named and token.tag_ == "NN":
            # "mining company Cerro Alto" parsed with the name as the company's apposition.
            found.append((key(token), proper_name(named[0]), max(token.i, named[0].i)))
            continue
        modifiers = [c for c in token.children if c.dep_ in DESCRIBING_DEPS and c.i < token.i]
        if not modifiers:
            continue
        # "a 22 per cent toll increase": its count belongs to the description ("the 22 per cent toll
        # increase", not "the per cent toll increase").
        counts = [c for c in token.children if c.dep_ == "nummod" and c.i < token.i]
        words = token.doc[min(m.left_edge.i for m in [*modifiers, *counts]) : token.i + 1]
        # Not "£340m extension" cut to "m extension".
        if all(t.is_alpha and len(t) > 1 or t.is_digit for t in words):
            found.append((key(token), "the " + words.text, token.i))
    return found


def group(found: list[tuple[str, str, int]], before: int | None = None) -> Descriptions:
    """Distinct descriptions by noun lemma, of those ending before token `before` when it is given."""
    grouped: Descriptions = {}
    for lemma, text, end in found:
        if before is not None and end >= before:
            continue
        texts = grouped.setdefault(lemma, [])
        if text not in texts:
            texts.append(text)
    return grouped


def bare_descriptions(sentence: Any) -> list[tuple[Any, Any]]:
    """(determiner, noun) of each "the <noun>" argument with nothing else saying which."""
    found = []
    for token in sentence:
        if token.dep_ not in ARGUMENT_DEPS or token.pos_ != "NOUN" or token.ent_type_:
            continue
        children = [c for c in token.children if not c.is_punct]
        if len(children) == 1 and children[0].dep_ == "det" and children[0].lower_ == "the":
            found.append((children[0], token))
    return found


def fuller(noun: Any, before: Descriptions, history: list[Descriptions]) -> str | None:
    """The one description of the noun in the nearest earlier text describing it, else None."""
    wanted = key(noun)
    for described in [before, *reversed(history[-WINDOW:])]:
        texts = described.get(wanted)
        if texts:
            return texts[0] if len(texts) == 1 else None
    return None


def proper_name(name: Any) -> str:
    """The whole name a proper noun heads or begins: the entity it opens when the parser split it ("Keep
    Our Libraries" with "Keep" as the apposition), else its run of proper nouns."""
    chain = _chain(name)
    entity = next((e for e in name.doc.ents if e.start <= name.i < e.end), None)
    if entity is None or entity.label_ not in NAME_LABELS or entity.end - 1 <= name.i:
        return chain
    whole = _name(entity)
    return whole if chain.removeprefix("the ") in whole else chain


def _chain(name: Any) -> str:
    """A proper name with the proper nouns right before it: "Cerro Alto", "the Peach State"."""
    start = name.i
    while start > name.sent.start and name.doc[start - 1].pos_ == "PROPN":
        start -= 1
    text = str(name.doc[start : name.i + 1].text)
    # "the Peach State" keeps its article; "the trade union Unite" is "Unite".
    article = any(c.dep_ == "det" and c.lower_ == "the" and c.i == start - 1 for c in name.children)
    return f"the {text}" if article else text


def key(noun: Any) -> str:
    """The noun's lemma, lower-cased, marked "+" when plural."""
    plural = noun.tag_ in {"NNS", "NNPS"}
    return str(noun.lemma_).lower() + ("+" if plural else "")


def _name(ent: Any) -> str:
    """The entity's words without a leading "the" or a trailing possessive "'s"."""
    tokens = list(ent)
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "the"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "’s"}):
        tokens = tokens[:-1]
    return " ".join("".join(t.text_with_ws for t in tokens).split())
