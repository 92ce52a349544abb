"""`claimcheck check`: the embedded mode, end to end in one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.feeds import load_feed_files
from tests.conftest import SEED_ARTICLE

SEED_FEEDS = SEED_ARTICLE.parent / "feeds"


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_seed_article_gets_a_cited_verdict_for_every_claim(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_check(capsys, str(SEED_ARTICLE), "--json", "--quiet", "--feeds", str(SEED_FEEDS))
    assert code == 0
    result = json.loads(out)
    claims = result["claims"]
    assert result["article"]["status"] == "done"
    assert len({c["text"] for c in claims}) >= 8
    entries_by_url = {e.url: e for e in load_feed_files(SEED_FEEDS)}
    labels = set()
    checked = [c for c in claims if c["checked"]]
    assert len(checked) >= 8
    # Opinions and predictions are kept and marked, not checked.
    assert all(
        c["verdict"] is None and c["type"] in {"opinion", "prediction"} for c in claims if not c["checked"]
    )
    for claim in checked:
        assert set(claim) >= {"id", "text", "start", "end", "verdict"}
        verdict = claim["verdict"]
        assert 0.0 <= verdict["confidence"] <= 1.0
        labels.add(verdict["label"])
        if verdict["label"] in {"supported", "refuted"}:
            assert verdict["citations"], claim["text"]
        for citation in verdict["citations"]:
            assert set(citation) == {"feed", "url", "title", "published", "passage", "start", "end"}
            entry = entries_by_url[citation["url"]]
            assert entry.text[citation["start"] : citation["end"]] == citation["passage"]
    # The demo feeds support some claims, contradict one and say nothing about others.
    assert {"supported", "refuted", "not_enough_info"} <= labels


def test_table_output_lists_claims_with_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(capsys, str(SEED_ARTICLE), "--progress", "--feeds", str(SEED_FEEDS))
    assert code == 0
    assert "done," in out.splitlines()[0]
    assert "supported" in out and "not_enough_info" in out
    assert "checking claims [" in err and "done in" in err


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_check(capsys, str(tmp_path / "absent.txt"))
    assert code == 2 and out == ""
    assert "cannot read" in err


def test_empty_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    code, _, err = run_check(capsys, str(empty))
    assert code == 2 and "non-whitespace" in err


def test_binary_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    code, _, err = run_check(capsys, str(binary))
    assert code == 2 and "not UTF-8" in err
