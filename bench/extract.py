"""Claim-extraction throughput: words per CPU-second for a 1k-word article and a batch of 100, plus peak RSS.

Usage:
    python bench/extract.py [--data PATH] [--seed PATH] [--json OUT] [--repeat N]

Articles are built deterministically from the seed article's distinct paragraphs and the sentences of the
Factcheck-GPT responses (`--data`, one sentence per line, grouped by response). "Per core" = words divided
by the process's CPU time (user + system) while extracting; the extraction runs in one process and thread.
The 1 MB row feeds one 1 MB text of distinct sentences: the reader parses up to its sentence limit (2,000)
and reports the rest as skipped, so "words" there counts the whole text, not the words parsed.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimcheck.extraction import extract_claims  # noqa: E402
from claimcheck.extraction.nlp import get_nlp  # noqa: E402
from claimcheck.extraction.pipeline import extract_claims_many  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _paragraph_pool(data: Path, seed: Path) -> list[str]:
    """Distinct seed paragraphs, then one paragraph per Factcheck-GPT response, in file order."""
    pool = list(dict.fromkeys(p.strip() for p in seed.read_text(encoding="utf-8").splitlines() if p.strip()))
    responses: dict[int, list[str]] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            responses.setdefault(row["response_index"], []).append(" ".join(row["sentence"].split()))
    pool.extend(" ".join(sentences) for _, sentences in sorted(responses.items()))
    return pool


def build_article(pool: list[str], offset: int, words: int) -> str:
    """Paragraphs from the pool starting at `offset` (wrapping round) until at least `words` words."""
    paragraphs: list[str] = []
    count = 0
    index = offset
    while count < words:
        paragraph = pool[index % len(pool)]
        paragraphs.append(paragraph)
        count += len(paragraph.split())
        index += 1
    return "\n\n".join(paragraphs)


def build_distinct_text(size: int) -> str:
    """About `size` characters of news-like sentences, all different (so none is dropped as a repeat)."""
    names = ["Keir Starmer", "Volodymyr Zelensky", "Emmanuel Macron", "Olaf Scholz", "Giorgia Meloni"]
    places = ["Kursk", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Sumy"]
    paragraphs = []
    length = n = 0
    while length < size:
        sentences = [
            f"{names[(n + k) % len(names)]} said on day {n} that {(n * 37 + k) % 900 + 100} soldiers had "
            f"crossed the river near {places[(n + 2 * k) % len(places)]} in the week before report {n}-{k}."
            for k in range(5)
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
        n += 1
    return "\n\n".join(paragraphs)[:size]


def measure(run: Callable[[], Any], words: int, repeat: int) -> dict[str, float]:
    """Best-of-`repeat` CPU and wall time of `run`, and words per CPU-second."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        cpu, wall = _cpu_seconds(), time.perf_counter()
        run()
        best_cpu = min(best_cpu, _cpu_seconds() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return {
        "words": words,
        "cpu_s": round(best_cpu, 3),
        "wall_s": round(best_wall, 3),
        "words_per_cpu_s": round(words / best_cpu) if best_cpu else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared/data/factcheck_gpt/decomposition.jsonl"
    )
    parser.add_argument("--seed", type=Path, default=ROOT / "seeds/coalition-of-the-willing.txt")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best is reported")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    get_nlp()
    load_s = time.perf_counter() - started
    pool = _paragraph_pool(args.data, args.seed)
    article = build_article(pool, 0, 1_000)
    batch = [build_article(pool, 7 * i, 1_000) for i in range(100)]
    huge = build_distinct_text(1_000_000)
    extract_claims(article)  # warm-up

    results = {
        "1k-word article": measure(lambda: extract_claims(article), len(article.split()), args.repeat),
        "batch of 100 articles": measure(
            lambda: extract_claims_many(batch), sum(len(a.split()) for a in batch), 1
        ),
        "1 MB article (bounded)": measure(lambda: extract_claims(huge), len(huge.split()), 1),
    }
    claims = len(extract_claims(article).claims)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"model load: {load_s:.2f}s; 1k-word article yields {claims} claims")
    print(f"{'case':<26}{'words':>9}{'cpu s':>9}{'wall s':>9}{'words/cpu-s':>13}")
    for name, figures in results.items():
        print(
            f"{name:<26}{figures['words']:>9}{figures['cpu_s']:>9.2f}{figures['wall_s']:>9.2f}"
            f"{figures['words_per_cpu_s']:>13}"
        )
    print(f"peak RSS: {peak_rss_mb:.0f} MB (whole process, model included)")
    if args.json is not None:
        payload = {"model_load_s": round(load_s, 2), "cases": results, "peak_rss_mb": round(peak_rss_mb)}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
