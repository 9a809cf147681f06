"""Requests per source address: a token bucket each (pure; the clock is passed in)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """`rate` requests a second sustained, bursts up to `burst`; at most `max_sources` tracked."""

    rate: float
    burst: float
    max_sources: int = 100_000
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)

    def allow(self, source: str, now: float) -> bool:
        tokens, last = self._buckets.pop(source, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[source] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self.max_sources:  # forget the least recently seen
            self._buckets.popitem(last=False)
        return allowed

    def retry_after(self, source: str) -> float:
        tokens, _ = self._buckets.get(source, (0.0, 0.0))
        return max(0.0, (1.0 - tokens) / self.rate) if self.rate > 0 else 60.0
