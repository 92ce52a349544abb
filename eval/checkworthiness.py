"""Evaluate the check-worthiness scorer on CLEF-2019 CheckThat! Task 1 (by default its TEST split).

Each debate file is ranked on its own by the scorer's output for the sentence text alone (the speaker column
is read past and never used); gold labels serve only for scoring. Measures as in the official Task 1
scorer: average precision, R-precision and P@5/10/20 per debate, ties in score kept in line order, then
the plain mean over debates (MAP is the official measure).

    python eval/checkworthiness.py [--data DIR] [--json OUT] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from claimcheck.extraction.checkworthiness import MODEL_PATH, load_model, score_with
from claimcheck.extraction.ranking_metrics import RankingScores, mean_scores, score_ranking

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clef2019_checkworthiness" / "test"


@dataclass(frozen=True, slots=True)
class Debate:
    """One transcript: its file name, sentences in order and their 0/1 check-worthy labels."""

    name: str
    texts: list[str]
    labels: list[int]


def read_debates(directory: Path) -> list[Debate]:
    """Every `line_number TAB speaker TAB text TAB label` file in the directory, by file name."""
    debates = []
    for path in sorted(directory.glob("*.tsv")):
        texts, labels = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                _, _, text, label = line.rstrip("\r").split("\t")
                texts.append(text)
                labels.append(int(label))
        debates.append(Debate(path.name, texts, labels))
    if not debates:
        raise SystemExit(f"no .tsv debates in {directory}")
    return debates


def format_row(name: str, sentences: int, positives: int, scores: RankingScores) -> str:
    """One line of the results table."""
    return (
        f"{name:<34}{sentences:>7}{positives:>6}{scores.average_precision:>8.4f}{scores.r_precision:>8.4f}"
        f"{scores.precision_at_5:>8.4f}{scores.precision_at_10:>8.4f}{scores.precision_at_20:>8.4f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Score every debate of the split, print the table and optionally write it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory of debate .tsv files")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="weights to evaluate")
    args = parser.parse_args(argv)

    model = load_model(args.model)
    debates = read_debates(args.data)
    per_debate = []
    started = time.perf_counter()
    for debate in debates:
        per_debate.append(score_ranking(debate.labels, score_with(model, debate.texts)))
    elapsed = time.perf_counter() - started
    mean = mean_scores(per_debate)

    print(f"{'debate':<34}{'sents':>7}{'pos':>6}{'AP':>8}{'R-P':>8}{'P@5':>8}{'P@10':>8}{'P@20':>8}")
    for debate, scores in zip(debates, per_debate, strict=True):
        print(format_row(debate.name, len(debate.texts), sum(debate.labels), scores))
    sentences = sum(len(d.texts) for d in debates)
    print(format_row("MEAN (MAP, macro over debates)", sentences, sum(sum(d.labels) for d in debates), mean))
    words = sum(len(t.split()) for d in debates for t in d.texts)
    print(f"scored {sentences} sentences ({words} words) in {elapsed:.2f} s: {words / elapsed:,.0f} words/s")

    if args.json is not None:
        report = {
            "data": str(args.data),
            "model": str(args.model),
            "debates": [
                {"name": d.name, "sentences": len(d.texts), "check_worthy": sum(d.labels), **asdict(s)}
                for d, s in zip(debates, per_debate, strict=True)
            ],
            "mean": asdict(mean),
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
