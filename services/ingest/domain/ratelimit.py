"""Requests per source address: a token bucket each (pure; the clock is passed in), and
which address a request comes from when it passed through the municipality's proxies."""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Iterable[str]) -> list[Network]:
    """`10.0.0.5`, `10.0.0.0/8`, `::1` → networks (a bad entry is a settings error, raised)."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _trusted(address: str, proxies: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(peer: str, forwarded_for: list[str], proxies: list[Network]) -> str:
    """The address to limit: the peer itself, unless it is one of our proxies; then the
    nearest X-Forwarded-For hop that is not (a client can prepend anything it likes to
    the header, but not what our own proxy appended after it)."""
    if not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:64]
    return hops[0][:64] if hops else peer


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
