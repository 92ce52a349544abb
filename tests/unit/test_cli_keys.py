"""`claimcheck keys`: API keys made and listed from the command line, over a fakeredis store."""

from __future__ import annotations

from collections.abc import Iterator

import fakeredis
import pytest

from claimcheck.cli import main
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from workers import runtime as worker_runtime


@pytest.fixture
def store() -> Iterator[RedisStore]:
    store = RedisStore(fakeredis.FakeRedis(decode_responses=True))
    worker_runtime.use_runtime(worker_runtime.Runtime(Settings(feeds_dir=None), store))
    try:
        yield store
    finally:
        worker_runtime.use_runtime(None)


def test_keys_create_prints_the_key_once_and_stores_its_hash(
    store: RedisStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "create", "--name", "ana", "--role", "reviewer"]) == 0
    out = capsys.readouterr().out
    key = next(line.split()[-1] for line in out.splitlines() if line.startswith("key:"))
    (stored,) = store.list_api_keys()
    assert stored.name == "ana" and key.startswith("cck_") and key not in stored.model_dump_json()


def test_keys_create_refuses_a_taken_name_with_a_clear_error(
    store: RedisStore, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a key named "ana"
    assert main(["keys", "create", "--name", "ana", "--role", "reviewer"]) == 0
    capsys.readouterr()
    # When another key is asked for under the same name
    code = main(["keys", "create", "--name", "ana", "--role", "admin"])
    # Then nothing is made, no key is printed, and the error says what to do
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert "an API key named 'ana' already exists" in captured.err and "choose another name" in captured.err
    assert [k.role.value for k in store.list_api_keys()] == ["reviewer"]
