"""Fact-checks imported from the command line are reused by a real worker and listed by the API."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import redis

from tests.integration.conftest import Stack
from tests.support.processes import service_env

pytestmark = pytest.mark.integration

CLAIM = "The city council of Leeds banned all cars from the city centre in March 2023."
REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factdesk.example/leeds-cars",
        "claimReviewed": CLAIM,
        "author": {"@type": "Organization", "name": "FactDesk"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "datePublished": "2023-03-20"},
    },
    {"@type": "ClaimReview", "reviewRating": {"alternateName": "True"}},  # no claimReviewed: skipped
]


def import_file(stack: Stack, path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck.cli", "factchecks", "import", str(path)],
        env=service_env(stack.redis.url),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_an_imported_fact_check_is_reused_and_listed_with_its_provenance(
    stack: Stack, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(REVIEWS), encoding="utf-8")
    assert "added 1, updated 0, unchanged 0, skipped 1" in import_file(stack, path)
    assert "added 0, updated 0, unchanged 1, skipped 1" in import_file(stack, path)

    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        response = client.post("/v1/articles", json={"text": CLAIM, "title": "Leeds"})
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        deadline = time.monotonic() + 90
        while client.get(location).json()["status"] not in {"done", "failed"}:
            assert time.monotonic() < deadline, stack.logs()
            time.sleep(0.2)
        (claim,) = client.get(f"{location}/claims").json()["data"]
        matches = client.get(f"/v1/claims/{claim['id']}/matches").json()["data"]

    verdict = claim["verdict"]
    assert verdict["label"] == "refuted", stack.logs()
    assert verdict["match"]["kind"] == "claimreview"
    assert verdict["match"]["url"] == "https://factdesk.example/leeds-cars"
    best = matches[0]
    assert best["relation"] == "same" and best["fact_checker"] == "FactDesk" and best["rating"] == "False"
    assert best["date"].startswith("2023-03-20") and "leeds" in best["shared_entities"]
    # The worker kept the vectors in Redis, where a restarted process finds them.
    assert redis.Redis.from_url(stack.redis.url).hlen("cc:match:vectors") == 1
