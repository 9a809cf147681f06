"""Which public page to snapshot for an account: the `SNAPSHOT_PAGES` setting overrides,
otherwise registry's official address of the account (`url` in `q.registry.account(s)`).

The archive names an account by its id on the platform, as its records do (so a snapshot
sits with the account's posts and comments in search and in the E-ARK export); registry's
own account id is accepted too."""

from __future__ import annotations

from typing import Any

from faststream.nats import NatsBroker

from shared.faults import DependencyUnavailable
from shared.logging import get_logger
from shared.policy.local import LocalDecision
from shared.queries import ask
from shared.snapshots import web_address

log = get_logger(__name__)
# Live accounts: the ones the municipality keeps open to the public (Piteå: "varje aktiv sida").
LIVE_STATES = ["active", "under_review"]


class RegistryUnavailable(DependencyUnavailable):
    """Registry did not answer (not running, timed out) or refused the request: a message
    handler failing on it is retried until registry is back, never dead-lettered."""


class PageDirectory:
    def __init__(self, broker: NatsBroker, overrides: dict[str, str], *, timeout: float = 2.0) -> None:
        self.broker = broker
        self.overrides = overrides
        self.timeout = timeout

    def override(self, municipality: str, account_id: str) -> str | None:
        return self.overrides.get(f"{municipality}/{account_id}")

    async def _ask(self, what: str, body: dict[str, Any]) -> Any:
        try:
            reply = await ask(self.broker, "registry", what, body, timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001 - no responders, timeout, bad JSON: all "not available"
            raise RegistryUnavailable(f"registry did not answer q.registry.{what}: {exc!r}") from exc
        if isinstance(reply, dict) and "error" in reply:
            raise RegistryUnavailable(f"registry refused q.registry.{what}: {reply['error']}")
        return reply

    async def link_page_decisions(self, municipality: str) -> list[LocalDecision]:
        """What the municipality entered for the link page in registry (its GDPR contact
        is named in disclosures). Raises `RegistryUnavailable` when registry does not answer."""
        reply = await self._ask("local_decisions", {"municipality": municipality})
        return [LocalDecision.model_validate(d) for d in reply] if isinstance(reply, list) else []

    async def url_for(self, municipality: str, account_id: str) -> str | None:
        """The page URL for one account; None when registry knows no address for it.
        Raises `RegistryUnavailable` when there is no override and registry does not answer."""
        if url := self.override(municipality, account_id):
            return url
        account = await self._ask("account", {"municipality": municipality, "account_id": account_id})
        if not account:
            live = await self._ask("accounts", {"municipality": municipality, "states": LIVE_STATES, "limit": 200})
            account = next((a for a in live if isinstance(a, dict) and a.get("platform_account_id") == account_id),
                           None) if isinstance(live, list) else None
        return _url(account)

    async def pages(self, municipality: str) -> dict[str, str]:
        """account_id → URL of every live account with an address, overrides applied.
        Registry being down leaves only the overrides (logged), so reminders still go out for them."""
        found: dict[str, str] = {}
        try:
            accounts = await self._ask("accounts", {"municipality": municipality, "states": LIVE_STATES,
                                                    "limit": 200})
        except RegistryUnavailable as exc:
            log.warning("archive.snapshot_pages_from_settings_only", municipality=municipality, error=str(exc))
            accounts = []
        for account in accounts if isinstance(accounts, list) else []:
            account_id = isinstance(account, dict) and (
                account.get("platform_account_id") or account.get("account_id") or account.get("id"))
            if isinstance(account_id, str) and (url := _url(account)):
                found[account_id] = url
        prefix = f"{municipality}/"
        for key, url in self.overrides.items():
            if key.startswith(prefix):
                found[key[len(prefix):]] = url
        return found

    def municipalities(self, packs: list[str]) -> list[str]:
        return sorted(set(packs) | {key.partition("/")[0] for key in self.overrides})


def _url(account: Any) -> str | None:
    url = account.get("url") if isinstance(account, dict) else None
    # Only web addresses (the rule the snapshot worker applies first, before its own checks
    # of the host): a registry value is data, not something Chromium should open blindly.
    return url if isinstance(url, str) and web_address(url) else None
