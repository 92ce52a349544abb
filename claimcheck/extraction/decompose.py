"""Decomposition of a parsed sentence into atomic clauses.

Works on spaCy's dependency parse. Coordinated clauses, concessive and causal adverbial clauses ("While Kyiv
disputes …"), relative clauses ("Obama, who served two terms"), appositions ("Obama, the 44th president"),
lists ("29 world leaders including X and Y") and coordinated objects become clauses of their own. Reported
speech stays attached to its source: "X said A and B" yields "X said A" and "X said B", never a bare "A".
Hedging frames that name no source ("it is thought that A", "it is important to note that A") are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimcheck.extraction.decontext import HONORIFICS, quoted_tokens
from claimcheck.extraction.render import Item, render

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
VERBAL_POS = frozenset({"VERB", "AUX"})
# Adverbial clauses that assert something on their own rather than qualify the main clause.
INDEPENDENT_MARKERS = frozenset({"while", "although", "though", "whereas", "because"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
# Words that open a time clause but that the parser often reads as a preposition of the noun after them.
CLAUSE_PREPOSITIONS = frozenset({"until", "till", "before"})
# Units of a rate ("35 trains a day").
RATE_NOUNS = frozenset({"day", "week", "month", "year", "hour", "night", "season", "term"})
# Words for a share of a group ("most of them"), which said after a list are of all its items.
GROUP_SHARES = frozenset({"most", "all", "many", "some", "none", "half", "both", "several", "each", "few"})
# Prepositions that often say more about a noun ("his share in the racehorse") than about the verb.
NOUN_PREPOSITIONS = frozenset({"in", "of", "with", "about", "over"})
# Words that open a subordinate clause, which its verb must close.
SUBORDINATORS = CLAUSE_PREPOSITIONS | frozenset(
    {"after", "when", "since", "because", "if", "unless", "once", "while", "as", "although", "though"}
)
REPORTING_LEMMAS = frozenset(
    {
        "say", "tell", "state", "announce", "reveal", "note", "acknowledge", "claim", "deny", "dispute",
        "reiterate", "insist", "warn", "confirm", "report", "suggest", "argue", "add", "accuse", "allege",
        "characterize", "describe", "write", "explain", "believe", "think", "estimate", "predict", "admit",
        "assert", "declare", "emphasize", "stress", "maintain", "contend", "promise", "pledge", "vow",
        "reply",
    }
)  # fmt: skip
SHARE_WORDS = frozenset({"most", "majority", "minority", "half", "bulk", "rest", "remainder"})
# Verbs of appeal and speech: what a speaker does beside reporting, never what a state or a forecast does.
SPEAKER_ACT_LEMMAS = REPORTING_LEMMAS | frozenset({"urge", "call", "appeal", "ask", "demand", "plead"})
# Frames that name no source and only hedge or flag what follows.
HEDGE_LEMMAS = frozenset(
    {"think", "believe", "know", "say", "estimate", "report", "expect", "consider", "note", "remember",
     "mention", "understand", "agree", "accept", "suggest", "recognize"}
)  # fmt: skip
FLAG_LEMMAS = frozenset({"keep", "note", "remember", "consider", "notice", "bear", "mind"})
HEDGE_ADJECTIVES = frozenset({"important", "worth", "notable", "noteworthy", "clear", "true", "known"})
# Coordinated nouns under these words name one relation between them, not several facts.
SYMMETRIC_WORDS = frozenset(
    {
        "between", "among", "amongst", "amid", "meet", "merge", "combine", "mix", "compare", "connect",
        "link", "limit", "restrict", "confine",
        "unite", "marry", "join", "separate", "divide", "negotiate", "sign", "collaborate", "cooperate",
        "together", "relation", "relationship", "talk", "war", "conflict", "difference", "ratio", "tie",
        "each", "both", "respectively", "alliance", "agreement", "deal", "partnership", "share", "split",
    }
)  # fmt: skip
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Leading connectives and discourse adverbs dropped from the start of a clause.
LEADING_DROP_DEPS = frozenset({"cc", "mark", "punct", "preconj"})
DISCOURSE_ADVERBS = frozenset(
    {
        "however", "meanwhile", "moreover", "also", "still", "yet", "nevertheless", "therefore", "thus",
        "hence", "additionally", "furthermore", "overall", "consequently", "indeed", "instead", "accordingly",
        "so", "then", "finally", "ultimately", "similarly", "likewise", "besides", "otherwise", "nonetheless",
    }
)  # fmt: skip
MAX_LIST_ITEMS = 8


@dataclass(frozen=True, slots=True)
class Clause:
    """An atomic clause: its rendered text, the head that governs it and the tokens it was made from."""

    text: str
    head: Any  # spacy.tokens.Token
    tokens: tuple[Any, ...]
    has_subject: bool
    kind: str  # main, coordinated, adverbial, relative, apposition, list item, reported


@dataclass(frozen=True, slots=True)
class _Head:
    token: Any
    kind: str
    borrowed: Any | None = None  # a subject (or relative antecedent) lent by another clause
    frame: Any | None = None  # the reporting verb whose speech this clause is part of


def _subject_of(token: Any) -> Any | None:
    """The verb's subject. Of two (a misparse), not a dateline's place ("MARENZA, March 5 (Wire) - The
    central bank raised …") nor a relative pronoun that is the object ("a sum that, she said, it could not
    meet")."""
    subjects = [child for child in token.children if child.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        subjects = [s for s in subjects if not _dateline_place(s) and s.lower_ not in RELATIVE_PRONOUNS]
    return next(iter(subjects), None)


def _dateline_place(token: Any) -> bool:
    return bool(token.pos_ == "PROPN" and token.is_upper and len(token) > 1 and token.i == token.sent.start)


def _children(token: Any, deps: frozenset[str] | set[str]) -> list[Any]:
    return [child for child in token.children if child.dep_ in deps]


def _is_reporting(token: Any) -> bool:
    return bool(
        token.lemma_ in REPORTING_LEMMAS and _children(token, {"ccomp"}) and _subject_of(token) is not None
    )


def content_root(root: Any) -> Any:
    """The clause a hedging frame introduces ("it is thought that A" -> A), else the root itself.

    A root without a subject that is no imperative (a participle the parser mistook for the main verb)
    gives way to a clausal complement that has one.
    """
    subject = _subject_of(root)
    if subject is None and root.tag_ in {"VBN", "VBG"} and not _children(root, {"aux", "auxpass"}):
        for child in root.children:
            if (
                child.dep_ in {"ccomp", "conj"}
                and child.pos_ in VERBAL_POS
                and _subject_of(child) is not None
            ):
                return child
        return root
    impersonal = subject is None and root.tag_ == "VB" or subject is not None and subject.lower_ == "it"
    if not impersonal:
        return root
    carriers = [root]
    if root.lemma_ == "be" and any(c.lower_ in HEDGE_ADJECTIVES for c in _children(root, {"acomp", "attr"})):
        carriers.extend(_children(root, {"xcomp", "ccomp"}))
    elif root.lemma_ not in HEDGE_LEMMAS:
        return root
    for carrier in carriers:
        if carrier.i != root.i and carrier.lemma_ not in HEDGE_LEMMAS:
            continue
        for child in carrier.children:
            if child.dep_ == "ccomp" and child.pos_ in VERBAL_POS and _subject_of(child) is not None:
                return child
    return root


def _reporting_frame(token: Any, heads: dict[int, _Head]) -> Any | None:
    """The reporting clause head whose ccomp contains `token`, if it is a clause of its own."""
    node = token
    while node.head.i != node.i:
        if node.dep_ == "ccomp" and node.head.i in heads and _is_reporting(node.head):
            return node.head
        if node.i in heads and node.i != token.i:
            return None
        node = node.head
    return None


def _split_heads(sentence: Any, root: Any) -> list[_Head]:
    """Clause heads of the sentence whose main clause is `root`, in sentence order.

    Outside `root`'s subtree (a hedging frame, a misparsed participle) only adverbial clauses count.
    """
    heads: dict[int, _Head] = {root.i: _Head(root, "main")}
    inside = _subtree_ids(root)
    for token in sentence:
        if token.i == root.i or token.pos_ not in VERBAL_POS:
            continue
        if token.i not in inside and token.dep_ != "advcl":
            continue
        if _is_flag(token):
            # "… but keep in mind that A": the imperative is dropped, A becomes a clause of its own.
            heads[token.i] = _Head(token, "flag")
            for child in _children(token, {"ccomp"}):
                heads[child.i] = _Head(child, "coordinated")
        elif token.dep_ == "ccomp" and token.head.i in heads and heads[token.head.i].kind == "flag":
            continue
        elif (
            token.dep_ == "ccomp" and _semicolon_between(token, token.head) and not _is_reporting(token.head)
        ):
            if _subject_of(token) is not None:
                heads[token.i] = _Head(token, "coordinated")
        elif token.dep_ == "conj" and token.head.pos_ in VERBAL_POS:
            if _clause_preposition_before(token) or _disjoined(token.head, token):
                continue
            if _subject_of(token) is not None or _subject_on_auxiliary(token):
                heads[token.i] = _Head(token, "coordinated")
            elif (
                (subject := _subject_of(_conjoined_verb(token))) is not None
                and token.head.dep_ != "xcomp"
                and _coordinator_between(token.head, token)
                and not _participle_without_auxiliary(token)
                and not _continues_a_nearer_verb(token)
                and not _past_a_subject(token)
            ):
                heads[token.i] = _Head(token, "coordinated", borrowed=subject)
        elif token.dep_ == "advcl" and _subject_of(token) is not None:
            marks = {child.lower_ for child in token.children if child.dep_ == "mark"}
            # Not a reason inside another adverbial clause ("…, usually because pumps had failed or tanks
            # were too small" parsed with "because …" on "were"): what it explains is unclear. A contrast
            # ("while", "whereas") stands apart wherever it hangs.
            nested_reason = "because" in marks and token.head.dep_ == "advcl"
            if marks & INDEPENDENT_MARKERS and not nested_reason and not _while_condition(token, marks):
                heads[token.i] = _Head(token, "adverbial")
        elif token.dep_ == "relcl" and token.head.pos_ in NOUN_POS:
            relative = _subject_of(token)
            pronoun = relative is not None and relative.lower_ in RELATIVE_PRONOUNS
            if pronoun and _splittable_relative(token) or _whose_subject(token):
                heads[token.i] = _Head(token, "relative", borrowed=token.head)
    ordered = sorted(heads.values(), key=lambda h: h.token.i)
    return [
        _Head(h.token, "reported", h.borrowed, frame)
        if h.kind == "coordinated"
        and (frame := _reporting_frame(h.token, heads)) is not None
        and not speaker_act(h.token)  # the speaker's own act is no part of the speech
        else h
        for h in ordered
    ]


def _modal(verb: Any) -> bool:
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "MD" for c in verb.children)


def _while_condition(clause: Any, marks: set[str]) -> bool:
    """ "The festival cannot take place while the revocation stands", "the homes would stay open while it
    looked for buyers": a "while" clause bounding what a modal clause says is its condition, not a contrast,
    and split off it would be asserted. A contrast of two modal clauses ("Labour would raise it, while the
    Greens would cut it") has a modal on both sides."""
    return marks == {"while"} and _modal(clause.head) and not _modal(clause)


def _participle_without_auxiliary(conjunct: Any) -> bool:
    """ "The town had enough food and bedding", "valves had failed or holding tanks were too small": a
    participle with no auxiliary of its own or that it could borrow ("be" for "-ing", "have" or "be" for
    a past participle) is a noun or an adjective the parser took for a verb, no clause."""
    if conjunct.tag_ not in {"VBG", "VBN"} or _children(conjunct, {"aux", "auxpass"}):
        return False
    lent = {a.lemma_ for a in _children(_conjoined_verb(conjunct), {"aux", "auxpass"})}
    return "be" not in lent if conjunct.tag_ == "VBG" else not lent & {"be", "have"}


def _continues_a_nearer_verb(conjunct: Any) -> bool:
    """ "has approved a budget that raises council tax, closes two libraries and cuts 180 jobs" parsed with
    "closes" on "approved": a bare finite verb whose form the verb it hangs on does not share ("has
    approved"), with a verb of its own form between them ("raises"), goes on that nearer clause; given the
    main subject it says the council closes the libraries."""
    if conjunct.tag_ not in {"VBZ", "VBP", "VBD"} or _auxiliaries(conjunct):
        return False
    head = conjunct.head
    if head.tag_ == conjunct.tag_ and not _auxiliaries(head):
        return False
    between = head.doc[head.i + 1 : conjunct.i]
    return any(t.tag_ == conjunct.tag_ and t.dep_ in {"relcl", "ccomp", "acl"} for t in between)


def _subject_on_auxiliary(verb: Any) -> bool:
    """Whether the parser hung the verb's own subject on its auxiliary ("…, and the main road linking A with
    B is closed" with "road" under "is"): the verb has a subject and must not borrow another."""
    return any(_subject_of(c) is not None for c in verb.children if c.dep_ in {"aux", "auxpass"})


def _auxiliaries(verb: Any) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def _conjoined_verb(conjunct: Any) -> Any:
    """The verb a subjectless verb conjunct shares its subject with. Usually the one it hangs on; but in "A
    judge has ruled that the company acted unlawfully when it evicted tenants, and has ordered it to pay",
    the parser hangs "has ordered" on "evicted", and the auxiliary it repeats says it goes with "has
    ruled"."""
    own = _auxiliaries(conjunct)
    head = conjunct.head
    if speaker_act(conjunct):
        return head.head
    if not own or own & _auxiliaries(head):
        return head
    verb = head
    while verb.head.i != verb.i:
        verb = verb.head
        if verb.pos_ in VERBAL_POS and own & _auxiliaries(verb) and _subject_of(verb) is not None:
            return verb
    return head


def speaker_act(conjunct: Any) -> bool:
    """Whether a verb of appeal or speech hung on reported speech is the speaker's own act: in "X said a
    cut would give firms confidence, and urged the bank to act" the parser hangs "urged" on "give", but a
    past "urged" cannot share "would", and in "said storms were likely and urged people to stay home" a
    state ("were likely") does not urge. Where the reported verb could also be the one acting ("said the
    minister had met the unions and urged them …") the conjunct stays with it."""
    head = conjunct.head
    if (
        conjunct.lemma_ not in SPEAKER_ACT_LEMMAS
        or head.dep_ != "ccomp"
        or not _is_reporting(head.head)
        or _auxiliaries(conjunct)
        or conjunct.tag_ not in {"VBD", "VBZ"}
    ):
        return False
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children)
    state = head.lemma_ == "be" and bool(_children(head, {"acomp"}))
    return modal or state


def _clause_preposition_before(conjunct: Any) -> bool:
    """Whether the conjunct may finish a time clause the parser cut short: in "cannot be issued until a
    legal agreement on the road and the monitoring has been signed", "has been signed" belongs to the
    "until" clause, and splitting there leaves "until a legal agreement" and "The monitoring has been
    signed", which the article does not say."""
    subject = _subject_of(conjunct)
    if subject is None:
        return False
    start = subject.left_edge.i
    doc = conjunct.doc
    # "… delayed after the agency responsible for flood defences and the council failed to agree" parsed
    # with "after" on "responsible": a time word before the conjunct that opens no verb's clause is waiting
    # for the conjunct's verb.
    if any(
        t.dep_ == "mark" and t.lower_ in SUBORDINATORS and t.head.pos_ not in VERBAL_POS
        for t in doc[conjunct.head.i + 1 : start]
    ):
        return True
    # "…, provided inflation stayed close to the forecast" parsed with "provided" as a preposition and
    # "stayed" as a conjunct: the clause is the condition "provided" opens.
    if start > 0 and doc[start - 1].lower_ in {"provided", "providing"}:
        return True
    if start < 2 or doc[start - 1].dep_ != "cc":
        return False
    noun = doc[start - 2]
    while noun.dep_ in {"pobj", "prep", "compound", "amod"} and noun.head.i != noun.i:
        if noun.dep_ == "pobj" and noun.head.lower_ in CLAUSE_PREPOSITIONS:
            return True
        noun = noun.head
    return False


def _past_a_subject(conjunct: Any) -> bool:
    """ "64 people have died and 120,000 have been forced from their homes after days of rain caused
    flooding": a verb without a subject after a conjunct with its own is misparsed; the first conjunct's
    subject is not its subject."""
    return any(
        c.dep_ == "conj" and conjunct.head.i < c.i < conjunct.i and _subject_of(c) is not None
        for c in conjunct.head.children
    )


def _disjoined(head: Any, conjunct: Any) -> bool:
    """ "had been switched off or left broken": alternatives joined by "or" assert neither alone; nor does
    "upgrade rather than pay" assert the one rejected."""
    between = head.doc[head.i + 1 : conjunct.i]
    if any(t.lower_ == "rather" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "than" for t in between):
        return True
    return any(
        t.dep_ == "cc" and t.lower_ in {"or", "nor"} and t.head.i in {head.i, conjunct.i} for t in between
    )


def _coordinator_between(head: Any, conjunct: Any) -> bool:
    """Whether an "and", "or", "but" or a comma joins the two verbs. "would follow 3,000 children to see
    whether moving away from a main road reduced their risk" parsed with "reduced" as a conjunct of
    "follow" has none: a misparse, and the verb cannot borrow the subject."""
    between = head.doc[head.i + 1 : conjunct.i]
    return any(
        t.head.i in {head.i, conjunct.i} and (t.dep_ in {"cc", "preconj"} or t.is_punct) for t in between
    )


def _is_flag(token: Any) -> bool:
    """An imperative that only flags what follows ("note that A", "keep in mind that A")."""
    return bool(
        token.tag_ == "VB"
        and token.lemma_ in FLAG_LEMMAS
        and _subject_of(token) is None
        and not _children(token, {"aux"})
        and any(c.dep_ == "ccomp" and _subject_of(c) is not None for c in token.children)
    )


def _semicolon_between(first: Any, second: Any) -> bool:
    low, high = sorted((first.i, second.i))
    return any(t.text in {";", ":"} for t in first.doc[low:high])


def _splittable_relative(relcl: Any) -> bool:
    """Non-restrictive ("X, who …") or about an indefinite noun ("a meeting that …"): safe to split off."""
    antecedent = relcl.head
    doc = relcl.doc
    # "… Ashdown County Council and Mereford City Council, which agreed to share it": the clause may be
    # about all the coordinated nouns; "cross-examined by Mr Sethna, which took all afternoon": a "which"
    # after a person is about the clause before it.
    if _shared_by_a_list(relcl):
        return False
    # "…, a spokesperson said, which was expected by the summer": a clause the parser hangs on a noun across
    # that noun's own verb is about something before.
    if antecedent.head.i != antecedent.i and antecedent.i < antecedent.head.i < relcl.left_edge.i:
        return False
    pronoun = _subject_of(relcl)
    # "Her counterpart at Ellesby, Graham Tolhurst, who is due to retire" parsed with the name in apposition
    # to the place: the clause is the person's, and the parse cannot say whose phrase to lend it.
    if antecedent.dep_ == "appos" and antecedent.pos_ == "PROPN" and antecedent.head.pos_ == "PROPN":
        return False
    titled = any(c.dep_ == "compound" and c.lower_.rstrip(".") in HONORIFICS for c in antecedent.children)
    if pronoun is not None and pronoun.lower_ == "which" and (titled or _disagrees(relcl, antecedent)):
        return False
    first = min(t.i for t in relcl.subtree)
    if first > 0 and doc[first - 1].text == ",":
        return True
    # A restrictive clause in the present on a subject makes a rule of it: "A landlord who believes a
    # building is dangerous has duties" is not a claim about every landlord ("A meeting that resulted in a
    # ceasefire was held on Tuesday" is about one meeting, and splits). A quotation cut at "a customer that
    # accounted for a tenth of our sales" misquotes the speaker.
    generic = antecedent.dep_ in {"nsubj", "nsubjpass"} and relcl.tag_ in {"VBZ", "VBP"}
    if generic or antecedent.i in quoted_tokens(relcl.sent):
        return False
    determiners = {c.lower_ for c in antecedent.children if c.dep_ == "det"}
    superlative = any(
        c.tag_ in {"JJS", "RBS"} or c.lower_ in {"only", "first", "last"} for c in antecedent.children
    )
    return bool(determiners & {"a", "an"}) and not superlative


def _whose_subject(relcl: Any) -> bool:
    """ "X, whose forces are under pressure": the "whose" noun is the clause's subject, and the clause says
    "X's forces are …". As its object ("X, whose rules both countries follow") it would not read."""
    return any(
        t.lower_ == "whose" and t.head.dep_ in {"nsubj", "nsubjpass"} and t.head.head.i == relcl.i
        for t in relcl.subtree
    )


def _disagrees(relcl: Any, antecedent: Any) -> bool:
    """Whether the relative clause's verb cannot agree with the common noun it hangs on: in "closed above
    both offers, which suggests investors expect more" a singular "suggests" is about the clause before,
    not the offers."""
    finite = [relcl, *(c for c in relcl.children if c.dep_ in {"aux", "auxpass"})]
    tags = {t.tag_ for t in finite} | {"VBZ" for t in finite if t.lower_ == "was"}
    if antecedent.tag_ == "NNS":
        return "VBZ" in tags
    # A name's number is not its form's ("Pellow Estates, which manages …").
    return antecedent.tag_ == "NN" and ("VBP" in tags or any(t.lower_ == "were" for t in finite))


def _shared_by_a_list(relcl: Any) -> bool:
    """Whether a relative clause after coordinated nouns may be about them all: "Ashdown County Council
    and Mereford City Council, which agreed to share it" (the parser hangs it on either). Not when another
    item has a clause of its own ("Obama, who …, and Trump, who …"), nor on a predicate noun, whose clause
    is about the subject."""
    antecedent = relcl.head
    first = antecedent.head if antecedent.dep_ == "conj" else antecedent
    items = [first, *first.conjuncts]
    if len(items) < 2 or first.dep_ == "attr":
        return False
    after_list = relcl.left_edge.i > max(item.i for item in items)
    others = [item for item in items if item is not antecedent]
    own = any(c.dep_ == "relcl" for item in others for c in item.children)
    return after_list and not own


def _noun_phrase(noun: Any, excluded: set[int]) -> list[Any]:
    """The noun's subtree minus excluded tokens and its own clauses, appositions and trailing commas."""
    dropped = set(excluded)
    for child in noun.children:
        if child.dep_ in {"relcl", "appos", "acl", "punct"} or _list_introducer(child):
            dropped.update(t.i for t in child.subtree)
        if child.dep_ in {"conj", "cc"} and not _ampersand_name(noun):
            dropped.update(t.i for t in child.subtree)
    return [t for t in noun.subtree if t.i not in dropped]


def _ampersand_name(noun: Any) -> bool:
    """ "Harlow & Finch", "Marks & Spencer": one name, not a list."""
    return any(c.dep_ == "cc" and c.text == "&" for c in noun.children)


def _trim(tokens: list[Any]) -> list[Any]:
    while tokens and (
        tokens[0].dep_ in LEADING_DROP_DEPS
        or tokens[0].is_punct
        or (tokens[0].dep_ == "advmod" and tokens[0].lower_ in DISCOURSE_ADVERBS)
    ):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].is_punct and tokens[-1].text not in {")", '"'} or tokens[-1].dep_ in {"cc", "mark"}
    ):
        tokens = tokens[:-1]
    return tokens


def _subtree_ids(token: Any) -> set[int]:
    return {t.i for t in token.subtree}


def _conjuncts(noun: Any) -> list[Any]:
    return [noun, *sorted(noun.conjuncts, key=lambda t: t.i)] if noun.conjuncts else [noun]


@dataclass(frozen=True, slots=True)
class _Variant:
    """One reading of a clause: its tokens and the words that stand in for some of them."""

    tokens: list[Any]
    replacements: dict[int, str]


SINGULAR_FORMS = {"are": "is", "were": "was", "have": "has"}


def _own_tokens(conjunct: Any) -> set[int]:
    """A list item's tokens, without the items coordinated to it and the commas between them."""
    nested: set[int] = set()
    for child in conjunct.children:
        if child.dep_ in {"conj", "cc", "preconj"} or child.dep_ == "punct" and child.text in {",", ";"}:
            nested |= _subtree_ids(child)
    return _subtree_ids(conjunct) - nested


def _left_determiners(noun: Any) -> set[int]:
    ids: set[int] = set()
    for child in noun.children:
        if child.i < noun.i and child.dep_ in {"det", "poss", "predet"}:
            ids |= _subtree_ids(child)
    return ids


def _list_split(tokens: list[Any]) -> tuple[Any, list[Any]] | None:
    """The first coordinated noun list inside the clause that stands for several facts: (head, items)."""
    ids = {t.i for t in tokens}
    words = {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}
    if words & {"together", "both", "respectively", "each", "between", "among", "either", "neither"}:
        return None
    for token in tokens:
        if token.pos_ not in NOUN_POS or token.dep_ == "conj" or not token.conjuncts:
            continue
        if token.dep_ not in {"dobj", "attr", "pobj", "nsubj", "nsubjpass", "oprd"}:
            continue
        conjuncts = _conjuncts(token)
        if not 2 <= len(conjuncts) <= MAX_LIST_ITEMS or any(c.i not in ids for c in conjuncts):
            continue
        if len({c.pos_ for c in conjuncts}) != 1 or any(c.ent_iob_ == "I" for c in conjuncts[1:]):
            continue
        coordinators = {t.lower_ for c in conjuncts for t in c.children if t.dep_ == "cc"}
        if coordinators != {"and"}:
            continue
        # "the city centre and its inner ring road, under which drivers will pay": a clause after a comma
        # may be about the whole list or the noun it belongs to; "60 passenger trains and 35 freight trains a
        # day": a rate after the last item is every item's.
        last = conjuncts[-1]
        # (The parser may hang the comma on the last item itself.)
        comma = last.right_edge.i if last.right_edge.text == "," else last.right_edge.i + 1
        relative_after = (
            comma < len(last.doc)
            and last.doc[comma].text == ","
            and any(t.dep_ == "relcl" and t.left_edge.i == comma + 1 for t in last.sent)
        )
        rate = any(c.dep_ == "npadvmod" and c.lemma_.lower() in RATE_NOUNS for c in last.children)
        if relative_after or rate:
            continue
        # "52 deaths and 460 injuries, most of them in the district": a share of the items together.
        if any(
            c.i > conjuncts[-1].i and c.lower_ in GROUP_SHARES and any(g.lower_ == "of" for g in c.children)
            for c in token.children
        ):
            continue
        # "records and interviews with 160 staff" parsed with "with 160 staff" on "records": a modifier of
        # the first item standing after the last one is misattached, and splitting would hand it to the
        # wrong item and strip it from the right one. An "of" phrase there is shared by all the items
        # ("the domestication and breeding of cattle") and goes with each (`_trailing_of`).
        trailing = [c for c in token.children if c.i > conjuncts[-1].i and c.dep_ == "prep"]
        of_phrase = _trailing_of(token, conjuncts)
        if any(of_phrase is None or c.i != of_phrase.i for c in trailing):
            continue
        # 'reflected "the scale of the harm and the length of time it went on"': a quotation is kept as said
        # (quoted items of a list, 'include "Neve Ilan" and "Ein Gedi"', still split).
        quoted = quoted_tokens(token.sent)
        if any(t.i in quoted for c in conjuncts for t in c.children if t.dep_ == "cc"):
            continue
        governors = {token.head.lemma_.lower(), token.head.lower_, token.head.head.lemma_.lower()}
        if governors & SYMMETRIC_WORDS:
            continue
        # "shelter, water and medicine were the most urgent needs": a definite plural predicate is of them
        # together.
        # Not "Neptune and the Sun are gaseous bodies": an indefinite plural is said of each.
        if token.dep_ in {"nsubj", "nsubjpass"} and any(
            c.dep_ == "attr"
            and c.tag_ in {"NNS", "NNPS"}
            and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)
            for c in token.head.children
        ):
            continue
        # "a discount on the boots and the shirts of 20 per cent": a rate or sum hung on the last item is
        # the discount's, misattached; split, the first item would lose it.
        if any(
            c.dep_ == "prep"
            and c.lower_ == "of"
            and any(t.ent_type_ in {"PERCENT", "MONEY"} for t in c.subtree)
            for c in conjuncts[-1].children
        ):
            continue
        # "limit spending on wages and transfers to 70 per cent", "has 310 stores in the UK and Ireland":
        # a quantity outside the list is of the items together, and split it would be given to each. So is
        # a share: "expected most of the savings to come from redundancy and early retirement".
        listed = _subtree_ids(token)
        if any((_quantity(t) or _share_of(t)) and t.i not in listed for t in tokens):
            continue
        # "About 2,400 drivers, guards and station staff": a count before the first item, the others bare,
        # is of them all ("37 homes and a school" are two).
        if _counted(token) and not any(_counted(c) or _left_determiners(c) for c in conjuncts[1:]):
            continue
        # "older vans, lorries, buses and taxis": an adjective on the first item, the others bare, may be of
        # them all; split, the later items would lose it.
        described = any(c.dep_ == "amod" and c.i < token.i and c.pos_ == "ADJ" for c in token.children)
        bare = not any(
            g.dep_ in {"amod", "det", "poss", "nummod", "compound"} and g.i < c.i
            for c in conjuncts[1:]
            for g in c.children
        )
        if described and bare:
            continue
        return token, conjuncts
    return None


def _counted(noun: Any) -> bool:
    """A count in the noun's own words, before it: "2,400 drivers", "about 30 per cent"."""
    return any(c.i < noun.i and c.dep_ in {"nummod", "quantmod"} and _quantity(c) for c in noun.children)


def _amount(noun: Any) -> bool:
    """A bare number or a sum: "two", "£12m" (not "nine children")."""
    return noun.pos_ == "NUM" or any(t.ent_type_ == "MONEY" for t in [noun, *noun.lefts])


def _trailing_of(head: Any, conjuncts: list[Any]) -> Any | None:
    """An "of" phrase on the first list item that stands after the last one: said of every item."""
    return next(
        (c for c in head.children if c.i > conjuncts[-1].i and c.dep_ == "prep" and c.lower_ == "of"), None
    )


def _quantity(token: Any) -> bool:
    """A count, amount or share: not a date, an ordinal or a number inside a name ("ICD-9")."""
    if token.ent_type_ in {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}:
        return True
    return bool(token.like_num and not token.ent_type_ and token.dep_ in {"nummod", "dobj", "pobj"})


def _share_of(token: Any) -> bool:
    """A proportion of something: "most of", "the majority of", "half of"."""
    return token.lower_ in SHARE_WORDS and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _expand_lists(tokens: list[Any]) -> list[_Variant]:
    """One variant per item of the first coordinated noun list found, or the tokens unchanged."""
    found = _list_split(tokens)
    if found is None:
        return [_Variant(tokens, {})]
    head, conjuncts = found
    all_ids = _subtree_ids(head)
    shared = _left_determiners(head)
    of_phrase = _trailing_of(head, conjuncts)
    if of_phrase is not None:
        all_ids -= _subtree_ids(of_phrase)
    closing = _closing_phrase(head, conjuncts)
    # "pay, sick pay and holidays that had been booked" parsed with the clause on "sick pay" or on the
    # noun above the list: a relative clause right after the last item is the last item's.
    last = conjuncts[-1]
    stray = {
        i
        for t in tokens
        if t.dep_ in {"relcl", "acl"} and t.head.i != last.i and t.left_edge.i == last.right_edge.i + 1
        for i in _subtree_ids(t)
    }
    variants = []
    for conjunct in conjuncts:
        mine = _own_tokens(conjunct) | stray if conjunct is last else _own_tokens(conjunct) - stray
        # "a star's temperature, size and luminosity": later items share the first one's determiner.
        # Not to an item counted or determined in its own words: "the help of two helicopters and a dozen
        # fishing boats" parsed with "boats" beside "help" is not "the a dozen fishing boats".
        counted = any(t.i < conjunct.i and t.dep_ in {"quantmod", "nummod"} for t in conjunct.subtree)
        if conjunct.i != head.i and not _left_determiners(conjunct) and not counted:
            mine |= shared
        replacements: dict[int, str] = {}
        if head.dep_ in {"nsubj", "nsubjpass"} and conjunct.tag_ in {"NN", "NNP"}:
            verb = head.head
            auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
            # "would have taken part" stays: after a modal, "have" is no present tense.
            modal = any(a.tag_ == "MD" for a in auxiliaries)
            for word in [verb, *auxiliaries]:
                if word.lower_ in SINGULAR_FORMS and not (modal and word.lower_ == "have"):
                    replacements[word.i] = SINGULAR_FORMS[word.lower_]
            replacements.update({c.i: "" for c in verb.children if c.lower_ in {"all", "both"}})
        left_out = closing | stray if conjunct.i != conjuncts[-1].i else set()
        kept = [t for t in tokens if (t.i not in all_ids or t.i in mine) and t.i not in left_out]
        variants.append(_Variant(kept, replacements))
    return variants


def _closing_phrase(head: Any, conjuncts: list[Any]) -> set[int]:
    """The phrase right after an object list that the parser hung on the verb, when the last item has its
    own determiner: in "sold his house and his share in the racehorse" it most likely belongs to that item,
    so only the last item's claim keeps it (not "sold his house in the racehorse")."""
    last = conjuncts[-1]
    if head.dep_ not in {"dobj", "pobj", "attr"} or not any(c.dep_ in {"det", "poss"} for c in last.children):
        return set()
    after = last.right_edge.i + 1
    phrase = next((c for c in head.head.children if c.dep_ == "prep" and c.i == after), None)
    # "sent volunteers and a kitchen to the port", "… in May": where to and when are the verb's.
    if phrase is None or phrase.lower_ not in NOUN_PREPOSITIONS:
        return set()
    if any(t.ent_type_ in {"DATE", "TIME"} for t in phrase.subtree):
        return set()
    return _subtree_ids(phrase)


def _past(head: Any) -> bool:
    verbs = [head, *(c for c in head.children if c.dep_ in {"aux", "auxpass"})]
    return any(v.tag_ == "VBD" for v in verbs)


def _according_to(noun: Any) -> bool:
    """ "According to the Board, a record 1.1 million people …": what follows the source's comma is the
    report, which the parser may hang on the source as an apposition."""
    preposition = noun.head
    return bool(preposition.lower_ == "to" and preposition.head.lower_ == "according")


def _list_introducer(token: Any) -> bool:
    """ "including" or "such as" attached to a noun: the start of a list of examples."""
    if token.dep_ != "prep" or token.head.pos_ not in NOUN_POS:
        return False
    if token.lower_ == "including":
        return True
    return token.lower_ == "as" and any(c.lower_ == "such" for c in token.children)


def _extra_clauses(
    head: Any, tokens: list[Any], source: str, replacements: dict[int, str]
) -> tuple[list[Clause], set[int], list[list[Any]]]:
    """Appositions and example lists inside a clause: new clauses, tokens taken, one variant per example."""
    clauses: list[Clause] = []
    taken: set[int] = set()
    examples: list[list[Any]] = []
    ids = {t.i for t in tokens}
    copula = "was" if _past(head) else "is"
    for token in tokens:
        if (
            token.dep_ == "appos"
            and token.pos_ == "NOUN"
            and token.head.pos_ == "PROPN"
            and token.head.i in ids
            and not _according_to(token.head)
        ):
            first = min(t.i for t in token.subtree)
            if first == 0 or token.doc[first - 1].text != ",":
                continue
            # "Skyline, the airline that flew from Wrenford and Hollin Moor airports to 22 destinations,
            # collapsed" parsed with "airports" as the verb: an apposition that ends on no punctuation is
            # cut short, and the rest would read as garbled.
            after = max(t.i for t in token.subtree) + 1
            if after < len(token.doc) and not token.doc[after].is_punct:
                continue
            if token.doc[first].like_num:
                continue  # "Janice Whitlow (Labour), 6,204 votes": a tally is no description of her
            anchor = _noun_phrase(token.head, set())
            appos = [t for t in token.subtree if not t.is_punct or t.text in {"'", '"'}]
            text = render([*anchor, copula, *appos], source, replacements)
            clauses.append(Clause(text, token, tuple(anchor + appos), True, "apposition"))
            taken |= _subtree_ids(token)
            # The commas around the apposition go with it.
            for edge in (first - 1, max(t.i for t in token.subtree) + 1):
                if 0 <= edge < len(token.doc) and token.doc[edge].text == ",":
                    taken.add(edge)
        elif _list_introducer(token) and token.head.i in ids:
            objects = _children(token, {"pobj"})
            if not objects:
                continue
            noun_phrase = _subtree_ids(token.head)
            items = _conjuncts(objects[0])[:MAX_LIST_ITEMS]
            # "factors such as diet, stress or exposure": each example stands in for the noun phrase, as a
            # counted part does ("41 survivors, including nine children"). A bare number or a sum does
            # not: "five launches, including two for Norway" is not "had two for Norway", "the cost,
            # including £12m for records" not "towards £12m".
            if any(_amount(item) for item in items):
                items = []
            for item in items:
                own = _own_tokens(item)
                examples.append([t for t in tokens if t.i not in noun_phrase or t.i in own])
            taken |= _subtree_ids(token)
            before = min(t.i for t in token.subtree) - 1
            if before >= 0 and token.doc[before].text == ",":
                taken.add(before)
    return clauses, taken, examples


def _frame_tokens(frame: Any, head_ids: set[int]) -> list[Any]:
    """The reporting part of a clause ("Starmer notes"): its head's subtree minus speech and other clauses."""
    dropped: set[int] = set()
    for token in frame.subtree:
        if token.i != frame.i and (
            token.i in head_ids or (token.dep_ == "ccomp" and token.head.i == frame.i)
        ):
            dropped |= _subtree_ids(token)
        # "said it had been informed …, adding that the stadium would have to …": a further report in a
        # participle after the report is no part of the frame.
        if token.head.i == frame.i and token.dep_ == "advcl" and token.i > frame.i and token.tag_ == "VBG":
            dropped |= _subtree_ids(token)
    tokens = _trim([t for t in frame.subtree if t.i not in dropped])
    # "…," said chief executive Priyanka Solanki: an inverted frame reads subject first as a prefix.
    subject = _subject_of(frame)
    if subject is not None and subject.i > frame.i and tokens and tokens[0].i == frame.i:
        named = [t for t in tokens if t.i in _subtree_ids(subject)]
        tokens = [*named, *(t for t in tokens if t.i not in _subtree_ids(subject))]
    return tokens


def speech_tag(token: Any) -> bool:
    """A reporting verb set into a clause with its speaker: the "she said" of "The fine, she said, …"."""
    return bool(
        token.dep_ == "parataxis" and token.lemma_ in REPORTING_LEMMAS and _subject_of(token) is not None
    )


def _inverted_tag(conjunct: Any) -> list[Any]:
    """The speech tag set between a clause and its conjunct ("X, she said, and would be paid by Y"), whose
    speaker says the conjunct too: its words, or none."""
    governor = _conjoined_verb(conjunct)
    for child in governor.children:
        if speech_tag(child) and governor.i < child.i < conjunct.i:
            # The parser may hang the conjunct on the tag itself ("…, Ms Tamsett said, and would be …").
            own = _subtree_ids(conjunct)
            return [
                t
                for t in child.subtree
                if t.i not in own and not (t.dep_ in {"cc", "punct"} and t.head.i == child.i)
            ]
    return []


def _borrowed_subject(head: Any) -> list[Any]:
    """Subject (and, for participles and bare verbs, auxiliaries) a coordinated verb takes from its head."""
    governor = _conjoined_verb(head)
    subject = _subject_of(governor)
    tokens = list(subject.subtree) if subject is not None else []
    if not _children(head, {"aux", "auxpass"}):
        auxiliaries = _children(governor, {"aux", "auxpass", "neg"})
        if _children(head, {"dobj"}):
            # "The study was led by X and involved researchers": a verb with an object of its own is active,
            # so the head's passive "was" is not lent to it.
            auxiliaries = [a for a in auxiliaries if a.dep_ != "auxpass"]
        modal = any(a.tag_ == "MD" for a in auxiliaries)
        # Under a modal a verb whose past looks like its base ("would take … and cost £400,000") is the base.
        base = head.tag_ == "VB" or head.lower_ == head.lemma_.lower()
        # "would have extended … and kept 85 jobs": after a modal perfect a past form is its participle.
        participle = modal and governor.tag_ == "VBN" and head.tag_ == "VBD"
        if head.tag_ in {"VBN", "VBG"} or (base or participle) and modal:
            tokens.extend(a for a in auxiliaries if a.i < governor.i)
    return tokens


def _antecedent(noun: Any, relative_clause: Any) -> list[Any]:
    """What a relative pronoun stands for; "X is a company that …" -> X, not "a company", and in "Dr Osei,
    a chemist who was not involved" the chemist is Dr Osei: an apposition's clause is about its head."""
    subject = _subject_of(noun.head) if noun.dep_ == "attr" and noun.head.lemma_ == "be" else None
    if subject is not None and subject.pos_ in NOUN_POS:
        return _noun_phrase(subject, _subtree_ids(relative_clause))
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return _noun_phrase(noun.head, _subtree_ids(noun))
    # "Friends of the Dales, which …", "the Bank of England, which …": the clause is the whole name's.
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.text[:1].isupper() and noun.text[:1].isupper():
        return _trim(_noun_phrase(of.head, _subtree_ids(relative_clause)))
    return _noun_phrase(noun, _subtree_ids(relative_clause))


def atomic_clauses(sentence: Any, source: str, replacements: dict[int, str] | None = None) -> list[Clause]:
    """Split one parsed sentence into atomic clauses rendered from `source`, the text the doc was parsed from.

    `replacements` maps token indices to the words that stand in for them (a pronoun's named referent).
    """
    replacements = dict(replacements or {})
    root = content_root(sentence.root)
    heads = _split_heads(sentence, root)
    head_ids = {h.token.i for h in heads}
    clauses: list[Clause] = []
    for head in heads:
        token = head.token
        if head.kind == "flag":
            continue
        # A clause owns its head's subtree, minus the subtrees of other clause heads inside it.
        excluded: set[int] = set()
        for other in token.subtree:
            if other.i != token.i and other.i in head_ids:
                excluded |= _subtree_ids(other)
        # Sorted: a non-projective parse ("which he had campaigned for") yields its subtree out of order.
        tokens = sorted((t for t in token.subtree if t.i not in excluded), key=lambda t: t.i)
        prefix: list[Item] = []
        if head.kind == "relative" and head.borrowed is not None:
            antecedent = _antecedent(head.borrowed, token)
            relative = _subject_of(token)
            whose = [t for t in tokens if t.lower_ == "whose"]
            if whose:
                replacements[whose[0].i] = render(antecedent, source, replacements).rstrip(".") + "'s"
            elif relative is not None:
                tokens = [t for t in tokens if t.i != relative.i]
                prefix = list(antecedent)
        elif head.borrowed is not None:
            borrowed = _borrowed_subject(token)
            borrowed_ids = {s.i for s in borrowed}
            tokens = [*borrowed, *(t for t in tokens if t.i not in borrowed_ids)]
        if head.frame is not None:
            prefix = [*_frame_tokens(head.frame, head_ids), "that"]
        extra, taken, examples = _extra_clauses(token, tokens, source, replacements)
        tokens = _trim([t for t in tokens if t.i not in taken])
        if head.frame is not None and tokens and tokens[0].lower_ == "that" and tokens[0].tag_ == "IN":
            # "said … and that records had been supplied", its "that" parsed as a subject: the frame
            # brings the "that" already.
            tokens = tokens[1:]
        if not tokens:
            continue
        has_subject = head.borrowed is not None or any(t.dep_ in SUBJECT_DEPS for t in tokens)
        tag = _inverted_tag(token) if head.kind == "coordinated" else []
        suffix: list[Item] = [",", *tag] if tag else []
        variants = _expand_lists(tokens) + [_Variant(_trim(example), {}) for example in examples]
        for variant in variants:
            text = render(
                [*prefix, *variant.tokens, *suffix], source, {**replacements, **variant.replacements}
            )
            if text:
                items = tuple(t for t in [*prefix, *variant.tokens, *suffix] if not isinstance(t, str))
                clauses.append(Clause(text, token, items, has_subject, head.kind))
        clauses.extend(extra)
    return clauses
