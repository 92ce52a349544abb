"""The status page at /: recent articles with verdict bars, the review backlog; it refreshes itself."""

from __future__ import annotations

import functools
from html import escape
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.broker import BrokerDep
from api.deps import SettingsDep, StoreDep
from api.records import SummariesDep, ViewsDep
from api.routes.stats import feed_health_summary
from claimcheck.broker import queue_depth
from claimcheck.listing import ArticleFilter, article_page
from schemas.article_list import ArticleSummary
from schemas.common import ArticleStatus, VerdictLabel, utcnow

router = APIRouter(tags=["operations"])
RECENT = 20


@functools.cache
def _template() -> str:
    return files("api").joinpath("status_page.html").read_text(encoding="utf-8")


def _tile(label: str, value: int, extra: str = "") -> str:
    small = f" <small>{escape(extra)}</small>" if extra else ""
    label_html = f'<div class="label">{escape(label)}</div>'
    return f'<div class="tile">{label_html}<div class="value">{value}{small}</div></div>'


def _feeds_note(total: int, failing: int) -> str:
    if not total:
        return "none registered"
    return f"{failing} failing" if failing else "all healthy"


def _row(article: ArticleSummary) -> str:
    total = max(article.claim_count, 1)
    present = [label for label in VerdictLabel if article.counts.get(label)]
    spans = "".join(
        f'<span class="{label.value}" title="{label.value}: {article.counts[label]}" '
        f'style="width:{100 * article.counts[label] / total:.2f}%;background:var(--{label.value})"></span>'
        for label in present
    )
    counts = " · ".join(f"{article.counts[label]} {label.value.replace('_', ' ')}" for label in present)
    return (
        f'<tr data-article-id="{escape(article.id)}" data-status="{article.status.value}">'
        f'<td class="title">{escape(article.title or "(untitled)")}<small>{escape(article.id)}</small></td>'
        f'<td><span class="status {article.status.value}">{article.status.value}</span></td>'
        f'<td class="num">{article.claim_count}</td>'
        f'<td><div class="bar">{spans}</div>'
        f'<div class="counts">{escape(counts or "no verdicts yet")}</div></td>'
        f"<td>{article.created_at.strftime('%Y-%m-%d %H:%M:%S')} UTC</td></tr>"
    )


@router.get("/", response_class=HTMLResponse, summary="Status page", include_in_schema=False)
def status_page(
    settings: SettingsDep,
    store: StoreDep,
    views: ViewsDep,
    summaries: SummariesDep,
    broker: BrokerDep,
) -> HTMLResponse:
    """Server-rendered, then kept fresh by a small script polling /v1/stats and /v1/articles."""
    auth = settings.auth_enabled
    tiles = rows = ""
    if not auth:  # with auth on, the data comes only to a browser that presents a key
        articles, _ = article_page(views, summaries, ArticleFilter(), RECENT, None)
        by_status = views.article_status_counts()
        in_progress = sum(
            by_status.get(s, 0)
            for s in (ArticleStatus.queued, ArticleStatus.extracting, ArticleStatus.checking)
        )
        failed = by_status.get(ArticleStatus.failed, 0)
        feeds = feed_health_summary(store)
        tiles = "".join(
            [
                _tile("Articles", views.article_total()),
                _tile("Done", by_status.get(ArticleStatus.done, 0), f"{failed} failed" if failed else ""),
                _tile("In progress", in_progress),
                _tile("Queue depth", queue_depth(broker)),
                _tile("Review backlog", views.review_backlog()),
                _tile("Feeds", feeds.total, _feeds_note(feeds.total, feeds.failing)),
            ]
        )
        rows = "".join(map(_row, articles)) or '<tr><td class="empty" colspan="5">No articles yet.</td></tr>'
    page = (
        _template()
        .replace("{{REFRESH_MS}}", str(int(settings.status_page_refresh_s * 1000)))
        .replace("{{AUTH}}", "on" if auth else "off")
        .replace("{{NOW}}", utcnow().strftime("%H:%M:%S UTC"))
        .replace("{{TILES}}", tiles)
        .replace("{{ROWS}}", rows)
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})
