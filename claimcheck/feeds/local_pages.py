"""Article pages saved beside local feed files: the full text of their entries, read from disk, never fetched.

`<feeds dir>/pages/index.json` maps an entry's link to the name of an HTML file in `pages/`; the page is
read and its article text extracted exactly as a fetched page would be.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimcheck.feeds.article_pages import page_from_response
from claimcheck.feeds.entries import FeedParseError
from claimcheck.feeds.fetch import FetchResult
from schemas.evidence import ArticlePage

PAGES_DIR = "pages"
PAGES_INDEX = "index.json"


def read_local_pages(directory: Path) -> dict[str, ArticlePage]:
    """The pages saved under `directory/pages/`, by the link they stand behind; {} when there are none."""
    pages_dir = directory / PAGES_DIR
    index = pages_dir / PAGES_INDEX
    if not index.is_file():
        return {}
    try:
        mapping = json.loads(index.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedParseError(f"{index} is not JSON: {exc}") from exc
    if not isinstance(mapping, dict):
        raise FeedParseError(f"{index} must be a JSON object of link -> file name in {pages_dir}")
    pages: dict[str, ArticlePage] = {}
    for url, name in mapping.items():
        path = pages_dir / str(name)
        # Only files of pages/ itself: the index cannot name a file elsewhere.
        if path.resolve().parent != pages_dir.resolve() or not path.is_file():
            raise FeedParseError(f"{index}: {name!r} (for {url}) is not a file in {pages_dir}")
        saved = FetchResult(
            url=url,
            status=200,
            body=path.read_bytes(),
            content_type="text/html",
            etag=None,
            last_modified=None,
        )
        pages[url] = page_from_response(url, saved)
    return pages
