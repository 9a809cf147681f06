"""Live updates for the alerts page and the crisis console: notify's events, heard on core
NATS (router.py's `on_notify_event`), fanned out to the browsers as server-sent events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from faststream.nats import NatsBroker

from shared.logging import get_logger

log = get_logger(__name__)


class LiveHub:
    def __init__(self) -> None:
        self._listeners: set[tuple[str, asyncio.Queue[dict[str, Any]]]] = set()
        self._subscription: Any = None

    async def start(self, broker: NatsBroker, on_message: Callable[[Any], Awaitable[None]],
                    subject: str = "notify.>") -> None:
        self._subscription = await broker.connection.subscribe(subject, cb=on_message)

    async def stop(self) -> None:
        if self._subscription is not None:
            try:
                await self._subscription.unsubscribe()
            except Exception:  # noqa: BLE001 - the connection may already be closed on shutdown
                pass
        for _, queue in list(self._listeners):
            queue.put_nowait({"type": "close"})

    def publish(self, municipality: str, event: dict[str, Any]) -> None:
        for owner, queue in list(self._listeners):
            if owner == municipality and queue.qsize() < 100:
                queue.put_nowait(event)

    async def stream(self, municipality: str, heartbeat: float = 15.0) -> AsyncIterator[str]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        entry = (municipality, queue)
        self._listeners.add(entry)
        try:
            yield "retry: 3000\n\nevent: ready\ndata: {}\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=heartbeat)
                except TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if event.get("type") == "close":
                    return
                # Only the subject and an id go to the browser; it then reloads the escaped
                # HTML fragment, so no event text is ever put into the page by script.
                yield f"event: change\ndata: {json.dumps(event)}\n\n"
        finally:
            self._listeners.discard(entry)
