"""Which registered account an event belongs to, asked of registry through its client
(shared/clients/registry.py: `account_by_platform_id`, cached for `registry_cache_s`).

When registry does not answer in time the delivery is still accepted: the event keeps
`account_registered=True` (not known to be rogue) and gets the flag
`registry_unavailable`, which a spool replay re-checks; only a definite null from
registry marks `account_registered=False` with the flag `unregistered_account`. A refusal
(`QueryError`) is a bug, not an unknown account: it counts as not answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.contracts import PlatformEvent
from shared.contracts.registry import AccountView
from shared.logging import get_logger

log = get_logger(__name__)
UNREGISTERED = "unregistered_account"
REGISTRY_UNAVAILABLE = "registry_unavailable"

Key = tuple[str, str, str]


@dataclass
class AccountRegistration:
    registry: RegistryClient

    async def annotate(self, events: Sequence[PlatformEvent]) -> list[PlatformEvent]:
        """Each event with its account's registration: flags and the registry id.

        One question per distinct account (a batch of 1000 changes is mostly one page);
        the client pauses after a timeout, so a hung registry costs one timeout now and
        then, not one per delivery."""
        answers: dict[Key, tuple[bool, AccountView | None]] = {}
        for key in dict.fromkeys((e.municipality, str(e.platform), e.account_id) for e in events):
            answers[key] = await self._registered(*key)
        out: list[PlatformEvent] = []
        for event in events:
            answered, account = answers[(event.municipality, str(event.platform), event.account_id)]
            flags = [f for f in event.flags if f not in (UNREGISTERED, REGISTRY_UNAVAILABLE)]
            if not answered:
                update = {"account_registered": True, "flags": [*flags, REGISTRY_UNAVAILABLE]}
            elif account is None:
                update = {"account_registered": False, "flags": [*flags, UNREGISTERED]}
            else:
                update = {"account_registered": True, "flags": flags, "registry_account_id": account.account_id}
            out.append(event.model_copy(update=update))
        return out

    async def _registered(self, municipality: str, platform: str, account_id: str) -> tuple[bool, AccountView | None]:
        """(answered, account or None)."""
        try:
            return True, await self.registry.account_by_platform_id(municipality, platform, account_id)
        except RegistryUnavailable as exc:
            log.warning("registry.unanswered", platform=platform, account_id=account_id, error=str(exc))
            return False, None
