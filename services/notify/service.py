"""Use cases of notify's alerts: raise (deduplicated), dispatch to people, acknowledge,
escalate, and watch the services' readiness. Crisis broadcasts are in `crisis.py`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.clients.registry import RegistryClient
from shared.contracts import CommandResult, ItemTagged, Severity, deterministic_id, utcnow
from shared.contracts.archive import RequestAtRisk
from shared.contracts.notify import (
    AcknowledgeAlert,
    AlertAcknowledged,
    AlertEscalated,
    AlertRaised,
    AlertResolved,
    DeliveryChanged,
    EscalateAlert,
    PersonRef,
)
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue
from shared.logging import get_logger
from shared.policy import PolicyPack
from shared.policy.local import LocalDecisionStore

from .channels.chat import ChatSender
from .dead_letters import dead_letter_document
from .channels.email import EmailSender
from .config import NotifySettings
from .domain.alerts import (
    SEVERITY_RANK,
    close_recommended_alert,
    compliance_gap_alert,
    dead_letter_alert,
    delivery_failed_alert,
    request_due_alert,
    review_due_alert,
    severe_content_alert,
    should_escalate,
    sla_alert,
)
from .recipients import addresses, fallback, responsible_people
from .schemas import SlaSignal
from .store import AlertStore

log = get_logger(__name__)


@dataclass
class AlertDeps:
    settings: NotifySettings
    store: AlertStore
    broker: NatsBroker
    registry: RegistryClient
    email: EmailSender
    chat: ChatSender
    pack: Callable[[str], PolicyPack | None]
    municipalities: list[str] = field(default_factory=list)
    decisions: LocalDecisionStore | None = None   # the confirmed fallback addresses (shared/policy/local.py)


async def alert_on_verdict(*, deps: AlertDeps, tagged: ItemTagged) -> AlertRaised | None:
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


async def alert_on_review_due(*, deps: AlertDeps, event: ReviewDue) -> AlertRaised | None:
    """A review is due: the people registry named for it are told."""
    return await raise_alert(
        deps=deps,
        alert=review_due_alert(
            **_about_account(event),
            due_on=event.due_at.date().isoformat(),
            overdue=event.overdue,
        ),
    )


async def alert_on_request_at_risk(*, deps: AlertDeps, event: RequestAtRisk) -> AlertRaised | None:
    """A request for allmän handling nears or passes its "skyndsamt" time: registrars are told."""
    return await raise_alert(deps=deps, alert=request_due_alert(event))


async def alert_on_close_recommended(*, deps: AlertDeps, event: CloseRecommended) -> AlertRaised | None:
    """Registry recommends closing an account: those who may decide are told."""
    return await raise_alert(
        deps=deps,
        alert=close_recommended_alert(
            **_about_account(event),
            reasons=event.reasons,
        ),
    )


async def alert_on_account_changed(*, deps: AlertDeps, event: AccountChanged) -> AlertRaised | None:
    """A live account that lost what its policy requires (registry names the gaps)."""
    gaps = [str(g) for g in (event.details or {}).get("gaps") or []]
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


async def alert_on_delivery_failed(*, deps: AlertDeps, event: DeliveryChanged) -> AlertRaised | None:
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


async def on_sla_changed(*, deps: AlertDeps, signal: SlaSignal, state: str) -> AlertRaised | None:
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


async def resolve_alert(*, deps: AlertDeps, alert_id: str, municipality: str, reason: str) -> bool:
    """The cause went away (answered, back up): the alert closes, and says why."""
    now = utcnow()
    if not await deps.store.resolve(alert_id, reason=reason, at=now):
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


async def raise_alert(*, deps: AlertDeps, alert: AlertRaised) -> AlertRaised | None:
    """Store and announce a new alert; a repeat of the same cause changes nothing, and a
    same-kind alert on the same account within the pack's window folds into the open one."""
    existing = await deps.store.find_cause(alert.alert_id)
    if existing is not None:
        if existing["_id"] == alert.alert_id:  # stored before a crash: the publish may be missing
            await publish_event(deps.broker, alert, subjects.NOTIFY_ALERT_RAISED)
        return None
    pack = deps.pack(alert.municipality)
    window = pack.notify.dedupe_window_minutes if pack else 60
    if alert.dedupe_key and window:
        since = alert.occurred_at - timedelta(minutes=window)
        open_alert = await deps.store.open_with_key(alert.municipality, alert.dedupe_key, since)
        if open_alert is not None:
            await deps.store.fold(open_alert["_id"], alert)
            log.info("alert.folded", alert_id=alert.alert_id, into=open_alert["_id"], rule=alert.rule)
            return None
    await deps.store.insert(alert)
    await publish_event(deps.broker, alert, subjects.NOTIFY_ALERT_RAISED)
    log.info("alert.raised", alert_id=alert.alert_id, rule=alert.rule, severity=str(alert.severity))
    return alert


def _mail(alert: dict[str, Any], settings: NotifySettings, prefix: str) -> tuple[str, str]:
    link = f"{settings.ui_base_url.rstrip('/')}/alerts/{alert['alert_id']}"
    subject = f"[Kanalvakt] {prefix}{alert['title']}"
    lines = [prefix + alert["title"], "", alert.get("body", "")]
    if alert.get("details"):
        lines += ["", *(f"{k}: {v}" for k, v in alert["details"].items() if v)]
    lines += [
        "",
        f"Kvittera larmet i Kanalvakt när du tar hand om det: {link}",
        "",
        "Det här är ett automatiskt meddelande från Kanalvakt.",
    ]
    return subject, "\n".join(lines)


async def dispatch_alert(
    *, deps: AlertDeps, alert: AlertRaised, level: int = 0, to: list[str] | None = None
) -> dict[str, str]:
    """Tell the responsible people by e-mail and the chat channels. Idempotent per
    (alert, channel, address, level); raises if a channel failed, so the broker retries
    only what is left."""
    s, store = deps.settings, deps.store
    pack = deps.pack(alert.municipality)
    data = alert.model_dump(mode="json")
    if to is None and alert.recipients:
        to = list(alert.recipients)
    if to is None:
        people = await responsible_people(
            deps.registry,
            municipality=alert.municipality,
            account_id=alert.account_id,
            platform=alert.platform,
            unit=alert.unit,
        )
        to = addresses(people) or await fallback(pack, s.fallback_email, decisions=deps.decisions)
    prefix = "ESKALERAT: " if level else ""
    limit = pack.notify.max_notifications_per_hour if pack else 30
    outcome: dict[str, str] = {}
    failures: list[str] = []
    if deps.email.enabled:
        subject, body = _mail(data, s, prefix)
        for address in to:
            key = deterministic_id("notification", alert.alert_id, "email", address, level)
            if await store.notification_done(key):
                outcome[f"email:{address}"] = "sent"
                continue
            if not await store.take_rate(f"email:{address}", limit=limit, now=utcnow()):
                await store.record_notification(
                    key, alert_id=alert.alert_id, channel="email", target=address, state="rate_limited"
                )
                outcome[f"email:{address}"] = "rate_limited"
                continue
            try:
                await deps.email.send(to=[address], subject=subject, body=body, message_key=key)
            except Exception as exc:  # noqa: BLE001 - recorded, retried by redelivery; other recipients get theirs
                await store.record_notification(
                    key, alert_id=alert.alert_id, channel="email", target=address, state="failed", error=repr(exc)[:300]
                )
                failures.append(f"email:{address}")
                continue
            await store.record_notification(key, alert_id=alert.alert_id, channel="email", target=address, state="sent")
            outcome[f"email:{address}"] = "sent"
    for index, hook in enumerate(s.chat_webhooks):
        if hook.municipality and hook.municipality != alert.municipality:
            continue
        if SEVERITY_RANK[Severity(alert.severity)] < SEVERITY_RANK[Severity(hook.min_severity)]:
            continue
        target = f"chat:{index}:{hook.kind}"
        key = deterministic_id("notification", alert.alert_id, target, level)
        if await store.notification_done(key):
            outcome[target] = "sent"
            continue
        if not await store.take_rate(target, limit=limit, now=utcnow()):
            await store.record_notification(
                key, alert_id=alert.alert_id, channel="chat", target=target, state="rate_limited"
            )
            outcome[target] = "rate_limited"
            continue
        try:
            await deps.chat.send(url=hook.url.get_secret_value(), kind=hook.kind, alert=data, prefix=prefix)
        except Exception as exc:  # noqa: BLE001 - recorded and retried by redelivery, as for e-mail
            await store.record_notification(
                key, alert_id=alert.alert_id, channel="chat", target=target, state="failed", error=repr(exc)[:300]
            )
            failures.append(target)
            continue
        await store.record_notification(key, alert_id=alert.alert_id, channel="chat", target=target, state="sent")
        outcome[target] = "sent"
    if failures:
        raise RuntimeError(f"alert {alert.alert_id}: could not notify {', '.join(failures)}")
    log.info("alert.dispatched", alert_id=alert.alert_id, level=level, recipients=len(to), outcome=outcome)
    return outcome


async def acknowledge_alert(*, deps: AlertDeps, command: AcknowledgeAlert) -> CommandResult:
    """A person takes the alert: it stops escalating and shows who has it."""
    actor = command.actor
    if not actor.roles:
        return CommandResult(ok=False, message="Du saknar behörighet att kvittera larm.")
    alert = await deps.store.get(actor.municipality, command.alert_id)
    if alert is None:
        return CommandResult(ok=False, message="Larmet finns inte.")
    if alert["state"] != "open":
        by = (alert.get("acknowledged_by") or {}).get("name")
        return CommandResult(
            ok=True,
            id=command.alert_id,
            message=f"Larmet är redan kvitterat av {by}." if by else "Larmet är redan hanterat.",
        )
    now = utcnow()
    if await deps.store.acknowledge(
        command.alert_id, user_id=actor.user_id, name=actor.name, note=command.note, at=now
    ):
        event = AlertAcknowledged(
            event_id=deterministic_id("alert.acknowledged", command.alert_id),
            correlation_id=alert["correlation_id"],
            municipality=actor.municipality,
            alert_id=command.alert_id,
            occurred_at=now,
            by=PersonRef(user_id=actor.user_id, name=actor.name),
            note=command.note,
        )
        await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_ACKNOWLEDGED)
    return CommandResult(ok=True, id=command.alert_id, message="Larmet är kvitterat.")


async def escalate_alert(*, deps: AlertDeps, command: EscalateAlert) -> CommandResult:
    """A person escalates an alert now (e.g. it needs a decision above them)."""
    actor = command.actor
    if not actor.roles:
        return CommandResult(ok=False, message="Du saknar behörighet att eskalera larm.")
    alert = await deps.store.get(actor.municipality, command.alert_id)
    if alert is None:
        return CommandResult(ok=False, message="Larmet finns inte.")
    if alert["state"] == "resolved":
        return CommandResult(ok=False, message="Larmet är redan löst.")
    level = alert["escalation_level"] + 1
    now = utcnow()
    if not await deps.store.escalate_by_hand(command.alert_id, from_level=level - 1, at=now):
        return CommandResult(ok=False, message="Larmet ändrades samtidigt. Ladda om och försök igen.")
    pack = deps.pack(actor.municipality)
    event = AlertEscalated(
        event_id=deterministic_id("alert.escalated", command.alert_id, level),
        correlation_id=alert["correlation_id"],
        municipality=actor.municipality,
        alert_id=command.alert_id,
        level=level,
        recipients=await _escalation_recipients(deps, pack),
        occurred_at=now,
        by=PersonRef(user_id=actor.user_id, name=actor.name),
        reason=command.reason,
    )
    await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_ESCALATED)
    return CommandResult(ok=True, id=command.alert_id, message="Larmet är eskalerat.")


async def _escalation_recipients(deps: AlertDeps, pack: PolicyPack | None) -> list[str]:
    return await fallback(pack, deps.settings.fallback_email, decisions=deps.decisions, escalation=True)


async def escalate_due(*, deps: AlertDeps, now: datetime) -> list[str]:
    """Severe alerts nobody acknowledged in time climb to the escalation recipients."""
    escalated: list[str] = []
    for alert in await deps.store.due_for_escalation(now - timedelta(minutes=1)):
        pack = deps.pack(alert["municipality"])
        minutes = pack.notify.escalation_after_minutes if pack else 30
        if not should_escalate(
            severity=alert["severity"],
            state=alert["state"],
            raised_at=alert["raised_at"],
            escalation_level=alert["escalation_level"],
            now=now,
            after_minutes=minutes,
        ):
            continue
        to = await _escalation_recipients(deps, pack)
        if await deps.store.mark_escalated(alert["_id"], 1, now):
            event = AlertEscalated(
                event_id=deterministic_id("alert.escalated", alert["_id"], 1),
                correlation_id=alert["correlation_id"],
                municipality=alert["municipality"],
                alert_id=alert["_id"],
                level=1,
                recipients=to,
                occurred_at=now,
            )
            await publish_event(deps.broker, event, subjects.NOTIFY_ALERT_ESCALATED)
            escalated.append(alert["_id"])
            log.warning("alert.escalated", alert_id=alert["_id"], recipients=len(to))
    return escalated


async def dispatch_escalation(*, deps: AlertDeps, event: AlertEscalated) -> None:
    """Send the escalation to its recipients (and the chat channels), once."""
    doc = await deps.store.get(event.municipality, event.alert_id)
    if doc is None or doc["state"] == "resolved" or (doc["state"] != "open" and event.by is None):
        return  # acknowledged in the meantime: nobody needs waking (unless a person escalated it)
    doc["alert_id"] = doc["_id"]
    alert = AlertRaised.model_validate(doc)
    await dispatch_alert(deps=deps, alert=alert, level=event.level, to=event.recipients)


async def note_dead_letter(
    *, deps: AlertDeps, subject: str, headers: dict[str, str], data: bytes, position: str
) -> None:
    """Keep the dead letter for the system page and alert the municipality it concerns
    (every municipality served when it names none)."""
    try:
        municipality = json.loads(data).get("municipality")
    except (ValueError, AttributeError):
        municipality = None
    if municipality not in deps.municipalities:
        municipality = None
    doc = dead_letter_document(subject=subject, headers=headers, data=data, position=position,
                               municipality=municipality, at=utcnow())
    # Until it is stored this raises, and the message waits (the database is away) or is
    # retried; it is never dead-lettered again (shared/broker.py).
    await deps.store.keep_dead_letter(doc)
    dead_letter_id, failed_service, original = doc["_id"], doc["service"], doc["subject"]
    if failed_service == "notify" and original.startswith(("notify.alert.", "dlq.")):
        # An alert that could not be sent must not raise an alert about itself, forever.
        log.error("dead_letter.alert_loop_stopped", subject=original, error=headers.get("x-error"))
        return
    for target in [municipality] if municipality else deps.municipalities:
        await raise_alert(
            deps=deps,
            alert=dead_letter_alert(
                municipality=target,
                dead_letter_id=dead_letter_id,
                service=failed_service,
                original_subject=original,
                error=headers.get("x-error", ""),
                delivered=headers.get("x-delivered", "?"),
            ),
        )
