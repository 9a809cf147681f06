"""The one way to ask registry: its queries (`q.registry.<what>`) as typed calls.

Each call sends the query's contract (shared/contracts/registry.py) and returns the
reply's; registry's `QueryError` becomes `RegistryRefused`, and no answer, a hung or
absent registry or a reply that is not the contract become `RegistryUnavailable` (a
`DependencyUnavailable`: a message handler failing on it is retried, never
dead-lettered). After a timeout registry is not asked again for `unanswered_pause_s`, so
a hung registry costs one timeout now and then, not one per message (when no registry
runs at all, NATS says so at once: no pause is needed). `account_by_platform_id`, asked
for every message, is kept for `cache_s` (shared/recent.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from shared import subjects
from shared.commands import describe_errors
from shared.contracts.registry import (
    AccountByPlatformId,
    AccountDetail,
    AccountQuery,
    AccountsQuery,
    AccountView,
    ComplianceRow,
    CrisisChannel,
    Inventory,
    InventoryQuery,
    LinkPage,
    MunicipalityQuery,
    QueryError,
    Responsible,
    ResponsibleQuery,
    ReviewDueRow,
    Rules,
    RulesQuery,
)
from shared.faults import INFRASTRUCTURE_FAULTS, DependencyUnavailable
from shared.policy.local import LocalDecision
from shared.recent import RECENT_S, Recent

T = TypeVar("T")

UNANSWERED_PAUSE_S = 2.0


class RegistryUnavailable(DependencyUnavailable):
    """Registry did not answer (not running, timed out, paused after a timeout) or sent
    something that is not its reply contract."""


class RegistryRefused(RegistryUnavailable):
    """Registry answered the query with its `QueryError` (a bug in the asking service,
    never an unknown account: that is `None`)."""

    def __init__(self, what: str, reply: QueryError) -> None:
        super().__init__(f"registry refused q.registry.{what}: {reply.error}")
        self.what = what
        self.reply = reply


Q = TypeVar("Q", bound=BaseModel)


def _query(what: str, model: type[Q], **fields: Any) -> Q:
    """The query from plain values; values registry would refuse are refused here, the same way."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise RegistryRefused(what, QueryError(error=f"Ogiltig fråga: {describe_errors(exc)}")) from exc


class Requester(Protocol):
    """What the client needs of a broker (FastStream's `NatsBroker.request`)."""

    async def request(self, message: Any, subject: str, *, headers: dict[str, str] | None = ...,
                      timeout: float = ...) -> Any: ...


_ERROR = TypeAdapter(QueryError)
_ACCOUNTVIEW_OR_NONE = TypeAdapter(AccountView | None)
_LIST_ACCOUNTVIEW = TypeAdapter(list[AccountView])
_ACCOUNTDETAIL_OR_NONE = TypeAdapter(AccountDetail | None)
_RESPONSIBLE_OR_NONE = TypeAdapter(Responsible | None)
_LIST_CRISISCHANNEL = TypeAdapter(list[CrisisChannel])
_LIST_COMPLIANCEROW = TypeAdapter(list[ComplianceRow])
_LIST_REVIEWDUEROW = TypeAdapter(list[ReviewDueRow])
_INVENTORY = TypeAdapter(Inventory)
_LINKPAGE = TypeAdapter(LinkPage)
_RULES = TypeAdapter(Rules)
_LIST_LOCALDECISION = TypeAdapter(list[LocalDecision])


class RegistryClient:
    def __init__(self, broker: Requester, *, timeout: float, cache_s: float = RECENT_S,
                 unanswered_pause_s: float = UNANSWERED_PAUSE_S,
                 sign: Callable[[str, bytes], Mapping[str, str]] | None = None) -> None:
        """`sign`: headers vouching for the request (the dashboard's `RequestSigner.headers`)."""
        self.broker = broker
        self.timeout = timeout
        self.unanswered_pause_s = unanswered_pause_s
        self.sign = sign
        self._by_platform_id: Recent[tuple[str, str, str], AccountView | None] = Recent(cache_s)
        self._unanswered_until = 0.0

    async def account_by_platform_id(self, municipality: str, platform: str,
                                     platform_account_id: str) -> AccountView | None:
        """The account registry knows by this id on the platform; None when it knows none (cached)."""
        query = _query("account_by_platform_id", AccountByPlatformId, municipality=municipality,
                       platform=platform, platform_account_id=platform_account_id)
        key = (municipality, str(query.platform), platform_account_id)
        return await self._by_platform_id.get(
            key, lambda: self._ask("account_by_platform_id", query, _ACCOUNTVIEW_OR_NONE))

    async def accounts(self, query: AccountsQuery, *, timeout: float | None = None) -> list[AccountView]:
        return await self._ask("accounts", query, _LIST_ACCOUNTVIEW, timeout=timeout)

    async def account(self, municipality: str, account_id: str) -> AccountDetail | None:
        query = _query("account", AccountQuery, municipality=municipality, account_id=account_id)
        return await self._ask("account", query, _ACCOUNTDETAIL_OR_NONE)

    async def responsible(self, query: ResponsibleQuery) -> Responsible | None:
        return await self._ask("responsible", query, _RESPONSIBLE_OR_NONE)

    async def crisis_channels(self, municipality: str, *, timeout: float | None = None) -> list[CrisisChannel]:
        return await self._for_municipality("crisis_channels", municipality, _LIST_CRISISCHANNEL, timeout=timeout)

    async def compliance(self, municipality: str) -> list[ComplianceRow]:
        return await self._for_municipality("compliance", municipality, _LIST_COMPLIANCEROW)

    async def reviews_due(self, municipality: str) -> list[ReviewDueRow]:
        return await self._for_municipality("reviews_due", municipality, _LIST_REVIEWDUEROW)

    async def inventory(self, query: InventoryQuery) -> Inventory:
        return await self._ask("inventory", query, _INVENTORY)

    async def link_page(self, municipality: str) -> LinkPage:
        return await self._for_municipality("link_page", municipality, _LINKPAGE)

    async def rules(self, query: RulesQuery) -> Rules:
        return await self._ask("rules", query, _RULES)

    async def local_decisions(self, municipality: str) -> list[LocalDecision]:
        """What the municipality entered in registry itself (shared/policy/local.py)."""
        return await self._for_municipality("local_decisions", municipality, _LIST_LOCALDECISION)

    async def _for_municipality(self, what: str, municipality: str, reply: TypeAdapter[T], *,
                                timeout: float | None = None) -> T:
        query = _query(what, MunicipalityQuery, municipality=municipality)
        return await self._ask(what, query, reply, timeout=timeout)

    async def _ask(self, what: str, query: BaseModel, reply: TypeAdapter[T], *,
                   timeout: float | None = None) -> T:
        if time.monotonic() < self._unanswered_until:
            raise RegistryUnavailable(f"registry timed out lately; q.registry.{what} not asked")
        subject = subjects.query("registry", what)
        body = query.model_dump_json(exclude_unset=True, exclude_none=True).encode()
        headers = dict(self.sign(subject, body)) if self.sign else None
        try:
            answer = await self.broker.request(body, subject, headers=headers, timeout=timeout or self.timeout)
        except INFRASTRUCTURE_FAULTS as exc:
            if isinstance(exc, TimeoutError):  # nats' TimeoutError is one too
                self._unanswered_until = time.monotonic() + self.unanswered_pause_s
            raise RegistryUnavailable(f"registry did not answer q.registry.{what}: {type(exc).__name__}") from exc
        raw = answer.body or b"null"
        try:
            data = json.loads(raw)
            if isinstance(data, dict) and "error" in data:
                raise RegistryRefused(what, _ERROR.validate_python(data))
            return reply.validate_python(data)
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            raise RegistryUnavailable(f"registry's reply to q.registry.{what} is not its contract: {exc}") from exc
