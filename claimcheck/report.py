"""Rendering a checked article for people (a table) and for scripts (stable JSON)."""

from __future__ import annotations

import textwrap
from typing import Any

from schemas.articles import ArticlePublic

_LABEL_WIDTH = 16


def article_json(article: ArticlePublic) -> dict[str, Any]:
    """The machine-readable result; these field names are a contract scripts rely on."""
    header = article.model_dump(mode="json", exclude={"claims"})
    claims = []
    for claim in article.claims:
        verdict = claim.verdict
        claims.append(
            {
                "id": claim.id,
                "text": claim.text,
                "start": claim.start,
                "end": claim.end,
                "type": claim.type.value,
                "checkworthiness": claim.checkworthiness,
                "checked": claim.checked,
                "verdict": None
                if verdict is None
                else {
                    "label": verdict.label.value,
                    "confidence": verdict.confidence,
                    "best_guess": verdict.best_guess.value if verdict.best_guess else None,
                    "rationale": verdict.rationale,
                    "citations": [
                        {
                            "feed": c.feed,
                            "url": c.url,
                            "title": c.title,
                            "published": c.published.isoformat() if c.published else None,
                            "passage": c.passage,
                            "start": c.start,
                            "end": c.end,
                        }
                        for c in verdict.citations
                    ],
                },
            }
        )
    return {"article": header, "claims": claims}


def article_table(article: ArticlePublic, width: int = 110) -> str:
    """A readable table: claim, verdict, confidence, best citation."""
    lines = [f"article {article.id}: {article.status.value}, {len(article.claims)} claims"]
    counts = ", ".join(f"{label.value} {n}" for label, n in sorted(article.counts.items()))
    lines.append(f"verdicts: {counts or 'none'}")
    lines.append("")
    text_width = width - _LABEL_WIDTH - 12
    for number, claim in enumerate(article.claims, 1):
        verdict = claim.verdict
        label = (
            verdict.label.value if verdict else ("unchecked" if claim.checked else f"({claim.type.value})")
        )
        confidence = f"{verdict.confidence:.2f}" if verdict else "  - "
        wrapped = textwrap.wrap(claim.text, text_width) or [""]
        lines.append(f"{number:>3}. {wrapped[0]:<{text_width}} {label:<{_LABEL_WIDTH}} {confidence}")
        lines.extend(f"     {more}" for more in wrapped[1:])
        if verdict and verdict.citations:
            best = verdict.citations[0]
            source = f"{best.feed}: {best.title}"
            lines.append(f"     └ {textwrap.shorten(source, width - 8)}")
            lines.append(f'       "{textwrap.shorten(best.passage, width - 10)}" [{best.start}:{best.end}]')
        elif verdict and verdict.best_guess:
            lines.append(f"     └ leaning {verdict.best_guess.value}")
    return "\n".join(lines)
