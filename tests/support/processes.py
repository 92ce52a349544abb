"""Real processes for tests: redis-server, a Celery worker, the uvicorn API; each on its own port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import redis

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


class RedisServer:
    """A redis-server of the test suite's own: own port, own directory, can be killed and restarted."""

    def __init__(self, directory: Path, appendonly: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.directory = directory
        self.appendonly = appendonly
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--appendonly",
            "yes" if self.appendonly else "no",
            "--appendfsync",
            "everysec",
            "--maxmemory-policy",
            "noeviction",
            "--logfile",
            str(self.directory / "redis.log"),
        ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_until(lambda: self._answers(client), 10, f"redis-server on port {self.port}")
        client.close()

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=10)
        self.process = None


class ServiceProcess:
    """A claimcheck process (`claimcheck serve` or `claimcheck worker`) with its log kept for failures."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.args = args
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "claimcheck.cli", *self.args],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The worker forks pool processes; signal the whole session so none is left behind.
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def service_env(redis_url: str, **extra: str) -> dict[str, str]:
    """Environment for a claimcheck process talking to the test's redis-server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    # Auth is on by default for `serve`; tests that exercise it pass CLAIMCHECK_AUTH_ENABLED="true".
    env.update(
        {"CLAIMCHECK_REDIS_URL": redis_url, "CLAIMCHECK_AUTH_ENABLED": "false", "PYTHONUNBUFFERED": "1"}
    )
    env.update(extra)
    return env


def start_api(redis_url: str, log_dir: Path, **extra: str) -> tuple[ServiceProcess, str]:
    """Start `claimcheck serve` on a free port; returns the process and its base URL once it answers."""
    port = free_port()
    api = ServiceProcess(
        ["serve", "--port", str(port), "--log-level", "warning"],
        service_env(redis_url, **extra),
        log_dir / "api.log",
    )
    api.start()
    base_url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            return httpx.get(f"{base_url}/healthz", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(healthy, 30, "the API to answer /healthz")
    return api, base_url


def start_worker(
    redis_url: str, log_dir: Path, name: str = "w1", concurrency: int = 1, beat: bool = False, **extra: str
) -> ServiceProcess:
    """Start `claimcheck worker` (with the beat scheduler if asked); it consumes once connected."""
    args = ["worker", "--concurrency", str(concurrency), "--hostname", f"{name}@%h", "--log-level", "info"]
    if beat:
        args.append("--beat")
        extra = {"CLAIMCHECK_BEAT_SCHEDULE_PATH": str(log_dir / f"beat-{name}"), **extra}
    worker = ServiceProcess(
        args,
        service_env(redis_url, **extra),
        log_dir / f"worker-{name}.log",
    )
    worker.start()
    return worker
