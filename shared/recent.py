"""A value read at most a few seconds ago, for handlers that would otherwise read the same
document for every message (a municipality's settings, its local decisions).

A change made by this process is seen at once (`changed`, also past a read still in
flight); one made by another replica within `max_age_s`.
"""

from __future__ import annotations

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

    async def get(self, key: K, read: Callable[[], Awaitable[V]]) -> V:
        kept = self._values.get(key)
        if kept is not None and time.monotonic() - kept[0] < self.max_age_s:
            return kept[1]
        changes = self._changes.get(key, 0)
        value = await read()
        if self._changes.get(key, 0) == changes:
            self._values[key] = (time.monotonic(), value)
        return value

    def changed(self, key: K) -> None:
        self._changes[key] = self._changes.get(key, 0) + 1
        self._values.pop(key, None)
