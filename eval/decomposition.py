"""Score claim decomposition against gold atomic claims (Factcheck-GPT format).

Usage:
    python eval/decomposition.py --data ../shared/data/factcheck_gpt/decomposition.jsonl [--json OUT]
        [--threshold 0.5] [--context response|sentence]

Each line of the data holds one sentence of a chatbot response with its gold claims. The real
`extract_claims` runs on the text: by default on each response (its sentences one per line, so pronouns can
find their referents in earlier sentences) with every claim assigned to the gold sentence its offsets fall
in; with `--context sentence`, on each sentence alone.

Similarity: token-level F1 between the multisets of lower-cased content words (alphanumeric words not in
spaCy's English stop-word list) of a predicted and a gold claim. Alignment: one-to-one, per sentence, greedy
by decreasing similarity (max-weight greedy matching); a pair counts only at similarity >= threshold.
Precision = matched / predicted, recall = matched / gold. Ratio = predicted / gold claims. "No-claim share"
= share of sentences labelled check-worthy ("yes") that yield no claim.

Rows: all lines; "dev" = responses with an even response_index (the rules were developed looking at these);
"held-out" = odd response_index (not inspected while developing).

Faithfulness (lexical), independent of the gold claims: the share of predicted claims all of whose content
words (as above, plus number words and negations, which are spaCy stop words; less the possessive "s"
that decontextualisation adds) and named entities occur in the
claim's context: its source sentence plus the preceding sentences of its response (a pronoun may have been
replaced by a name from there). Entities are spaCy's, from the pipeline claimcheck.extraction.nlp loads;
each must occur verbatim in the lower-cased context, less a leading "the", a trailing "'s" and edge
punctuation, so a name whose inner punctuation was lost does not count. "words" and "entities" are the two
halves alone; "sent-only" allows the source sentence alone; "gold" applies the same test to the gold claims
(annotators paraphrase, so it is no ceiling). It catches words and names that are in neither the sentence
nor what came before (added content, garbled names, a wrong number); a claim that recombines words of its
context wrongly (a wrong speaker, a dropped "if") still passes.

Faithfulness (reader): the share of predicted claims the claim-evidence reader (claimcheck.reader), given
(claim, source sentence), reads as entailed (entailment its likeliest label); skipped without the reader.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

from claimcheck.extraction import extract_claims  # noqa: E402
from claimcheck.extraction.nlp import get_nlp  # noqa: E402
from claimcheck.reader.model import load_reader  # noqa: E402

_WORD = re.compile(r"[a-z0-9]+")
# Decontextualisation writes "Obama's" for "his"; the bare "s" it leaves is no content word.
_NOT_CONTENT = frozenset({"s"})
# Stop words that change what a claim states: a number or a negation the context lacks is unsupported.
_KEPT_STOP_WORDS = frozenset(
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "fifteen", "twenty", "forty", "fifty", "sixty", "hundred", "first", "third",
        "not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "cannot", "without",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Scores:
    """Decomposition figures for one set of sentences."""

    sentences: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    ratio: float
    checkworthy_sentences: int
    no_claim_share: float
    mean_matched_similarity: float


@dataclass(frozen=True, slots=True)
class Faithfulness:
    """Lexical faithfulness of the predicted claims of one set of sentences (and of the gold claims)."""

    claims: int
    lexical_share: float
    word_share: float
    entity_share: float
    sentence_only_share: float
    gold_claims: int
    gold_lexical_share: float


@dataclass(frozen=True, slots=True)
class Support:
    """What of a claim its context lacks: content words and named entities."""

    missing_words: frozenset[str]
    missing_entities: tuple[str, ...]

    @property
    def supported(self) -> bool:
        """Every content word and entity of the claim is in its context."""
        return not self.missing_words and not self.missing_entities


def content_words(text: str) -> Counter[str]:
    """Lower-cased alphanumeric words that are not stop words, with counts."""
    return Counter(w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def similarity(a: str, b: str) -> float:
    """Token-level F1 of the content words of two texts."""
    left, right = content_words(a), content_words(b)
    overlap = sum((left & right).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(left.values())
    recall = overlap / sum(right.values())
    return 2 * precision * recall / (precision + recall)


def align(predicted: list[str], gold: list[str], threshold: float) -> list[float]:
    """Similarities of the one-to-one pairs chosen greedily by decreasing similarity, at >= threshold."""
    pairs = sorted(
        ((similarity(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for score, i, j in pairs:
        if score < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append(score)
    return matched


_EDGE_PUNCTUATION = " .,;:!?\"'()"


def _entity_key(text: str) -> str:
    """An entity as it must occur in the context: lower-cased, without a leading "the", a trailing "'s"
    or punctuation at its edges (a claim-final "Ltd." is still "Ltd")."""
    words = text.lower().replace("\u2019", "'").strip(_EDGE_PUNCTUATION).split()
    if words and words[0] == "the":
        words = words[1:]
    key = " ".join(words)
    return (key[:-2] if key.endswith("'s") else key).strip(_EDGE_PUNCTUATION)


def faithfulness_words(text: str) -> set[str]:
    """Content words as for similarity, plus number words and negations, less the possessive "s"."""
    words = _WORD.findall(text.lower())
    return {w for w in words if w not in STOP_WORDS or w in _KEPT_STOP_WORDS} - _NOT_CONTENT


def support(claim: str, entities: Iterable[str], context: str) -> Support:
    """Which content words and entities of a claim do not occur in its context."""
    context_key = " ".join(context.lower().replace("\u2019", "'").split())
    words = frozenset(faithfulness_words(claim) - faithfulness_words(context))
    missing = tuple(e for e in entities if (key := _entity_key(e)) and key not in context_key)
    return Support(words, missing)


def contexts(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(source sentence, that sentence plus the preceding sentences of its response) for every line."""
    seen: dict[int, list[str]] = {}
    found = []
    for row in rows:
        earlier = seen.setdefault(row.get("response_index", 0), [])
        earlier.append(row["sentence"])
        found.append((row["sentence"], "\n".join(earlier)))
    return found


def _entities_of(texts: list[str]) -> list[list[str]]:
    return [[ent.text for ent in doc.ents] for doc in get_nlp().pipe(texts, batch_size=64)]


def lexical_faithfulness(
    rows: list[dict[str, Any]], predictions: list[list[str]]
) -> list[tuple[list[Support], list[Support], list[Support]]]:
    """Per line: the support of each predicted claim in its context, in its sentence alone, and of each
    gold claim in its context."""
    predicted = [claim for claims in predictions for claim in claims]
    gold = [claim for row in rows for claim in row["claims"]]
    entities = iter(_entities_of(predicted + gold))
    predicted_entities = [[next(entities) for _ in claims] for claims in predictions]
    gold_entities = [[next(entities) for _ in row["claims"]] for row in rows]
    found = []
    for (sentence, context), claims, claim_entities, row, row_gold_entities in zip(
        contexts(rows), predictions, predicted_entities, rows, gold_entities, strict=True
    ):
        found.append(
            (
                [support(c, e, context) for c, e in zip(claims, claim_entities, strict=True)],
                [support(c, e, sentence) for c, e in zip(claims, claim_entities, strict=True)],
                [support(c, e, context) for c, e in zip(row["claims"], row_gold_entities, strict=True)],
            )
        )
    return found


def score_faithfulness(lines: Iterable[tuple[list[Support], list[Support], list[Support]]]) -> Faithfulness:
    """Shares of claims whose words and entities their context holds."""
    in_context: list[Support] = []
    in_sentence: list[Support] = []
    gold: list[Support] = []
    for predicted, alone, gold_line in lines:
        in_context.extend(predicted)
        in_sentence.extend(alone)
        gold.extend(gold_line)

    def share(found: list[Support], test: Callable[[Support], bool]) -> float:
        return round(sum(map(test, found)) / len(found), 4) if found else 0.0

    return Faithfulness(
        claims=len(in_context),
        lexical_share=share(in_context, lambda s: s.supported),
        word_share=share(in_context, lambda s: not s.missing_words),
        entity_share=share(in_context, lambda s: not s.missing_entities),
        sentence_only_share=share(in_sentence, lambda s: s.supported),
        gold_claims=len(gold),
        gold_lexical_share=share(gold, lambda s: s.supported),
    )


def reader_entailment(rows: list[dict[str, Any]], predictions: list[list[str]]) -> list[list[bool]] | None:
    """Per line, whether the claim-evidence reader's likeliest reading of (sentence, claim) is entailment;
    None without the reader."""
    reader = load_reader()
    if reader is None:
        return None
    pairs = [
        (claim, row["sentence"]) for row, claims in zip(rows, predictions, strict=True) for claim in claims
    ]
    readings = iter(reader.read(pairs))
    return [
        [(r := next(readings)).entailment >= max(r.neutral, r.contradiction) for _ in claims]
        for claims in predictions
    ]


def entailed_share(lines: Iterable[list[bool]] | None) -> float | None:
    """The share of claims read as entailed, over some lines."""
    if lines is None:
        return None
    flags = [flag for line in lines for flag in line]
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def predict_by_response(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Claims per line, extracting each response as one text (one sentence per line)."""
    predictions: list[list[str]] = [[] for _ in rows]
    by_response: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_response.setdefault(row["response_index"], []).append(index)
    for indices in by_response.values():
        spans = []
        parts = []
        position = 0
        for index in indices:
            sentence = rows[index]["sentence"]
            spans.append((position, position + len(sentence), index))
            parts.append(sentence)
            position += len(sentence) + 1
        text = "\n".join(parts)
        for claim in extract_claims(text).claims:
            owner = next((index for start, end, index in spans if start <= claim.start < end), None)
            if owner is not None:
                predictions[owner].append(claim.text)
    return predictions


def predict_by_sentence(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Claims per line, extracting each sentence on its own."""
    return [[c.text for c in extract_claims(row["sentence"]).claims] for row in rows]


def score(rows: Iterable[tuple[dict[str, Any], list[str]]], threshold: float) -> Scores:
    """Figures over (line, predicted claims) pairs."""
    sentences = gold_total = predicted_total = 0
    similarities: list[float] = []
    checkworthy = silent = 0
    for row, predicted in rows:
        sentences += 1
        gold = row["claims"]
        gold_total += len(gold)
        predicted_total += len(predicted)
        similarities.extend(align(predicted, gold, threshold))
        if row.get("sentence_checkworthiness", "yes") == "yes":
            checkworthy += 1
            silent += not predicted
    matched = len(similarities)
    precision = matched / predicted_total if predicted_total else 0.0
    recall = matched / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        sentences=sentences,
        gold=gold_total,
        predicted=predicted_total,
        matched=matched,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        ratio=round(predicted_total / gold_total, 4) if gold_total else 0.0,
        checkworthy_sentences=checkworthy,
        no_claim_share=round(silent / checkworthy, 4) if checkworthy else 0.0,
        mean_matched_similarity=round(sum(similarities) / matched, 4) if matched else 0.0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/factcheck_gpt/decomposition.jsonl"))
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    parser.add_argument("--threshold", type=float, default=0.5, help="minimum similarity of a matched pair")
    parser.add_argument("--context", choices=["response", "sentence"], default="response")
    parser.add_argument("--dump", type=Path, default=None, help="write predicted and gold claims per line")
    args = parser.parse_args(argv)

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    predictions = predict_by_response(rows) if args.context == "response" else predict_by_sentence(rows)
    elapsed = time.perf_counter() - started
    pairs = list(zip(rows, predictions, strict=True))
    members: dict[str, Callable[[dict[str, Any]], bool]] = {
        "all": lambda _row: True,
        "dev (even responses)": lambda row: row.get("response_index", 0) % 2 == 0,
        "held-out (odd responses)": lambda row: row.get("response_index", 0) % 2 == 1,
    }
    splits = {name: [p for p in pairs if member(p[0])] for name, member in members.items()}
    results = {name: score(subset, args.threshold) for name, subset in splits.items()}
    supports = lexical_faithfulness(rows, predictions)
    faithful = {
        name: score_faithfulness(s for s, row in zip(supports, rows, strict=True) if member(row))
        for name, member in members.items()
    }
    entailed = reader_entailment(rows, predictions)
    entailed_shares = {
        name: None
        if entailed is None
        else entailed_share(e for e, row in zip(entailed, rows, strict=True) if member(row))
        for name, member in members.items()
    }

    print(f"data: {args.data}  context: {args.context}  threshold: {args.threshold}")
    print("similarity: token F1 over lower-cased content words; one-to-one greedy max-weight alignment")
    header = f"{'split':<26}{'sents':>6}{'gold':>6}{'pred':>6}{'match':>6}{'P':>8}{'R':>8}{'F1':>8}"
    print(header + f"{'ratio':>8}{'no-claim':>10}{'sim':>7}")
    for name, s in results.items():
        print(
            f"{name:<26}{s.sentences:>6}{s.gold:>6}{s.predicted:>6}{s.matched:>6}"
            f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.ratio:>8.2f}{s.no_claim_share:>10.3f}"
            f"{s.mean_matched_similarity:>7.3f}"
        )
    print(f"extraction time: {elapsed:.2f}s for {len(rows)} sentences")
    print("faithfulness (lexical): claim content words and spaCy entities found in the source sentence plus")
    print("the preceding sentences of its response (independent of the gold claims)")
    print(f"{'split':<26}{'claims':>7}{'lexical':>9}{'words':>8}{'ents':>8}{'sent-only':>11}{'gold':>8}")
    for name, f in faithful.items():
        print(
            f"{name:<26}{f.claims:>7}{f.lexical_share:>9.3f}{f.word_share:>8.3f}{f.entity_share:>8.3f}"
            f"{f.sentence_only_share:>11.3f}{f.gold_lexical_share:>8.3f}"
        )
    if entailed_shares["all"] is None:
        print("faithfulness (reader): the claim-evidence reader is not installed")
    else:
        print(
            "faithfulness (reader): share of predicted claims the reader reads as entailed by their sentence"
        )
        for name, share in entailed_shares.items():
            print(f"{name:<26}{share:>9.3f}")
    missing = Counter(w for line in supports for s in line[0] for w in s.missing_words)
    missing_entities = Counter(e for line in supports for s in line[0] for e in s.missing_entities)
    print(
        "most frequent unsupported words:",
        ", ".join(f"{w} ({n})" for w, n in missing.most_common(10)) or "none",
    )
    print(
        "most frequent unsupported entities:",
        ", ".join(f"{e} ({n})" for e, n in missing_entities.most_common(10)) or "none",
    )
    if args.json is not None:
        payload = {
            "data": str(args.data),
            "context": args.context,
            "threshold": args.threshold,
            "similarity": "token F1 over lower-cased content words (spaCy English stop words removed)",
            "alignment": "one-to-one greedy max-weight per sentence",
            "splits": {name: asdict(s) for name, s in results.items()},
            "faithfulness": {
                "rule": "claim content words (spaCy stop words removed, number words and negations kept) "
                "and spaCy named entities found in the source sentence plus the preceding sentences of its "
                "response",
                **asdict(faithful["all"]),
                "reader_entailment_share": entailed_shares["all"],
                "splits": {
                    name: {**asdict(f), "reader_entailment_share": entailed_shares[name]}
                    for name, f in faithful.items()
                },
            },
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if args.dump is not None:
        with args.dump.open("w", encoding="utf-8") as out:
            for row, predicted in pairs:
                out.write(json.dumps({"line": row, "predicted": predicted}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
