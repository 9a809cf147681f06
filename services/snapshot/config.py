"""The snapshot worker's settings: NATS and Chromium, and no database at all (it builds on
`BusSettings`, which has no MongoDB URL; a `KANALVAKT_MONGODB_URL` in its environment is
ignored)."""

from __future__ import annotations

from pydantic import Field

from shared.config import BusSettings


class SnapshotSettings(BusSettings):
    http_port: int = 8006
    chromium: str = Field("/usr/bin/chromium", description="Headless Chromium.")
    snapshot_proxy: str | None = Field(
        None, description="HTTP proxy every request of the worker and its Chromium goes through (deploy/: the "
        "egress proxy, which refuses private addresses, so a page cannot steer the browser to one).")
    snapshot_private_hosts: list[str] = Field(
        default_factory=list, description="Host names opened although they are not public (a page on the "
        "municipality's intranet; the tests' local pages), on any port. Empty: only public addresses.")
    max_redirects: int = Field(5, ge=0, le=20, description="HTTP redirects followed, each one checked.")

    def secret_settings(self, service: str) -> list[tuple[str, str | None]]:
        # It verifies no command (it takes none) and signs nothing: only its NATS password.
        return []

    @property
    def private_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().rstrip(".").lower() for h in self.snapshot_private_hosts if h.strip())
