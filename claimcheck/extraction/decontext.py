"""Light decontextualisation: pronoun subjects and "the country" replaced by their named referent.

A referent is used only when it is unambiguous: the one person (or place) named in the nearest earlier
sentence that names any, within a short window, or the one person named earlier in the same sentence. A
surname on its own ("Obama") is lengthened to the full name seen before ("Barack Obama") when only one fits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimcheck.extraction import definite
from claimcheck.extraction.countries import is_country

PERSON_PRONOUNS = frozenset({"he", "she"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her"})
THING_PRONOUNS = {"it": frozenset({"NN", "NNP"}), "they": frozenset({"NNS", "NNPS"})}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Marks that make a clause a condition of the clause it hangs on.
CONDITION_MARKS = frozenset({"if", "unless", "once", "provided", "providing", "until", "whether"})
COUNTRY_NOUNS = frozenset({"country", "nation"})
# Verbs whose subject reports what a pronoun of the reported clause did ("the cook told the jury she …").
TELLING_LEMMAS = frozenset({"say", "tell", "testify", "claim", "insist", "explain", "admit", "deny"})
# Verbs that make their subject the one speaking: a "she said" after "Ms Cole told the court …" is Ms Cole.
SPEECH_LEMMAS = TELLING_LEMMAS | frozenset({"add", "warn", "argue", "reply", "accept", "agree"})
# Verbs whose clause says what someone holds: the "he" in it may be that someone ("maintained that he …").
REPORT_LEMMAS = TELLING_LEMMAS | frozenset({"maintain", "accept", "argue", "admit", "believe"})
FEMALE_TITLES = frozenset({"ms", "mrs", "miss", "dame", "lady"})
MALE_TITLES = frozenset({"mr", "sir", "lord"})
PRONOUN_GENDER = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}
# Capitalised words of an office ("Chief Secretary", "Foreign Minister"), never a person's name.
OFFICE_WORDS = frozenset(
    {"chief", "secretary", "minister", "president", "director", "executive", "officer", "chair", "chairman",
     "chairwoman", "spokesman", "spokeswoman", "spokesperson", "general", "commissioner", "governor", "mayor",
     "leader", "head", "deputy", "senior", "prime", "foreign", "councillor", "inspector", "superintendent",
     "constable", "captain", "coroner", "chancellor", "attorney", "speaker", "ambassador", "editor",
     "lawyer", "counsel", "solicitor", "barrister", "coach", "manager", "founder", "analyst", "economist"}
)  # fmt: skip
# People a sentence names by role only ("The judge rejected that argument."): a pronoun after it most likely
# means that person, whom no name identifies here, so it is not given someone named before.
PERSON_ROLES = frozenset(
    {"judge", "coroner", "prosecutor", "defendant", "witness", "claimant", "doctor", "nurse", "teacher",
     "player", "agent", "referee", "victim", "woman", "man", "girl", "boy", "mother", "father"}
)  # fmt: skip
# Nouns for a relative or neighbour, whom an article may name by a given name alone ("her son, Ravi").
KIN_NOUNS = frozenset(
    {"daughter", "son", "wife", "husband", "mother", "father", "sister", "brother", "partner", "grandson",
     "granddaughter", "grandmother", "grandfather", "niece", "nephew", "aunt", "uncle", "cousin", "neighbour"}
)  # fmt: skip
PLACE_PREPOSITIONS = frozenset({"between", "near", "along", "across", "outside", "around"})
UNNAMED = "the-unnamed-person"  # stands in the sentence's people for a person named by role only
# Entity types a misread name is never given: the small parser calls a surname a PRODUCT, not a place.
PLACE_OR_BODY = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
# How many sentences back a pronoun may look for its referent.
WINDOW = 3
PLACE_LABELS = frozenset({"GPE"})
# Given names used almost only for one sex (built by train/build_given_names.py from census counts).
GIVEN_NAMES_PATH = Path(__file__).with_name("given_names.json")
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "justice", "judge", "professor", "prof"}
)


@dataclass(frozen=True, slots=True)
class Referent:
    """Words that stand in for a token, with the entity label they carry."""

    text: str
    label: str
    # The token may stand for any of several things named before ("the company" of an article naming
    # three); it is kept as written and the claim needs context.
    ambiguous: bool = False


@dataclass(slots=True)
class ReferentMemory:
    """Which people and countries the article has named so far, sentence by sentence."""

    full_names: set[str] = field(default_factory=set)
    # Per sentence already read (most recent last): distinct people and places it names.
    people: list[list[str]] = field(default_factory=list)
    places: list[list[str]] = field(default_factory=list)
    # ... and the fuller descriptions of nouns it gives ("the Santa Inés copper mine"), by noun lemma.
    described: list[definite.Descriptions] = field(default_factory=list)
    # Nouns the article has used bare with no description to resolve them: a standing "the company"
    # means the article's own company, not whichever company was described last.
    standing: set[str] = field(default_factory=set)
    # The body the last sentence is about by name ("the Institute for Fiscal Studies"), if it names one.
    last_body: str | None = None
    # Every distinct description of each noun so far, for telling when a bare one is ambiguous.
    descriptions_seen: dict[str, set[str]] = field(default_factory=dict)
    # "m" or "f" for people once named with a title ("Mr Sethna"), so a later bare "Sethna" is not "she".
    genders: dict[str, str] = field(default_factory=dict)
    # Per sentence already read: the person it has speaking (the subject of its "said", "told"), if any.
    speakers: list[str | None] = field(default_factory=list)
    # Per sentence already read: the people it names only inside quotation marks, whom someone speaks of.
    quoted_only: list[set[str]] = field(default_factory=list)

    def canonical(self, name: str) -> str:
        """The one longer name seen before that contains every word of `name`, else `name` itself."""
        words = set(name.split())
        longer = {full for full in self.full_names if len(full) > len(name) and words <= set(full.split())}
        return longer.pop() if len(longer) == 1 else name

    def recent(self, kind: str, pronoun: str = "", speaking: bool = False) -> str | None:
        """The one name in the nearest earlier sentence (within the window) naming any that the pronoun
        may stand for; None if several, unless the pronoun is `speaking` (the subject of a "said") and one of
        them is that sentence's speaker: a speaker goes on speaking ("Ms Cole told the court that Dukanovic's
        sample … . "…," she said")."""
        history = self.people if kind == "PERSON" else self.places
        speakers = self.speakers if kind == "PERSON" else [None] * len(history)
        quoted = self.quoted_only if kind == "PERSON" else [set()] * len(history)
        recent = zip(
            reversed(history[-WINDOW:]), reversed(speakers[-WINDOW:]), reversed(quoted[-WINDOW:]), strict=True
        )
        for names, speaker, quoted_names in recent:
            # '"He is devastated by what happened to Mr Wilk." He said an appeal …': someone a quotation
            # speaks of is not who goes on speaking.
            fitting = [
                name for name in names if self.fits(name, pronoun) and not (speaking and name in quoted_names)
            ]
            if len(fitting) > 1 and speaking and speaker in fitting:
                return speaker
            if fitting:
                return fitting[0] if len(fitting) == 1 else None
        return None

    def fits(self, name: str, pronoun: str) -> bool:
        """Whether the pronoun may stand for the name, by its title here or the one it had before:
        "she" is not "Mr Holt", nor a "Sethna" once called "Mr Sethna"."""
        wanted = PRONOUN_GENDER.get(pronoun)
        words = name.split()
        first = words[0] if words else ""
        # A lone word may be a surname ("Thomas said she …"): only the first of several is a given name.
        given = _given_name_gender(first) if len(words) > 1 else None
        known = _title_gender(first) or given or self.genders.get(name)
        return wanted is None or known is None or known == wanted

    def remember(
        self,
        people: list[str],
        places: list[str],
        described: definite.Descriptions,
        speaker: str | None = None,
        quoted_only: set[str] | None = None,
    ) -> None:
        """Record the names, descriptions and speaker of one more sentence."""
        self.full_names.update(name for name in people if " " in name)
        self.people.append(people)
        self.speakers.append(speaker)
        self.quoted_only.append(quoted_only or set())
        self.places.append(places)
        self.described.append(described)
        for key, texts in described.items():
            self.descriptions_seen.setdefault(key, set()).update(texts)


def _title_gender(word: str) -> str | None:
    """ "m" for "Mr", "Sir", "Lord"; "f" for "Ms", "Mrs", "Miss", "Dame", "Lady"; else None."""
    title = word.lower().rstrip(".")
    return "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else None


def _given_name_gender(word: str) -> str | None:
    """ "f" for "Harriet", "m" for "Malcolm"; None for a name used for both ("Leslie") or not listed."""
    return _given_names().get(word.lower())


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    data = json.loads(GIVEN_NAMES_PATH.read_text(encoding="utf-8"))
    return {**dict.fromkeys(data["female"], "f"), **dict.fromkeys(data["male"], "m")}


def _distinct(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _name_tokens(ent: Any) -> list[Any]:
    """The tokens that spell an entity's name: no leading "the", no trailing possessive "'s", no edge
    punctuation (a hyphen inside, as in "al-Tarhuni", stays, and so does the "'s" of "Women's Tennis
    Federation")."""
    tokens = list(ent)
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "the"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "’s"}):
        tokens = tokens[:-1]
    # The parser may end a name at a hyphen: "Tabitha Oyelowo-Grant" tagged "Tabitha Oyelowo".
    doc = ent.doc
    while tokens and tokens[-1].i + 2 < len(doc):
        hyphen, after = doc[tokens[-1].i + 1], doc[tokens[-1].i + 2]
        if hyphen.text != "-" or tokens[-1].whitespace_ or hyphen.whitespace_ or not after.is_alpha:
            break
        tokens.extend([hyphen, after])
    return tokens


def _name_text(tokens: list[Any]) -> str:
    return " ".join("".join(t.text_with_ws for t in tokens).split())


def _entity_names(sentence: Any, memory: ReferentMemory, labels: frozenset[str]) -> list[tuple[int, str]]:
    """(first token index, canonical name) of each entity of the given labels in the sentence."""
    names = []
    for ent in sentence.ents:
        if ent.label_ in labels:
            if "PERSON" in labels and _says_which_thing(ent):
                continue  # "the Eastbrook library": a name that says which thing is nobody speaking
            if "PERSON" in labels and _placed(ent):
                continue  # "the road between Vila Nova and Pinhal" tagged as people: no one "he" can be
            text = _name_text(_name_tokens(ent))
            if text:
                names.append((ent.start, memory.canonical(text) if "PERSON" in labels else text))
    return names


def _says_which_thing(ent: Any) -> bool:
    """A name that modifies a common noun ("the Eastbrook library", "the Emsley family")."""
    return bool(ent[-1].dep_ == "compound" and ent[-1].head.pos_ == "NOUN")


def _placed(ent: Any) -> bool:
    """A "person" the parser tags that is a place: the object of a preposition of place ("between Vila Nova
    and Pinhal", "near Santa Luzia"), or a span joining two names with "and"."""
    if any(t.lower_ in {"and", "&"} for t in ent):
        return True
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


def _noun_phrase_text(noun: Any) -> str:
    dropped = {"relcl", "appos", "acl", "punct", "conj", "cc", "prep"}
    skipped: set[int] = set()
    for child in noun.children:
        if child.dep_ in dropped:
            skipped.update(t.i for t in child.subtree)
    tokens = [t for t in noun.subtree if t.i not in skipped]
    return "".join(t.text_with_ws for t in tokens).strip()


def _mid_sentence(text: str) -> str:
    """A phrase from the start of a sentence as it reads later in one: "The company" -> "the company"."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in {"The", "A", "An"} and rest else text


def _may_be_it(noun: Any, pronoun: Any, lower: str, memory: ReferentMemory) -> bool:
    """Whether a subject before the pronoun could be what "it" or "they" stands for: a thing of the
    pronoun's number, or for "it" an organisation whatever the number of its name ("Brennock Homes")."""
    number = noun.tag_ in THING_PRONOUNS[lower] or lower == "it" and noun.ent_type_ == "ORG"
    return bool(
        number
        and noun.i < pronoun.i
        and not _names_a_person(noun)
        and noun.lemma_.lower() not in PERSON_ROLES | OFFICE_WORDS
        and memory.canonical(noun.text) == noun.text
    )


def _determined(noun: Any) -> bool:
    return any(c.dep_ in {"det", "poss"} for c in noun.children)


def _counted(noun: Any) -> bool:
    return any(c.dep_ == "nummod" for c in noun.children)


def _names_a_person(noun: Any) -> bool:
    """A PERSON entity, or a name with a title ("Mrs Justice Aldous", which the small parser may call an
    organisation)."""
    # "Brennock Homes, which owns 2,400 homes" tagged a person: a "which" says it is a thing.
    which = any(
        c.dep_ == "relcl" and any(g.lower_ == "which" for g in c.children if g.dep_ in SUBJECT_DEPS)
        for c in noun.children
    )
    if noun.ent_type_ == "PERSON":
        return not which
    return any(c.dep_ == "compound" and c.lower_.rstrip(".") in HONORIFICS for c in noun.children)


def quoted_tokens(sentence: Any) -> set[int]:
    """Indices of the sentence's tokens inside double quotation marks. A mark is read as closing when it
    hangs on the word before it ('been read," she said') and as opening otherwise, so a quotation opened in
    an earlier sentence ('"These are not numbers. Every response has been read," she said.') is seen."""
    marks = [t for t in sentence if t.text == '"']
    found: set[int] = set()
    opened = sentence.start
    for mark in marks:
        before = mark.doc[mark.i - 1] if mark.i > sentence.start else None
        closing = before is not None and not before.whitespace_
        if closing:
            found.update(range(opened, mark.i))
            opened = -1
        else:
            opened = mark.i + 1
    if opened >= 0 and marks and opened != sentence.start:
        found.update(range(opened, sentence.end))  # a quotation that runs on past the sentence
    return found


def named_ahead(token: Any, names: list[Any]) -> bool:
    """Whether one of `names` (tokens naming a person) comes after `token`, outside the token's own phrase:
    in "Her neighbour, Tariq Hussain, said …" the neighbour is Hussain, and "her" is someone named before."""
    own_phrase = {t.i for t in token.head.subtree}
    return any(name.i > token.i and name.i not in own_phrase for name in names)


def _may_point_forward(token: Any, root_subject: Any, people: list[tuple[int, str]]) -> bool:
    """Whether a pronoun no earlier name explains may refer ahead to a person the sentence names later.

    A possessive may ("In her judgment, Mrs Justice Aldous said …"; "If an owner wants to put his own money
    in, Lister said"), and so may a subject pronoun in a clause before the main subject ("When she
    arrived, Ms Avery said …"); an earlier sentence's person would be a guess there.
    """
    named = [token.doc[start] for start, _ in people]
    # A proper-noun main subject counts too: the small parser often labels "Ms Carruthers" an organisation,
    # and a "his" or "her" before a proper-noun subject is read as pointing ahead.
    if root_subject is not None and root_subject.tag_ in {"NNP", "NNPS"}:
        named.append(root_subject)
    if not named_ahead(token, named):
        return False
    if token.dep_ == "poss":
        return True
    return root_subject is not None and token.i < root_subject.i and token.head != root_subject.head


def _nearer_unnamed_subject(token: Any) -> bool:
    """Whether the clause that reports the pronoun's clause has a common-noun subject ("One cook … would
    tell the jury that she had been given …"): the pronoun may stand for that subject as much as for the
    person the sentence names."""
    node = token.head
    reported = False  # the pronoun's clause is what some verb on the way up reports
    while node.dep_ in {"ccomp", "conj", "xcomp"} and node.head.i != node.i:
        # "his client accepted the verdict but maintained that he had never …": the report may hang on a
        # verb coordinated with the one that has the subject.
        reported = reported or node.dep_ == "ccomp" and node.head.lemma_ in REPORT_LEMMAS
        node = node.head
        subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return reported and subject.pos_ == "NOUN"
    return False


def _generic_person_above(token: Any) -> bool:
    """Whether a clause the pronoun's clause hangs from has an indefinite common-noun subject ("a player",
    "any tenant"): the pronoun stands for that someone, not for a person named before."""
    node = token.head
    while node.dep_ in {"ccomp", "conj", "xcomp", "advcl"} and node.head.i != node.i:
        node = node.head
        subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.pos_ == "NOUN":
            determiners = {c.lower_ for c in subject.children if c.dep_ == "det"}
            if determiners & {"a", "an", "any", "every", "each", "no"}:
                return True
    return False


def _participle_agents(pronoun: Any) -> set[int]:
    """Tokens of the "by" phrase of a participle opening the pronoun's clause ("Asked by Ms Ashcombe
    whether …, she replied"): the participle's subject is the pronoun's, so whoever did the asking is
    someone else."""
    return {
        t.i
        for clause in pronoun.head.children
        if clause.dep_ == "advcl" and clause.tag_ == "VBN" and clause.i < pronoun.i
        for agent in clause.children
        if agent.dep_ == "agent"
        for t in agent.subtree
    }


def resolve_referents(sentence: Any, memory: ReferentMemory) -> dict[int, Referent]:
    """Replacements (token index -> referent) for one parsed sentence; then remembers its names."""
    quoted = quoted_tokens(sentence)
    people = _entity_names(sentence, memory, frozenset({"PERSON"}))
    tagged = {start for start, _ in people}
    people += [
        (start, name) for start, name in _missed_people(sentence, quoted, memory) if start not in tagged
    ]
    people += [(t.i, UNNAMED) for t in sentence if t.i not in quoted and _named_by_role(t)]
    _remember_titles(sentence, people, memory)
    places = [
        (start, name) for start, name in _entity_names(sentence, memory, PLACE_LABELS) if is_country(name)
    ]
    replacements: dict[int, Referent] = {}
    for ent in sentence.ents:
        # "the Emsley family": a surname that says which family is not lengthened to one person's name.
        if ent.label_ == "PERSON" and not _says_which_thing(ent):
            tokens = _name_tokens(ent)
            # "Rete Varesia" tagged only on "Varesia": a word of the full name written right before the tag
            # is part of the name, or lengthening it would write "Rete Rete Varesia".
            while tokens and tokens[0].i > sentence.start:
                before = ent.doc[tokens[0].i - 1]
                if before.pos_ != "PROPN" or before.text not in memory.canonical(_name_text(tokens)).split():
                    break
                tokens.insert(0, before)
            written = _name_text(tokens)
            full = memory.canonical(written)
            title = ent.doc[tokens[0].i - 1].text if tokens and tokens[0].i > sentence.start else ""
            if full.startswith(f"{title} ") and title.lower().rstrip(".") in HONORIFICS:
                full = full[len(title) + 1 :]  # "Dr Strand" -> "Dr Helena Strand", not "Dr Dr Helena Strand"
            # "Tom and Elise Rayner … Mr Rayner said": a title of the other sex is not the one full name's.
            leaning = _title_gender(title)
            if leaning is not None and _given_name_gender(full.split()[0]) not in {None, leaning}:
                full = written
            if tokens and full != written:
                replacements[tokens[0].i] = Referent(full, "PERSON")
                replacements.update({t.i: Referent("", "PERSON") for t in tokens[1:]})
    root = sentence.root
    root_subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    assigned: list[tuple[str, str]] = []  # (gender of the pronoun, name it was given), in this sentence
    mentions = definite.mentions(sentence)
    for determiner, noun in definite.bare_descriptions(sentence):
        if determiner.i in quoted:
            continue
        key = definite.key(noun)
        before = definite.group(mentions, noun.i)
        seen = memory.descriptions_seen.get(key, set()) | set(before.get(key, []))
        description = None if key in memory.standing else definite.fuller(noun, before, memory.described)
        if description is None:
            if len(seen) > 1:
                replacements[noun.i] = Referent(noun.text, "", ambiguous=True)
            else:
                memory.standing.add(key)
        else:
            # "the mine" -> "the Santa Inés copper mine"; "the company" -> "Cerro Alto".
            replacements[determiner.i] = Referent("", "")
            replacements[noun.i] = Referent(description, "")
    for token in sentence:
        if token.i in quoted:
            continue  # a quotation's words are the speaker's, as they said them
        lower = token.lower_
        is_subject = token.dep_ in SUBJECT_DEPS
        if lower in PERSON_PRONOUNS and is_subject or lower in POSSESSIVE_PRONOUNS and token.dep_ == "poss":
            asker = _participle_agents(token) if is_subject else set()
            speaking = is_subject and token.head.lemma_ in SPEECH_LEMMAS
            # A name inside the quotation is someone the speaker talks of, never the "he" who said it.
            unsaid = quoted if speaking else set()
            earlier = _distinct(
                [
                    name
                    for start, name in people
                    if start < token.i
                    and start not in asker
                    and start not in unsaid
                    and memory.fits(name, lower)
                ]
            )
            if earlier and token.dep_ == "poss":
                continue  # "Starmer said his coalition …" reads fine as it is
            if not earlier and _may_point_forward(token, root_subject, people):
                continue  # "In her judgment, the judge said …": the person is named after the pronoun
            if earlier and _nearer_unnamed_subject(token):
                continue  # "One cook, Ms Avery said, would tell the jury that she …": she may be the cook
            if _generic_person_above(token):
                continue  # "if a player can show that she bore no fault": she is any such player
            if earlier:
                name = earlier[0] if len(earlier) == 1 else None
            else:
                name = memory.recent("PERSON", lower, speaking)
            if name == UNNAMED:
                name = None
            # "he … when she asked": a "he" and a "she" of one sentence are two people.
            gender = PRONOUN_GENDER[lower]
            if name is not None and any(g != gender and n == name for g, n in assigned):
                name = None
            if name is not None:
                assigned.append((gender, name))
                memory.genders.setdefault(name, gender)  # "He said …" of Emil Tabakov: not a later "she"
                text = name + "'s" if token.dep_ == "poss" else name
                replacements[token.i] = Referent(text, "PERSON")
                # The sentence names the person through the pronoun as much as by name.
                people.append((token.i, name))
        elif (
            lower in THING_PRONOUNS
            and is_subject
            and token.head.dep_ in {"conj", "advcl"}
            and root_subject is not None
            # "the deal would fail unless it offered more stores": a condition never leaves the clause it
            # conditions, so its "it" is read beside what it may stand for, and no guess is written in.
            and not any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in token.head.children)
        ):
            # Who "it" may be: the subject of the clause the pronoun's clause hangs on ("A judge ruled that
            # Brennock Homes acted unlawfully when it evicted 43 tenants": the company) and the sentence's
            # subject. "It" never stands for a person ("Mr Vella said he had raised the case and it was
            # resolved"), nor for a surname the article has given in full ("Nwosu said she did not know,
            # and that it …"). Where both subjects could be meant ("Brennock Homes had argued that the
            # building was unsafe and that it had acted"), or the object could ("The council approved the
            # plan, and it will now go to ministers"), nothing is guessed.
            governing = token.head.head
            nearer = next(
                (c for c in governing.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"), None
            )
            candidates = {
                c.i: c
                for c in (nearer, root_subject)
                if c is not None and _may_be_it(c, token, lower, memory)
            }
            # An object before the pronoun may be meant too: "the plan", "either of the parties", and one
            # of an infinitive on the way ("voted to return 23 bronze figures …, after they were taken");
            # not "lost money".
            objects = [
                *governing.children,
                *(g for c in governing.children if c.dep_ == "xcomp" for g in c.children),
            ]
            rival = any(
                c.dep_ == "dobj"
                and c.i < token.i
                and (c.tag_ == "DT" or c.tag_ in THING_PRONOUNS[lower] and (_determined(c) or _counted(c)))
                for c in objects
            )
            if len(candidates) == 1 and not rival:
                antecedent = next(iter(candidates.values()))
                resolved = replacements.get(antecedent.i)
                phrase = resolved.text if resolved is not None else _noun_phrase_text(antecedent)
                replacements[token.i] = Referent(_mid_sentence(phrase), antecedent.ent_type_ or "")
        elif lower in COUNTRY_NOUNS and is_subject and token.i > 0 and token.doc[token.i - 1].lower_ == "the":
            named_here = any(start < token.i for start, _ in places)
            place = None if named_here else memory.recent("GPE")
            if place is not None:
                replacements[token.i - 1] = Referent("", "GPE")
                replacements[token.i] = Referent(place, "GPE")
    holder = _possessive_holder(root_subject)
    body = memory.last_body
    if holder is not None and body is not None and holder.i not in quoted:
        # "Its director, Paul Ashworth, said" after a sentence about the Institute for Fiscal Studies:
        # "The director of the Institute for Fiscal Studies, Paul Ashworth, said".
        # The office's last word before its holder's name: "secretary-general", "chief executive".
        office = holder.head
        last = office.doc[min(c.left_edge.i for c in office.children if c.dep_ == "appos") - 1]
        while last.is_punct and last.i > office.i:
            last = office.doc[last.i - 1]
        replacements[holder.i] = Referent("the", "")
        replacements[last.i] = Referent(f"{last.text} of {body}", "ORG")
    memory.last_body = _body(root_subject, memory)
    memory.remember(
        _distinct([name for _, name in sorted(people)]),
        _distinct([name for _, name in places]),
        definite.group(mentions),
        _speaking(sentence, people, quoted),
        {name for _, name in people} - {name for start, name in people if start not in quoted},
    )
    return replacements


def _speaking(sentence: Any, people: list[tuple[int, str]], quoted: set[int]) -> str | None:
    """The person who is the subject of the sentence's first speech verb outside its quotation."""
    starts = dict(people)
    for token in sentence:
        if token.i in quoted or token.lemma_ not in SPEECH_LEMMAS or token.pos_ not in {"VERB", "AUX"}:
            continue
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            # "Okafor's agent, Mira Delacroix, said": the apposition names the speaker.
            named = [c for c in subject.children if c.dep_ == "appos"]
            subject = named[0] if named and subject.pos_ == "NOUN" else subject
            first = min((c.i for c in subject.children if c.dep_ == "compound"), default=subject.i)
            return next((starts[i] for i in range(first, subject.i + 1) if i in starts), None)
    return None


def _missed_people(sentence: Any, quoted: set[int], memory: ReferentMemory) -> list[tuple[int, str]]:
    """People the small parser does not tag: a titled name it calls an organisation ("Mrs Justice Aldous"),
    a surname of someone named in full before ("Marsh made the announcement" after "Ellen Marsh"), and an
    untagged speaker ("Imogen Tesfaye of Calder Row Research told the paper …", parsed alone). A speaker
    counts when it is two or three capitalised proper nouns, none an office word and none typed as a place
    or a body (the parser may call a surname a PRODUCT)."""
    found = []
    for token in sentence:
        if (
            token.i in quoted
            or token.tag_ != "NNP"
            or token.ent_type_ == "PERSON"
            or token.dep_ == "compound"
        ):
            continue
        first = token.i
        while first > sentence.start and token.doc[first - 1].dep_ == "compound":
            first -= 1
        words = list(token.doc[first : token.i + 1])
        if not all(w.tag_ == "NNP" for w in words):
            continue
        titled = len(words) > 1 and words[0].lower_.rstrip(".") in HONORIFICS
        speaking = (
            token.dep_ in SUBJECT_DEPS
            and token.head.lemma_ in SPEECH_LEMMAS
            and 2 <= len(words) <= 3
            and all(w.ent_type_ not in PLACE_OR_BODY and w.is_alpha and w.text.istitle() for w in words)
            and words[0].lower_ not in HONORIFICS
            # "Chief Secretary to the Treasury Marion Oduya said": an office, not a name.
            and not any(w.lower_ in OFFICE_WORDS for w in words)
        )
        # "Tervonia's prime minister, Lidia Svarstad," (tagged an organisation): an office's holder; "One of
        # the three independents, Shirin Mabey, said" (tagged a place): the one speaking.
        # "Doreen Halsall … her daughter, Carol, said": a relative named by a given name alone.
        relative = (
            token.dep_ == "appos"
            and len(words) == 1
            and token.head.lemma_ in KIN_NOUNS
            and _given_name_gender(token.text) is not None
        )
        holder = (
            token.dep_ == "appos"
            and 2 <= len(words) <= 3
            and (
                token.head.lower_ in OFFICE_WORDS
                or token.head.dep_ in SUBJECT_DEPS
                and token.head.pos_ in {"NOUN", "NUM"}
                and token.head.head.lemma_ in SPEECH_LEMMAS
                and all(w.ent_type_ not in {"ORG", "FAC", "NORP"} and w.text.istitle() for w in words)
                and not any(w.lower_ in OFFICE_WORDS for w in words)
            )
        )
        if titled or speaking or holder or relative:
            found.append((words[0].i, " ".join(w.text for w in words)))
        elif len(words) == 1 and token.is_alpha and memory.canonical(token.text) != token.text:
            found.append((token.i, memory.canonical(token.text)))
    return found


def _named_by_role(token: Any) -> bool:
    """A subject that names a person by role alone: "The judge", "the coroner", "the barrister"."""
    if token.dep_ not in SUBJECT_DEPS or token.pos_ != "NOUN" or token.head.i != token.sent.root.i:
        return False  # a main-clause subject: "said the player had eaten" reports on someone named before
    role = token.lemma_.lower()
    if role not in PERSON_ROLES and role not in OFFICE_WORDS:
        return False
    children = list(token.children)
    # "The CCA's president": a body's office holder, unnamed, as much as "the judge" is ("his lawyer" may be
    # anyone's).
    held = [c for c in children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    determined = bool(held) or any(c.dep_ == "det" and c.lower_ == "the" for c in children)
    others = [c for c in children if c.dep_ in {"appos", "poss", "compound", "prep"} and c not in held]
    return determined and not others


def _remember_titles(sentence: Any, people: list[tuple[int, str]], memory: ReferentMemory) -> None:
    """Record the gender a title gives a person: "Mr Sethna" -> Rajiv Sethna is "he"."""
    doc = sentence.doc
    for start, name in people:
        before = doc[start - 1].text if start > sentence.start else ""
        gender = _title_gender(before) or _title_gender(doc[start].text)
        if gender is not None:
            memory.genders[name] = gender


def _possessive_holder(subject: Any) -> Any | None:
    """The "Its" of a main subject "Its chair, Kevin Doyle," (an office named by its holder), else None."""
    if subject is None or subject.pos_ != "NOUN":
        return None
    named = any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in subject.children)
    its = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ == "its"), None)
    return its if named else None


def _body(subject: Any, memory: ReferentMemory) -> str | None:
    """The organisation a sentence is about, when its main subject is one by name: an ORG entity, or a
    proper name that is no person's (no title, not a name the article gave a person)."""
    if subject is None or subject.pos_ != "PROPN" or _names_a_person(subject):
        return None
    entity = next((e for e in subject.doc.ents if e.start <= subject.i < e.end), None)
    if entity is not None and entity.label_ not in {"ORG", "FAC"}:
        return None  # a place or a nationality holds no office
    # "The Charity Regulator" untagged: its run of proper nouns, not "Regulator".
    text = entity.text if entity is not None else definite.proper_name(subject)
    if text.isupper() or memory.canonical(text) != text or text in memory.full_names:
        return None  # a dateline ("GRAVENHOLM, Nov 18 -") or a person
    return _mid_sentence(text)
