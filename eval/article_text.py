"""Score article-body extraction on HTML pages with gold body sentences: body recall and boilerplate share.

Data: a folder of HTML pages and a `gold.jsonl` in it, one line per page:
`{"page": "x.html", "article": true, "body": [...], "boilerplate": [...], "neutral": [...]}`. `body` lists
the sentences of the article's body; `boilerplate` the sentence-like strings of everything around it (menus,
consent banners, related links, newsletter boxes, comments, footers) that must not be extracted; `neutral`
strings that may be extracted or not (headline, byline, date, captions, crossheads, pull quotes). Pages with
`"article": false` are not articles; the extractor should refuse them (no text).

Normalisation, for every comparison: Unicode NFKC; curly and prime quotes to ' and "; hyphens, dashes and
minus signs to -; soft hyphens and zero-width characters dropped; runs of whitespace to one space; stripped.
Matching is case-sensitive, since the extractor must not change the text.

- body recall: the share of gold body sentences whose normalised text occurs inside one normalised paragraph
  of the extraction (a sentence split over two paragraphs is missed).
- boilerplate share: the extraction is split into paragraphs and each paragraph into sentences (a full stop,
  ? or ! and optional closing quotes, then a space and a capital, digit, £ or opening quote). A sentence is
  boilerplate when it equals a gold boilerplate string; otherwise body when it lies inside a gold body
  sentence or contains one (so a different sentence split does not count against the extractor); otherwise
  neutral when it lies inside or contains a neutral string; otherwise boilerplate (text that is in no gold
  list is noise). The share is boilerplate / (body + boilerplate) sentences; neutral ones are left out.
- a page meets both targets with recall >= 0.95 and boilerplate share <= 0.05.

Pages/s counts every page, articles and not, timing extract_article_text alone after one warm-up call.

    python eval/article_text.py --data eval/data/article_pages [--json OUT] [--show PAGE]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import unicodedata
from pathlib import Path
from typing import Any

from claimcheck.feeds.article_text import ArticleText, extract_article_text

RECALL_TARGET = 0.95
BOILERPLATE_TARGET = 0.05

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])([\"')]*) +(?=[\"'(A-Z0-9£])")


def normalise(text: str) -> str:
    """Text as it is compared: NFKC, plain quotes and dashes, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _INVISIBLE.sub("", _DASHES.sub("-", text))
    return _SPACES.sub(" ", text).strip()


def split_sentences(paragraph: str) -> list[str]:
    """A normalised paragraph cut into sentences at terminal punctuation followed by a capital or digit."""
    parts, start = [], 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        parts.append(paragraph[start : match.start() + len(match.group(1))].strip())
        start = match.end()
    parts.append(paragraph[start:].strip())
    return [part for part in parts if part]


def _inside(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` on word boundaries."""
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def classify(sentence: str, gold: dict[str, Any]) -> str:
    """body, boilerplate, neutral or unknown (which is scored as boilerplate) for one extracted sentence."""
    if sentence in gold["boilerplate_set"]:
        return "boilerplate"
    if any(_inside(sentence, b) or _inside(b, sentence) for b in gold["body_norm"]):
        return "body"
    if any(_inside(sentence, n) or _inside(n, sentence) for n in gold["neutral_norm"]):
        return "neutral"
    if any(_inside(sentence, b) for b in gold["boilerplate_norm"]):
        return "boilerplate"
    return "unknown"


def score_page(result: ArticleText, gold: dict[str, Any]) -> dict[str, Any]:
    """Recall, boilerplate share and the classified sentences of one article page's extraction."""
    paragraphs = [normalise(p) for p in (result.text or "").split("\n") if p.strip()]
    found = [any(s in p for p in paragraphs) for s in gold["body_norm"]]
    labels = [(s, classify(s, gold)) for p in paragraphs for s in split_sentences(p)]
    body = sum(1 for _, label in labels if label == "body")
    noise = sum(1 for _, label in labels if label in ("boilerplate", "unknown"))
    recall = sum(found) / len(found) if found else 1.0
    share = noise / (body + noise) if body + noise else 0.0
    return {
        "template": gold.get("template", ""),
        "reason": result.reason,
        "body_sentences": len(found),
        "body_recall": recall,
        "extracted_sentences": len(labels),
        "boilerplate_sentences": noise,
        "boilerplate_share": share,
        "meets_both": recall >= RECALL_TARGET and share <= BOILERPLATE_TARGET,
        "missed": [s for s, hit in zip(gold["body_norm"], found, strict=True) if not hit],
        "noise": [s for s, label in labels if label in ("boilerplate", "unknown")],
    }


def read_gold(folder: Path) -> list[dict[str, Any]]:
    """The gold rows of a page folder, with their strings normalised for matching."""
    rows = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        row["body_norm"] = [normalise(s) for s in row.get("body", [])]
        row["neutral_norm"] = [normalise(s) for s in row.get("neutral", [])]
        row["boilerplate_norm"] = [normalise(s) for s in row.get("boilerplate", [])]
        row["boilerplate_set"] = set(row["boilerplate_norm"])
        rows.append(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a folder of HTML pages with gold.jsonl")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--show", default=None, help="print the missed body and the noise of this page")
    args = parser.parse_args()
    if not (args.data / "gold.jsonl").is_file():
        parser.error(f"{args.data} has no gold.jsonl")
    rows = read_gold(args.data)

    pages = {row["page"]: (args.data / row["page"]).read_text(encoding="utf-8") for row in rows}
    extract_article_text(
        next(iter(pages.values()))
    )  # warm-up: trafilatura loads its date and language data once
    results: dict[str, ArticleText] = {}
    started = time.perf_counter()
    for page, markup in pages.items():
        results[page] = extract_article_text(markup, url=f"https://example.org/{page}")
    elapsed = time.perf_counter() - started

    per_page = {r["page"]: score_page(results[r["page"]], r) for r in rows if r.get("article", True)}
    refusals = {r["page"]: results[r["page"]].reason for r in rows if not r.get("article", True)}
    print(f"article text on {args.data} ({len(per_page)} articles, {len(refusals)} non-articles)")
    print(f"{'page':<26}{'template':<22}{'body':>6}{'recall':>8}{'extr':>6}{'noise':>7}{'share':>8}  ok")
    for page, s in per_page.items():
        figures = f"{s['body_sentences']:>6}{s['body_recall']:>8.3f}{s['extracted_sentences']:>6}"
        figures += f"{s['boilerplate_sentences']:>7}{s['boilerplate_share']:>8.3f}"
        status = "yes" if s["meets_both"] else f"no ({s['reason']})" if s["reason"] else "no"
        print(f"{page:<26}{s['template']:<22}{figures}  {status}")
    for page, reason in refusals.items():
        print(
            f"{page:<26}{'(not an article)':<22}  refused: {reason}" if reason else f"{page:<26}  NOT refused"
        )

    recalls = [s["body_recall"] for s in per_page.values()]
    shares = [s["boilerplate_share"] for s in per_page.values()]
    overall = {
        "body_recall_min": min(recalls),
        "body_recall_median": statistics.median(recalls),
        "boilerplate_max": max(shares),
        "boilerplate_median": statistics.median(shares),
        "pages_meeting_both": sum(1 for s in per_page.values() if s["meets_both"]),
        "non_articles": len(refusals),
        "non_articles_refused": sum(1 for reason in refusals.values() if reason),
        "pages_per_second": len(rows) / elapsed,
    }
    print(
        f"all: recall min {overall['body_recall_min']:.3f} median {overall['body_recall_median']:.3f}; "
        f"boilerplate max {overall['boilerplate_max']:.3f} median {overall['boilerplate_median']:.3f}; "
        f"{overall['pages_meeting_both']}/{len(per_page)} pages meet both "
        f"(recall >= {RECALL_TARGET}, boilerplate <= {BOILERPLATE_TARGET}); "
        f"non-articles refused {overall['non_articles_refused']}/{overall['non_articles']}; "
        f"{overall['pages_per_second']:.1f} pages/s"
    )
    if args.show:
        shown = per_page.get(args.show)
        if shown is None:
            print(
                f"{args.show}: {results[args.show]}" if args.show in results else f"{args.show}: no such page"
            )
        else:
            print(f"\n{args.show}: missed {shown['missed']}\nnoise {shown['noise']}")
            print(f"\n--- text ---\n{results[args.show].text}")
    if args.json:
        payload = {
            "data": str(args.data),
            "pages": len(rows),
            "all": overall,
            "per_page": per_page,
            "non_articles": refusals,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
