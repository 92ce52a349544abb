"""Classification metrics and their tables: accuracy, macro-F1, per-label P/R/F1, confusion, calibration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def classification_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, macro-F1 over `labels`, per-label precision/recall/F1/support and the confusion matrix."""
    n = len(gold)
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        if g in confusion and p in confusion[g]:
            confusion[g][p] += 1
    return {
        "n": n,
        "accuracy": sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / n if n else 0.0,
        "macro_f1": sum(v["f1"] for v in per_label.values()) / len(labels) if labels else 0.0,
        "per_label": per_label,
        "confusion": confusion,
    }


def calibration(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error and a reliability table over equal-width confidence bins."""
    table = []
    ece = 0.0
    n = len(confidences)
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences) if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not members:
            continue
        mean_confidence = sum(confidences[i] for i in members) / len(members)
        accuracy = sum(1 for i in members if correct[i]) / len(members)
        ece += len(members) / n * abs(mean_confidence - accuracy)
        table.append(
            {
                "bin": f"{low:.1f}-{high:.1f}",
                "n": len(members),
                "confidence": mean_confidence,
                "accuracy": accuracy,
            }
        )
    return {"ece": ece, "reliability": table}


def format_report(title: str, report: dict[str, Any], labels: Sequence[str]) -> str:
    """A printable table of a `classification_report`."""
    lines = [
        f"== {title}: n={report['n']}  accuracy={report['accuracy']:.3f}  macro-F1={report['macro_f1']:.3f}"
    ]
    lines.append(f"  {'label':<18}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label in labels:
        row = report["per_label"][label]
        figures = f"{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>10}"
        lines.append(f"  {label:<18}{figures}")
    short = [label[:10] for label in labels]
    lines.append("  confusion (rows gold, columns predicted): " + " ".join(f"{s:>10}" for s in short))
    for label in labels:
        counts = " ".join(f"{report['confusion'][label][p]:>10}" for p in labels)
        lines.append(f"  {label:<41} {counts}")
    return "\n".join(lines)


def format_calibration(result: dict[str, Any]) -> str:
    """A printable reliability table."""
    lines = [f"  ECE={result['ece']:.3f}", f"  {'confidence':<12}{'n':>6}{'mean conf':>11}{'accuracy':>10}"]
    for row in result["reliability"]:
        lines.append(f"  {row['bin']:<12}{row['n']:>6}{row['confidence']:>11.3f}{row['accuracy']:>10.3f}")
    return "\n".join(lines)
