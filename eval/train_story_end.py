"""Train the story-end model (claimcheck/feeds/story_end.py) on article-page sets with gold, and say how
well it does on sets it was not trained on.

Data: page folders in the format of eval/article_text.py (HTML pages and a gold.jsonl). Each article page is
read up to trafilatura's body paragraphs (`story_paragraphs`), and two samples come from it: those
paragraphs as they are, and the ones the sign-off and promotion rules leave (the model runs after the rules,
so it must learn that a rule-cleaned page usually ends on story). A paragraph holding a gold body sentence is
story (0); one holding none is furniture (1: boilerplate, noise, or neutral lines such as "Notes to
editors", whose removal costs nothing).

Choice (threshold and L2 strength): leave one page set out. Each set is held out in turn while the others
train; its pages are cut with the model alone (no rules: what a page of an unseen template looks like to
the rules) and after the rules, and the candidate with most held-out pages meeting both targets (body
recall >= 0.95, boilerplate share <= 0.05) over the two readings wins; it is refit on every set and written
as float16 arrays. Deterministic (lbfgs, CRC-32 hashing).

    python eval/train_story_end.py --data eval/data/article_pages eval/data/article_pages_heldout ... \
        [--out claimcheck/feeds/story_end_model.json] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from article_text import classify, normalise, read_gold, score_page, split_sentences  # sibling eval/
from sklearn.linear_model import LogisticRegression

from claimcheck.extraction.checkworthiness import encode_array
from claimcheck.feeds.article_text import ArticleText, story_paragraphs
from claimcheck.feeds.promo_lines import is_promo_line
from claimcheck.feeds.sign_off import strip_sign_off
from claimcheck.feeds.story_end import (
    CUE_NAMES,
    MODEL_FORMAT,
    MODEL_PATH,
    StoryEndModel,
    feature_matrix,
    kept_paragraphs,
    parse_model,
)

HASH_BITS = 12
FIRST_WORD_BITS = 8
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
L2_STRENGTHS = (0.3, 1.0, 3.0)  # scikit-learn's C: larger is weaker regularisation


@dataclass(frozen=True, slots=True)
class Reading:
    """One sample of a page: its paragraphs, list-item flags and story (0) / furniture (1) labels."""

    paragraphs: list[str]
    list_items: list[bool]
    labels: list[int | None]  # None: a paragraph with no sentence to judge


@dataclass(frozen=True, slots=True)
class Page:
    """An article page of a set: its gold, and its paragraphs before and after the rules."""

    set_name: str
    gold: dict[str, Any]
    author: str | None
    raw: Reading
    ruled: Reading


def _label(paragraph: str, gold: dict[str, Any]) -> int | None:
    labels = [classify(s, gold) for s in split_sentences(normalise(paragraph))]
    if not labels:
        return None
    return 0 if "body" in labels else 1


def _reading(paragraphs: list[str], items: frozenset[str], gold: dict[str, Any]) -> Reading:
    return Reading(paragraphs, [p in items for p in paragraphs], [_label(p, gold) for p in paragraphs])


def read_pages(folders: list[Path]) -> list[Page]:
    """The article pages of each folder that trafilatura finds a body in, read both ways."""
    pages = []
    for folder in folders:
        for gold in read_gold(folder):
            if not gold.get("article", True):
                continue
            story = story_paragraphs((folder / gold["page"]).read_text(encoding="utf-8"))
            if isinstance(story, ArticleText):
                continue  # refused before any rule: nothing for the model to cut
            items = story.list_items
            ruled = strip_sign_off([p for p in story.paragraphs if not is_promo_line(p)], story.author)
            raw = _reading(story.paragraphs, items, gold)
            pages.append(Page(folder.name, gold, story.author, raw, _reading(ruled, items, gold)))
    return pages


def _design(readings: list[Reading]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    rows, labels = [], []
    for reading in readings:
        matrix = feature_matrix(reading.paragraphs, reading.list_items, HASH_BITS, FIRST_WORD_BITS)
        for row, label in zip(matrix, reading.labels, strict=True):
            if label is not None:
                rows.append(row)
                labels.append(label)
    return np.array(rows), np.array(labels, dtype=np.int64)


def fit(pages: list[Page], l2_strength: float, threshold: float) -> StoryEndModel:
    """A model fitted on both readings of `pages`; the intercept is folded into the "bias" cue."""
    features, labels = _design([r for page in pages for r in (page.raw, page.ruled)])
    regression = LogisticRegression(C=l2_strength, class_weight="balanced", max_iter=5000)
    regression.fit(features, labels)
    weights = regression.coef_[0].astype(np.float64).copy()
    weights[CUE_NAMES.index("bias")] += float(regression.intercept_[0])
    # Round through float16 here, so the figures below are those of the weights that ship.
    weights = weights.astype(np.float16).astype(np.float64)
    return StoryEndModel(HASH_BITS, FIRST_WORD_BITS, weights, threshold)


def _meets(page: Page, reading: Reading, model: StoryEndModel, threshold: float) -> bool:
    model = replace(model, threshold=threshold)
    kept = reading.paragraphs[: kept_paragraphs(reading.paragraphs, reading.list_items, model)]
    if reading is page.ruled:  # as extract_article_text does: the rules read the new end once more
        kept = strip_sign_off(kept, page.author)
    return bool(score_page(ArticleText("\n\n".join(kept), None, None), page.gold)["meets_both"])


def leave_one_set_out(pages: list[Page]) -> dict[tuple[float, float], dict[str, dict[str, int]]]:
    """For each candidate (C, threshold) and held-out set: pages meeting both, model alone and after rules."""
    sets = sorted({p.set_name for p in pages})
    table: dict[tuple[float, float], dict[str, dict[str, int]]] = {}
    for strength in L2_STRENGTHS:
        for held in sets:
            model = fit([p for p in pages if p.set_name != held], strength, THRESHOLDS[0])
            held_pages = [p for p in pages if p.set_name == held]
            for threshold in THRESHOLDS:
                row = table.setdefault((strength, threshold), {}).setdefault(held, {})
                row["pages"] = len(held_pages)
                row["model_alone"] = sum(_meets(p, p.raw, model, threshold) for p in held_pages)
                row["after_rules"] = sum(_meets(p, p.ruled, model, threshold) for p in held_pages)
        print(f"  C={strength}: done", file=sys.stderr, flush=True)
    return table


def _baseline(pages: list[Page], ruled: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page in pages:
        reading = page.ruled if ruled else page.raw
        text = "\n\n".join(reading.paragraphs)
        met = bool(score_page(ArticleText(text, None, None), page.gold)["meets_both"])
        counts[page.set_name] = counts.get(page.set_name, 0) + met
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, nargs="+", required=True, help="page folders with gold.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--json", type=Path, help="write the choice table here")
    args = parser.parse_args()
    pages = read_pages(args.data)
    print(f"{len(pages)} article pages in {len({p.set_name for p in pages})} sets", file=sys.stderr)
    table = leave_one_set_out(pages)

    def total(key: tuple[float, float]) -> int:
        return sum(r["model_alone"] + r["after_rules"] for r in table[key].values())

    best = max(table, key=lambda key: (total(key), key[1]))  # ties: the higher threshold, which cuts less
    strength, threshold = best
    no_rules, rules = _baseline(pages, ruled=False), _baseline(pages, ruled=True)
    print(
        f"chosen C={strength}, threshold={threshold}: {total(best)} held-out pages meet both (two readings)"
    )
    print(f"{'held-out set':<28} {'pages':>5} {'no cut':>7} {'model':>6} {'rules':>6} {'rules+model':>11}")
    for held, row in table[best].items():
        print(
            f"{held:<28} {row['pages']:>5} {no_rules.get(held, 0):>7} {row['model_alone']:>6} "
            f"{rules.get(held, 0):>6} {row['after_rules']:>11}"
        )
    print("(rules: the shipped sign-off and promotion rules, which were written after reading these sets)")
    model = fit(pages, strength, threshold)
    document = {
        "format": MODEL_FORMAT,
        "cue_names": list(CUE_NAMES),
        "hash_bits": HASH_BITS,
        "first_word_bits": FIRST_WORD_BITS,
        "threshold": threshold,
        "weights": encode_array(model.weights),
        "training": {
            "sets": sorted({p.set_name for p in pages}),
            "pages": len(pages),
            "l2_strength": strength,
            "leave_one_set_out": table[best],
        },
    }
    parse_model(document)  # what is written must load
    args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if args.json:
        figures = {f"C={c},t={t}": rows for (c, t), rows in table.items()}
        chosen = f"C={strength},t={threshold}"
        args.json.write_text(json.dumps({"chosen": chosen, "table": figures}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
