"""`claimcheck feeds import FILE.opml`: a summary with reasons, idempotent, exit 2 for an unusable file."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import fakeredis
import pytest

from claimcheck.cli import main
from claimcheck.store import RedisStore
from workers import runtime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "opml"


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> RedisStore:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    monkeypatch.setattr(runtime, "get_runtime", lambda: SimpleNamespace(store=store))
    return store


def run_import(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    code = main(["feeds", "import", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_prints_what_it_added_and_what_it_skipped_with_why(
    capsys: pytest.CaptureFixture[str], store: RedisStore
) -> None:
    code, out, err = run_import(capsys, FIXTURES / "netnewswire.opml")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "added 5, skipped 2 (1 no_xml_url, 1 not_http)"
    assert sum(line.startswith("  added ") for line in lines) == 5
    assert "  skipped gopher://gopher.example.org/1/news: not_http (" in out
    assert "  skipped Newsroom podcast page: no_xml_url (" in out
    factchecks = {f.name for f in store.list_feeds() if f.kind.value == "factcheck"}
    assert factchecks == {"AFP Fact Check", "Snopes.com"}


def test_importing_the_same_file_again_adds_nothing(
    capsys: pytest.CaptureFixture[str], store: RedisStore
) -> None:
    assert run_import(capsys, FIXTURES / "feedly.opml")[0] == 0
    code, out, _ = run_import(capsys, FIXTURES / "feedly.opml")
    assert code == 0
    assert out.splitlines()[0] == "added 0, skipped 8 (7 already_registered, 1 duplicate_in_file)"
    assert len(store.list_feeds()) == 7


def test_a_missing_file_is_exit_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], store: RedisStore, tmp_path: Path
) -> None:
    code, out, err = run_import(capsys, tmp_path / "absent.opml")
    assert code == 2 and out == ""
    assert "cannot read" in err and "absent.opml" in err
    assert store.list_feeds() == []


def test_a_directory_is_exit_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], store: RedisStore, tmp_path: Path
) -> None:
    code, _, err = run_import(capsys, tmp_path)
    assert code == 2 and "cannot read" in err
    assert store.list_feeds() == []


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'<rss version="2.0"><channel><title>Wire</title></channel></rss>', "root element is <rss>"),
        (b"\xff\xfe\x00\x81", "not well-formed"),
        (b"", "empty"),
        (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "y">]><opml><body/></opml>', "ENTITY"),
    ],
    ids=["rss", "binary", "empty", "entity"],
)
def test_a_file_that_is_not_usable_opml_is_exit_2_saying_why(
    capsys: pytest.CaptureFixture[str], store: RedisStore, tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "feeds.opml"
    path.write_bytes(content)
    code, out, err = run_import(capsys, path)
    assert code == 2 and out == ""
    assert "is not a usable OPML file" in err and why in err
    assert store.list_feeds() == []
