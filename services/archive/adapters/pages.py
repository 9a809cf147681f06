"""Which public page to snapshot for an account: the `SNAPSHOT_PAGES` setting overrides,
otherwise registry's official address of the account (`url` in `q.registry.account(s)`).

The archive names an account by its id on the platform, as its records do (so a snapshot
sits with the account's posts and comments in search and in the E-ARK export); registry's
own account id is accepted too."""

from __future__ import annotations

import re

from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.contracts.registry import ACCOUNT_ID, AccountState, AccountsQuery, AccountView
from shared.logging import get_logger
from shared.policy.local import LocalDecision
from shared.snapshots import web_address

log = get_logger(__name__)
# Live accounts: the ones the municipality keeps open to the public (Piteå: "varje aktiv sida").
LIVE_STATES = [AccountState.active, AccountState.under_review]


class PageDirectory:
    """`RegistryUnavailable` (registry did not answer, or refused): a message handler
    failing on it is retried until registry is back, never dead-lettered."""

    def __init__(self, registry: RegistryClient, overrides: dict[str, str]) -> None:
        self.registry = registry
        self.overrides = overrides

    def override(self, municipality: str, account_id: str) -> str | None:
        return self.overrides.get(f"{municipality}/{account_id}")

    def _live(self, municipality: str) -> AccountsQuery:
        return AccountsQuery(municipality=municipality, states=LIVE_STATES, limit=200)

    async def link_page_decisions(self, municipality: str) -> list[LocalDecision]:
        """What the municipality entered for the link page in registry (its GDPR contact
        is named in disclosures). Raises `RegistryUnavailable` when registry does not answer."""
        return await self.registry.local_decisions(municipality)

    async def url_for(self, municipality: str, account_id: str) -> str | None:
        """The page URL for one account; None when registry knows no address for it.
        Raises `RegistryUnavailable` when there is no override and registry does not answer."""
        if url := self.override(municipality, account_id):
            return url
        # A platform's id (`UC555`) is not a registry id: registry would refuse to look it up.
        registry_id = re.fullmatch(ACCOUNT_ID, account_id) is not None
        account: AccountView | None = await self.registry.account(municipality, account_id) if registry_id else None
        if account is None:
            live = await self.registry.accounts(self._live(municipality))
            account = next((a for a in live if a.platform_account_id == account_id), None)
        return page_url(account)

    async def pages(self, municipality: str) -> dict[str, str]:
        """account_id → URL of every live account with an address, overrides applied.
        Registry being down leaves only the overrides (logged), so reminders still go out for them."""
        found: dict[str, str] = {}
        try:
            accounts = await self.registry.accounts(self._live(municipality))
        except RegistryUnavailable as exc:
            log.warning("archive.snapshot_pages_from_settings_only", municipality=municipality, error=str(exc))
            accounts = []
        for account in accounts:
            if url := page_url(account):
                found[account.platform_account_id or account.account_id] = url
        prefix = f"{municipality}/"
        for key, url in self.overrides.items():
            if key.startswith(prefix):
                found[key[len(prefix):]] = url
        return found

    def municipalities(self, packs: list[str]) -> list[str]:
        return sorted(set(packs) | {key.partition("/")[0] for key in self.overrides})


def page_url(account: AccountView | None) -> str | None:
    url = account.url if account else None
    # Only web addresses (the rule the snapshot worker applies first, before its own checks
    # of the host): a registry value is data, not something Chromium should open blindly.
    return url if url and web_address(url) else None
