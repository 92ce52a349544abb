"""`claimcheck check`: the embedded mode, end to end in one process."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import fakeredis
import pytest

from claimcheck.cli import main
from claimcheck.feeds import load_feed_files
from claimcheck.store import RedisStore
from tests.conftest import SEED_ARTICLE
from workers import runtime

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
    # Opinions, predictions and claims that lean on an earlier sentence are kept and marked, not checked.
    assert all(
        c["verdict"] is None and (c["type"] in {"opinion", "prediction"} or c["needs_context"])
        for c in claims
        if not c["checked"]
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
    # The demo feeds back some claims; what the reader makes of the rest is its own reading of them.
    assert "supported" in labels
    assert labels <= {"supported", "refuted", "conflicting", "not_enough_info", "needs_review"}


def test_table_output_lists_claims_with_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_check(capsys, str(SEED_ARTICLE), "--progress", "--feeds", str(SEED_FEEDS))
    assert code == 0
    assert "done," in out.splitlines()[0]
    assert "supported" in out and "(needs context)" in out and "(prediction)" in out
    assert "checking claims [" in err and "done in" in err


def test_check_without_a_feeds_option_checks_against_the_demo_feeds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo feeds are no worker's default any more; `claimcheck check` alone still reads them.
    monkeypatch.delenv("CLAIMCHECK_FEEDS_DIR", raising=False)
    code, out, _ = run_check(capsys, str(SEED_ARTICLE), "--json", "--quiet")
    assert code == 0
    citations = [
        c for claim in json.loads(out)["claims"] if claim["verdict"] for c in claim["verdict"]["citations"]
    ]
    demo_urls = {e.url for e in load_feed_files(SEED_FEEDS)}
    assert citations and {c["url"] for c in citations} <= demo_urls


def test_a_non_english_article_is_reported_as_skipped_with_its_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "article-fr.txt"
    article.write_text(
        "Le Premier ministre britannique a déclaré samedi que la coalition des volontaires s'est élargie "
        "et que les chefs militaires se réuniront la semaine prochaine au Royaume-Uni.",
        encoding="utf-8",
    )
    code, out, _ = run_check(capsys, str(article), "--quiet")
    assert code == 0
    assert out.splitlines()[1].startswith("skipped: not_english (language fr):")
    code, out, _ = run_check(capsys, str(article), "--quiet", "--json")
    skipped = json.loads(out)["article"]["skipped"]
    assert (skipped["reason"], skipped["language"]) == ("not_english", "fr")


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


def test_adding_a_registered_feed_url_again_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    monkeypatch.setattr(runtime, "get_runtime", lambda: SimpleNamespace(store=store))
    assert main(["feeds", "add", "https://wire.example.org/rss", "--name", "Wire"]) == 0
    first_id = capsys.readouterr().out.strip()
    assert main(["feeds", "add", "https://Wire.example.org/rss/", "--name", "Again"]) == 2
    assert f"already registered as feed {first_id}" in capsys.readouterr().err
    assert [f.id for f in store.list_feeds()] == [first_id]
