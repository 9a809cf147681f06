"""The public holiday notice (Eskilstuna L74: "det ska tydligt framgå").

Holiday mode lengthens the response times of every account of the municipality, so the
notice goes to every active official account registry lists (not only the crisis
channels), is pinned to the top where the platform can pin (`PinsPosts`), and is unpinned
and taken down when holiday mode ends: a notice of longer times must not outlive them."""

from __future__ import annotations

from shared import subjects
from shared.broker import publish_event
from shared.connectors import ConnectorError, PinsPosts, PlatformConnector
from shared.contracts import HolidayModeChanged, deterministic_id, utcnow
from shared.contracts.notify import Broadcast, BroadcastContent, CheckResult, CrisisSeverity, Delivery, PersonRef
from shared.contracts.registry import AccountsQuery, AccountState
from shared.logging import get_logger

from ..deps import Deps
from ..domain.broadcasts import Channel, postable
from .crisis import approved_event

log = get_logger(__name__)

HOLIDAY_STATES = [AccountState.active, AccountState.under_review]
HOLIDAY_NOTICE_TITLE = "Längre svarstider under semestern"


async def holiday_mode_changed(*, deps: Deps, event: HolidayModeChanged) -> None:
    """Switched on: the notice goes out (where the pack asks for one); off: it comes down."""
    await post_holiday_notice(deps=deps, event=event)
    await withdraw_holiday_notice(deps=deps, event=event)


async def post_holiday_notice(*, deps: Deps, event: HolidayModeChanged) -> str | None:
    """Holiday mode switched on where the pack says the public must be told (Eskilstuna L74):
    the pack's notice goes out like an approved broadcast (website and every live account, pinned
    where the platform can; with the deliveries' retries and records). Its text was decided in
    the pack, and switching holiday mode on is the decision to publish it, so no second approval
    is asked. Once per switch."""
    pack = deps.pack(event.municipality)
    holiday = pack.moderation.sla.holiday_mode if pack and pack.moderation.sla else None
    if not (pack and event.enabled and holiday and holiday.post_notice):
        return None
    broadcast_id = deterministic_id("holiday-notice", event.event_id)
    content = BroadcastContent(title=HOLIDAY_NOTICE_TITLE, body=event.notice or holiday.notice,
                               severity=CrisisSeverity.info)
    person = PersonRef(user_id=event.actor_id or "holiday-mode", name="Semesterläget")
    now = utcnow()
    checks = CheckResult(lix=0, lix_threshold=pack.notify.lix_warning_threshold)
    notice = Broadcast(id=broadcast_id, municipality=event.municipality, kind="alert", parent_id=None,
                       thread_id=broadcast_id, template_id="holiday_notice", content=content, revision=1,
                       state="approved", drafted_by=person, approved_by=person, approved_at=now, editors=[],
                       checks=checks, created_at=now, updated_at=now,
                       correlation_id=event.correlation_id or broadcast_id, holiday_notice=True)
    await deps.broadcasts.create(notice)  # a redelivered switch finds it there and announces it again
    stored = await deps.broadcasts.get(event.municipality, broadcast_id)
    assert stored is not None  # created just above
    await publish_event(deps.broker, approved_event(stored), subjects.NOTIFY_BROADCAST_APPROVED)
    log.info("holiday_notice.published", broadcast_id=broadcast_id, municipality=event.municipality)
    return broadcast_id


async def holiday_accounts(deps: Deps, municipality: str) -> list[Channel]:
    """Every live official account with an id on its platform, as `plan_deliveries` takes
    them (raises `RegistryUnavailable` if registry does not answer)."""
    found = await deps.registry.accounts(AccountsQuery(municipality=municipality, states=HOLIDAY_STATES, limit=200))
    # plan_deliveries posts to crisis channels only; here every account's answers slow down.
    return [postable(a) for a in found
            if a.platform_account_id and a.state in HOLIDAY_STATES and a.municipality == municipality]


async def pin_notice(connector: PlatformConnector | None, delivery: Delivery, post_id: str) -> tuple[bool, str | None]:
    """Pin a posted holiday notice where the platform can; (pinned, why not) to record on the delivery."""
    if not isinstance(connector, PinsPosts):
        return False, "Plattformen kan inte fästa inlägg via sitt API."
    try:
        await connector.pin(delivery.platform_account_id or delivery.account_id or "", post_id,
                            idempotency_key=f"pin:{delivery.id}")
    except ConnectorError as exc:  # the notice is out; staff see why it is not on top
        log.warning("holiday_notice.pin_failed", delivery_id=delivery.id, error=str(exc))
        return False, f"Kunde inte fästas: {exc}"
    return True, None


async def withdraw_holiday_notice(*, deps: Deps, event: HolidayModeChanged) -> list[str]:
    """Holiday mode off: unpin and remove every holiday notice still up; the channels it was taken from."""
    if event.enabled:
        return []
    withdrawn: list[str] = []
    for notice in await deps.broadcasts.holiday_notices_up(event.municipality):
        for delivery in await deps.broadcasts.deliveries_for([notice.id]):
            if delivery.state != "confirmed" or delivery.withdrawn_at or not delivery.platform:
                continue
            connector: PlatformConnector | None = deps.connectors.get(delivery.platform)
            post_id = delivery.platform_post_id
            if connector is None or not post_id or not delivery.account_id:
                continue  # the website and the CMS read the banner, which drops a withdrawn notice
            account = delivery.platform_account_id or delivery.account_id
            # Raised errors reach the broker: the switch is redelivered until the notice is down.
            note = None
            try:
                if delivery.pinned and isinstance(connector, PinsPosts):
                    await connector.unpin(account, post_id, idempotency_key=f"unpin:{delivery.id}")
                await connector.delete(post_id, idempotency_key=f"withdraw:{delivery.id}")
            except ConnectorError as exc:
                if exc.retryable:
                    raise
                note = f"Ta bort inlägget för hand: {exc}"  # the platform will not; staff see it on the delivery
                log.warning("holiday_notice.withdraw_refused", delivery_id=delivery.id, error=str(exc))
            await deps.broadcasts.mark_withdrawn(delivery.id, utcnow(), note=note)
            withdrawn.append(delivery.channel)
        await deps.broadcasts.withdraw_broadcast(notice.id, utcnow())
        log.info("holiday_notice.withdrawn", broadcast_id=notice.id, channels=len(withdrawn))
    return withdrawn
