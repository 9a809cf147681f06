"""What every moderation use case is given: the store, the broker, the platform
connectors, the policy packs and registry's client (the account's tier and unit)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from faststream.nats import NatsBroker

from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.connectors import PlatformConnector
from shared.contracts import utcnow
from shared.contracts.registry import AccountView
from shared.logging import get_logger
from shared.policy import PolicyPack, available_packs, load_pack
from shared.policy.local import Effective, LocalDecisionStore, effective

from .adapters.store import ModerationStore

log = get_logger(__name__)


@dataclass(frozen=True)
class Deps:
    """What the use cases need; built once in `main.create_app`."""

    store: ModerationStore
    broker: NatsBroker
    connectors: Mapping[str, PlatformConnector]
    default_policy: str = "knivsta"
    registry: RegistryClient | None = None
    now: Callable[[], datetime] = utcnow
    default_tier: str = "municipality_wide"
    local_decisions: LocalDecisionStore | None = None

    def pack(self, municipality: str) -> PolicyPack:
        name = municipality if municipality in available_packs() else self.default_policy
        return load_pack(name)

    async def effective(self, municipality: str) -> Effective:
        """The pack with the municipality's recorded decisions (response times, holiday periods) laid over it."""
        decisions = await self.local_decisions.recent(municipality) if self.local_decisions else []
        return effective(self.pack(municipality), decisions)

    async def account(self, municipality: str, platform: str, account_id: str) -> AccountView | None:
        """The account as registry knows it (tier, unit), cached by its client; None when
        registry knows none or is silent (tagging then takes the stricter tier, never blocks)."""
        if self.registry is None:
            return None
        try:
            return await self.registry.account_by_platform_id(municipality, platform, account_id)
        except RegistryUnavailable as exc:
            log.warning("registry.facts_unavailable", error=str(exc), account_id=account_id)
            return None
