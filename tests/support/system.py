"""The whole system as processes, for end-to-end tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devtools.supervisor import System


@contextmanager
def running_system(sut: System, names: list[str] | None = None) -> Iterator[System]:
    """Start `sut` (all services, or `names`), stop it afterwards, and fail if any
    process logged a critical error meanwhile."""
    try:
        sut.start(names)
    except Exception:
        sut.stop()
        raise
    try:
        yield sut
    finally:
        sut.stop()
    for log in sorted(Path(sut.log_dir).glob("*.log")):
        text = log.read_text(errors="replace")
        assert '"level": "critical"' not in text, f"{log.name} logged a critical error"


def dashboard_bus_url(system: System) -> str:
    """Where to reach the system's NATS as the dashboard would (its own user on a
    nats-server the system started; the URL given otherwise)."""
    return system.nats_url_as("dashboard") if "nats" in system.servers else str(system.nats_url)


async def ask(system: System, subject: str, body: dict[str, Any], *, timeout: float = 3.0,
              url: str | None = None) -> Any:
    """One query or command, signed with the system's dashboard key, its answer decoded."""
    from shared.secrets_file import SIGNING_KEY, ensure_secrets
    from tests.support import bus

    key = ensure_secrets(system.secrets_path)[SIGNING_KEY]
    nc = await bus.connect(url or dashboard_bus_url(system), signing_key=key, connect_timeout=2,
                           max_reconnect_attempts=0, allow_reconnect=False)
    try:
        reply = await nc.request(subject, json.dumps(body, default=str).encode(), timeout=timeout)
        return json.loads(reply.data) if reply.data else None
    finally:
        await nc.close()
