"""schema.org ClaimReview (JSON-LD, alone or in an HTML page's scripts) to fact-check entries."""

from __future__ import annotations

import json
import math
from html.parser import HTMLParser
from typing import Any

from claimcheck.feeds.entries import ParsedFeed, make_entry, parse_timestamp
from claimcheck.feeds.html_text import html_to_text
from schemas.evidence import ClaimReviewInfo, FeedEntry

LD_JSON = "application/ld+json"


def find_claim_reviews(document: object) -> list[dict[str, Any]]:
    """Every ClaimReview node in decoded JSON-LD, wherever it sits (top level, lists, @graph, nested)."""
    found: list[dict[str, Any]] = []
    stack = [document]  # iterative: a deeply nested document must not exhaust the call stack
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "ClaimReview" in _type_names(node):
                found.append(node)
            else:
                stack.extend(reversed(list(node.values())))
    return found


def parse_claim_review_json(document: object, feed_id: str, trust: float = 0.8) -> ParsedFeed | None:
    """Entries of the ClaimReviews in decoded JSON-LD; None when it holds none."""
    entries = _entries(find_claim_reviews(document), feed_id, trust, page_title="")
    return None if entries is None else ParsedFeed(title=entries[0].feed_title, entries=entries)


def parse_claim_review_html(markup: str, feed_id: str, trust: float = 0.8) -> ParsedFeed | None:
    """Entries of the ClaimReviews in an HTML page's JSON-LD scripts; None when it has none."""
    page = _LinkedDataCollector()
    page.feed(markup)
    page.close()
    reviews: list[dict[str, Any]] = []
    for block in page.blocks:
        try:
            reviews.extend(find_claim_reviews(json.loads(block)))
        except (ValueError, RecursionError):
            continue  # one broken block must not hide the others
    entries = _entries(reviews, feed_id, trust, page_title=html_to_text(page.title))
    return None if entries is None else ParsedFeed(title=entries[0].feed_title, entries=entries)


def review_info(node: dict[str, Any]) -> ClaimReviewInfo | None:
    """The ClaimReviewInfo of a ClaimReview node; None when it names no claim."""
    claim = html_to_text(_string(node.get("claimReviewed")))
    if not claim:
        return None
    rating = _first_dict(node.get("reviewRating"))
    item = _first_dict(node.get("itemReviewed"))
    return ClaimReviewInfo(
        claim_reviewed=claim,
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        alternate_name=html_to_text(_string(rating.get("alternateName"))) or None,
        author=_name(node.get("author")),
        item_author=_name(item.get("author")),
        item_date=parse_timestamp(item.get("datePublished")),
        url=_string(node.get("url")) or None,
    )


def review_text(review: ClaimReviewInfo) -> str:
    """The citable sentence of a review: "<claim> Rating: <rating>."."""
    if review.alternate_name:
        rating = review.alternate_name.rstrip(". ")
    elif review.rating_value is not None and review.best_rating is not None:
        rating = f"{review.rating_value:g} of {review.best_rating:g}"
    else:
        return review.claim_reviewed
    return f"{review.claim_reviewed} Rating: {rating}."


def _entries(
    nodes: list[dict[str, Any]], feed_id: str, trust: float, page_title: str
) -> list[FeedEntry] | None:
    reviews = [(node, info) for node in nodes if (info := review_info(node)) is not None]
    if not reviews:
        return None
    feed_title = page_title or reviews[0][1].author or feed_id
    return [_entry(node, info, feed_id, feed_title, trust) for node, info in reviews]


def _entry(
    node: dict[str, Any], info: ClaimReviewInfo, feed_id: str, feed_title: str, trust: float
) -> FeedEntry:
    node_id = _string(node.get("@id"))
    # Keyed by the review's identity, not its rating, so a changed rating updates the same entry.
    key = node_id or f"{info.url or ''}\x00{info.claim_reviewed}"
    title = html_to_text(_string(node.get("name")) or _string(node.get("headline"))) or info.claim_reviewed
    return make_entry(
        feed_id=feed_id,
        feed_title=feed_title,
        trust=trust,
        key=key,
        url=info.url,
        title=title,
        text=review_text(info),
        published=parse_timestamp(node.get("datePublished")),
        review=info,
    )


class _LinkedDataCollector(HTMLParser):
    """Collects the page title and the raw text of every application/ld+json script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title = ""
        self._block: list[str] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            self._block = [] if kind == LD_JSON else None
        elif tag == "title" and not self.title:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._block is not None:
            self.blocks.append("".join(self._block))
            self._block = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._block is not None:
            self._block.append(data)
        elif self._in_title:
            self.title += data


def _type_names(node: dict[str, Any]) -> set[str]:
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    # "ClaimReview", "schema:ClaimReview" and "https://schema.org/ClaimReview" all name the same type.
    return {n.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)}


def _first_dict(value: object) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _name(value: object) -> str | None:
    if isinstance(value, str):
        return html_to_text(value) or None
    name = _first_dict(value).get("name")
    return (html_to_text(name) or None) if isinstance(name, str) else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""
