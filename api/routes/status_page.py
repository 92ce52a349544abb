"""The status page at /: health, queue depth, recent articles with verdict bars, the review backlog.

Rendered by the server; its script only fetches the page again (with the API key a person pasted, if
any) and swaps in what changed. With auth on, health and queue depth are shown to anyone, the rest only
to a browser that presents a valid key.
"""

from __future__ import annotations

import functools
from html import escape
from importlib.resources import files
from typing import Annotated

import redis
from fastapi import APIRouter, Security
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials

from api.auth import API_KEY_HEADER, BEARER, authenticate, presented_key
from api.broker import BrokerDep
from api.deps import SettingsDep, StoreDep
from api.records import SummariesDep, ViewsDep
from api.routes.stats import feed_health_summary
from claimcheck.broker import queue_depth
from claimcheck.errors import StoreUnavailable, Unauthenticated
from claimcheck.listing import ArticleFilter, article_page
from claimcheck.settings import Settings
from claimcheck.store import Store
from schemas.article_list import ArticleSummary
from schemas.common import ArticleStatus, VerdictLabel, utcnow

router = APIRouter(tags=["operations"])
RECENT = 20


@functools.cache
def _template() -> str:
    return files("api").joinpath("status_page.html").read_text(encoding="utf-8")


def _tile(name: str, label: str, value: int | str, extra: str = "") -> str:
    small = f" <small>{escape(extra)}</small>" if extra else ""
    label_html = f'<div class="label">{escape(label)}</div>'
    value_html = f'<div class="value">{escape(str(value))}{small}</div>'
    return f'<div class="tile" data-tile="{name}">{label_html}{value_html}</div>'


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
    detail = article.skipped.detail if article.skipped else ""
    return (
        f'<tr data-article-id="{escape(article.id)}" data-status="{article.status.value}">'
        f'<td class="title">{escape(article.title or "(untitled)")}<small>{escape(article.id)}</small></td>'
        f'<td><span class="status {article.status.value}">{article.status.value}</span></td>'
        f'<td class="num">{article.claim_count}</td>'
        f'<td><div class="bar">{spans}</div>'
        f'<div class="counts" title="{escape(detail)}">{escape(_counts_note(article, counts))}</div></td>'
        f"<td>{article.created_at.strftime('%Y-%m-%d %H:%M:%S')} UTC</td></tr>"
    )


def _counts_note(article: ArticleSummary, counts: str) -> str:
    """What the row says under its bar: the counts, or why there are none; and a stall."""
    if article.skipped is not None:
        language = f" ({article.skipped.language})" if article.skipped.language else ""
        note = f"skipped: {article.skipped.reason.value}{language}"
    elif counts or article.status is not ArticleStatus.done:
        note = counts or "no verdicts yet"
    else:
        note = "nothing to check" if article.claim_count else "no claims found"
    if article.stalled_since is not None:
        note += f" · stalled since {article.stalled_since.strftime('%H:%M:%S')} UTC"
    return note


# Why the page shows only what needs no key; no note when it shows everything.
_NOTES = {
    "locked": "An API key is needed for articles, verdicts, the review backlog and feeds: paste one above.",
    "refused": "That API key was refused (unknown or revoked): paste another to see articles and verdicts.",
    "down": "Redis is unreachable: articles and verdicts are shown again once it answers.",
}
_NO_ROWS = {
    "locked": "Articles are listed for a browser that presents an API key.",
    "refused": "Articles are listed for a browser that presents an API key.",
    "down": "Redis is unreachable.",
}


def _access(settings: Settings, store: Store, key: str | None) -> str:
    """What the page may show: everything ("full"), or only what needs no key, and why."""
    if not store.ping():
        return "down"
    if not settings.auth_enabled:
        return "full"
    if key is None:
        return "locked"
    try:
        authenticate(store, settings, key)
    except Unauthenticated:
        return "refused"
    return "full"


def _public_tiles(ready: bool, broker: redis.Redis) -> list[str]:
    """Health and queue depth: what the page shows to anyone."""
    try:
        depth: int | str = queue_depth(broker)
    except StoreUnavailable:
        depth = "unknown"
    return [
        _tile("health", "Health", "ready" if ready else "Redis unreachable"),
        _tile("queue-depth", "Queue depth", depth),
    ]


@router.get("/", response_class=HTMLResponse, summary="Status page", include_in_schema=False)
def status_page(
    settings: SettingsDep,
    store: StoreDep,
    views: ViewsDep,
    summaries: SummariesDep,
    broker: BrokerDep,
    x_api_key: Annotated[str | None, Security(API_KEY_HEADER)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
) -> HTMLResponse:
    """Server-rendered; the page's own script fetches it again every few seconds with the pasted key."""
    access = _access(settings, store, presented_key(x_api_key, bearer))
    tiles = _public_tiles(access != "down", broker)
    if access == "full":
        articles, _ = article_page(views, summaries, ArticleFilter(), RECENT, None)
        by_status = views.article_status_counts()
        in_progress = sum(
            by_status.get(s, 0)
            for s in (ArticleStatus.queued, ArticleStatus.extracting, ArticleStatus.checking)
        )
        failed = by_status.get(ArticleStatus.failed, 0)
        feeds = feed_health_summary(store)
        done = by_status.get(ArticleStatus.done, 0)
        tiles += [
            _tile("articles", "Articles", views.article_total()),
            _tile("done", "Done", done, f"{failed} failed" if failed else ""),
            _tile("in-progress", "In progress", in_progress),
            _tile("review-backlog", "Review backlog", views.review_backlog()),
            _tile("feeds", "Feeds", feeds.total, _feeds_note(feeds.total, feeds.failing)),
        ]
        rows = "".join(map(_row, articles)) or _empty_row("No articles yet.")
    else:
        rows = _empty_row(_NO_ROWS[access])
    page = (
        _template()
        .replace("{{REFRESH_MS}}", str(int(settings.status_page_refresh_s * 1000)))
        .replace("{{AUTH}}", "on" if settings.auth_enabled else "off")
        .replace("{{NOW}}", utcnow().strftime("%H:%M:%S UTC"))
        .replace("{{TILES}}", "".join(tiles))
        .replace("{{NOTE}}", escape(_NOTES.get(access, "")))
        .replace("{{ROWS}}", rows)  # last: rows hold article titles, which no placeholder may be read in
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _empty_row(message: str) -> str:
    return f'<tr><td class="empty" colspan="5">{escape(message)}</td></tr>'
