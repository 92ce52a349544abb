"""Rendering a checked article for people (a table) and for scripts (stable JSON)."""

from __future__ import annotations

import textwrap
from typing import Any

from schemas.articles import ArticlePublic, ArticleSkip
from schemas.claims import AnyCitation, ClaimPublic, SourceCitation

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
                "needs_context": claim.needs_context,
                "verdict": None
                if verdict is None
                else {
                    "label": verdict.label.value,
                    "confidence": verdict.confidence,
                    "best_guess": verdict.best_guess.value if verdict.best_guess else None,
                    "rationale": verdict.rationale,
                    "citations": [_citation_json(c) for c in verdict.citations],
                },
            }
        )
    return {"article": header, "claims": claims}


def _citation_json(citation: AnyCitation) -> dict[str, Any]:
    if isinstance(citation, SourceCitation):  # a reviewer's outside source: it has no feed or offsets
        return citation.model_dump(mode="json")
    return {
        "feed": citation.feed,
        "url": citation.url,
        "title": citation.title,
        "published": citation.published.isoformat() if citation.published else None,
        "passage": citation.passage,
        "start": citation.start,
        "end": citation.end,
    }


def _citation_lines(citation: AnyCitation, width: int) -> list[str]:
    if isinstance(citation, SourceCitation):
        lines = [f"     └ {textwrap.shorten(f'{citation.title} <{citation.url}>', width - 8)}"]
        if citation.quote:
            lines.append(f'       "{textwrap.shorten(citation.quote, width - 10)}"')
        return lines
    return [
        f"     └ {textwrap.shorten(f'{citation.feed}: {citation.title}', width - 8)}",
        f'       "{textwrap.shorten(citation.passage, width - 10)}" [{citation.start}:{citation.end}]',
    ]


def article_table(article: ArticlePublic, width: int = 110) -> str:
    """A readable table: claim, verdict, confidence, best citation."""
    lines = [f"article {article.id}: {article.status.value}, {len(article.claims)} claims"]
    if article.skipped is not None:
        lines.append(f"skipped: {skip_note(article.skipped)}")
    counts = ", ".join(f"{label.value} {n}" for label, n in sorted(article.counts.items()))
    lines.append(f"verdicts: {counts or 'none'}")
    lines.append("")
    text_width = width - _LABEL_WIDTH - 12
    for number, claim in enumerate(article.claims, 1):
        verdict = claim.verdict
        label = verdict.label.value if verdict else _unchecked_label(claim)
        confidence = f"{verdict.confidence:.2f}" if verdict else "  - "
        wrapped = textwrap.wrap(claim.text, text_width) or [""]
        lines.append(f"{number:>3}. {wrapped[0]:<{text_width}} {label:<{_LABEL_WIDTH}} {confidence}")
        lines.extend(f"     {more}" for more in wrapped[1:])
        if verdict and verdict.citations:
            lines.extend(_citation_lines(verdict.citations[0], width))
        elif verdict and verdict.best_guess:
            lines.append(f"     └ leaning {verdict.best_guess.value}")
    return "\n".join(lines)


def skip_note(skip: ArticleSkip) -> str:
    """One line on why an article was not checked, e.g. "not_english (language fr): the text is ..."."""
    language = f" (language {skip.language})" if skip.language else ""
    return f"{skip.reason.value}{language}: {skip.detail}"


def _unchecked_label(claim: ClaimPublic) -> str:
    """What the table shows for a claim without a verdict."""
    if claim.checked:
        return "unchecked"
    return "(needs context)" if claim.needs_context else f"({claim.type.value})"
