"""`claimcheck factchecks import`: ClaimReview JSON / JSON-LD and vclaims JSONL, stored idempotently."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck import service
from claimcheck.cli import main
from claimcheck.review.match_index import MatchIndex
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from workers import runtime as worker_runtime


def review(claim: str, rating: str, url: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "author": {"@type": "Organization", "name": "FactDesk"},
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": {"@type": "Claim", "datePublished": "2024-03-01"},
    }


REVIEWS = [
    review("The mayor of Leeds banned cars from the city centre.", "False", "https://fd.example/leeds"),
    review("Drinking hot water cures the flu.", "Pants on fire", "https://fd.example/flu"),
]


@pytest.fixture
def cli_store(store: RedisStore) -> Iterator[RedisStore]:
    worker_runtime.use_runtime(worker_runtime.Runtime(Settings(feeds_dir=None), store))
    try:
        yield store
    finally:
        worker_runtime.use_runtime(None)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_the_same_claimreviews_twice_adds_them_once(
    cli_store: RedisStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "reviews.json", json.dumps(REVIEWS))
    assert main(["factchecks", "import", str(path)]) == 0
    first = capsys.readouterr()
    assert "added 2, updated 0, unchanged 0, skipped 0" in first.out
    assert "importing fact-checks [" in first.err and "2/2" in first.err
    assert main(["factchecks", "import", str(path)]) == 0
    assert "added 0, updated 0, unchanged 2, skipped 0" in capsys.readouterr().out
    reviews, _ = cli_store.claimreviews_since(0)
    assert sorted(e.review.claim_reviewed for e in reviews if e.review) == sorted(
        r["claimReviewed"] for r in REVIEWS
    )


@pytest.mark.usefixtures("cli_store")
def test_a_re_rated_review_updates_its_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["factchecks", "import", str(write(tmp_path, "a.json", json.dumps(REVIEWS)))])
    capsys.readouterr()
    rerated = [
        REVIEWS[0] | {"reviewRating": {"@type": "Rating", "alternateName": "Mostly false"}},
        REVIEWS[1],
    ]
    main(["factchecks", "import", str(write(tmp_path, "b.json", json.dumps(rerated)))])
    assert "added 0, updated 1, unchanged 1" in capsys.readouterr().out


@pytest.mark.usefixtures("cli_store")
def test_a_json_ld_graph_is_searched_for_its_claimreviews(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, *REVIEWS]}
    main(["factchecks", "import", str(write(tmp_path, "page.jsonld", json.dumps(document)))])
    assert "added 2" in capsys.readouterr().out


@pytest.mark.usefixtures("cli_store")
def test_bad_vclaim_lines_are_reported_and_skipped_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"id": "1", "claim": "Wind farms kill more birds than cats do.", "title": "Do They?"}),
        "{not json",
        json.dumps({"id": "2", "claim": "  "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "3", "claim": "Tea was banned in Boston in 1990.", "truth_label": "false"}),
        json.dumps({"id": "1", "claim": "Wind farms kill more birds than cats do.", "title": "Do They?"}),
    ]
    code = main(["factchecks", "import", str(write(tmp_path, "vclaims.jsonl", "\n".join(lines)))])
    captured = capsys.readouterr()
    assert code == 0
    assert "read 6: added 2, updated 0, unchanged 0, skipped 4" in captured.out
    for reason in ("not JSON", "empty claim", "not a JSON object", "repeats an earlier record"):
        assert reason in captured.out
    assert "line 2: not JSON" in captured.err


@pytest.mark.usefixtures("cli_store")
def test_an_unreadable_file_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["factchecks", "import", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_imported_reviews_are_matched_incrementally(
    cli_store: RedisStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = MatchIndex(dense=False)
    service.refresh_matches(cli_store, index)
    assert len(index) == 0
    main(["factchecks", "import", str(write(tmp_path, "reviews.json", json.dumps(REVIEWS)))])
    capsys.readouterr()
    service.refresh_matches(cli_store, index)
    assert len(index) == 2
    found = index.index.search("Leeds mayor bans cars in the city centre", 1)
    assert found[0].prior.fact_checker == "FactDesk" and found[0].prior.rating == "False"
