"""Fixtures for the three tiers.

Integration and end-to-end tests use real servers: `NATS_URL` / `MONGODB_URL` when set;
testcontainers' `nats` and `mongo` images when KANALVAKT_TEST_DOCKER=1 and a Docker
engine answers; otherwise nats-server and FerretDB started here on free ports.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.servers import servers_for
from shared.secrets_file import BUS_USERS, ensure_secrets
from tests.support.bus import HARNESS, authenticated_nats, service_secrets_env


@dataclass(frozen=True)
class Servers:
    nats_url: str
    mongodb_url: str


def _docker_servers(stack: list) -> Servers:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs
    from testcontainers.mongodb import MongoDbContainer

    nats = DockerContainer("nats:2.11").with_command("-js").with_exposed_ports(4222)
    nats.start()
    wait_for_logs(nats, "Server is ready")
    mongo = MongoDbContainer("mongo:7")
    mongo.start()
    stack.extend([nats, mongo])
    return Servers(
        nats_url=f"nats://{nats.get_container_host_ip()}:{nats.get_exposed_port(4222)}",
        mongodb_url=mongo.get_connection_url(),
    )


@pytest.fixture(scope="session")
def bus_secrets_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This session's generated secrets: NATS passwords and the dashboard's signing key."""
    path = tmp_path_factory.mktemp("secrets") / "secrets.env"
    ensure_secrets(path, users=(*BUS_USERS, HARNESS))
    return path


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory, bus_secrets_file: Path) -> Iterator[Servers]:
    nats_url, mongodb_url = os.environ.get("NATS_URL"), os.environ.get("MONGODB_URL")
    own_nats = None
    if not nats_url and os.environ.get("KANALVAKT_TEST_DOCKER") != "1":
        own_nats, nats_url = authenticated_nats(tmp_path_factory.mktemp("nats"), bus_secrets_file)
        own_nats.start()
    stack: list = []
    if not (nats_url and mongodb_url) and os.environ.get("KANALVAKT_TEST_DOCKER") == "1":
        found = _docker_servers(stack)
        nats_url, mongodb_url = found.nats_url, found.mongodb_url
    try:
        with servers_for(tmp_path_factory.mktemp("servers"), nats_url=nats_url, mongodb_url=mongodb_url) as (
            nats, mongodb
        ):
            yield Servers(nats_url=nats, mongodb_url=mongodb)
    finally:
        for item in reversed(stack):
            item.stop()
        if own_nats is not None:
            own_nats.stop()


@pytest.fixture
def isolated_servers(servers: Servers, tmp_path: Path, bus_secrets_file: Path) -> Iterator[Servers]:
    """A fresh nats-server for this test (durable consumers and streams start empty),
    with the session's MongoDB-wire server (tests use a unique database prefix)."""
    if os.environ.get("NATS_URL"):
        yield servers
        return
    proc, nats_url = authenticated_nats(tmp_path, bus_secrets_file)
    proc.start()
    try:
        yield Servers(nats_url=nats_url, mongodb_url=servers.mongodb_url)
    finally:
        proc.stop()


@pytest.fixture
def db_prefix() -> str:
    """A unique database-name prefix per test: tests never see each other's data."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def service_env(isolated_servers: Servers, db_prefix: str, bus_secrets_file: Path,
                monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for building a service's settings in-process against real servers
    (a fresh NATS for this test, the shared MongoDB-wire server, a unique database prefix).

    Each service connects to NATS as its own user (passwords in the session's secrets
    file) and verifies the dashboard's signature on commands and queries; the dashboard
    signs with the session's key, and so does the harness (tests/support/bus.py)."""
    env = {
        "KANALVAKT_NATS_URL": isolated_servers.nats_url,
        "KANALVAKT_MONGODB_URL": isolated_servers.mongodb_url,
        "KANALVAKT_DB_PREFIX": db_prefix,
        **service_secrets_env(bus_secrets_file),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in ("integration", "e2e"):
            item.add_marker(getattr(pytest.mark, tier))
