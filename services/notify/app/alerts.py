"""Use cases of notify's alerts: raised by the rules (deduplicated, folded), resolved,
acknowledged and escalated by people or by time, and shown (`q.notify.alert`). Sending
them is `dispatch.py`; crisis broadcasts are `crisis.py`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared import subjects
from shared.broker import publish_event
from shared.contracts import CommandResult, ItemTagged, deterministic_id, utcnow
from shared.contracts.archive import RequestAtRisk
from shared.contracts.notify import (
    AcknowledgeAlert,
    Alert,
    AlertAcknowledged,
    AlertDetail,
    AlertEscalated,
    AlertRaised,
    AlertResolved,
    DeliveryChanged,
    EscalateAlert,
    PersonRef,
    SlaSignal,
)
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue
from shared.logging import get_logger

from ..deps import Deps
from ..domain.alerts import (
    close_recommended_alert,
    compliance_gap_alert,
    delivery_failed_alert,
    request_due_alert,
    review_due_alert,
    severe_content_alert,
    should_escalate,
    sla_alert,
)
from .recipients import addresses, escalation_recipients

log = get_logger(__name__)


async def alert_on_verdict(*, deps: Deps, tagged: ItemTagged) -> AlertRaised | None:
    """Severe content on an account raises an alert (once per item)."""
    alert = severe_content_alert(tagged)
    return await raise_alert(deps=deps, alert=alert) if alert else None


def _about_account(event: ReviewDue | CloseRecommended) -> dict[str, Any]:
    """What an alert from a registry event says about its account, and who is told."""
    return {
        "municipality": event.municipality,
        "source_event_id": event.event_id,
        "correlation_id": event.correlation_id,
        "account_id": event.account_id,
        "account_name": event.account.name,
        "unit": event.account.unit,
        "recipients": addresses(event.responsible),
    }


async def alert_on_review_due(*, deps: Deps, event: ReviewDue) -> AlertRaised | None:
    """A review is due: the people registry named for it are told."""
    return await raise_alert(
        deps=deps,
        alert=review_due_alert(
            **_about_account(event),
            due_on=event.due_at.date().isoformat(),
            overdue=event.overdue,
        ),
    )


async def alert_on_request_at_risk(*, deps: Deps, event: RequestAtRisk) -> AlertRaised | None:
    """A request for allmän handling nears or passes its "skyndsamt" time: registrars are told."""
    return await raise_alert(deps=deps, alert=request_due_alert(event))


async def alert_on_close_recommended(*, deps: Deps, event: CloseRecommended) -> AlertRaised | None:
    """Registry recommends closing an account: those who may decide are told."""
    return await raise_alert(
        deps=deps,
        alert=close_recommended_alert(
            **_about_account(event),
            reasons=event.reasons,
        ),
    )


async def alert_on_account_changed(*, deps: Deps, event: AccountChanged) -> AlertRaised | None:
    """A live account that lost what its policy requires (registry names the gaps)."""
    gaps = list(event.details.gaps or [])
    if not gaps or event.to_state not in ("active", "under_review"):
        return None
    return await raise_alert(
        deps=deps,
        alert=compliance_gap_alert(
            municipality=event.municipality,
            source_event_id=event.event_id,
            correlation_id=event.correlation_id,
            account_id=event.account_id,
            gaps=gaps,
            account_name=event.account.name,
            unit=event.account.unit,
        ),
    )


async def alert_on_delivery_failed(*, deps: Deps, event: DeliveryChanged) -> AlertRaised | None:
    """A crisis message did not reach a channel: someone must publish it there by hand."""
    return await raise_alert(
        deps=deps,
        alert=delivery_failed_alert(
            municipality=event.municipality,
            broadcast_id=event.broadcast_id,
            delivery_id=event.delivery_id,
            channel=event.channel,
            platform=event.platform,
            account_id=event.account_id,
            reason=event.reason or "okänt fel.",
        ),
    )


async def on_sla_changed(*, deps: Deps, signal: SlaSignal, state: str) -> AlertRaised | None:
    """At risk or breached raises an alert; met (answered) resolves the ones raised."""
    common: dict[str, Any] = dict(
        municipality=signal.municipality,
        source_event_id=signal.event_id,
        correlation_id=signal.correlation_id,
        item_event_id=signal.item_event_id,
        account_id=signal.account_id,
        platform=signal.platform,
        due_at=signal.due_at,
        deadline=signal.deadline,
    )
    if state in ("at_risk", "breached"):
        return await raise_alert(deps=deps, alert=sla_alert(breached=state == "breached", **common))
    if state == "met":
        for breached in (False, True):
            alert = sla_alert(breached=breached, **common)
            await resolve_alert(
                deps=deps, alert_id=alert.alert_id, municipality=signal.municipality, reason="Frågan är besvarad."
            )
    return None


async def resolve_alert(*, deps: Deps, alert_id: str, municipality: str, reason: str) -> bool:
    """The cause went away (answered, back up): the alert closes, and says why."""
    now = utcnow()
    if not await deps.alerts.resolve(alert_id, reason=reason, at=now):
        return False
    event = AlertResolved(
        event_id=deterministic_id("alert.resolved", alert_id),
        correlation_id=alert_id,
        municipality=municipality,
        alert_id=alert_id,
        reason=reason,
        occurred_at=now,
    )
    await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_RESOLVED)
    return True


async def raise_alert(*, deps: Deps, alert: AlertRaised) -> AlertRaised | None:
    """Store and announce a new alert; a repeat of the same cause changes nothing, and a
    same-kind alert on the same account within the pack's window folds into the open one."""
    existing = await deps.alerts.find_cause(alert.alert_id)
    if existing is not None:
        if existing.id == alert.alert_id:  # stored before a crash: the publish may be missing
            await publish_event(deps.broker, alert, subjects.NOTIFY_ALERT_RAISED)
        return None
    pack = deps.pack(alert.municipality)
    window = pack.notify.dedupe_window_minutes if pack else 60
    if alert.dedupe_key and window:
        since = alert.occurred_at - timedelta(minutes=window)
        folded_into = await deps.alerts.fold_or_hold(alert, since, now=utcnow())
        if folded_into is not None:
            log.info("alert.folded", alert_id=alert.alert_id, into=folded_into, rule=alert.rule)
            return None
    await deps.alerts.insert(alert)
    await publish_event(deps.broker, alert, subjects.NOTIFY_ALERT_RAISED)
    log.info("alert.raised", alert_id=alert.alert_id, rule=alert.rule, severity=str(alert.severity))
    return alert


async def _alert_to_handle(deps: Deps, command: AcknowledgeAlert | EscalateAlert,
                           verb: str) -> Alert | CommandResult[None]:
    """The alert a person acts on, or the refusal: anyone with a role in the municipality
    may `verb` (kvittera, eskalera) its alerts."""
    actor = command.actor
    if not actor.roles:
        return CommandResult(ok=False, message=f"Du saknar behörighet att {verb} larm.")
    alert = await deps.alerts.get(actor.municipality, command.alert_id)
    return alert if alert is not None else CommandResult(ok=False, message="Larmet finns inte.")


async def acknowledge_alert(*, deps: Deps, command: AcknowledgeAlert) -> CommandResult[None]:
    """A person takes the alert: it stops escalating and shows who has it."""
    actor = command.actor
    alert = await _alert_to_handle(deps, command, "kvittera")
    if isinstance(alert, CommandResult):
        return alert
    if alert.state != "open":
        by = alert.acknowledged_by.name if alert.acknowledged_by else None
        return CommandResult(
            ok=True,
            id=command.alert_id,
            message=f"Larmet är redan kvitterat av {by}." if by else "Larmet är redan hanterat.",
        )
    now = utcnow()
    if await deps.alerts.acknowledge(
        command.alert_id, by=PersonRef(user_id=actor.user_id, name=actor.name), note=command.note, at=now
    ):
        event = AlertAcknowledged(
            event_id=deterministic_id("alert.acknowledged", command.alert_id),
            correlation_id=alert.correlation_id,
            municipality=actor.municipality,
            alert_id=command.alert_id,
            occurred_at=now,
            by=PersonRef(user_id=actor.user_id, name=actor.name),
            note=command.note,
        )
        await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_ACKNOWLEDGED)
    return CommandResult(ok=True, id=command.alert_id, message="Larmet är kvitterat.")


async def escalate_alert(*, deps: Deps, command: EscalateAlert) -> CommandResult[None]:
    """A person escalates an alert now (e.g. it needs a decision above them)."""
    actor = command.actor
    alert = await _alert_to_handle(deps, command, "eskalera")
    if isinstance(alert, CommandResult):
        return alert
    if alert.state == "resolved":
        return CommandResult(ok=False, message="Larmet är redan löst.")
    level = alert.escalation_level + 1
    now = utcnow()
    if not await deps.alerts.escalate_by_hand(command.alert_id, from_level=level - 1, at=now):
        return CommandResult(ok=False, message="Larmet ändrades samtidigt. Ladda om och försök igen.")
    pack = deps.pack(actor.municipality)
    event = AlertEscalated(
        event_id=deterministic_id("alert.escalated", command.alert_id, level),
        correlation_id=alert.correlation_id,
        municipality=actor.municipality,
        alert_id=command.alert_id,
        level=level,
        recipients=await escalation_recipients(deps, pack),
        occurred_at=now,
        by=PersonRef(user_id=actor.user_id, name=actor.name),
        reason=command.reason,
    )
    await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_ESCALATED)
    return CommandResult(ok=True, id=command.alert_id, message="Larmet är eskalerat.")


async def escalate_due(*, deps: Deps, now: datetime) -> list[str]:
    """Severe alerts nobody acknowledged in time climb to the escalation recipients."""
    escalated: list[str] = []
    for alert in await deps.alerts.due_for_escalation(now - timedelta(minutes=1)):
        pack = deps.pack(alert.municipality)
        minutes = pack.notify.escalation_after_minutes if pack else 30
        if not should_escalate(
            severity=alert.severity,
            state=alert.state,
            raised_at=alert.raised_at,
            escalation_level=alert.escalation_level,
            now=now,
            after_minutes=minutes,
        ):
            continue
        to = await escalation_recipients(deps, pack)
        if await deps.alerts.mark_escalated(alert.id, 1, now):
            event = AlertEscalated(
                event_id=deterministic_id("alert.escalated", alert.id, 1),
                correlation_id=alert.correlation_id,
                municipality=alert.municipality,
                alert_id=alert.id,
                level=1,
                recipients=to,
                occurred_at=now,
            )
            await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_ESCALATED)
            escalated.append(alert.id)
            log.warning("alert.escalated", alert_id=alert.id, recipients=len(to))
    return escalated


async def alert_detail(*, deps: Deps, municipality: str, alert_id: str) -> AlertDetail | None:
    """One alert, its folds and what was sent where (`q.notify.alert`)."""
    alert = await deps.alerts.get_with_folds(municipality, alert_id)
    if alert is None:
        return None
    notifications = await deps.alerts.notifications_for(alert_id)
    return AlertDetail.model_validate({**alert.model_dump(by_alias=True), "notifications": notifications})



