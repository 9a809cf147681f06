"""Which registered account an event belongs to, asked of registry over request/reply.

`q.registry.account_by_platform_id` with `municipality`, `platform`,
`platform_account_id`; the reply is the account document or null. Answers are cached
for `registry_cache_s`. When registry does not answer in time the delivery is still
accepted: the event keeps `account_registered=True` (not known to be rogue) and gets the
flag `registry_unavailable`, which a spool replay re-checks; only a definite null from
registry marks `account_registered=False` with the flag `unregistered_account`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from faststream.nats import NatsBroker
from nats import errors as nats_errors
from nats.errors import Error as NatsError

from shared import subjects
from shared.contracts import PlatformEvent
from shared.logging import get_logger

log = get_logger(__name__)
UNREGISTERED = "unregistered_account"
REGISTRY_UNAVAILABLE = "registry_unavailable"
UNANSWERED_PAUSE_S = 2.0


@dataclass
class AccountResolver:
    broker: NatsBroker
    timeout: float
    cache_s: float
    _cache: dict[tuple[str, str, str], tuple[float, dict[str, Any] | None]] = field(default_factory=dict)
    _unanswered_until: float = 0.0

    async def lookup(self, municipality: str, platform: str, account_id: str) -> tuple[bool, dict[str, Any] | None]:
        """(answered, account or None)."""
        key = (municipality, platform, account_id)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached and cached[0] > now:
            return True, cached[1]
        if now < self._unanswered_until:
            return False, None
        try:
            connection = self.broker.connection
            if not connection.is_connected:
                return False, None
            reply = await connection.request(
                subjects.query("registry", "account_by_platform_id"),
                json.dumps({"municipality": municipality, "platform": platform,
                            "platform_account_id": account_id}).encode(),
                timeout=self.timeout,
            )
        except (NatsError, TimeoutError, ConnectionError) as exc:
            if isinstance(exc, TimeoutError | nats_errors.TimeoutError):
                self._unanswered_until = time.monotonic() + UNANSWERED_PAUSE_S
            log.warning("registry.unanswered", platform=platform, account_id=account_id, error=type(exc).__name__)
            return False, None
        except Exception as exc:  # FastStream raises its own error before the broker connects
            log.warning("registry.unanswered", platform=platform, account_id=account_id, error=type(exc).__name__)
            return False, None
        try:
            account = json.loads(reply.data) if reply.data else None
        except json.JSONDecodeError:
            log.warning("registry.unreadable_reply", platform=platform, account_id=account_id)
            return False, None
        if account is not None and not isinstance(account, dict):
            return False, None
        if isinstance(account, dict) and "error" in account and "platform_account_id" not in account:
            return False, None  # registry refused the query (a bug, not an unknown account)
        self._cache[key] = (now + self.cache_s, account)
        return True, account

    async def annotate(self, events: Sequence[PlatformEvent]) -> list[PlatformEvent]:
        """Each event with its account's registration: flags and the registry id.

        One question per distinct account (a batch of 1000 changes is mostly one page);
        after registry failed to answer, it is not asked again for `UNANSWERED_PAUSE_S`,
        so a hung registry costs one timeout now and then, not one per delivery. (When no
        registry runs at all, NATS says so at once: no pause is needed.)"""
        answers: dict[tuple[str, str, str], tuple[bool, dict[str, Any] | None]] = {}
        for key in dict.fromkeys((e.municipality, str(e.platform), e.account_id) for e in events):
            answers[key] = await self.lookup(*key)
        out: list[PlatformEvent] = []
        for event in events:
            answered, account = answers[(event.municipality, str(event.platform), event.account_id)]
            flags = [f for f in event.flags if f not in (UNREGISTERED, REGISTRY_UNAVAILABLE)]
            if not answered:
                update = {"account_registered": True, "flags": [*flags, REGISTRY_UNAVAILABLE]}
            elif account is None:
                update = {"account_registered": False, "flags": [*flags, UNREGISTERED]}
            else:
                update = {"account_registered": True, "flags": flags,
                          "registry_account_id": account.get("account_id") or account.get("id")}
            out.append(event.model_copy(update=update))
        return out
