"""The article behind a feed entry's link as the entry's text: which entries, and what a page makes of one.

An entry keeps its `content_hash` (the hash of the feed's content), so the next poll, which brings the
summary again, sees no change and leaves the article text alone. The summary is kept beside the article
text; a page that yields no article leaves the summary as the text, with the reason.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from claimcheck.errors import FeedRejected, FetchStatusError, ResponseTooLarge
from claimcheck.feeds.article_text import extract_article_text
from claimcheck.feeds.fetch import FetchResult
from schemas.evidence import ArticlePage, FeedEntry, TextSource
from schemas.feeds import Feed, FeedSource

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Statuses worth another try later: the server is unwell, overloaded or asks us to slow down.
TRANSIENT_STATUSES = frozenset({408, 425, 429})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)


def pages_to_fetch(feed: Feed, entries: list[FeedEntry]) -> list[FeedEntry]:
    """The entries of a polled feed whose linked page should be fetched for its article text."""
    if feed.source is not FeedSource.remote or not feed.full_text:
        return []
    return [entry for entry in entries if entry.url is not None]


def apply_page(entry: FeedEntry, page: ArticlePage) -> FeedEntry:
    """The entry with the page's article text as its text and its summary kept; or, if the page has no
    article text, the summary as its text and the page's error."""
    summary = entry.summary if entry.text_source is TextSource.article and entry.summary else entry.text
    update: dict[str, Any] = (
        {"text": page.text, "summary": summary, "text_source": TextSource.article, "full_text_error": None}
        if page.text
        else {
            "text": summary,
            "summary": None,
            "text_source": TextSource.summary,
            "full_text_error": page.error or "no article text",
        }
    )
    return entry.model_copy(update=update)


def page_from_response(url: str, result: FetchResult) -> ArticlePage:
    """What a fetched page (not a 304) holds: its article text, or why it has none."""
    page = ArticlePage(url=url, etag=result.etag, last_modified=result.last_modified)
    media_type = (result.content_type or "").split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return page.model_copy(update={"error": f"not an HTML page ({media_type})"})
    article = extract_article_text(decode_html(result.body, result.content_type), url=result.url)
    if article.text is None:
        return page.model_copy(update={"error": f"no article text: {article.reason}"})
    return page.model_copy(update={"text": article.text})


def decode_html(body: bytes, content_type: str | None) -> str:
    """An HTML body as text: by the charset of its Content-Type, else of its <meta>, else UTF-8."""
    declared = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]{1,40})", content_type or "", re.IGNORECASE)
    sniffed = _CHARSET.search(body[:4096])
    for name in (declared.group(1) if declared else None, sniffed.group(1).decode() if sniffed else None):
        if name is None:
            continue
        try:
            return body.decode(codecs.lookup(name).name, "replace")
        except LookupError:
            continue
    return body.decode("utf-8", "replace")


def is_transient(error: Exception) -> bool:
    """Whether a failed fetch may succeed if tried again later (a timeout, a 5xx, a cut connection)."""
    if isinstance(error, FeedRejected | ResponseTooLarge):
        return False
    if isinstance(error, FetchStatusError):
        return error.status >= 500 or error.status in TRANSIENT_STATUSES
    return True
