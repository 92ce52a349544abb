"""Article text in, atomic check-worthy claims out, each traceable to its sentence in the article.

Stages, each a pure function of its own module: normalise (offset map kept) -> paragraphs (repeats and page
furniture left out) -> sentences (by rule, bounded) -> parse (one spaCy batch) -> referents
(decontextualisation) -> atomic clauses -> faithfulness gate (an unfaithful clause gives way to its
sentence; one leaning on an unnamed referent is marked needs_context) -> type and check-worthiness. Offsets
always point into the text that was passed in.
"""

from __future__ import annotations

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
    for paragraph in selection.kept:
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
            prepared.units.append(_Unit(sentence, original_start, original_end, open_at_start, open_at_end))
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
    if sentence.rstrip("\"') ").endswith("?"):
        return "question"
    if is_prompt_sentence(sentence):
        return "boilerplate"
    if len(sentence) > MAX_SENTENCE_CHARS or len(sentence.split()) > MAX_SENTENCE_WORDS:
        return f"sentence too long (over {MAX_SENTENCE_WORDS} words or {MAX_SENTENCE_CHARS} characters)"
    return None


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


def _candidates(unit: _Unit, doc: Any, memory: ReferentMemory) -> tuple[list[_Candidate], str | None]:
    """Atomic claims of one parsed sentence, or none and the reason."""
    candidates: list[_Candidate] = []
    reason = "no clause with a subject"
    # A sentence of a quote that runs over several sentences, with no one said to say it in this one,
    # cannot stand alone: who said it is in another sentence.
    stripped = unit.text.strip()
    wholly_quoted = stripped.startswith('"') and stripped.endswith('"') and stripped.count('"') == 2
    quoted = unit.quote_open_at_start or unit.quote_open_at_end or wholly_quoted
    unattributed_quote = quoted and not _attributed(doc, unit.quote_open_at_start)
    for sentence in doc.sents:
        referents = resolve_referents(sentence, memory)
        replacements = {i: r.text for i, r in referents.items()}
        replaced = set(referents)
        clauses = atomic_clauses(sentence, unit.text, replacements)
        # A clause the gate finds unfaithful gives way to the smallest faithful unit: its whole sentence.
        faithful = [c for c in clauses if c.has_subject and unfaithful_reason(c, sentence) is None]
        if len(faithful) < sum(c.has_subject for c in clauses):
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
            token_ids = {t.i for t in clause.tokens}
            entities = _entities(sentence, token_ids, referents)
            labels = [e.label for e in entities]
            claim_type = classify_clause(clause.head, clause.tokens, labels, clause.kind)
            unresolved = unattributed_quote or unresolved_reference(clause.tokens, replaced) is not None
            candidates.append(_Candidate(clause.text, unit, claim_type, entities, len(words), unresolved))
    return candidates[:MAX_CLAIMS_PER_SENTENCE], None if candidates else reason


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
    for unit, doc in zip(prepared.units, docs, strict=True):
        found, reason = _candidates(unit, doc, memory)
        fresh = [c for c in found if paragraph_key(c.text) not in seen_claims]
        seen_claims.update(paragraph_key(c.text) for c in fresh)
        if not fresh:
            result.skipped.append(
                SkippedSentence(_unit_sentence(prepared.text, unit), unit.start, reason or "repeated claim")
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
