"""What every moderation use case is given: the store, the broker, the platform
connectors, the policy packs and the registry's account facts."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from faststream.nats import NatsBroker

from shared.connectors import PlatformConnector
from shared.contracts import utcnow
from shared.logging import get_logger
from shared.policy import PolicyPack, available_packs, load_pack
from shared.policy.local import Effective, LocalDecisionStore, effective

from ..store import ModerationStore

log = get_logger(__name__)


@dataclass
class Deps:
    """What the use cases need; built once in `main.create_app`."""

    store: ModerationStore
    broker: NatsBroker
    connectors: Mapping[str, PlatformConnector]
    default_policy: str = "knivsta"
    account_facts: Callable[[str, str, str], Awaitable[dict[str, Any] | None]] | None = None
    now: Callable[[], datetime] = utcnow
    _facts_cache: dict[tuple[str, str, str], tuple[float, dict[str, Any] | None]] = field(default_factory=dict)
    account_cache_s: float = 300.0
    default_tier: str = "municipality_wide"
    local_decisions: LocalDecisionStore | None = None

    def pack(self, municipality: str) -> PolicyPack:
        name = municipality if municipality in available_packs() else self.default_policy
        return load_pack(name)

    async def effective(self, municipality: str) -> Effective:
        """The pack with the municipality's recorded decisions (response times, holiday periods) laid over it."""
        decisions = await self.local_decisions.recent(municipality) if self.local_decisions else []
        return effective(self.pack(municipality), decisions)

    async def facts(self, municipality: str, platform: str, account_id: str) -> dict[str, Any]:
        """The account's tier and unit from registry (cached; the stricter tier if it is silent)."""
        key = (municipality, platform, account_id)
        cached = self._facts_cache.get(key)
        if cached and time.monotonic() - cached[0] < self.account_cache_s:
            return cached[1] or {}
        found = None
        if self.account_facts is not None:
            try:
                found = await self.account_facts(municipality, platform, account_id)
            except Exception as exc:  # registry down or slow: fall back, never block tagging
                log.warning("registry.facts_unavailable", error=repr(exc), account_id=account_id)
                # Ask again soon, not for every item while registry is away.
                self._facts_cache[key] = (time.monotonic() - max(self.account_cache_s - 30.0, 0.0), None)
                return {}
        self._facts_cache[key] = (time.monotonic(), found)
        return found or {}
