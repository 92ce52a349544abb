"""Article text in, atomic check-worthy claims out, each traceable to its sentence in the article.

Stages, each a pure function of its own module: normalise (offset map kept) -> paragraphs (repeats and page
furniture left out) -> sentences (by rule, bounded) -> parse (one spaCy batch) -> referents
(decontextualisation) -> atomic clauses -> faithfulness gate (an unfaithful clause gives way to its
sentence; one leaning on an unnamed referent is marked needs_context) -> type and check-worthiness. Offsets
always point into the text that was passed in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimcheck.extraction.boilerplate import is_prompt_sentence
from claimcheck.extraction.classify import ScoringInput, checkworthiness_scores, classify_clause
from claimcheck.extraction.decompose import Clause, atomic_clauses, content_root
from claimcheck.extraction.decontext import Referent, ReferentMemory, resolve_referents
from claimcheck.extraction.faithfulness import ATTRIBUTING_LEMMAS, unfaithful_reason, unresolved_reference
from claimcheck.extraction.language import guess_language, looks_english
from claimcheck.extraction.nlp import parse_texts
from claimcheck.extraction.normalize import NormalizedText, normalize_text
from claimcheck.extraction.paragraphs import paragraph_key, select_paragraphs
from claimcheck.extraction.render import render
from claimcheck.extraction.sentences import split_sentences
from schemas.articles import ArticleSkip
from schemas.claims import Entity
from schemas.common import ClaimType, SkipReason

MIN_CLAUSE_WORDS = 3
# Bounds on the parser's work: longer sentences are not parsed, and an article is read up to this many.
MAX_SENTENCE_WORDS = 120
MAX_SENTENCE_CHARS = 1_500
MAX_SENTENCES = 2_000
MAX_CLAIMS_PER_SENTENCE = 12
# Why a sentence gave no claim when none of its clauses has a subject (a bare verb phrase, a list item).
NO_SUBJECT = "no clause with a subject"
# A list item's marker at the start of its line: a bullet or dash, "1." or "(a)".
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·▪]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
# Lead-ins whose list is a source's words: "Valleyline wants:", "The union is calling for:".
LIST_SOURCE_VERBS = frozenset({"want", "demand", "urge", "call", "ask", "propose", "recommend", "insist"})
# ... or that set out a source's demands: "The letter sets out three demands:".
LIST_SOURCE_NOUNS = frozenset({"demand", "recommendation", "proposal", "condition", "request", "call"})
# The most words after a quoted question for the sentence to be that question and who asked it.
QUESTION_FRAME_WORDS = 10
# Verbs that only tag speech ("she said", "he asked"); "disputed this" says something of its own.
SPEAKING_LEMMAS = frozenset({"say", "tell", "add", "ask", "wonder", "reply", "answer", "write", "explain"})
SECOND_PERSON_OR_SELF = frozenset({"i", "you"})


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """An atomic claim and the sentence of the original text it comes from (`text[start:end] == sentence`)."""

    text: str
    sentence: str
    start: int
    end: int
    type: ClaimType
    checkworthiness: float
    entities: tuple[Entity, ...]
    # The claim leans on an earlier sentence it does not name ("That received 6,812 responses"): kept and
    # shown, not sent to verification.
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class SkippedSentence:
    """A sentence (or paragraph) that yields no claim, where it starts in the original text, and why."""

    sentence: str
    start: int
    reason: str


@dataclass(slots=True)
class ExtractionResult:
    """Claims in article order, what was left out with reasons, and why if that was the whole article."""

    claims: list[ExtractedClaim] = field(default_factory=list)
    skipped: list[SkippedSentence] = field(default_factory=list)
    article_skip: ArticleSkip | None = None


@dataclass(frozen=True, slots=True)
class _Unit:
    """A sentence to parse: its text in the normalised article and its span in the original."""

    text: str
    start: int
    end: int
    # A quotation of its paragraph is open where the sentence starts: it continues an earlier sentence's.
    quote_open_at_start: bool = False
    # ... or still open where it ends: the quote, and perhaps who said it, goes on in a later sentence.
    quote_open_at_end: bool = False
    # Which kept paragraph it is in: a quotation runs on only within its paragraph.
    paragraph: int = 0


@dataclass(slots=True)
class _Prepared:
    text: str
    units: list[_Unit] = field(default_factory=list)
    result: ExtractionResult = field(default_factory=ExtractionResult)


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    unit: _Unit
    type: ClaimType
    entities: tuple[Entity, ...]
    word_count: int
    needs_context: bool = False


def _skip(prepared: _Prepared, norm: NormalizedText, start: int, end: int, reason: str) -> None:
    begin, finish = norm.to_original(start, end)
    prepared.result.skipped.append(SkippedSentence(prepared.text[begin:finish], begin, reason))


def _prepare(text: str) -> _Prepared:
    """Everything before parsing: normalise, select paragraphs, split and filter sentences."""
    prepared = _Prepared(text)
    result = prepared.result
    if not text.strip():
        result.skipped.append(SkippedSentence(text, 0, "empty text"))
        result.article_skip = ArticleSkip(reason=SkipReason.empty, detail="the text is empty")
        return prepared
    norm = normalize_text(text)
    if not norm.text.strip():
        result.skipped.append(SkippedSentence(text, 0, "no text after removing markup"))
        result.article_skip = ArticleSkip(reason=SkipReason.empty, detail="no text after removing markup")
        return prepared
    if not looks_english(norm.text):
        _skip(prepared, norm, 0, min(len(norm.text), 200), "not English")
        language = guess_language(norm.text)
        detail = "the text is not English" + (f" (it reads as {language})" if language else "")
        result.article_skip = ArticleSkip(reason=SkipReason.not_english, language=language, detail=detail)
        return prepared
    selection = select_paragraphs(norm.text)
    for dropped in selection.dropped:
        _skip(prepared, norm, dropped.paragraph.start, dropped.paragraph.end, dropped.reason)
    # Headlines restate the body; they are skipped whenever the article has body text.
    has_body = any(not p.is_heading for p in selection.kept)
    seen: set[str] = set()
    for paragraph_index, paragraph in enumerate(selection.kept):
        if has_body and paragraph.is_heading:
            _skip(prepared, norm, paragraph.start, paragraph.end, "heading")
            continue
        for span in split_sentences(paragraph.text):
            start, end = paragraph.start + span.start, paragraph.start + span.end
            sentence = norm.text[start:end]
            key = paragraph_key(sentence)
            reason = _sentence_skip_reason(sentence, key, seen)
            if reason is None and len(prepared.units) >= MAX_SENTENCES:
                reason = f"sentence limit ({MAX_SENTENCES}) reached"
            if reason is not None:
                _skip(prepared, norm, start, end, reason)
                continue
            seen.add(key)
            original_start, original_end = norm.to_original(start, end)
            # Quotes are straight after normalisation: an odd count before a point means a quote is open.
            open_at_start = paragraph.text.count('"', 0, span.start) % 2 == 1
            open_at_end = paragraph.text.count('"', 0, span.end) % 2 == 1
            prepared.units.append(
                _Unit(sentence, original_start, original_end, open_at_start, open_at_end, paragraph_index)
            )
    if not prepared.units:
        result.article_skip = _nothing_to_read(result.skipped)
    return prepared


def _nothing_to_read(skipped: list[SkippedSentence]) -> ArticleSkip:
    """The skip of an article none of whose sentences is read, with what the sentences were."""
    reasons = Counter(s.reason for s in skipped)
    found = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
    return ArticleSkip(
        reason=SkipReason.no_sentences, detail=f"no sentence left to read ({found or 'nothing found'})"
    )


def _sentence_skip_reason(sentence: str, key: str, seen: set[str]) -> str | None:
    if not any(char.isalpha() for char in key):
        return "no words"
    if key in seen:
        return "repeated sentence"
    if sentence.rstrip("\"') ").endswith("?") or _quoted_question(sentence):
        return "question"
    if is_prompt_sentence(sentence):
        return "boilerplate"
    if len(sentence) > MAX_SENTENCE_CHARS or len(sentence.split()) > MAX_SENTENCE_WORDS:
        return f"sentence too long (over {MAX_SENTENCE_WORDS} words or {MAX_SENTENCE_CHARS} characters)"
    return None


def _quoted_question(sentence: str) -> bool:
    """'"… what has it got to show?" he asked supporters.': a quoted question and its short frame."""
    end = sentence.rfind('?"')
    if end < 0:
        return False
    frame = sentence[end + 2 :]
    return '"' not in frame and len(frame.split()) <= QUESTION_FRAME_WORDS


def _entities(sentence: Any, token_ids: set[int], referents: dict[int, Referent]) -> tuple[Entity, ...]:
    found = [
        Entity(text=ent.text, label=ent.label_)
        for ent in sentence.ents
        if any(t.i in token_ids for t in ent) and not all(t.i in referents for t in ent)
    ]
    found.extend(
        Entity(text=r.text, label=r.label)
        for i, r in sorted(referents.items())
        if i in token_ids and r.text and r.label
    )
    unique = {(e.text, e.label): e for e in found}
    return tuple(unique.values())


@dataclass(slots=True)
class _Read:
    """One parsed sentence's candidate claims, and what a quotation running through it needs."""

    candidates: list[_Candidate]
    reason: str | None
    # A sentence of a quotation that names no speaker of its own: who says it is in another sentence.
    unattributed_quote: bool = False
    # Who this sentence says is speaking, as the claim should name them ("Priya Ranganathan").
    speaker: str | None = None
    # The sentence as one claim, kept for when a neighbouring sentence names the speaker.
    whole: _Candidate | None = None
    # A lead-in that says whose the list after it is ("The shipping lines' letter sets out three demands"),
    # without its colon: its items are that source's words.
    sourced_lead_in: str | None = None
    # ... and whether it leans on an earlier sentence ("It recommends that the council:"), as its items do.
    lead_in_leans: bool = False


def _candidates(unit: _Unit, doc: Any, memory: ReferentMemory) -> _Read:
    """Atomic claims of one parsed sentence (or none and the reason), and its quotation's speaker."""
    candidates: list[_Candidate] = []
    reason = NO_SUBJECT
    # A sentence of a quote that runs over several sentences, with no one said to say it in this one,
    # cannot stand alone: who said it is in another sentence.
    stripped = unit.text.strip()
    wholly_quoted = stripped.startswith('"') and stripped.endswith('"') and stripped.count('"') == 2
    quoted = unit.quote_open_at_start or unit.quote_open_at_end or wholly_quoted
    unattributed_quote = quoted and not _attributed(doc, unit.quote_open_at_start)
    speaker: str | None = None
    whole_claim: _Candidate | None = None
    sourced_lead_in: str | None = None
    lead_in_leans = False
    for sentence in doc.sents:
        referents = resolve_referents(sentence, memory)
        replacements = {i: r.text for i, r in referents.items() if not r.ambiguous}
        if _sourced(sentence):
            sourced_lead_in = render(list(sentence), unit.text, replacements).rstrip(".:; ")
            lead_in_leans = unresolved_reference(tuple(sentence), set(replacements)) is not None
        if _lead_in(sentence):
            reason = "a lead-in to a list"
            continue
        if speaker is None and not unattributed_quote:
            speaker = _speaker(sentence, unit.quote_open_at_start, referents, memory)
        if unattributed_quote and whole_claim is None:
            whole_claim = _whole_sentence(unit, sentence, referents)
        replaced = set(replacements)
        unclear = {i for i, r in referents.items() if r.ambiguous}
        clauses = atomic_clauses(sentence, unit.text, replacements)
        # A clause the gate finds unfaithful gives way to the smallest faithful unit: its whole sentence.
        faithful = [c for c in clauses if c.has_subject and unfaithful_reason(c, sentence) is None]
        # "According to the Board, a record 1.1 million people registered …" parsed with "According" as the
        # root has no clause with a subject; the report is there all the same, as the sentence says it.
        misparsed_report = sentence.root.lower_ == "according" and not any(c.has_subject for c in clauses)
        if len(faithful) < sum(c.has_subject for c in clauses) or misparsed_report:
            whole = render(list(sentence), unit.text, replacements)
            clauses = [
                *faithful,
                Clause(whole, content_root(sentence.root), tuple(sentence), True, "sentence"),
            ]
        for clause in clauses:
            words = [t for t in clause.tokens if not t.is_punct]
            subjects = [
                t for t in clause.tokens if t.dep_ in {"nsubj", "nsubjpass"} and t.head.i == clause.head.i
            ]
            if not clause.has_subject:
                continue
            if any(s.lower_ in SECOND_PERSON_OR_SELF for s in subjects):
                reason = "first or second person"
                continue
            if len(words) < MIN_CLAUSE_WORDS:
                reason = "too short"
                continue
            if _speech_tag_only(clause, words):
                reason = "a speech tag without its speech"
                continue
            token_ids = {t.i for t in clause.tokens}
            entities = _entities(sentence, token_ids, referents)
            labels = [e.label for e in entities]
            claim_type = classify_clause(clause.head, clause.tokens, labels, clause.kind)
            unresolved = (
                unattributed_quote
                or bool(unclear & token_ids)
                or unresolved_reference(clause.tokens, replaced) is not None
            )
            candidates.append(_Candidate(clause.text, unit, claim_type, entities, len(words), unresolved))
    found = candidates[:MAX_CLAIMS_PER_SENTENCE]
    return _Read(
        found,
        None if found else reason,
        unattributed_quote,
        speaker,
        whole_claim,
        sourced_lead_in,
        lead_in_leans,
    )


def _lead_in(sentence: Any) -> bool:
    """ "The largest increases were in:", "The authority told the trust that it must:", "The measures
    include:": a lead-in cut off before the list it introduces says nothing until its items. ("There are
    three kinds of stars:" is a sentence of its own.)"""
    words = [t for t in sentence if not t.is_space]
    if len(words) < 2 or not _ends_on_colon(sentence):
        return False
    # "The council will also:": auxiliaries and no verb wait for the items to finish them.
    if not any(t.pos_ == "VERB" for t in words) and any(t.pos_ == "AUX" and t.tag_ == "MD" for t in words):
        return True
    # "It recommends that the council:": a "that" with no verb after it waits for the items to finish it.
    that = next((t for t in reversed(words) if t.lower_ == "that" and t.pos_ == "SCONJ"), None)
    if that is not None and not any(t.pos_ in {"VERB", "AUX"} for t in words if t.i > that.i):
        return True
    last = words[-2]
    return (
        last.pos_ in {"ADP", "AUX", "SCONJ", "PART"}
        or last.pos_ == "VERB"
        # Only what follows the verb completes it: "According to the union, Valleyline wants:" is a lead-in.
        and not any(
            c.dep_ in {"dobj", "attr", "ccomp", "xcomp", "prep", "advmod"} and c.i > last.i
            for c in last.children
        )
    )


def _speech_tag_only(clause: Clause, words: list[Any]) -> bool:
    """'"Who decided that?" Ms Ruddock asked.', '"Nobody," she said.': once the question is split off, the
    sentence is who spoke, and at most one word of what they said."""
    head = clause.head
    if head.lemma_ not in SPEAKING_LEMMAS:
        return False
    frame = {head.i} | {
        t.i
        for c in head.children
        if c.dep_ in {"nsubj", "nsubjpass", "aux", "neg", "advmod"}
        for t in c.subtree
    }
    return sum(t.i not in frame for t in words) <= 1


def _speaker(
    sentence: Any, quote_open: bool, referents: dict[int, Referent], memory: ReferentMemory
) -> str | None:
    """The named subject of the reporting verb outside the sentence's quotation marks ("… ," said Priya
    Ranganathan; 'she said' with "she" resolved), or None when it names no one."""
    for token in sentence:
        if token.text == '"':
            quote_open = not quote_open
            continue
        if quote_open or token.lemma_ not in ATTRIBUTING_LEMMAS or token.pos_ not in {"VERB", "AUX"}:
            continue
        subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        if subject.i in referents and referents[subject.i].label == "PERSON":
            return referents[subject.i].text
        # "Its chair, Kevin Doyle, said …": the apposition names the speaker.
        named = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        subject = named[0] if named and subject.pos_ == "NOUN" else subject
        if subject.ent_type_ == "PERSON" or subject.tag_ in {"NNP", "NNPS"}:
            # The name is the run of compounds right before the head ("Councillor Priya Ranganathan"), not
            # the compounds of an apposition after it ("…, the council's cabinet member").
            # A hyphenated surname ("Radcliffe-Ayo") is one name: words glued by a hyphen go with it.
            doc = subject.doc
            start, end = subject.i, subject.i + 1
            while start > sentence.start and (
                doc[start - 1].dep_ == "compound"
                or doc[start - 1].text == "-"
                or not doc[start - 1].whitespace_
            ):
                start -= 1
            while end < sentence.end and (
                (not doc[end - 1].whitespace_ and not doc[end].is_punct)
                or (end + 1 < sentence.end and doc[end].text == "-" and not doc[end].whitespace_)
            ):
                end += 1
            return memory.canonical(doc[start:end].text.strip(" ,"))
    return None


def _whole_sentence(unit: _Unit, sentence: Any, referents: dict[int, Referent]) -> _Candidate | None:
    """A quotation's sentence as one claim in the speaker's words (marks dropped), to be attributed."""
    text = " ".join(unit.text.replace('"', " ").split())
    words = [t for t in sentence if not t.is_punct]
    if len(words) < MIN_CLAUSE_WORDS or not text:
        return None
    entities = _entities(sentence, {t.i for t in sentence}, referents)
    # Once attributed, a quotation's "we" is the speaker's side; any other word leaning on an earlier
    # sentence ("after this", "it") still does.
    own_side = {"we", "us", "our"}
    leaning = unresolved_reference(tuple(t for t in sentence if t.lower_ not in own_side), set(referents))
    needs_context = leaning is not None
    return _Candidate(text, unit, ClaimType.attribution, entities, len(words), needs_context)


def _attribute_quotes(units: list[_Unit], reads: list[_Read]) -> None:
    """Give each sentence of a quotation that names no speaker the speaker a sentence of the same quotation
    names: '"Forty thousand people will have a direct link," she said' for the sentence before or after.
    The sentence then becomes one attributed claim; where no speaker is found it stays marked."""
    for index, read in enumerate(reads):
        if not read.unattributed_quote or read.whole is None:
            continue
        speaker = _quotation_speaker(units, reads, index)
        whole = read.whole
        quote = whole.text.rstrip(".!? ")
        if speaker is None:
            if not _all_quoted(whole.unit):
                continue
            # Nobody the article names says it here: the sentence stays a quotation, shown for context and
            # not sent to verification, rather than its clauses stated as fact.
            text = f'"{quote}{whole.text[len(quote) :].strip() or "."}"'
            read.candidates = [
                _Candidate(text, whole.unit, whole.type, whole.entities, whole.word_count, True)
            ]
            continue
        text = f'{speaker} said: "{quote}{whole.text[len(quote) :].strip() or "."}"'
        read.candidates = [
            _Candidate(text, whole.unit, whole.type, whole.entities, whole.word_count, whole.needs_context)
        ]


def _attribute_list_items(units: list[_Unit], reads: list[_Read]) -> None:
    """Give the items of a list whose lead-in names its source that source: under "The shipping lines'
    letter sets out three demands:", "- the increase should be phased in" is their demand, not a fact. Each
    item becomes one claim that carries the lead-in ("…sets out three demands: the increase should be …"),
    an item that is only a verb phrase too ("It recommends that the council: - replace the drainage")."""
    for index, read in enumerate(reads):
        if read.sourced_lead_in is None:
            continue
        for unit, item in zip(units[index + 1 :], reads[index + 1 :], strict=True):
            marker = _LIST_MARKER.match(unit.text)
            if marker is None:
                break
            if not item.candidates and item.reason != NO_SUBJECT:
                continue
            words = unit.text[marker.end() :].strip().rstrip(".;,: ")
            if not words:
                continue
            entities = tuple({(e.text, e.label): e for c in item.candidates for e in c.entities}.values())
            item.candidates = [
                _Candidate(
                    f"{read.sourced_lead_in}: {words}.",
                    unit,
                    ClaimType.attribution,
                    entities,
                    len(words.split()),
                    read.lead_in_leans or any(c.needs_context for c in item.candidates),
                )
            ]


def _sourced(sentence: Any) -> bool:
    """A lead-in to a list that says whose words follow: a reporting or demanding verb ("Valleyline wants:",
    "The report recommends:"), a verb setting out demands, recommendations or conditions, a "that" waiting
    for its clause ("the judge held that:"), or an "according to"."""
    if not _ends_on_colon(sentence):
        return False
    verb = sentence.root
    if verb.lemma_ in ATTRIBUTING_LEMMAS or verb.lemma_ in LIST_SOURCE_VERBS:
        return True
    # "Among his findings, the judge held that:" reports what follows; so does "According to the union, the
    # cuts would fall hardest on:".
    words = [t for t in sentence if not t.is_space and not t.is_punct]
    if words and words[-1].lower_ == "that" and words[-1].pos_ == "SCONJ":
        return True
    if any(t.lower_ == "according" and t.i + 1 < sentence.end and t.nbor().lower_ == "to" for t in sentence):
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in LIST_SOURCE_NOUNS for c in verb.children)


def _ends_on_colon(sentence: Any) -> bool:
    """Whether the sentence's last word is a colon: it introduces what follows."""
    last = next((t for t in reversed(sentence) if not t.is_space), None)
    return last is not None and last.text == ":"


def _all_quoted(unit: _Unit) -> bool:
    """Whether every word of the sentence is inside one quotation: it opens the sentence (or is open
    already) and closes only at its end, if at all."""
    text = unit.text.strip()
    if unit.quote_open_at_start:
        body = text
    elif text.startswith('"'):
        body = text[1:]
    else:
        return False
    closing = body.find('"')
    return closing < 0 or not body[closing + 1 :].strip(" .,!?")


def _quotation_speaker(units: list[_Unit], reads: list[_Read], index: int) -> str | None:
    """The speaker named by the nearest sentence of the same quotation, looking back then ahead. Sentences
    belong to one quotation when it runs on from one to the next, or when both are quoted and adjacent in
    one paragraph ('"A," said X. "B."'). A paragraph that opens on the quotation with no speaker of its own
    is the speaker's whom the paragraph before names last ('Pillai said Marsh had changed how the club
    recruited.' then '"She would sit in on every trial. …"')."""

    def linked(first: int, second: int) -> bool:
        a, b = units[first], units[second]
        if a.paragraph != b.paragraph:
            return False
        return a.quote_open_at_end or ('"' in a.text and '"' in b.text)

    # A sentence of the quotation that has a speech tag naming no person ('…," the panel's written
    # decision said.') is the quotation's source: it is not given to someone the article named before.
    back = index
    while back > 0 and linked(back - 1, back):
        back -= 1
        if reads[back].speaker is not None or not reads[back].unattributed_quote:
            return reads[back].speaker
    ahead = index
    while ahead + 1 < len(units) and linked(ahead, ahead + 1):
        ahead += 1
        if reads[ahead].speaker is not None or not reads[ahead].unattributed_quote:
            return reads[ahead].speaker
    opens_paragraph = back > 0 and units[back - 1].paragraph != units[back].paragraph
    if opens_paragraph and units[back].text.lstrip().startswith('"'):
        return reads[back - 1].speaker
    return None


def _attributed(doc: Any, quote_open: bool) -> bool:
    """Whether a reporting verb outside the quotation marks of this sentence says who speaks."""
    for token in doc:
        if token.text == '"':
            quote_open = not quote_open
        elif not quote_open and token.lemma_ in ATTRIBUTING_LEMMAS and token.pos_ in {"VERB", "AUX"}:
            return True
    return False


def _finish(prepared: _Prepared, docs: list[Any]) -> ExtractionResult:
    """Everything after parsing: referents, atomic clauses, types and scores."""
    result = prepared.result
    memory = ReferentMemory()
    candidates: list[_Candidate] = []
    seen_claims: set[str] = set()
    reads = [_candidates(unit, doc, memory) for unit, doc in zip(prepared.units, docs, strict=True)]
    _attribute_quotes(prepared.units, reads)
    _attribute_list_items(prepared.units, reads)
    for unit, read in zip(prepared.units, reads, strict=True):
        fresh = []
        for candidate in read.candidates:  # one at a time: a sentence can yield one claim twice
            key = paragraph_key(candidate.text)
            if key not in seen_claims:
                seen_claims.add(key)
                fresh.append(candidate)
        if not fresh:
            result.skipped.append(
                SkippedSentence(
                    _unit_sentence(prepared.text, unit), unit.start, read.reason or "repeated claim"
                )
            )
        candidates.extend(fresh)
    scores = checkworthiness_scores(
        [ScoringInput(c.text, c.type, tuple(e.label for e in c.entities), c.word_count) for c in candidates]
    )
    for candidate, score in zip(candidates, scores, strict=True):
        unit = candidate.unit
        result.claims.append(
            ExtractedClaim(
                text=candidate.text,
                sentence=_unit_sentence(prepared.text, unit),
                start=unit.start,
                end=unit.end,
                type=candidate.type,
                checkworthiness=min(1.0, max(0.0, score)),
                entities=candidate.entities,
                needs_context=candidate.needs_context,
            )
        )
    result.skipped.sort(key=lambda s: s.start)
    return result


def _unit_sentence(text: str, unit: _Unit) -> str:
    """The sentence as it stands in the original text."""
    return text[unit.start : unit.end]


def extract_claims_many(texts: Sequence[str]) -> list[ExtractionResult]:
    """Extract claims from several articles, parsing all their sentences in one batch."""
    prepared = [_prepare(text) for text in texts]
    docs = parse_texts([unit.text for p in prepared for unit in p.units])
    results = []
    position = 0
    for item in prepared:
        count = len(item.units)
        results.append(_finish(item, docs[position : position + count]))
        position += count
    return results


def extract_claims(text: str) -> ExtractionResult:
    """Split an article into atomic claims; repeated paragraphs and sentences yield their claims once."""
    return extract_claims_many([text])[0]
