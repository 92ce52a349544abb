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
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

from claimcheck.extraction import extract_claims  # noqa: E402

_WORD = re.compile(r"[a-z0-9]+")


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
    splits = {
        "all": pairs,
        "dev (even responses)": [p for p in pairs if p[0].get("response_index", 0) % 2 == 0],
        "held-out (odd responses)": [p for p in pairs if p[0].get("response_index", 0) % 2 == 1],
    }
    results = {name: score(subset, args.threshold) for name, subset in splits.items()}

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
    if args.json is not None:
        payload = {
            "data": str(args.data),
            "context": args.context,
            "threshold": args.threshold,
            "similarity": "token F1 over lower-cased content words (spaCy English stop words removed)",
            "alignment": "one-to-one greedy max-weight per sentence",
            "splits": {name: asdict(s) for name, s in results.items()},
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if args.dump is not None:
        with args.dump.open("w", encoding="utf-8") as out:
            for row, predicted in pairs:
                out.write(json.dumps({"line": row, "predicted": predicted}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
