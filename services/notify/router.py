"""Notify's subscribers, each a few lines calling one use case: the events that raise
alerts, the alerts' and broadcasts' own events that send them, the queries the dashboard
asks (shared/contracts/notify.py) and its commands. `register` binds them
(shared/routing.py)."""

from __future__ import annotations

from typing import Any

from faststream.nats.annotations import NatsMessage

from shared import subjects
from shared.contracts import CommandResult, HolidayModeChanged, ItemTagged
from shared.contracts.archive import RequestAtRisk
from shared.contracts.commands import Role
from shared.contracts.notify import (
    AboutText,
    AboutTextsQuery,
    AcknowledgeAlert,
    Alert,
    AlertDetail,
    AlertEscalated,
    AlertQuery,
    AlertRaised,
    AlertsQuery,
    ApproveBroadcast,
    BroadcastApproved,
    BroadcastQuery,
    BroadcastsQuery,
    BroadcastView,
    CancelBroadcast,
    CheckDraftQuery,
    CheckResult,
    DeadLetter,
    DeadLetterDetail,
    DeadLetterQuery,
    DeadLetterReplayed,
    DeadLettersQuery,
    DeliveriesStopped,
    DeliveryChanged,
    DraftBroadcast,
    DraftChecked,
    EscalateAlert,
    ReviseBroadcast,
    SlaSignal,
    TemplateView,
)
from shared.contracts.queries import MunicipalityQuery
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue
from shared.routing import Router, bind
from shared.runtime.service import ServiceRuntime

from .app import about, alerts, crisis, dead_letters, dispatch, fan_out, holiday
from .deps import Deps

# ---- alert rules ----


async def on_item_tagged(tagged: ItemTagged, deps: Deps) -> None:
    await alerts.alert_on_verdict(deps=deps, tagged=tagged)


async def on_sla(signal: SlaSignal, deps: Deps, msg: NatsMessage) -> None:
    state = msg.raw_message.subject.rsplit(".", 1)[-1]
    await alerts.on_sla_changed(deps=deps, signal=signal, state=state)


async def on_review_due(event: ReviewDue, deps: Deps) -> None:
    await alerts.alert_on_review_due(deps=deps, event=event)


async def on_request_at_risk(event: RequestAtRisk, deps: Deps) -> None:
    await alerts.alert_on_request_at_risk(deps=deps, event=event)


async def on_account_event(body: dict[str, Any], deps: Deps, msg: NatsMessage) -> None:
    if msg.raw_message.subject == subjects.REGISTRY_CLOSE_RECOMMENDED:
        await alerts.alert_on_close_recommended(deps=deps, event=CloseRecommended.model_validate(body))
    elif "to_state" in body:  # an AccountChanged; other registry.account.* events are no alert cause
        await alerts.alert_on_account_changed(deps=deps, event=AccountChanged.model_validate(body))


async def on_account_for_about(body: dict[str, Any], deps: Deps, msg: NatsMessage) -> None:
    if "to_state" in body and msg.raw_message.subject != subjects.REGISTRY_CLOSE_RECOMMENDED:
        await about.write_rules_of_conduct(deps=deps, event=AccountChanged.model_validate(body))


async def on_dead_letter(body: Any, deps: Deps, msg: NatsMessage) -> None:
    raw = msg.raw_message
    await dead_letters.note_dead_letter(deps=deps, subject=raw.subject, headers=dict(raw.headers or {}),
                                        data=raw.data,
                                        position=f"{raw.metadata.stream}:{raw.metadata.sequence.stream}")


async def on_delivery_failed(event: DeliveryChanged, deps: Deps) -> None:
    await alerts.alert_on_delivery_failed(deps=deps, event=event)


async def on_holiday_changed(event: HolidayModeChanged, deps: Deps) -> None:
    await holiday.holiday_mode_changed(deps=deps, event=event)


# ---- alert delivery and the fan-out ----


async def on_alert_raised(alert: AlertRaised, deps: Deps) -> None:
    await dispatch.dispatch_alert(deps=deps, alert=alert)


async def on_alert_escalated(event: AlertEscalated, deps: Deps) -> None:
    await dispatch.dispatch_escalation(deps=deps, event=event)


async def on_broadcast_approved(event: BroadcastApproved, deps: Deps) -> None:
    await fan_out.plan_fan_out(deps=deps, event=event)


async def to_live(body: Any, deps: Deps, msg: NatsMessage) -> None:
    municipality = body.get("municipality") if isinstance(body, dict) else None
    if isinstance(municipality, str):
        deps.hub.publish(municipality, msg.raw_message.subject.removeprefix("notify."), body)


# ---- queries ----


async def query_alerts(q: AlertsQuery, deps: Deps) -> list[Alert]:
    return await deps.alerts.list(q.municipality, limit=q.limit, state=q.state, rule=q.rule, account_id=q.account_id)


async def query_alert(q: AlertQuery, deps: Deps) -> AlertDetail | None:
    return await alerts.alert_detail(deps=deps, municipality=q.municipality, alert_id=q.alert_id)


async def query_dead_letters(q: DeadLettersQuery, deps: Deps) -> list[DeadLetter]:
    return await deps.alerts.list_dead_letters(q.municipality, q.limit, unreplayed=q.unreplayed)


async def query_dead_letter(q: DeadLetterQuery, deps: Deps) -> DeadLetterDetail | None:
    return await dead_letters.dead_letter_detail(deps=deps, municipality=q.municipality,
                                                 dead_letter_id=q.dead_letter_id)


async def query_broadcasts(q: BroadcastsQuery, deps: Deps) -> list[BroadcastView]:
    return await crisis.broadcasts_shown(deps=deps, municipality=q.municipality, limit=q.limit, state=q.state)


async def query_broadcast(q: BroadcastQuery, deps: Deps) -> BroadcastView | None:
    return await crisis.broadcast_shown(deps=deps, municipality=q.municipality, broadcast_id=q.broadcast_id)


async def query_about_texts(q: AboutTextsQuery, deps: Deps) -> list[AboutText]:
    return await about.about_texts(deps=deps, municipality=q.municipality, account_id=q.account_id, limit=q.limit)


async def query_templates(q: MunicipalityQuery, deps: Deps) -> list[TemplateView]:
    return crisis.templates(deps=deps, municipality=q.municipality)


async def query_check_draft(q: CheckDraftQuery, deps: Deps) -> CheckResult:
    return await crisis.check(deps=deps, municipality=q.municipality, content=q.content, kind=q.kind)


# ---- commands ----


async def acknowledge_alert(command: AcknowledgeAlert, deps: Deps) -> CommandResult[None]:
    return await alerts.acknowledge_alert(deps=deps, command=command)


async def escalate_alert(command: EscalateAlert, deps: Deps) -> CommandResult[None]:
    return await alerts.escalate_alert(deps=deps, command=command)


async def draft_broadcast(command: DraftBroadcast, deps: Deps) -> CommandResult[DraftChecked]:
    return await crisis.draft_broadcast(deps=deps, command=command)


async def revise_broadcast(command: ReviseBroadcast, deps: Deps) -> CommandResult[DraftChecked]:
    return await crisis.revise_broadcast(deps=deps, command=command)


async def approve_broadcast(command: ApproveBroadcast, deps: Deps) -> CommandResult[None]:
    return await crisis.approve_broadcast(deps=deps, command=command)


async def cancel_broadcast(command: CancelBroadcast, deps: Deps) -> CommandResult[DeliveriesStopped]:
    return await crisis.cancel_broadcast(deps=deps, command=command)


async def dead_letter_replayed(command: DeadLetterReplayed, deps: Deps) -> CommandResult[None]:
    await dead_letters.mark_replayed(deps=deps, dead_letter_id=command.dead_letter_id, attempt=command.attempt,
                                     by=command.actor.name)
    return CommandResult(ok=True, message="Markerad som omkörd.", id=command.dead_letter_id)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    # alert rules
    # in batches (shared/broker.batch_subscriber); a lone verdict waits at most 0.2 s
    router.batch(subjects.MODERATION_TAGGED, "severe-content", on_item_tagged, max_wait_s=0.2,
                 description="Raises an alert for severe content.")
    router.durable(subjects.MODERATION_SLA_ALL, "sla", on_sla,
                   description="Alerts on answer deadlines at risk or breached.")
    router.durable(subjects.REGISTRY_REVIEW_DUE, "review-due", on_review_due,
                   description="Alerts the responsible people when a review is due.")
    router.durable(subjects.ARCHIVE_REQUEST_AT_RISK, "requests", on_request_at_risk,
                   description="Alerts when a request for allmän handling nears or passes its due time.")
    router.durable("registry.account.>", "accounts", on_account_event,
                   description="Alerts on compliance gaps and recommended closings.")
    router.durable("registry.account.>", "about-texts", on_account_for_about,
                   description="Writes the pack's rules of conduct into each live account's about text "
                               "(Eskilstuna L68).")
    router.durable(subjects.DLQ_ALL, "dead-letters", on_dead_letter,
                   description="Alerts when a message is dead-lettered.")
    router.durable(subjects.notify_delivery("failed"), "delivery-failed", on_delivery_failed,
                   description="Alerts when a crisis message could not reach a channel.")
    router.durable(subjects.MODERATION_HOLIDAY_CHANGED, "holiday-notice", on_holiday_changed,
                   description="Publishes and pins the holiday notice where the pack says the public must be "
                               "told; unpins and removes it when holiday mode ends.")
    # alert delivery and the fan-out
    router.durable(subjects.NOTIFY_ALERT_RAISED, "dispatch", on_alert_raised,
                   description="Sends each new alert by e-mail and chat.")
    router.durable(subjects.NOTIFY_ALERT_ESCALATED, "escalation", on_alert_escalated,
                   description="Sends escalations of unacknowledged severe alerts.")
    router.durable(subjects.NOTIFY_BROADCAST_APPROVED, "fan-out", on_broadcast_approved,
                   description="Plans and starts the deliveries of an approved broadcast.")
    # Every replica hears every notify event (no queue group) and feeds its SSE clients.
    runtime.broker.subscriber(subjects.NOTIFY_ALL)(bind(to_live, deps))

    router.query("alerts", AlertsQuery, list[Alert], query_alerts)
    router.query("alert", AlertQuery, AlertDetail | None, query_alert)
    router.query("dead_letters", DeadLettersQuery, list[DeadLetter], query_dead_letters)
    router.query("dead_letter", DeadLetterQuery, DeadLetterDetail | None, query_dead_letter)
    router.query("broadcasts", BroadcastsQuery, list[BroadcastView], query_broadcasts)
    router.query("broadcast", BroadcastQuery, BroadcastView | None, query_broadcast)
    router.query("about_texts", AboutTextsQuery, list[AboutText], query_about_texts)
    router.query("templates", MunicipalityQuery, list[TemplateView], query_templates)
    router.query("check_draft", CheckDraftQuery, CheckResult, query_check_draft)

    router.command("acknowledge_alert", AcknowledgeAlert, acknowledge_alert)
    router.command("escalate_alert", EscalateAlert, escalate_alert)
    router.command("draft_broadcast", DraftBroadcast, draft_broadcast)
    router.command("revise_broadcast", ReviseBroadcast, revise_broadcast)
    router.command("approve_broadcast", ApproveBroadcast, approve_broadcast)
    router.command("cancel_broadcast", CancelBroadcast, cancel_broadcast)
    router.command("dead_letter_replayed", DeadLetterReplayed, dead_letter_replayed,
                   roles={Role.system_administrator})
