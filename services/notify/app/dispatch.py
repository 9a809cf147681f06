"""Sending alerts to people: e-mail to the responsible (or the confirmed fallback) and the
chat channels, once per alert, channel, address and escalation level, within the pack's
hourly rate."""

from __future__ import annotations

from shared.contracts import Severity, deterministic_id, utcnow
from shared.contracts.notify import AlertEscalated, AlertRaised
from shared.logging import get_logger

from ..config import NotifySettings
from ..deps import Deps
from ..domain.alerts import SEVERITY_RANK
from .recipients import addresses, fallback, responsible_people

log = get_logger(__name__)


def _mail(alert: AlertRaised, settings: NotifySettings, prefix: str) -> tuple[str, str]:
    link = f"{settings.ui_base_url.rstrip('/')}/alerts/{alert.alert_id}"
    subject = f"[Kanalvakt] {prefix}{alert.title}"
    lines = [prefix + alert.title, "", alert.body]
    if alert.details:
        lines += ["", *(f"{k}: {v}" for k, v in alert.details.items() if v)]
    lines += [
        "",
        f"Kvittera larmet i Kanalvakt när du tar hand om det: {link}",
        "",
        "Det här är ett automatiskt meddelande från Kanalvakt.",
    ]
    return subject, "\n".join(lines)


async def dispatch_alert(
    *, deps: Deps, alert: AlertRaised, level: int = 0, to: list[str] | None = None
) -> dict[str, str]:
    """Tell the responsible people by e-mail and the chat channels. Idempotent per
    (alert, channel, address, level); raises if a channel failed, so the broker retries
    only what is left."""
    s, store = deps.settings, deps.alerts
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
        subject, body = _mail(alert, s, prefix)
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




async def dispatch_escalation(*, deps: Deps, event: AlertEscalated) -> None:
    """Send the escalation to its recipients (and the chat channels), once."""
    alert = await deps.alerts.get(event.municipality, event.alert_id)
    if alert is None or alert.state == "resolved" or (alert.state != "open" and event.by is None):
        return  # acknowledged in the meantime: nobody needs waking (unless a person escalated it)
    await dispatch_alert(deps=deps, alert=alert, level=event.level, to=event.recipients)
