"""Composition root of the snapshot worker: a broker and Chromium, no database client."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from . import router
from .config import SnapshotSettings
from .deps import Deps


def create_app(settings: SnapshotSettings | None = None) -> tuple[SnapshotSettings, Starlette]:
    settings = settings or SnapshotSettings()
    # No streams to declare or consume: its NATS user has no JetStream grants at all.
    runtime = ServiceRuntime("snapshot", settings, jetstream=False)
    # Its own requests (the redirect walk) go where Chromium's go: through the proxy when
    # one is set, never the environment's by accident.
    client = httpx.AsyncClient(proxy=settings.snapshot_proxy, trust_env=False, follow_redirects=False)
    router.register(runtime, Deps(settings=settings, broker=runtime.broker, client=client))

    async def close_client() -> None:
        await client.aclose()

    runtime.on_stop.append(close_client)
    return settings, runtime.asgi()
