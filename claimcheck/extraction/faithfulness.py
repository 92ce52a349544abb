"""The faithfulness gate: does an atomic clause say only what its sentence says, and can it stand alone?

Every check reads the sentence's parse, so it costs no second parse. A clause cut from its sentence is
unfaithful when the cut left behind something that changes what it asserts: a condition ("if", "unless")
on its verbs or the mark that made it a condition, a negation or modal of a verb it keeps, the reporting
frame whose speech it is part of, or the head of a word it keeps (clause surgery that leaves a fragment).
The pipeline then falls back to the smallest faithful unit, the whole sentence.

A clause, or a sentence, whose subject or object is a pronoun or demonstrative with no named referent in
the clause ("That received 6,812 responses", "29 per cent opposed it", "This line changes that") cannot
stand alone: it is kept and shown marked `needs_context`, and not sent to verification.
"""

from __future__ import annotations

from typing import Any

from claimcheck.extraction.decompose import REPORTING_LEMMAS, Clause, speaker_act
from claimcheck.extraction.decontext import (
    CONDITION_MARKS,
    HONORIFICS,
    OFFICE_WORDS,
    PERSON_ROLES,
    PRONOUN_GENDER,
    named_ahead,
    quoted_tokens,
)

# Reporting verbs whose speech a clause must keep when it is cut out of it; the extraction's own list plus
# the frames of courts and reports ("the jury heard", "officers recommended").
ATTRIBUTING_LEMMAS = REPORTING_LEMMAS | frozenset({"hear", "recommend", "propose", "find", "conclude"})
# A kept word may lose its head only where the decomposition deliberately lends or splits: list items
# (conj), the examples of a "such as" list (pobj), appositions, a list's shared determiner, punctuation.
DETACHABLE_DEPS = frozenset({"conj", "pobj", "appos", "punct", "cc", "det", "poss", "predet"})
# Punctuation that may sit against a word without being part of it.
EDGE_MARKS = frozenset({",", ".", ";", ":", "!", "?", '"', "'", "(", ")", "[", "]", "%", "…"})
# Modals that make an indefinite subject generic ("a club that breaches the cap could be relegated"); "can"
# states an ability ("it can create a scheme that is hard to decode"), not a condition.
HYPOTHETICAL_MODALS = frozenset({"could", "would", "may", "might", "will", "shall", "should", "must"})
# Modifiers whose attachment a removed span in front of them makes ambiguous.
MODIFIER_DEPS = frozenset({"acl", "advcl", "amod", "prep", "npadvmod", "advmod"})
REFERRING_PRONOUNS = frozenset({"it", "this", "that", "these", "those", "they", "them"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
FIRST_PERSON_PLURAL = frozenset({"we", "us"})
FIRST_PERSON = FIRST_PERSON_PLURAL | frozenset({"i", "me", "my", "our", "ours", "mine"})
POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
QUANTIFIERS = frozenset({"both", "neither", "none", "each", "all", "others", "some", "most", "many", "few"})
# Nouns a report uses for something an earlier sentence introduced ("the figure", "the plan").
ANAPHORIC_NOUNS = frozenset(
    {"figure", "number", "total", "rest", "average", "change", "process", "move", "version", "estimate",
     "purchase", "remainder", "majority", "minority", "money", "cut", "increase", "rise", "sum", "amount",
     "decision", "proposal", "announcement", "incident", "matter"}
)  # fmt: skip
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
THING_LABELS = frozenset({"ORG", "GPE", "FAC", "LOC"})  # names a "who" clause cannot be about
# Someone speaking for a body the sentence does not name ("A spokesperson said ...").
SPOKESPEOPLE = frozenset({"spokesperson", "spokesman", "spokeswoman", "official", "source", "insider"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# What a group gave when it reacted ("a mixed response") to something the claim does not name.
REACTION_NOUNS = frozenset({"response", "reaction", "reception", "welcome"})
DECLINING_LEMMAS = frozenset({"decline", "refuse"})
# Endings of nouns for people who do something ("treasurer", "director", "economist", "accountant").
PERSON_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "man", "woman", "ee")
# Adverbs that time a claim by an earlier sentence's events.
RELATIVE_TIME_ADVERBS = frozenset({"then", "later", "afterwards", "afterward", "thereafter", "meanwhile"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr"})
BARE_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "neg", "punct", "advmod"})
LINKING_LEMMAS = frozenset({"be", "prove", "become", "seem", "appear", "look", "remain", "grow", "get"})
# "This year", "that week": a demonstrative of time points at the calendar, not at an earlier sentence.
TIME_NOUNS = frozenset(
    {"year", "month", "week", "day", "morning", "afternoon", "evening", "night", "weekend", "time",
     "summer", "spring", "autumn", "winter", "season", "decade", "century", "quarter"}
)  # fmt: skip


def unfaithful_reason(clause: Clause, sentence: Any) -> str | None:
    """Why the clause misstates its sentence, or None when it says only what the sentence says."""
    kept = {t.i for t in clause.tokens}
    for check in (
        _dropped_condition,
        _dropped_qualifier,
        _generic_relative,
        _dropped_frame,
        _fragment,
        _crossing_apposition,
        _ambiguous_which,
        _report_inside_report,
        _stray_name,
        _who_on_a_thing,
        _quote_cut_from_its_tag,
        _first_person_cut_from_its_quote,
        _quotation_cut_into_reported_speech,
        _elliptical_possessive,
        _subject_across_a_cut,
        _counted_list_read_as_a_clause,
    ):
        reason = check(clause, sentence, kept)
        if reason is not None:
            return reason
    return None


def unresolved_reference(tokens: Any, replaced: set[int]) -> str | None:
    """What a claim leans on that it does not name, or None when it stands alone.

    A pronoun or demonstrative argument with nothing before it in the claim that it could name ("That
    received 6,812 responses", "29 per cent opposed it"; "he" and "she" need a person named before them),
    a possessive with no name beside it ("Its activity fell"), a quote's "we" with no speaker in the claim,
    a bare count or share as the subject ("Four spent more than 90 per cent"), a quantifier standing
    alone ("Both spoke"), or a bare "the figure" or "a spokesperson" of no named body.
    """
    ordered = sorted(tokens, key=lambda t: t.i)
    leaning = (
        _bare_instruction(ordered)
        or _relative_time(ordered)
        or _reaction_to_nothing(ordered)
        or _elliptical_answer(ordered)
    )
    if leaning is not None:
        return leaning
    names = {t.ent_type_ for t in ordered if t.ent_type_ in NAME_LABELS} | (
        {"PERSON"} if replaced & {t.i for t in ordered} else set()
    )
    named_before = person_before = False
    # ... and whether any of them could be an "its": "Jonah Whitcombe was its head of product" names none.
    thing_before = False
    # Whom the people before may be: "m" or "f" where a replaced pronoun says, "?" for a name.
    genders_before: set[str] = set()
    verbs_before: list[Any] = []
    nouns_before: list[Any] = []
    for token in ordered:
        if token.i in replaced:
            named_before = person_before = True
            genders_before.add(PRONOUN_GENDER.get(token.lower_, "?"))
            continue
        backward = _backward_reference(token)
        if backward is not None:
            return backward
        if token.pos_ == "VERB":
            verbs_before.append(token)
        ancestors = {a.i for a in token.ancestors}
        # A predicate before the word that it does not depend on: "declined to order a survey, saying that
        # was …" — a demonstrative there may mean that earlier clause.
        clause_before = any(v.i not in ancestors and v.i != token.i for v in verbs_before)
        lower = token.lower_
        if (
            token.dep_ == "poss"
            and _unnamed_possessive(
                token, thing_before if token.lower_ == "its" else named_before, person_before, bool(names)
            )
            and not _person_subject_ahead(token, ordered)
        ):
            return str(token.text)
        # "If stocks recover, it said, …": an "it" that speaks is a body, and no noun the claim names before
        # ("stocks") can be it. ("Inspectors praised the unit, which they said …": a "they" may be people.)
        if (
            lower == "it"
            and token.dep_ in {"nsubj", "nsubjpass"}
            and token.head.lemma_ in ATTRIBUTING_LEMMAS
            and not names
        ):
            return str(token.text)
        if token.dep_ in ARGUMENT_DEPS:
            antecedent_before = named_before and _pronoun_may_refer_back(token, nouns_before)
            # "Rebecca Stone KC [she] said that he would say …": a "he" is not the woman named for "she".
            person_fits = person_before and bool(genders_before & {"?", PRONOUN_GENDER.get(lower, "?")})
            found = _leaning_argument(token, antecedent_before, person_fits, names, clause_before)
            if found is not None:
                return found
        if token.pos_ in {"NOUN", "PROPN"} and lower not in QUANTIFIERS:
            named_before = True
            thing_before = thing_before or (token.ent_type_ != "PERSON" and not _titled(token))
            nouns_before.append(token)
        if token.ent_type_ in NAME_LABELS:
            person_before = True
            genders_before.add("?")
    return None


def _pronoun_may_refer_back(token: Any, nouns_before: list[Any]) -> bool:
    """Whether a subject or object pronoun has a noun before it in the claim that it may stand for.

    A subject pronoun cannot stand for a noun of its own clause: in "In laboratory tests, it reduced …"
    and "… where houses collapsed, it said" it is not the tests or what it reports. An object pronoun
    cannot stand for its own verb's subject ("Clubs that exceed it"). "it" needs a singular noun that is no
    person. A claim whose pronoun was replaced by its referent never reaches here with that pronoun.
    """
    if token.lower_ not in REFERRING_PRONOUNS or token.tag_ != "PRP":
        return True
    if token.dep_ in {"nsubj", "nsubjpass"}:
        if token.lower_ == "it" and _expletive(token):
            return True
        excluded = {t.i for t in token.head.subtree}
    elif token.dep_ in {"dobj", "pobj"}:
        verb = token.head.head if token.dep_ == "pobj" else token.head
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        excluded = {t.i for s in subjects for t in s.subtree}
        # "Clubs that exceed it": a relative clause's subject is the noun the clause hangs on.
        if verb.dep_ == "relcl":
            excluded.add(verb.head.i)
    else:
        return True
    singular_only = token.lower_ == "it"
    # A noun modifying another ("Mr", "council tax", "Mediterranean states") or a nationality word names
    # no referent of its own.
    return any(
        noun.i not in excluded
        and noun.dep_ not in {"compound", "nmod", "amod"}
        and noun.ent_type_ != "NORP"
        and (not singular_only or noun.tag_ in {"NN", "NNP"} and not _titled(noun))
        for noun in nouns_before
    )


def _titled(noun: Any) -> bool:
    """ "Mr Vella", "Dr Osei": a name with a title is a person (the small parser's PERSON label is not
    reliable enough: it calls "Healthwatch Worcestershire" a person)."""
    return any(c.dep_ == "compound" and c.lower_.rstrip(".") in HONORIFICS for c in noun.children)


def _expletive(token: Any) -> bool:
    """ "It was the third time that …", "it is likely that …", "it is hard to say": an "it" that stands for
    the clause that follows, not for anything before."""
    head = token.head
    if head.lemma_ not in LINKING_LEMMAS:
        return False
    extraposed = any(c.dep_ in {"ccomp", "xcomp"} for c in head.children)
    attributes = [c for c in head.children if c.dep_ == "attr"]
    cleft = any(g.dep_ in {"relcl", "acl"} for c in attributes for g in c.children)
    return extraposed or cleft


def _backward_reference(token: Any) -> str | None:
    """Words that always point back at an earlier sentence, wherever they stand in the claim: "that year",
    "such an assessment", "either country", a bare "one" ("The party has one"), and a comparison with nothing
    to compare to ("Enforcement proved harder", "Business groups were more positive")."""
    lower = token.lower_
    head = token.head
    if token.dep_ == "det" and lower in {"that", "those"} and head.lemma_.lower() in TIME_NOUNS:
        restricted = any(c.dep_ in {"relcl", "acl"} for c in head.children)
        return None if restricted else f"{token.text} {head.text}"
    # "such as" introduces examples; "such a scheme that …" says which.
    said_which = any(c.lower_ == "as" or c.dep_ in {"relcl", "acl"} for c in head.children)
    if lower == "such" and token.dep_ in {"predet", "amod", "det"} and head.pos_ == "NOUN" and not said_which:
        return f"such {head.text}"
    if token.dep_ == "det" and lower in {"either", "neither", "both"} and head.pos_ == "NOUN":
        described = any(c.dep_ in {"amod", "compound", "prep", "relcl", "acl"} for c in head.children)
        return None if described else f"{token.text} {head.text}"
    if lower == "one" and token.dep_ in {"dobj", "attr"} and not list(token.children):
        return str(token.text)
    # The parser hangs a linking verb's comparative on it as an adverb at times ("proved harder").
    complement = token.dep_ == "acomp" or token.dep_ == "advmod" and head.lemma_ in LINKING_LEMMAS
    comparative = token.tag_ in {"JJR", "RBR"} or any(
        c.dep_ == "advmod" and c.lower_ in {"more", "less"} for c in token.children
    )
    # Only when the comparison is all the clause says: "X was more cautious, telling the FT that …" goes on.
    bare = all(c.dep_ in BARE_CLAUSE_DEPS or c.i == token.i for c in head.children)
    if complement and comparative and bare and not any(t.lower_ == "than" for t in head.subtree):
        return str(token.text)
    return None


def _relative_time(ordered: list[Any]) -> str | None:
    """ "Then the roof came down.", "Later it emerged …": an opening adverb that times the claim by what an
    earlier sentence told."""
    # The sentence's opening word counts even where the clause dropped it ("Then the roof came down" read
    # as "The roof came down"): the claim is still timed by it.
    sentence = [t for t in ordered[0].sent if not t.is_punct] if ordered else []
    first = sentence[0] if sentence else None
    if first is not None and first.lower_ in RELATIVE_TIME_ADVERBS and first.dep_ == "advmod":
        return str(first.text)
    return None


def _bare_instruction(ordered: list[Any]) -> str | None:
    """ "Ensure patients are assessed within 15 minutes.": a list item or instruction opening on a bare verb
    with no subject says what someone must do, and who is asked sits in an earlier sentence."""
    words = [t for t in ordered if not t.is_punct]
    if not words:
        return None
    first = words[0]
    kept = {t.i for t in ordered}
    is_root = first.head.i == first.i or first.head.i not in kept
    subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in first.children)
    return str(first.text) if first.tag_ == "VB" and is_root and not subject else None


def _reaction_to_nothing(ordered: list[Any]) -> str | None:
    """ "Not everyone was convinced.", "Unions gave a mixed response.", "Analysts were divided.": a reaction
    that does not say to what; what was reacted to is in an earlier sentence."""
    kept = {t.i for t in ordered}
    for verb in (t for t in ordered if t.pos_ in {"VERB", "AUX"}):
        children = [c for c in verb.children if c.i in kept and not c.is_punct]
        subject = next((c for c in children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or any(c.dep_ in {"prep", "ccomp", "xcomp", "advcl"} for c in children):
            continue
        objects = [c for c in children if c.dep_ in {"dobj", "attr"}]
        # "Not" is parsed on the subject, on its "all" or on the verb; it stands before the subject.
        opening_not = any(t.lower_ == "not" and t.i < subject.i for t in ordered)
        universal = subject.lower_ in {"everyone", "everybody", "all"} or any(
            c.dep_ == "det" and c.lower_ == "all" for c in subject.children
        )
        negated_all = opening_not and universal
        if negated_all and not objects:
            return f"not {subject.text}"
        mixed = any(
            o.lemma_ in REACTION_NOUNS and not any(g.dep_ == "prep" for g in o.children) for o in objects
        )
        passive = any(c.dep_ == "auxpass" for c in children)
        divided = (
            verb.lemma_ == "divide"
            and passive
            or any(c.dep_ == "acomp" and c.lemma_ == "divide" and not list(c.children) for c in children)
        )
        reacted = verb.lemma_ in {"react", "respond"} and not objects
        unmoved = verb.lemma_ in {"persuade", "convince"} and passive  # "The judge was not persuaded."
        if mixed or divided or reacted or unmoved:
            return f"{subject.text} {verb.text}"
    # "The government declined to comment.", "Two firms have expressed interest.": on what, in what, is
    # in an earlier sentence.
    for token in ordered:
        silent = token.lemma_ == "comment" and token.dep_ == "xcomp" and token.head.lemma_ in DECLINING_LEMMAS
        interest = token.lemma_ == "interest" and token.dep_ == "dobj" and token.head.lemma_ == "express"
        if (silent or interest) and not any(c.dep_ in {"prep", "dobj", "ccomp"} for c in token.children):
            return f"{token.head.text} {token.text}"
    return None


def _elliptical_answer(ordered: list[Any]) -> str | None:
    """ "We are not.", "There isn't.", "It did not.": an answer whose verb leaves out what it denies; the
    question is in an earlier sentence."""
    kept = {t.i for t in ordered}
    for verb in ordered:
        if verb.lemma_ not in {"be", "do", "have"} or verb.dep_ not in {"ROOT", "ccomp", "conj"}:
            continue
        children = [c for c in verb.children if c.i in kept and not c.is_punct]
        deps = {c.dep_ for c in children}
        if "neg" in deps and deps & {"nsubj", "expl"} and deps <= {"nsubj", "expl", "neg", "aux"}:
            return f"{verb.text} not"
    return None


def _unnamed_possessive(token: Any, named_before: bool, person_before: bool, named: bool) -> bool:
    """ "Its activity", "their homes", "our staff" with nothing in the claim saying whose."""
    lower = token.lower_
    if lower not in POSSESSIVES:
        return False
    if lower != "its" and any(c.dep_ == "appos" for c in token.head.children):
        return False  # "Her neighbour, Tariq Hussain, said …" names who; "Its chair, X" leaves whose open
    if lower == "our":
        return not named
    return not (person_before if lower in {"his", "her"} else named_before)


def _person_subject_ahead(token: Any, ordered: list[Any]) -> bool:
    """ "In her report, Ms Carruthers recommended …": a "his" or "her" before a named subject outside its
    own phrase points ahead to that subject (decontext leaves such a possessive as written)."""
    if token.lower_ not in {"his", "her"}:
        return False
    subjects = [
        t
        for t in ordered
        if t.dep_ in {"nsubj", "nsubjpass"} and (t.ent_type_ == "PERSON" or t.tag_ in {"NNP", "NNPS"})
    ]
    return named_ahead(token, subjects)


def _leaning_argument(
    token: Any, named_before: bool, person_before: bool, names: set[str], clause_before: bool
) -> str | None:
    """The words of one subject or object that lean on an earlier sentence, if they do."""
    lower = token.lower_
    if lower in PERSON_PRONOUNS and token.tag_ == "PRP":
        return None if person_before else token.text
    # "that" opening a clause is a complementiser (tagged IN), not a reference.
    # A subject "that" of a main clause is a demonstrative even where the parser tags it a relative pronoun
    # ('"On Friday morning, that starts to change."').
    misread_relative = (
        token.tag_ == "WDT" and token.head.dep_ != "relcl" and token.dep_ in {"nsubj", "nsubjpass"}
    )
    if lower in DEMONSTRATIVES and (token.tag_ == "DT" or misread_relative):
        # "The Treasury disputed this", "Tunisia rejected that": a demonstrative standing alone points at
        # something said before, not at a noun of its own clause, unless an earlier clause of the claim is
        # what it means; "those who voted" says who it means. "Those of Hessler gained 3 per cent" stands
        # for a noun of another sentence or clause ("shares").
        restricted = any(
            c.dep_ in {"relcl", "acl"} or c.dep_ == "prep" and c.lower_ != "of" for c in token.children
        )
        return None if restricted or clause_before else token.text
    if lower in REFERRING_PRONOUNS and token.tag_ in {"PRP", "DT"}:
        return None if named_before else token.text
    if lower in FIRST_PERSON_PLURAL:
        return None if names else token.text  # a quote's "we" whose speaker is in another sentence
    if token.dep_ in {"dobj", "pobj"}:
        # "… ahead of that trust", "approved these changes": a demonstrative object points back too,
        # unless it says which ("those who voted") or is a time ("that week" is handled with the others);
        # so does a bare content-free one ("supported the change", "a share of the money").
        shown = [c for c in token.children if c.dep_ == "det" and c.lower_ in DEMONSTRATIVES]
        restricted = any(c.dep_ in {"relcl", "acl", "prep"} for c in token.children)
        if shown and token.pos_ == "NOUN" and token.lemma_.lower() not in TIME_NOUNS and not restricted:
            return f"{shown[0].text} {token.text}"
        bare = [c.lower_ for c in token.children if not c.is_punct] == ["the"]
        if bare and token.lemma_.lower() in ANAPHORIC_NOUNS:
            return f"the {token.text}"
        return None
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    modifiers = {c.dep_ for c in token.children}
    determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
    # "This line changes that", "Specifics on these developments were not disclosed": a demonstrative
    # anywhere in the subject points back at an earlier sentence.
    for noun in token.subtree:
        shown = [c for c in noun.children if c.dep_ == "det" and c.lower_ in DEMONSTRATIVES]
        if shown and noun.pos_ in {"NOUN", "PROPN"} and noun.lemma_.lower() not in TIME_NOUNS:
            return f"{shown[0].text} {noun.text}"
    base_given = "prep" in modifiers or any(
        t.lower_ in {"of", "among"} and t.i < token.i for t in token.head.subtree
    )
    if (lower in QUANTIFIERS or token.pos_ == "NUM" or lower in {"cent", "percent"}) and not base_given:
        return str(token.text)  # "Both spoke", "230 had been destroyed", "7 per cent said": of what?
    identified = modifiers & {"compound", "amod", "prep", "appos", "relcl", "acl", "nummod", "poss"}
    lemma = token.lemma_.lower()
    if identified:
        return None
    if determiners == {"the"} and lemma in ANAPHORIC_NOUNS:
        return f"the {token.text}"
    if determiners & {"a", "an", "the"} and lemma in SPOKESPEOPLE and "ORG" not in names:
        return f"{next(iter(determiners))} {token.text}"
    return None


def _dropped_condition(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    provisional = _provided_condition(sentence, kept)
    if provisional is not None:
        return provisional
    for token in sentence:
        if token.dep_ != "mark" or token.lower_ not in CONDITION_MARKS:
            continue
        verb = token.head
        # The mark governs its verb's coordinated verbs too: "whether it could be produced and used".
        joined = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
        if token.i not in kept and any(v.i in kept for v in [verb, *joined]):
            return f'the condition "{token.text}" was cut from its clause'
        # A clause split off from inside a kept condition takes part of the condition with it.
        if token.i in kept and any(t.i not in kept and not t.is_punct for t in verb.subtree):
            return f'part of the "{token.text}" condition was cut'
        if verb.dep_ == "advcl" and verb.head.i in kept and verb.i not in kept:
            return f'its "{token.text}" condition was left out'
        # "If the findings are upheld, he could be dismissed and be stripped of …": a condition put first
        # governs the verbs coordinated with the one it hangs on.
        if (
            verb.dep_ == "advcl"
            and verb.i < verb.head.i
            and verb.i not in kept
            and any(c.i in kept for c in verb.head.conjuncts if c.i > verb.head.i)
        ):
            return f'the "{token.text}" condition put before it was left out'
        # "Cole thinks it could, but only if it stops …", the condition parsed as a conjunct: it still
        # conditions what it is joined to.
        if verb.dep_ == "conj" and verb.head.i in kept and verb.i not in kept and verb.i > verb.head.i:
            return f'the "{token.text}" condition joined to it was left out'
    return None


def _provided_condition(sentence: Any, kept: set[int]) -> str | None:
    """ "…, providing the sale went through by March": the parser makes "provided" or "providing" a verb, a
    preposition or a subject, never the mark it is, so the condition is read off the words: from it to the
    next comma or the end. A clause keeps all of them or none, and all of them only with the word before."""
    for token in sentence:
        if token.lower_ not in {"provided", "providing"} or not _conjunction_use(token):
            continue
        span = []
        for word in sentence[token.i - sentence.start :]:
            if word.i > token.i and word.text in {",", ";", ".", ":"}:
                break
            if not word.is_punct:
                span.append(word.i)
        held = [i for i in span if i in kept]
        if held and len(held) < len(span):
            return f'part of the "{token.text}" condition was cut'
        before = [t.i for t in sentence if t.i < token.i and not t.is_punct]
        if before and not held and before[-1] in kept:
            return f'its "{token.text}" condition was left out'
        if before and held and before[-1] not in kept:
            return f'the "{token.text}" condition was split from what it conditions'
    return None


def _conjunction_use(token: Any) -> bool:
    """ "…, provided that …", "…, providing the sale went through": after a comma, "only" or "but", with no
    subject or auxiliary of its own ("the council is providing the funding") and not "provided by …"."""
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > 0 else ""
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    own = any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in token.children)
    return before in {",", "only", "but"} and after not in {"by", "to", "for", "with", "."} and not own


def _dropped_qualifier(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    for token in clause.tokens:
        if token.pos_ not in {"VERB", "AUX"}:
            continue
        for child in token.children:
            if child.i in kept:
                continue
            if child.dep_ == "neg":
                return f'the negation "{child.text}" was left out'
            if child.dep_ in {"aux", "auxpass"} and child.tag_ == "MD":
                return f'the modal "{child.text}" was left out'
    return None


def _generic_relative(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """ "A club that breaches the cap could be relegated": a relative clause restricting the indefinite
    subject of a hypothetical clause is a condition. Split off, it would state the condition as fact ("A club
    breaches the cap") and leave the main clause without it ("A club could be relegated")."""
    nouns = [t for t in clause.tokens if any(c.dep_ == "relcl" for c in t.children)]
    if clause.kind == "relative":
        nouns.append(clause.head.head)
    for noun in nouns:
        relative = next(c for c in [*noun.children, clause.head] if c.dep_ == "relcl")
        if clause.kind != "relative" and relative.i in kept:
            continue
        indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an", "any", "every"} for c in noun.children)
        modal = any(
            c.dep_ in {"aux", "auxpass"} and c.lower_ in HYPOTHETICAL_MODALS for c in noun.head.children
        )
        if noun.dep_ in {"nsubj", "nsubjpass"} and indefinite and modal:
            return f'the condition on "{noun.text}" ({relative.text} …) was split from its clause'
        # "he would have to issue a formal notice that stops all spending": a thing that exists only in what
        # someone would or will do; its relative clause asserted alone says "A formal notice stops …".
        # ("… a notice, which would halt all spending" keeps its own "would".)
        if (
            clause.kind == "relative"
            and noun.dep_ in {"dobj", "attr"}
            and indefinite
            and _under_modal(noun.head)
            and not _under_modal(relative)
        ):
            return f'"{noun.text}" ({relative.text} …) exists only under a modal verb'
    return None


def _under_modal(verb: Any) -> bool:
    """Whether the verb, or a verb it is the infinitive of ("would have to issue"), has a modal."""
    while True:
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in HYPOTHETICAL_MODALS for c in verb.children):
            return True
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return False
        verb = verb.head


def _dropped_frame(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    # Up from the clause to a reporting verb it hangs from. A clause coordinated with the reporting verb
    # itself ("X said A, and B happened") may be no one's speech; the sentence stands in for it all the same,
    # which is faithful either way.
    # "A director siphoned off £2.3m, a jury heard on Monday": the parser coordinates the reported clause
    # with a reporting verb that has no complement of its own; cut apart, the allegation reads as fact.
    for verb in (clause.head, *(c for c in clause.head.children if c.dep_ == "conj")):
        partner = verb.head if verb is clause.head and verb.dep_ == "conj" else verb
        if partner is clause.head:
            continue
        if _bare_report(partner) and partner.i not in kept:
            subject = next(c for c in partner.children if c.dep_ in {"nsubj", "nsubjpass"})
            return f'the attribution "{subject.text} {partner.text}" was left out'
    # An appeal the parser hung on the reported clause is the speaker's act, coordinated with the report.
    node = clause.head.head.head if speaker_act(clause.head) else clause.head
    while node.head.i != node.i:
        parent = node.head
        if node.dep_ in {"ccomp", "advcl", "conj"} and parent.lemma_ in ATTRIBUTING_LEMMAS:
            # A frame that reports (it has a clausal complement) and names who speaks or is told: "it is said
            # that" is a hedge the decomposition drops on purpose, "are found in the cells" reports nothing.
            subject = next((c for c in parent.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            reports = any(c.dep_ == "ccomp" for c in parent.children)
            # "It is said that …" hedges; "It said that …" (the report, the agency) attributes.
            hedge = subject is not None and subject.lower_ == "it" and subject.dep_ == "nsubjpass"
            if reports and subject is not None and not hedge and parent.i not in kept:
                return f'the attribution "{subject.text} {parent.text}" was left out'
        # "Until then, he said, the homes would keep …, although the firm would not …": a speech tag set
        # inside the clause a split one hangs on covers the split one too.
        if node.dep_ in {"advcl", "conj"}:
            for tag in parent.children:
                if tag.dep_ != "parataxis" or tag.lemma_ not in REPORTING_LEMMAS or tag.i in kept:
                    continue
                subject = next((c for c in tag.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if subject is not None:
                    return f'the attribution "{subject.text} {tag.text}" was left out'
        # "She said the hospital in Arrequín, which has 80 beds, was treating …" with "hospital" parsed as the
        # object of "said": what one says is no noun, so that noun is the reported clause's subject, and a
        # relative clause on it is part of the report.
        if node.dep_ == "dobj" and parent.lemma_ == "say" and parent.i not in kept:
            subject = next((c for c in parent.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                return f'the attribution "{subject.text} {parent.text}" was left out'
        # "said in a statement that it had … and had recovered £96,000": the parser hangs the reported
        # clause on the speech noun ("a statement that …"), whose verb still frames it.
        if (
            node.dep_ in {"acl", "relcl"}
            and parent.pos_ == "NOUN"
            and any(c.dep_ == "mark" for c in node.children)
        ):
            # Up the nouns and prepositions to the verb: "said in a joint letter to the authority that …"
            # hangs the clause on "authority".
            verb = parent.head
            while verb.pos_ in {"NOUN", "PROPN", "ADP"} and verb.head.i != verb.i:
                verb = verb.head
            if verb.lemma_ in ATTRIBUTING_LEMMAS and verb.i not in kept:
                return f'the attribution "{verb.text} … {parent.text}" was left out'
        node = parent
    # "X said that hackers had taken the numbers of 4.2 million customers in an attack that went undetected":
    # a relative clause standing inside the reported clause is part of the report, however the parser hangs
    # the words between.
    root = sentence.root
    if clause.kind == "relative" and root.lemma_ in ATTRIBUTING_LEMMAS and root.i not in kept:
        reported = [c for c in root.children if c.dep_ == "ccomp" and c.i > root.i]
        if any(c.left_edge.i < clause.head.i for c in reported):
            subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                return f'the attribution "{subject.text} {root.text}" was left out'
    # "… had been switched off or was faulty …, according to the regulator's report": the source hangs on
    # the first verb and covers its coordinated ones.
    for token in sentence:
        if token.lower_ != "according" or token.dep_ != "prep" or token.i in kept:
            continue
        verb = token.head
        if clause.head.i != verb.i and clause.head in verb.conjuncts:
            return 'the attribution "according to …" was left out'
    return None


def _ambiguous_which(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """ "… finance director of Meadowbank Care Ltd, which ran five care homes": a "which" clause may belong to
    the named body right before it as well as to the noun the parser hung it on; split off with the wrong
    one it says the director ran the homes. The sentence keeps the reading open."""
    if clause.kind != "relative":
        return None
    relative = clause.head
    antecedent = relative.head
    # A restrictive "that" binds to its noun ("a meeting in Riyadh that resulted in …"); a "which" after a
    # comma may belong to either, a body or a place ("Residents of Cole Lane, which flooded in 2014").
    pronoun = next((c for c in relative.children if c.lower_ == "which" and c.tag_ == "WDT"), None)
    if pronoun is None or pronoun.i == 0 or pronoun.doc[pronoun.i - 1].text != ",":
        return None
    nearer = [
        t
        for t in antecedent.subtree
        if antecedent.i < t.i < pronoun.i
        and t.dep_ == "pobj"
        and (t.ent_type_ in {"ORG", "NORP", "GPE", "FAC", "LOC"} or t.pos_ == "PROPN")
        and relative.i not in {a.i for a in t.ancestors}
    ]
    if nearer:
        return f'"{pronoun.text}" may belong to "{nearer[-1].text}" rather than "{antecedent.text}"'
    # "a separate consultation on teacher workload, which closes on 30 September": a "which" after a noun
    # inside another noun's phrase may be about either.
    preposition = antecedent.head
    if (
        antecedent.pos_ == "NOUN"
        and antecedent.dep_ == "pobj"
        and preposition.lower_ != "of"
        and preposition.head.pos_ == "NOUN"
    ):
        return f'"{pronoun.text}" may belong to "{preposition.head.text}" rather than "{antecedent.text}"'
    # "Residents of Mill Lane, which flooded …" and "Friends of the Dales, which submitted …": whether the
    # capital that opens the sentence starts a name ("Friends of the Dales") or only the sentence, the
    # parse does not say, nor so which the clause is about.
    if (
        antecedent.dep_ == "pobj"
        and preposition.lower_ == "of"
        and preposition.head.i == preposition.sent.start
        and preposition.head.pos_ == "NOUN"
    ):
        outer = f"{preposition.head.text} of {antecedent.text}"
        return f'"{pronoun.text}" may belong to "{outer}" or to "{antecedent.text}"'
    return None


def _report_inside_report(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """ "She said the trust would receive a share, but did not say how much": a reporting verb with no
    subject of its own, coordinated inside what someone reports, is more likely the speaker's own act; given
    the reported clause's subject it says "the trust did not say how much"."""
    head = clause.head
    if head.dep_ != "conj" or head.lemma_ not in ATTRIBUTING_LEMMAS:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        return None
    inner = head.head
    if inner.dep_ == "ccomp" and inner.head.lemma_ in ATTRIBUTING_LEMMAS:
        return f'"{head.text}" may be said of "{inner.head.text}"\'s speaker, not of the reported clause'
    return None


def _stray_name(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """A person's name the parser hung on a verb as a bare adverbial ("Sorensen was on 14 per cent and the
    independent candidate, former police chief Ray Cullen, was on 11 per cent" with "Cullen" on the first
    "was"): the parse lost whose clause is whose, and clauses built from it give one person's figure to
    another. The sentence as written keeps them apart."""

    def stray(token: Any) -> bool:
        return (
            token.dep_ in {"npadvmod", "dep"}
            and token.ent_type_ == "PERSON"
            and token.head.pos_ in {"VERB", "AUX"}
        )

    for token in clause.tokens:
        if stray(token):
            return f'"{token.text}" hangs on "{token.head.text}" with no role in its clause'
    # The coordinated verb after such a name has lost it as its subject and borrowed the first clause's.
    head = clause.head
    if head.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        governor = head.head
        between = [c for c in governor.children if governor.i < c.i < head.i and stray(c)]
        if between:
            return f'"{between[0].text}" is more likely the subject of "{head.text}" than the borrowed one'
    return None


def _who_on_a_thing(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """A "who" clause the parser hung on an organisation or place inside a person's description
    ("Professor Dahlgren, a biologist at the Institute for Polar Research, who was not involved in the
    study, said …"): "who" speaks of the person, and a clause built on the institute says it of the
    institute."""
    for verb in (t for t in clause.tokens if t.dep_ == "relcl"):
        pronoun = any(c.lower_ in {"who", "whom"} for c in verb.children)
        antecedent = verb.head
        if not pronoun:
            continue
        # "A former treasurer of a hospice charity who stole £1.4m": "who" may speak of the noun the "of"
        # hangs on; split off with the nearer noun it gives the person's act to the charity.
        # So may "Islanders on Port Ellan, who …", and "enrolled 4,860 patients in 19 countries, who were
        # given …" the verb's person-like object before the phrase.
        owner = antecedent.head.head if antecedent.dep_ == "pobj" and antecedent.head.pos_ == "ADP" else None
        if owner is not None and owner.pos_ in {"VERB", "AUX"}:
            owner = next(
                (c for c in owner.children if c.dep_ == "dobj" and c.i < antecedent.i and _person_like(c)),
                None,
            )
        split_off = clause.kind == "relative" and verb.i == clause.head.i
        if split_off and owner is not None and _person_like(owner) and not _a_person(antecedent):
            return f'"who" may belong to "{owner.text}" rather than "{antecedent.text}"'
        if antecedent.ent_type_ not in THING_LABELS:
            continue
        if any(a.ent_type_ == "PERSON" or a.dep_ == "appos" for a in antecedent.ancestors):
            return f'"who" hangs on "{antecedent.text}", which is no person'
    return None


def _a_person(noun: Any) -> bool:
    """A noun that names a person: a name, a role ("the agent", "a spokesman") or someone's ("Mr Haddad's
    agent")."""
    if noun.ent_type_ == "PERSON" or noun.lemma_.lower() in OFFICE_WORDS | PERSON_ROLES | SPOKESPEOPLE:
        return True
    return any(c.dep_ == "poss" and (c.ent_type_ == "PERSON" or c.tag_ == "NNP") for c in noun.children)


def _person_like(noun: Any) -> bool:
    """A common noun that may name a person: a role, or a word formed like one ("treasurer", "economist",
    "accountant"); not "the story of a priest who …"."""
    if noun.pos_ != "NOUN":
        return False
    return (
        _a_person(noun)
        or noun.lower_.endswith(PERSON_SUFFIXES)
        or noun.lemma_.lower().endswith(PERSON_SUFFIXES)
    )


def _bare_report(verb: Any) -> bool:
    """An active reporting verb with a subject and nothing it reports ("a jury … heard on Monday"); a
    passive one ("appeals would be heard", "£210m had been announced") reports nothing."""
    if verb.lemma_ not in ATTRIBUTING_LEMMAS:
        return False
    children = {c.dep_ for c in verb.children}
    active = "nsubj" in children and "auxpass" not in children
    return active and not children & {"ccomp", "dobj", "xcomp", "attr"}


def _crossing_apposition(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """An apposition parsed onto a noun across the verb ("The report identified four causes: a shortage …"
    with "shortage" hung on "report") is a parse error; building the clause from it moves the list in
    front of the verb. The sentence as written says it right."""
    for token in clause.tokens:
        head = token.head
        if token.dep_ != "appos" or head.i not in kept:
            continue
        low, high = sorted((head.i, token.i))
        own = {t.i for t in head.subtree}
        if any(low < i < high and i not in own and not token.doc[i].is_punct for i in kept):
            return f'"{token.text}" is an apposition of "{head.text}" across the words between them'
        # "Harrowgate Homes, which bought the site from the transport authority, Vale Transit, in 2021" with
        # "Vale Transit" hung on "Homes": a name after a relative clause the cut removed most likely names
        # something inside it, and kept alone it renames the wrong noun.
        # So does one after a relative clause cut from a noun of the head's own phrase ("A treasurer of a
        # charity who stole … to pay for holidays, a racehorse and a villa", the list hung on "treasurer").
        if any(c.dep_ == "relcl" and c.i not in kept and head.i < c.i < token.i for c in head.subtree):
            return f'"{token.text}" stands after the relative clause cut from "{head.text}"'
    return None


def _quote_cut_from_its_tag(clause: Clause, sentence: Any, kept: set[int]) -> str | None:
    """'The arrangement was known about, it was agreed, and it was written down," Mr Sethna told the court.'
    parsed with "told" coordinated to "agreed": a clause made only of quoted words, cut from the speech tag
    outside the quotation, states the speaker's words as fact."""
    quoted = quoted_tokens(sentence)
    words = [t for t in clause.tokens if not t.is_punct]
    if not quoted or not words or any(t.i not in quoted for t in words):
        return None
    tags = [
        t
        for t in sentence
        if t.i not in quoted
        and t.lemma_ in ATTRIBUTING_LEMMAS
        and t.pos_ in {"VERB", "AUX"}
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children)
    ]
    if tags and not any(t.i in kept for t in tags):
        return f'a quotation cut from "{tags[0].text}"'
    return None


def _first_person_cut_from_its_quote(clause: Clause, sentence: Any, kept: set[int]) -> str | None:
    """'"We have listened to residents and changed the design," she said' cut into "Priya Lalvani said that
    we changed the design": a quotation's "we" or "I" read as reported speech is no longer the speaker's,
    and the part of the quotation left out may be what it hangs on. The sentence as written keeps it."""
    words = [t for t in sentence if not t.is_punct]
    if all(t.i in kept for t in words):
        return None
    quoted = quoted_tokens(sentence)
    first_person = [t for t in clause.tokens if t.i in quoted and t.lower_ in FIRST_PERSON]
    tagged = any(t.i not in quoted and t.lemma_ in ATTRIBUTING_LEMMAS for t in clause.tokens)
    if first_person and tagged:
        return f'the quotation\'s "{first_person[0].text}" was cut into reported speech'
    return None


def _quotation_cut_into_reported_speech(clause: Clause, sentence: Any, kept: set[int]) -> str | None:
    """'"Each week, the answer came back from head office: keep it open," he told the inquiry' cut into "He
    told the inquiry that each week, the answer came back from head office": a speech tag given part of its
    quotation, with a verb of the quotation left out, reports less than the speaker said and may lose
    what the kept part hangs on."""
    quoted = quoted_tokens(sentence)
    # The tag reports the quotation itself, not a paraphrase with quoted phrases in it ('said it had
    # received "a conditional proposal" and was "considering its options"').
    tagged = any(
        t.i not in quoted
        and t.lemma_ in ATTRIBUTING_LEMMAS
        and any(c.dep_ == "ccomp" and c.i in quoted for c in t.children)
        for t in clause.tokens
    )
    if not tagged or not any(t.i in quoted and not t.is_punct for t in clause.tokens):
        return None
    dropped = next(
        (t for t in sentence if t.i in quoted and t.i not in kept and t.pos_ in {"VERB", "AUX"}), None
    )
    return None if dropped is None else f'the quotation was cut at "{dropped.text}"'


def _fragment(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    inside = {t.i for t in clause.head.subtree}
    for token in clause.tokens:
        if token.i not in inside or token.i == clause.head.i or token.dep_ in DETACHABLE_DEPS:
            continue
        # "the domestication and breeding of cattle": an "of" phrase on the first item goes with each.
        shared = token.lower_ == "of" and any(c.i in kept for c in token.head.conjuncts)
        # A relative clause after a list, which the decomposition gives to the last item.
        shared |= token.dep_ in {"relcl", "acl"} and any(
            c.i in kept and c.i < token.i and c.i == max(d.i for d in token.head.conjuncts)
            for c in token.head.conjuncts
        )
        if token.head.i not in kept and not shared:
            return f'"{token.text}" was kept without "{token.head.text}"'
    # 'described a "pattern of neglect", a phrase that did not appear in the final version' cut to "…, a
    # phrase.": an apposition that says nothing without its relative clause.
    for token in clause.tokens:
        cut = [c for c in token.children if c.dep_ == "relcl" and c.i not in kept]
        rest = [c for c in token.children if c.i in kept and c.dep_ not in {"det", "punct"}]
        if token.dep_ == "appos" and cut and not rest:
            return f'the apposition "{token.text}" was kept without its relative clause'
    # A word the tokenizer split ("co-author", "al-Tarhuni") is kept whole or not at all.
    for left, right in zip(sentence, sentence[1:], strict=False):
        glued = not left.whitespace_ and (left.i in kept) != (right.i in kept)
        if glued and not ({left.text, right.text} & EDGE_MARKS) and not right.text.startswith("'"):
            return f'"{left.text}{right.text}" was cut inside the word'
    # A reporting verb kept without what it reports ("A jury at Bristol Crown Court heard on Monday."; "The
    # paper reports the authors say.", where the inner "say" lost its report).
    head = clause.head
    for verb in (t for t in clause.tokens if t.i in inside and t.lemma_ in ATTRIBUTING_LEMMAS):
        reported = [c for c in verb.children if c.dep_ in {"ccomp", "dobj", "xcomp", "attr"}]
        speech = [t.i for c in reported if c.dep_ == "ccomp" for t in c.subtree]
        # '"…," he told the inquiry' cut to "He told the inquiry.": whom it was told to is no report.
        if speech and not kept.intersection(speech):
            return f'"{verb.text}" was kept without what it reports'
        if not reported and verb.dep_ == "relcl" and verb.lemma_ in REPORTING_LEMMAS:
            return f'"{verb.text}" reports nothing'  # "The paper reports the authors say."
    # "…, the paper reports, which the authors say shows that …": a "which X say" cut away takes with it
    # who makes the claim that follows.
    for token in clause.tokens:
        for relcl in (c for c in token.children if c.dep_ == "relcl" and c.i not in kept):
            named = any(
                c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in {"which", "that", "who"}
                for c in relcl.children
            )
            if (
                relcl.lemma_ in REPORTING_LEMMAS
                and named
                and not any(c.dep_ == "ccomp" for c in relcl.children)
            ):
                return f'the attribution "{relcl.text}" was cut away'
    if head.dep_ == "conj" and _bare_report(head):
        return f'"{head.text}" is kept apart from the clause it reports'
    # A question's words stated as a claim ("Has Labour got what to show.").
    if "?" in sentence.text and any(t.tag_ in {"WP", "WDT", "WRB"} for t in clause.tokens):
        return "it is cut from a question"
    # A clause opening on a relative pronoun ("Who is not standing again.") lost what the pronoun stands for;
    # read from the rendered text, where a "whose" already stands replaced by its owner.
    # So did a reported one ("He said that who had no care package"), and an indirect question cut from
    # what governs it ("Why the ferry had been allowed to sail." from "It was not clear why …").
    rendered = clause.text.lower().split()
    opening = rendered[0] if rendered else ""
    # "The board said on Monday that whose vessel hit the pier": a relative clause set after a frame's "that".
    pairs = zip(rendered, rendered[1:], strict=False)
    if any(a == "that" and b in {"who", "whom", "whose", "which"} for a, b in pairs):
        return 'a relative clause is set after its frame\'s "that"'
    if opening in {"who", "which", "whom", "whose", "why"}:
        return f'it opens on "{opening}"'
    after_that = next((w for a, w in zip(rendered, rendered[1:], strict=False) if a == "that"), "")
    if after_that in {"who", "which", "whom"}:
        return f'its reported clause opens on the relative pronoun "{after_that}"'
    # The cut put a word beside itself ("said that that records …" from "said … and that records …").
    for left, right in zip(rendered, rendered[1:], strict=False):
        if left == right and left.isalpha() and f"{left} {right}" not in sentence.text.lower():
            return f'"{left} {right}" repeats a word the sentence does not repeat'
    trailing = [t for t in clause.tokens if not t.is_punct]
    if trailing and trailing[-1].dep_ == "cc":
        return f'it ends on "{trailing[-1].text}"'
    # A "but" or "and" kept while everything it joins is cut ("We are working to reach every community,
    # but, …"; '"We admit the same children every winter, and," she said').
    for token in clause.tokens:
        if token.dep_ != "cc" or token.lower_ not in {"but", "yet", "and", "or"}:
            continue
        joined = [c for c in token.head.children if c.dep_ == "conj" and c.i > token.i]
        if not joined or any(c.i in kept for c in joined):
            continue
        if token.lower_ in {"but", "yet"}:
            return f'"{token.text}" was kept without what it joins'
        # An "and" may stand before an example that replaced its item ("the islands and Costa Rica"); it
        # dangles when the next word kept is no longer in its phrase ("every winter, and, she said").
        phrase = {t.i for t in token.head.subtree}
        after = sorted((t for t in clause.tokens if t.i > token.i), key=lambda t: t.i)
        following = [t for t in after if not t.is_punct]
        if following and following[0].i not in phrase or after and after[0].text in {",", ";", "."}:
            return f'"{token.text}" was kept without what it joins'
    # Words the cut brought together: a modifier right after a removed span now reads as attached to what
    # precedes the gap ("Zelensky, [whose forces … hold on territory] deemed vital" -> "Zelensky, deemed
    # vital"), which the parse may have got wrong and the reader will get wrong.
    # A list split ("visited Paris[, London and Rome] in May") cuts only coordinated items: no such risk.
    main = sorted((t for t in clause.tokens if t.i in inside), key=lambda t: t.i)
    for before, after in zip(main, main[1:], strict=False):
        gap = [t for t in sentence.doc[before.i + 1 : after.i] if not t.is_punct]
        listed = all(any(a.dep_ in {"conj", "cc"} for a in [t, *t.ancestors] if a.i > before.i) for t in gap)
        if gap and not listed and after.dep_ in MODIFIER_DEPS and after.head.i <= before.i:
            return f'"{after.text}" would modify "{after.head.text}" across a cut'
    return None


def _elliptical_possessive(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """ "Shares in Harvest fell 7 per cent, while Pennyway's rose 2 per cent": the split-off half's subject
    is a bare possessive whose noun ("shares") is in the other half. A name that ends in "'s" ("Pennyway's
    said …") is told apart by the other half's subject: a common noun that the possessive stands in for."""
    if clause.kind not in {"adverbial", "coordinated"}:
        return None
    subject = next((c for c in clause.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or not any(c.dep_ == "case" for c in subject.children):
        return None
    other = next((c for c in clause.head.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if other is None or other.pos_ != "NOUN":
        return None
    return f'"{subject.text}\'s" stands for the "{other.text}" of the other half'


def _subject_across_a_cut(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """ "64 people have died and 120,000 have been forced from their homes after rain caused flooding", kept
    as "64 people have died and caused flooding": a verb with no subject of its own, kept while a conjunct
    before it that has one is cut, is joined to a subject that is not its own."""
    for verb in clause.tokens:
        if verb.dep_ != "conj" or verb.pos_ not in {"VERB", "AUX"} or verb.head.i not in kept:
            continue
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            continue
        skipped = [
            c
            for c in verb.head.children
            if c.dep_ == "conj"
            and verb.head.i < c.i < verb.i
            and c.i not in kept
            and any(d.dep_ in {"nsubj", "nsubjpass"} for d in c.children)
        ]
        if skipped:
            return f'"{verb.text}" is joined to a subject the sentence does not give it'
    return None


def _counted_list_read_as_a_clause(clause: Clause, sentence: Any, kept: set[int]) -> str | None:  # noqa: ARG001
    """ "The line carries 60 passenger trains and 35 freight trains a day" parsed with "trains" as a verb
    whose subject is "35 freight": a list of counted nouns read as a second clause. Neither half stands: the
    first loses the rate, the second is no sentence."""
    for verb in [clause.head, *(c for t in clause.tokens for c in t.children if c.dep_ == "conj")]:
        if _counted_noun_as_verb(verb):
            return f'"{verb.text}" is a counted noun of a list, read as a verb'
    return None


def _counted_noun_as_verb(verb: Any) -> bool:
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or verb.tag_ != "VBZ":
        return False
    children = {c.dep_ for c in verb.children}
    if children & {"aux", "dobj", "attr", "prep", "ccomp", "xcomp", "acomp", "advcl"}:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    counted = subject is not None and (
        subject.pos_ == "NUM" or any(c.dep_ == "nummod" for c in subject.children)
    )
    parallel = any(
        c.dep_ == "dobj" and any(g.dep_ == "nummod" for g in c.children) for c in verb.head.children
    )
    return counted and parallel
