"""What a page says it is, in its own metadata: a shop's product page declares itself a product (Open Graph
`og:type`, schema.org JSON-LD `Product`), a job advert a `JobPosting`, however much prose its description,
duties or reviews hold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

# Open Graph types of a product page ("product", "product.item", "og:product").
PRODUCT_OG_TYPES = frozenset({"product", "product.item", "product.group", "og:product"})
PRODUCT_LD_TYPES = frozenset({"Product", "ProductGroup", "IndividualProduct", "ProductModel"})
JOB_LD_TYPES = frozenset({"JobPosting"})
# schema.org types of a story: any "…Article", and these.
STORY_LD_TYPES = frozenset(
    {"BlogPosting", "LiveBlogPosting", "Report", "SpecialAnnouncement", "PressRelease"}
)
MAX_LD_CHARS = 200_000  # a JSON-LD block longer than this is not read


def declared_non_article(tree: Any) -> str | None:
    """What the page declares itself instead of a story ("a product page", "a job advert"), or None when it
    declares no such kind, or a story (article, blog post, report) as well."""
    og_types = {
        (meta.get("content") or "").strip().lower()
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type"
    }
    ld_types = set(_ld_types(tree))
    if any(t.endswith("Article") or t in STORY_LD_TYPES for t in ld_types) or "article" in og_types:
        return None
    if og_types & PRODUCT_OG_TYPES or ld_types & PRODUCT_LD_TYPES:
        return "a product page"
    if ld_types & JOB_LD_TYPES:
        return "a job advert"
    return None


def _ld_types(tree: Any) -> Iterator[str]:
    """Every top-level "@type" of the page's JSON-LD blocks, their "@graph" items included."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = script.text or ""
        if len(text) > MAX_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        nodes = data if isinstance(data, list) else [data]
        for node in nodes:
            if not isinstance(node, dict):
                continue
            graph = node.get("@graph")
            for item in [node, *(graph if isinstance(graph, list) else [])]:
                if isinstance(item, dict):
                    yield from _type_names(item.get("@type"))


def _type_names(value: Any) -> Iterator[str]:
    """ "NewsArticle", ["Product", "Thing"] or "https://schema.org/Product" as bare type names."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str):
            yield item.rsplit("/", 1)[-1]
