"""Score the faithfulness of today's extracted claims against hand labels (eval/data/faithfulness/).

Usage:
    python eval/faithfulness.py --articles eval/data/faithfulness/articles \
        --labels eval/data/faithfulness/labels.jsonl [--json OUT]

The real `extract_claims` (the path `claimcheck check` takes) runs on every `*.txt` article of the directory;
each emitted claim is joined to its label by (article file name, claim text). A claim is "checked" when its
type is one the service sends to verification (`Settings.checked_claim_types`). Labels follow
eval/data/faithfulness/GUIDE.md: faithful / unfaithful / needs_context, an error category, and flags for a
misattributed speaker and a type that routes the claim wrong.

Figures (shares are of *labelled* claims): faithful, unfaithful and needs_context shares; "checked-faithful"
= faithful share among labelled claims sent to verification (the precision of what reaches the checker);
"text-faithful" = faithful once type errors are ignored; speaker and type error counts; errors by category;
per article. Claims the labels do not cover are listed as "unlabelled" (a changed extractor shows what must
be labelled anew); labels no claim matches any more are listed as "stale"; a labelled claim whose type
changed is listed as "retyped" (its type judgement needs a second look).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claimcheck.extraction.pipeline import extract_claims_many  # noqa: E402
from claimcheck.service import sent_to_verification  # noqa: E402
from claimcheck.settings import Settings  # noqa: E402
from schemas.common import ClaimType  # noqa: E402

LABELS = ("faithful", "unfaithful", "needs_context")
ERRORS = frozenset(
    {
        "wrong_speaker", "dropped_attribution", "dropped_condition", "broken_clause", "wrong_subject",
        "attachment", "unresolved_reference", "type_error", "added_content", "other",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class EmittedClaim:
    """One claim the extractor emits for an article, with its type and whether it is sent to verification."""

    article: str
    claim: str
    sentence: str
    type: str
    checked: bool
    needs_context: bool = False  # the extractor marked it as leaning on an earlier sentence


@dataclass(frozen=True, slots=True)
class Label:
    """A person's judgement of one claim, as stored in labels.jsonl."""

    article: str
    claim: str
    type: str
    label: str
    speaker_error: bool
    type_error: bool
    error: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Figures:
    """Faithfulness figures for one set of emitted claims."""

    claims: int
    labelled: int
    faithful_share: float
    unfaithful_share: float
    needs_context_share: float
    text_faithful_share: float
    checked: int
    checked_labelled: int
    checked_faithful_share: float
    speaker_errors: int
    type_errors: int
    by_error: dict[str, int]
    # Claims the extractor marked needs_context, and the share of them a person labelled so.
    marked_needs_context: int = 0
    marked_needs_context_precision: float = 0.0
    # The target's figure: faithful share of the labelled claims the extractor emits as standalone.
    standalone_faithful_share: float = 0.0


@dataclass(frozen=True, slots=True)
class Joined:
    """Emitted claims paired with their label (None when unlabelled), and labels nothing matches now."""

    pairs: list[tuple[EmittedClaim, Label | None]]
    stale: list[Label]


def parse_label(row: dict[str, Any]) -> Label:
    """One labels.jsonl row as a Label; raises ValueError on an unknown label or error category."""
    label = Label(
        article=row["article"],
        claim=row["claim"],
        type=row.get("type", ""),
        label=row["label"],
        speaker_error=bool(row.get("speaker_error", False)),
        type_error=bool(row.get("type_error", False)),
        error=row.get("error", "") or "",
        note=row.get("note", ""),
    )
    if label.label not in LABELS:
        raise ValueError(f"unknown label {label.label!r} for {label.article}: {label.claim!r}")
    if label.error and label.error not in ERRORS:
        raise ValueError(f"unknown error {label.error!r} for {label.article}: {label.claim!r}")
    if (label.label == "faithful") != (not label.error):
        raise ValueError(f"a claim has an error category exactly when not faithful: {label.claim!r}")
    return label


def read_labels(path: Path) -> list[Label]:
    """Every label of a JSON-lines file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_label(json.loads(line)) for line in lines if line.strip()]


def extract(directory: Path, checked_types: frozenset[ClaimType]) -> list[EmittedClaim]:
    """The claims the extractor emits for every *.txt article of the directory, in file and article order."""
    paths = sorted(directory.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt articles in {directory}")
    results = extract_claims_many([p.read_text(encoding="utf-8") for p in paths])
    return [
        EmittedClaim(
            path.name,
            c.text,
            c.sentence,
            c.type.value,
            sent_to_verification(c, checked_types),
            c.needs_context,
        )
        for path, result in zip(paths, results, strict=True)
        for c in result.claims
    ]


def join(claims: Iterable[EmittedClaim], labels: Iterable[Label]) -> Joined:
    """Pair each claim with the label of the same (article, claim text); raises ValueError on a duplicate."""
    by_key: dict[tuple[str, str], Label] = {}
    for label in labels:
        key = (label.article, label.claim)
        if key in by_key:
            raise ValueError(f"two labels for one claim of {label.article}: {label.claim!r}")
        by_key[key] = label
    pairs = [(claim, by_key.get((claim.article, claim.claim))) for claim in claims]
    matched = {(c.article, c.claim) for c, label in pairs if label is not None}
    return Joined(pairs, [label for key, label in by_key.items() if key not in matched])


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def summarise(pairs: Sequence[tuple[EmittedClaim, Label | None]]) -> Figures:
    """Figures over (claim, label) pairs; shares are of the labelled claims."""
    labelled = [(c, label) for c, label in pairs if label is not None]
    counts = Counter(label.label for _, label in labelled)
    checked = [label for c, label in labelled if c.checked]
    text_faithful = sum(label.label == "faithful" or label.error == "type_error" for _, label in labelled)
    marked = [label for c, label in labelled if c.needs_context]
    standalone = [label for c, label in labelled if not c.needs_context]
    return Figures(
        claims=len(pairs),
        labelled=len(labelled),
        faithful_share=_share(counts["faithful"], len(labelled)),
        unfaithful_share=_share(counts["unfaithful"], len(labelled)),
        needs_context_share=_share(counts["needs_context"], len(labelled)),
        text_faithful_share=_share(text_faithful, len(labelled)),
        checked=sum(c.checked for c, _ in pairs),
        checked_labelled=len(checked),
        checked_faithful_share=_share(sum(label.label == "faithful" for label in checked), len(checked)),
        speaker_errors=sum(label.speaker_error for _, label in labelled),
        type_errors=sum(label.type_error for _, label in labelled),
        by_error=dict(Counter(label.error for _, label in labelled if label.error).most_common()),
        marked_needs_context=len(marked),
        marked_needs_context_precision=_share(
            sum(label.label == "needs_context" for label in marked), len(marked)
        ),
        standalone_faithful_share=_share(
            sum(label.label == "faithful" for label in standalone), len(standalone)
        ),
    )


def report(claims: Sequence[EmittedClaim], labels: Sequence[Label]) -> dict[str, Any]:
    """The whole report: overall and per-article figures, unlabelled claims, stale labels, retyped claims."""
    joined = join(claims, labels)
    articles = sorted({c.article for c in claims})
    return {
        "all": asdict(summarise(joined.pairs)),
        "per_article": {
            name: asdict(summarise([p for p in joined.pairs if p[0].article == name])) for name in articles
        },
        "unlabelled": [asdict(c) for c, label in joined.pairs if label is None],
        "stale": [{"article": s.article, "claim": s.claim} for s in joined.stale],
        "retyped": [
            {"article": c.article, "claim": c.claim, "labelled_type": label.type, "type": c.type}
            for c, label in joined.pairs
            if label is not None and label.type and label.type != c.type
        ],
    }


def format_row(name: str, figures: dict[str, Any]) -> str:
    """One line of the results table."""
    return (
        f"{name:<30}{figures['claims']:>7}{figures['labelled']:>6}{figures['faithful_share']:>8.3f}"
        f"{figures['unfaithful_share']:>8.3f}{figures['needs_context_share']:>8.3f}"
        f"{figures['text_faithful_share']:>8.3f}{figures['checked_labelled']:>6}"
        f"{figures['checked_faithful_share']:>8.3f}{figures['speaker_errors']:>6}{figures['type_errors']:>6}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Extract, join to the labels, print the table and optionally write the report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, required=True, help="directory of *.txt articles")
    parser.add_argument("--labels", type=Path, required=True, help="labels.jsonl (see GUIDE.md)")
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)

    checked_types = frozenset(Settings(feeds_dir=None).checked_claim_types)
    claims = extract(args.articles, checked_types)
    result = report(claims, read_labels(args.labels))

    print(f"articles: {args.articles}  labels: {args.labels}")
    print(
        f"checked types: {', '.join(sorted(t.value for t in checked_types))}; shares are of labelled claims"
    )
    header = f"{'article':<30}{'claims':>7}{'lab':>6}{'faith':>8}{'unfaith':>8}{'ctx':>8}{'text-f':>8}"
    print(header + f"{'chk':>6}{'chk-f':>8}{'spkr':>6}{'type':>6}")
    for name, figures in result["per_article"].items():
        print(format_row(name, figures))
    print(format_row("ALL", result["all"]))
    overall = result["all"]
    print(
        f"standalone (not marked needs_context): faithful {overall['standalone_faithful_share']:.3f}; "
        f"marked needs_context {overall['marked_needs_context']}, of which labelled so "
        f"{overall['marked_needs_context_precision']:.3f}"
    )
    print("errors by category (labelled claims):")
    for error, count in result["all"]["by_error"].items():
        print(f"  {error:<22}{count:>5}")
    for title, key in (
        ("unlabelled claims", "unlabelled"),
        ("stale labels", "stale"),
        ("retyped", "retyped"),
    ):
        print(f"{title}: {len(result[key])}")
        for item in result[key]:
            print(f"  {item['article']}: {item['claim']}")

    if args.json is not None:
        payload = {"articles": str(args.articles), "labels": str(args.labels), **result}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
