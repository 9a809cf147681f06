"""Waiting out an outage with a message in hand.

While a dependency is away, a handler's message is retried in place (backoff with a
ceiling) instead of being nacked: a nack is a redelivery, and redeliveries count
towards `max_deliver`, so a long outage would dead-letter good work. Meanwhile the
message is kept "in progress" at the server (no redelivery to another replica), and the
subscription fetches nothing new: consumption pauses until the dependency is back.
When the service is asked to stop, waiting ends at once and the message is nacked for
redelivery after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from .logging import get_logger
from .metrics import MESSAGES_WAITING

log = get_logger(__name__)
# Log a still-waiting message now and then, not at every attempt of every message.
LOG_EVERY_ATTEMPTS = 5


class Stopping:
    """Set once when the process is asked to stop; waits end early when it is."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    async def wait(self) -> None:
        await self._event.wait()

    async def sleep(self, seconds: float) -> bool:
        """Sleep `seconds`; False (at once) if stopping was or becomes set."""
        if self._event.is_set():
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout=seconds)
            return False
        return True


class DependencyWait:
    """One message's wait for a dependency that is away."""

    def __init__(self, *, raw: Any, service: str, backoff: list[float], heartbeat_s: float,
                 stopping: Stopping) -> None:
        self.raw = raw
        self.service = service
        self.backoff = backoff
        self.stopping = stopping
        self.started = time.monotonic()
        self.attempts = 0
        MESSAGES_WAITING.labels(service).inc()
        self._heartbeat = asyncio.create_task(self._keep_in_progress(heartbeat_s))

    async def _keep_in_progress(self, every: float) -> None:
        # +WPI resets the server's ack timer: without it a wait longer than ack_wait would
        # be a redelivery (counted, and handled twice when there are replicas).
        while True:
            with contextlib.suppress(Exception):  # NATS may be what is away; the next beat tries again
                await self.raw.in_progress()
            await asyncio.sleep(every)

    async def pause(self, error: BaseException) -> bool:
        """Wait before the next attempt; False when the service is stopping."""
        delay = self.backoff[min(self.attempts, len(self.backoff) - 1)]
        self.attempts += 1
        if self.attempts == 1 or self.attempts % LOG_EVERY_ATTEMPTS == 0:
            log.warning("message.waiting_for_dependency", subject=self.raw.subject, attempts=self.attempts,
                        waited_s=round(time.monotonic() - self.started, 1), next_in_s=delay,
                        error=" ".join(repr(error).split())[:300])
        return await self.stopping.sleep(delay)

    def close(self, *, handled: bool) -> None:
        self._heartbeat.cancel()
        MESSAGES_WAITING.labels(self.service).dec()
        if handled:
            log.info("message.dependency_back", subject=self.raw.subject, attempts=self.attempts,
                     waited_s=round(time.monotonic() - self.started, 1))
        else:
            log.info("message.released_for_redelivery", subject=self.raw.subject, attempts=self.attempts)
