"""Live events for the staff web UI: an in-process fan-out to every open SSE stream.

Fed by a plain (non-queue) NATS subscription on `notify.>` in each replica, so a client
connected to any replica sees every alert and broadcast change.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from shared.logging import get_logger

log = get_logger(__name__)


@dataclass(eq=False)
class _Client:
    municipality: str
    queue: asyncio.Queue[tuple[str, dict[str, Any]]] = field(default_factory=lambda: asyncio.Queue(maxsize=256))


class LiveHub:
    def __init__(self) -> None:
        self._clients: set[_Client] = set()

    @property
    def clients(self) -> int:
        return len(self._clients)

    def publish(self, municipality: str, event: str, data: dict[str, Any]) -> None:
        for client in list(self._clients):
            if client.municipality != municipality:
                continue
            if client.queue.full():  # a stalled browser must not hold memory: drop its oldest
                client.queue.get_nowait()
                log.warning("live.client_lagging", municipality=municipality)
            client.queue.put_nowait((event, data))

    async def subscribe(self, municipality: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        client = _Client(municipality)
        self._clients.add(client)
        try:
            while True:
                yield await client.queue.get()
        finally:
            self._clients.discard(client)
