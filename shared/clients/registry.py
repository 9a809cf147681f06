"""The one way to ask registry: its queries (`q.registry.<what>`) as typed calls.

Each call sends the query's contract (shared/contracts/registry.py) and returns the
reply's; how a refusal, a silent registry or a reply off contract reach the caller, and
the pause after a timeout, are every client's (shared/clients/base.py).
`account_by_platform_id`, asked for every message, is kept for `cache_s` (shared/recent.py)."""


from __future__ import annotations

from pydantic import TypeAdapter

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
    Responsible,
    ResponsibleQuery,
    ReviewDueRow,
    Rules,
    RulesQuery,
)
from shared.policy.local import LocalDecision
from shared.recent import RECENT_S, Recent

from .base import UNANSWERED_PAUSE_S, QueryClient, Refused, Requester, Signer, Unavailable

class RegistryUnavailable(Unavailable):
    """Registry did not answer (not running, timed out, paused after a timeout) or sent
    something that is not its reply contract."""


class RegistryRefused(RegistryUnavailable, Refused):
    """Registry answered the query with its `QueryError` (a bug in the asking service,
    never an unknown account: that is `None`)."""


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


class RegistryClient(QueryClient):
    service = "registry"
    unavailable = RegistryUnavailable
    refused = RegistryRefused

    def __init__(self, broker: Requester, *, timeout: float, cache_s: float = RECENT_S,
                 unanswered_pause_s: float = UNANSWERED_PAUSE_S, sign: Signer | None = None) -> None:
        super().__init__(broker, timeout=timeout, unanswered_pause_s=unanswered_pause_s, sign=sign)
        self._by_platform_id: Recent[tuple[str, str, str], AccountView | None] = Recent(cache_s)

    async def account_by_platform_id(self, municipality: str, platform: str,
                                     platform_account_id: str) -> AccountView | None:
        """The account registry knows by this id on the platform; None when it knows none (cached)."""
        query = self.build("account_by_platform_id", AccountByPlatformId, municipality=municipality,
                       platform=platform, platform_account_id=platform_account_id)
        key = (municipality, str(query.platform), platform_account_id)
        return await self._by_platform_id.get(
            key, lambda: self.ask("account_by_platform_id", query, _ACCOUNTVIEW_OR_NONE))

    async def accounts(self, query: AccountsQuery, *, timeout: float | None = None) -> list[AccountView]:
        return await self.ask("accounts", query, _LIST_ACCOUNTVIEW, timeout=timeout)

    async def account(self, municipality: str, account_id: str) -> AccountDetail | None:
        query = self.build("account", AccountQuery, municipality=municipality, account_id=account_id)
        return await self.ask("account", query, _ACCOUNTDETAIL_OR_NONE)

    async def responsible(self, query: ResponsibleQuery) -> Responsible | None:
        return await self.ask("responsible", query, _RESPONSIBLE_OR_NONE)

    async def crisis_channels(self, municipality: str, *, timeout: float | None = None) -> list[CrisisChannel]:
        return await self.for_municipality("crisis_channels", municipality, _LIST_CRISISCHANNEL, timeout=timeout)

    async def compliance(self, municipality: str) -> list[ComplianceRow]:
        return await self.for_municipality("compliance", municipality, _LIST_COMPLIANCEROW)

    async def reviews_due(self, municipality: str) -> list[ReviewDueRow]:
        return await self.for_municipality("reviews_due", municipality, _LIST_REVIEWDUEROW)

    async def inventory(self, query: InventoryQuery) -> Inventory:
        return await self.ask("inventory", query, _INVENTORY)

    async def link_page(self, municipality: str) -> LinkPage:
        return await self.for_municipality("link_page", municipality, _LINKPAGE)

    async def rules(self, query: RulesQuery) -> Rules:
        return await self.ask("rules", query, _RULES)

    async def local_decisions(self, municipality: str) -> list[LocalDecision]:
        """What the municipality entered in registry itself (shared/policy/local.py)."""
        return await self.for_municipality("local_decisions", municipality, _LIST_LOCALDECISION)
