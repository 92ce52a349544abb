"""Article text in, atomic check-worthy claims out, each traceable to its sentence in the article."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.extraction.classify import checkworthiness, classify_clause
from claimcheck.extraction.decompose import atomic_clauses
from claimcheck.extraction.nlp import parse_texts
from claimcheck.extraction.paragraphs import paragraph_key, unique_paragraphs
from schemas.claims import Entity
from schemas.common import ClaimType

MIN_CLAUSE_WORDS = 4


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    text: str
    sentence: str
    start: int
    end: int
    type: ClaimType
    checkworthiness: float
    entities: tuple[Entity, ...]


@dataclass(frozen=True, slots=True)
class SkippedSentence:
    sentence: str
    start: int
    reason: str


@dataclass(slots=True)
class ExtractionResult:
    claims: list[ExtractedClaim] = field(default_factory=list)
    skipped: list[SkippedSentence] = field(default_factory=list)


def extract_claims(text: str) -> ExtractionResult:
    """Split an article into atomic claims; repeated paragraphs and sentences yield their claims once."""
    result = ExtractionResult()
    paragraphs = unique_paragraphs(text)
    # Headlines restate the body; they are skipped whenever the article has body text.
    has_body = any(not p.is_heading for p in paragraphs)
    body = []
    for paragraph in paragraphs:
        if has_body and paragraph.is_heading:
            result.skipped.append(SkippedSentence(paragraph.text, paragraph.start, "heading"))
        else:
            body.append(paragraph)
    seen_sentences: set[str] = set()
    seen_claims: set[str] = set()
    for paragraph, doc in zip(body, parse_texts([p.text for p in body]), strict=True):
        for sent in doc.sents:
            start = paragraph.start + sent.start_char
            sentence = text[start : paragraph.start + sent.end_char]
            key = paragraph_key(sentence)
            if not key or key in seen_sentences:
                continue
            seen_sentences.add(key)
            if sentence.rstrip().endswith("?"):
                result.skipped.append(SkippedSentence(sentence, start, "question"))
                continue
            produced = 0
            for clause in atomic_clauses(sent, paragraph.text, 0):
                words = [t for t in clause.tokens if not t.is_punct]
                if len(words) < MIN_CLAUSE_WORDS or not clause.has_subject:
                    continue
                token_ids = {t.i for t in clause.tokens}
                entities = tuple(
                    Entity(text=ent.text, label=ent.label_)
                    for ent in sent.ents
                    if any(t.i in token_ids for t in ent)
                )
                labels = [e.label for e in entities]
                claim_type = classify_clause(clause.head, clause.tokens, labels)
                if claim_type is ClaimType.opinion and not entities:
                    continue
                claim_key = paragraph_key(clause.text)
                if claim_key in seen_claims:
                    continue
                seen_claims.add(claim_key)
                produced += 1
                result.claims.append(
                    ExtractedClaim(
                        text=clause.text,
                        sentence=sentence,
                        start=start,
                        end=start + len(sentence),
                        type=claim_type,
                        checkworthiness=checkworthiness(claim_type, labels, len(words)),
                        entities=entities,
                    )
                )
            if not produced:
                result.skipped.append(SkippedSentence(sentence, start, "no check-worthy clause"))
    return result
