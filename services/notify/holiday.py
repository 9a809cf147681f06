"""The public holiday notice (Eskilstuna L74: "det ska tydligt framgå").

Holiday mode lengthens the response times of every account of the municipality, so the
notice goes to every active official account registry lists (not only the crisis
channels), is pinned to the top where the platform can pin (`PinsPosts`), and is unpinned
and taken down when holiday mode ends: a notice of longer times must not outlive them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.connectors import ConnectorError, PinsPosts, PlatformConnector
from shared.contracts import HolidayModeChanged, utcnow
from shared.contracts.registry import AccountsQuery, AccountState
from shared.logging import get_logger

from .domain.broadcasts import postable

if TYPE_CHECKING:
    from .crisis import CrisisDeps

log = get_logger(__name__)

HOLIDAY_STATES = [AccountState.active, AccountState.under_review]


async def holiday_accounts(deps: CrisisDeps, municipality: str) -> list[dict[str, Any]]:
    """Every live official account with an id on its platform, as `plan_deliveries` takes
    them (raises `RegistryUnavailable` if registry does not answer)."""
    found = await deps.registry.accounts(AccountsQuery(municipality=municipality, states=HOLIDAY_STATES, limit=200))
    # plan_deliveries posts to crisis channels only; here every account's answers slow down.
    return [postable(a) for a in found
            if a.platform_account_id and a.state in HOLIDAY_STATES and a.municipality == municipality]


async def pin_notice(connector: Any, delivery: dict[str, Any], post_id: str) -> dict[str, Any]:
    """Pin a posted holiday notice where the platform can; the fields to record on the delivery."""
    if not isinstance(connector, PinsPosts):
        return {"pinned": False, "pin_note": "Plattformen kan inte fästa inlägg via sitt API."}
    try:
        await connector.pin(delivery["platform_account_id"] or delivery["account_id"], post_id,
                            idempotency_key=f"pin:{delivery['_id']}")
    except ConnectorError as exc:  # the notice is out; staff see why it is not on top
        log.warning("holiday_notice.pin_failed", delivery_id=delivery["_id"], error=str(exc))
        return {"pinned": False, "pin_note": f"Kunde inte fästas: {exc}"}
    return {"pinned": True, "pin_note": None}


async def withdraw_holiday_notice(*, deps: CrisisDeps, event: HolidayModeChanged) -> list[str]:
    """Holiday mode off: unpin and remove every holiday notice still up; the channels it was taken from."""
    if event.enabled:
        return []
    withdrawn: list[str] = []
    for notice in await deps.store.holiday_notices_up(event.municipality):
        for delivery in await deps.store.deliveries_for([notice["_id"]]):
            if delivery["state"] != "confirmed" or delivery.get("withdrawn_at") or not delivery.get("platform"):
                continue
            connector: PlatformConnector | None = deps.connectors.get(delivery["platform"])
            post_id = delivery.get("platform_post_id")
            if connector is None or not post_id or not delivery.get("account_id"):
                continue  # the website and the CMS read the banner, which drops a withdrawn notice
            account = delivery.get("platform_account_id") or delivery["account_id"]
            # Raised errors reach the broker: the switch is redelivered until the notice is down.
            note = None
            try:
                if delivery.get("pinned") and isinstance(connector, PinsPosts):
                    await connector.unpin(account, post_id, idempotency_key=f"unpin:{delivery['_id']}")
                await connector.delete(post_id, idempotency_key=f"withdraw:{delivery['_id']}")
            except ConnectorError as exc:
                if exc.retryable:
                    raise
                note = f"Ta bort inlägget för hand: {exc}"  # the platform will not; staff see it on the delivery
                log.warning("holiday_notice.withdraw_refused", delivery_id=delivery["_id"], error=str(exc))
            await deps.store.mark_withdrawn(delivery["_id"], utcnow(), note=note)
            withdrawn.append(delivery["channel"])
        await deps.store.withdraw_broadcast(notice["_id"], utcnow())
        log.info("holiday_notice.withdrawn", broadcast_id=notice["_id"], channels=len(withdrawn))
    return withdrawn
