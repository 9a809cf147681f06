"""A value read at most a few seconds ago, for handlers that would otherwise read the same
document for every message (a municipality's settings, its local decisions).

A change made by this process is seen at once (`changed`, also past a read still in
flight); one made by another replica within `max_age_s`. Handlers that miss at the same
moment (a batch of messages, shared/broker.batch_subscriber) share one read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

RECENT_S = 5.0


class Recent(Generic[K, V]):
    def __init__(self, max_age_s: float = RECENT_S) -> None:
        self.max_age_s = max_age_s
        self._values: dict[K, tuple[float, V]] = {}
        self._changes: dict[K, int] = {}
        self._reading: dict[K, tuple[int, asyncio.Task[V]]] = {}

    async def get(self, key: K, read: Callable[[], Awaitable[V]]) -> V:
        kept = self._values.get(key)
        if kept is not None and time.monotonic() - kept[0] < self.max_age_s:
            return kept[1]
        changes = self._changes.get(key, 0)
        pending = self._reading.get(key)
        if pending is None or pending[0] != changes:  # none in flight, or begun before a change
            pending = (changes, asyncio.ensure_future(read()))
            self._reading[key] = pending
            pending[1].add_done_callback(lambda task: self._done(key, changes, task))
        # shielded: a handler cancelled while waiting does not cancel the others' read
        return await asyncio.shield(pending[1])

    def _done(self, key: K, changes: int, task: asyncio.Task[V]) -> None:
        if self._reading.get(key, (None, None))[1] is task:
            del self._reading[key]
        if not task.cancelled() and task.exception() is None and self._changes.get(key, 0) == changes:
            self._values[key] = (time.monotonic(), task.result())

    def changed(self, key: K) -> None:
        self._changes[key] = self._changes.get(key, 0) + 1
        self._values.pop(key, None)
