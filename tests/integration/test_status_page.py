"""The status page in a real headless Chromium, against the real stack.

The screenshot goes to the test's temp dir; CLAIMCHECK_UPDATE_SCREENSHOT=1 also refreshes
docs/status-page.png.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_ARTICLE
from tests.support.ops_stack import OpsStack, running_ops_stack
from tests.support.processes import PROJECT_ROOT

pytestmark = pytest.mark.integration
SCREENSHOT = PROJECT_ROOT / "docs" / "status-page.png"


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail(
            "chromium is not installed, and CI must run the status page test (apt-get install chromium)"
        )
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")


@pytest.fixture
def chromium() -> str:
    return find_chromium()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[OpsStack]:
    with running_ops_stack(tmp_path) as running:
        yield running


def headless(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One run of headless Chromium on 127.0.0.1 only, with a profile of its own."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        # Lets the page's script run its first refresh (fetch and render) before the DOM is taken.
        "--virtual-time-budget=4000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_status_page_shows_the_article_done_with_verdict_bars(
    stack: OpsStack, chromium: str, tmp_path: Path
) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=10) as client:
        seed = stack.submit(client, SEED_ARTICLE.read_text(encoding="utf-8"), "Coalition of the willing")
        short = stack.submit(client)

    # Poll the page itself, as a person watching it would, until both rows show done.
    deadline = time.monotonic() + 120
    dom = ""
    while time.monotonic() < deadline:
        run = headless(chromium, tmp_path / "profile", "--dump-dom", stack.base_url + "/")
        dom = run.stdout
        done = [f'data-article-id="{a}" data-status="done"' in dom for a in (seed, short)]
        if all(done) and re.search(r'data-refreshes="[1-9]', dom):
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"the page never showed both articles done\n{dom[-3000:]}\n{stack.logs()}")

    assert "Coalition of the willing" in dom and "Council budget" in dom
    assert re.search(r'<div class="bar"><span class="(supported|refuted|not_enough_info|needs_review)', dom)
    assert "live · updated" in dom  # the script's refresh, not only the server's render, filled the page

    screenshot = tmp_path / "status-page.png"
    shot = headless(
        chromium,
        tmp_path / "profile",
        "--window-size=1280,720",
        f"--screenshot={screenshot}",
        stack.base_url + "/",
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("CLAIMCHECK_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(screenshot, SCREENSHOT)
