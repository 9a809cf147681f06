"""Notify's subscribers: events in, queries and commands from the dashboard. Each parses
its input and calls one use case."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from faststream.nats import NatsBroker
from faststream.nats.annotations import NatsMessage
from pydantic import BaseModel, ValidationError

from shared import subjects
from shared.broker import durable_subscriber
from shared.commands import command_subscriber, describe_errors
from shared.contracts import CommandResult, HolidayModeChanged, ItemTagged, utcnow
from shared.contracts.archive import RequestAtRisk
from shared.contracts.commands import Role
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue
from shared.logging import get_logger
from shared.queries import Query, as_replies, as_reply
from shared.runtime.service import ServiceRuntime

from . import crisis, service
from .channels.live import LiveHub
from .crisis import CrisisDeps
from .about import write_rules_of_conduct
from .dead_letters import replay_request
from .holiday import withdraw_holiday_notice
from .domain.templates import describe, templates_for
from .schemas import (
    AboutTextsQuery,
    AcknowledgeAlert,
    AlertEscalated,
    AlertQuery,
    AlertRaised,
    AlertsQuery,
    ApproveBroadcast,
    BroadcastApproved,
    BroadcastQuery,
    BroadcastsQuery,
    CancelBroadcast,
    CheckDraftQuery,
    DeadLetterQuery,
    DeadLetterReplayed,
    DeadLettersQuery,
    DeliveryChanged,
    DraftBroadcast,
    EscalateAlert,
    ReviseBroadcast,
    SlaSignal,
)
from .service import AlertDeps

log = get_logger(__name__)
Answer = Callable[[Any], Awaitable[Any]]


def parse(model: type[BaseModel], body: Any) -> Any:
    """A command body as `model`; a CommandResult saying what is wrong if it is not one."""
    try:
        return model.model_validate(body if isinstance(body, dict) else json.loads(body or b"null"))
    except ValidationError as exc:
        return CommandResult(ok=False, message=f"Felaktigt kommando: {describe_errors(exc)}")
    except ValueError:
        return CommandResult(ok=False, message="Felaktigt kommando: inte giltig JSON")


def register(runtime: ServiceRuntime, alerts: AlertDeps, broadcasts: CrisisDeps, hub: LiveHub) -> None:
    broker: NatsBroker = runtime.broker
    settings = alerts.settings

    # ---- alert rules ----

    @durable_subscriber(
        broker,
        subjects.MODERATION_TAGGED,
        service="notify",
        name="severe-content",
        settings=settings,
        description="Raises an alert for severe content.",
    )
    async def on_item_tagged(tagged: ItemTagged) -> None:
        await service.alert_on_verdict(deps=alerts, tagged=tagged)

    @durable_subscriber(
        broker,
        subjects.MODERATION_SLA_ALL,
        service="notify",
        name="sla",
        settings=settings,
        description="Alerts on answer deadlines at risk or breached.",
    )
    async def on_sla(signal: SlaSignal, msg: NatsMessage) -> None:
        state = msg.raw_message.subject.rsplit(".", 1)[-1]
        await service.on_sla_changed(deps=alerts, signal=signal, state=state)

    @durable_subscriber(
        broker,
        subjects.REGISTRY_REVIEW_DUE,
        service="notify",
        name="review-due",
        settings=settings,
        description="Alerts the responsible people when a review is due.",
    )
    async def on_review_due(event: ReviewDue) -> None:
        await service.alert_on_review_due(deps=alerts, event=event)

    @durable_subscriber(
        broker,
        subjects.ARCHIVE_REQUEST_AT_RISK,
        service="notify",
        name="requests",
        settings=settings,
        description="Alerts when a request for allmän handling nears or passes its due time.",
    )
    async def on_request_at_risk(event: RequestAtRisk) -> None:
        await service.alert_on_request_at_risk(deps=alerts, event=event)

    @durable_subscriber(
        broker,
        "registry.account.>",
        service="notify",
        name="accounts",
        settings=settings,
        description="Alerts on compliance gaps and recommended closings.",
    )
    async def on_account_event(body: dict[str, Any], msg: NatsMessage) -> None:
        if msg.raw_message.subject == subjects.REGISTRY_CLOSE_RECOMMENDED:
            await service.alert_on_close_recommended(deps=alerts, event=CloseRecommended.model_validate(body))
        elif "to_state" in body:  # an AccountChanged; other registry.account.* events are no alert cause
            await service.alert_on_account_changed(deps=alerts, event=AccountChanged.model_validate(body))

    @durable_subscriber(
        broker,
        "registry.account.>",
        service="notify",
        name="about-texts",
        settings=settings,
        description="Writes the pack's rules of conduct into each live account's about text (Eskilstuna L68).",
    )
    async def on_account_for_about(body: dict[str, Any], msg: NatsMessage) -> None:
        if "to_state" in body and msg.raw_message.subject != subjects.REGISTRY_CLOSE_RECOMMENDED:
            await write_rules_of_conduct(deps=broadcasts, event=AccountChanged.model_validate(body))

    @durable_subscriber(
        broker,
        subjects.DLQ_ALL,
        service="notify",
        name="dead-letters",
        settings=settings,
        description="Alerts when a message is dead-lettered.",
    )
    async def on_dead_letter(body: Any, msg: NatsMessage) -> None:
        raw = msg.raw_message
        await service.note_dead_letter(
            deps=alerts,
            subject=raw.subject,
            headers=dict(raw.headers or {}),
            data=raw.data,
            position=f"{raw.metadata.stream}:{raw.metadata.sequence.stream}",
        )

    @durable_subscriber(
        broker,
        subjects.notify_delivery("failed"),
        service="notify",
        name="delivery-failed",
        settings=settings,
        description="Alerts when a crisis message could not reach a channel.",
    )
    async def on_delivery_failed(event: DeliveryChanged) -> None:
        await service.alert_on_delivery_failed(deps=alerts, event=event)

    @durable_subscriber(
        broker,
        subjects.MODERATION_HOLIDAY_CHANGED,
        service="notify",
        name="holiday-notice",
        settings=settings,
        description="Publishes and pins the holiday notice where the pack says the public must be told; "
                    "unpins and removes it when holiday mode ends.",
    )
    async def on_holiday_changed(event: HolidayModeChanged) -> None:
        await crisis.post_holiday_notice(deps=broadcasts, event=event)
        await withdraw_holiday_notice(deps=broadcasts, event=event)

    # ---- alert delivery ----

    @durable_subscriber(
        broker,
        subjects.NOTIFY_ALERT_RAISED,
        service="notify",
        name="dispatch",
        settings=settings,
        description="Sends each new alert by e-mail and chat.",
    )
    async def on_alert_raised(alert: AlertRaised) -> None:
        await service.dispatch_alert(deps=alerts, alert=alert)

    @durable_subscriber(
        broker,
        subjects.NOTIFY_ALERT_ESCALATED,
        service="notify",
        name="escalation",
        settings=settings,
        description="Sends escalations of unacknowledged severe alerts.",
    )
    async def on_alert_escalated(event: AlertEscalated) -> None:
        await service.dispatch_escalation(deps=alerts, event=event)

    @durable_subscriber(
        broker,
        subjects.NOTIFY_BROADCAST_APPROVED,
        service="notify",
        name="fan-out",
        settings=settings,
        description="Plans and starts the deliveries of an approved broadcast.",
    )
    async def on_broadcast_approved(event: BroadcastApproved) -> None:
        await crisis.plan_fan_out(deps=broadcasts, event=event)

    # Every replica hears every notify event (no queue group) and feeds its SSE clients.
    @broker.subscriber(subjects.NOTIFY_ALL)
    async def to_live(body: dict[str, Any], msg: NatsMessage) -> None:
        municipality = body.get("municipality") if isinstance(body, dict) else None
        if isinstance(municipality, str):
            hub.publish(municipality, msg.raw_message.subject.removeprefix("notify."), body)

    # ---- queries: a malformed request is answered {"error": "..."}, never left hanging ----

    def query(what: str, model: type[BaseModel]) -> Callable[[Answer], Answer]:
        def register_query(answer: Answer) -> Answer:
            @broker.subscriber(
                subjects.query("notify", what),
                queue="notify",
                description=f"Query q.notify.{what} (see services/notify/README.md).",
            )
            async def handle(body: Any) -> Any:
                request = parse(model, body)
                if isinstance(request, CommandResult):
                    return {"error": request.message.replace("Felaktigt kommando", "Felaktig fråga")}
                return await answer(request)

            return answer

        return register_query

    @query("alerts", AlertsQuery)
    async def query_alerts(query: AlertsQuery) -> list[dict[str, Any]]:
        return as_replies(
            await alerts.store.list(
                query.municipality, limit=query.limit, state=query.state, rule=query.rule, account_id=query.account_id
            )
        )

    @query("alert", AlertQuery)
    async def query_alert(query: AlertQuery) -> dict[str, Any] | None:
        doc = await alerts.store.get(query.municipality, query.alert_id)
        if doc is None:
            return None
        doc["occurrences"] = 1 + len(doc.get("folded_ids", []))
        doc["alert_id"] = doc["_id"]
        doc["notifications"] = as_replies(await alerts.store.notifications_for(query.alert_id))
        return as_reply(doc)

    @query("dead_letters", DeadLettersQuery)
    async def query_dead_letters(query: DeadLettersQuery) -> list[dict[str, Any]]:
        return as_replies(await alerts.store.list_dead_letters(query.municipality, query.limit,
                                                               unreplayed=query.unreplayed))

    @query("dead_letter", DeadLetterQuery)
    async def query_dead_letter(query: DeadLetterQuery) -> dict[str, Any] | None:
        """One dead letter with what replaying it needs (`replay`: publisher, body, headers)."""
        doc = await alerts.store.get_dead_letter(query.municipality, query.dead_letter_id)
        if doc is None:
            return None
        return as_reply({k: v for k, v in doc.items() if k != "raw"} | {"replay": replay_request(doc)})

    @command_subscriber(broker, service="notify", what="dead_letter_replayed", model=DeadLetterReplayed,
                        roles={Role.system_administrator})
    async def cmd_dead_letter_replayed(command: DeadLetterReplayed) -> CommandResult:
        await alerts.store.mark_replayed(command.dead_letter_id, attempt=command.attempt,
                                         by=command.actor.name, at=utcnow())
        return CommandResult(ok=True, message="Markerad som omkörd.", id=command.dead_letter_id)

    @query("broadcasts", BroadcastsQuery)
    async def query_broadcasts(query: BroadcastsQuery) -> list[dict[str, Any]]:
        docs = await broadcasts.store.list(query.municipality, limit=query.limit, state=query.state)
        return as_replies(await _with_deliveries(broadcasts, docs))

    @query("broadcast", BroadcastQuery)
    async def query_broadcast(query: BroadcastQuery) -> dict[str, Any] | None:
        doc = await broadcasts.store.get(query.municipality, query.broadcast_id)
        return as_reply((await _with_deliveries(broadcasts, [doc]))[0]) if doc else None

    @query("about_texts", AboutTextsQuery)
    async def query_about_texts(query: AboutTextsQuery) -> list[dict[str, Any]]:
        if query.account_id:
            found = await broadcasts.store.about_text(query.municipality, query.account_id)
            return as_replies([found] if found else [])
        return as_replies(await broadcasts.store.about_texts(query.municipality, limit=query.limit))

    @query("templates", Query)
    async def query_templates(query: Query) -> list[dict[str, Any]]:
        pack = broadcasts.pack(query.municipality)
        return [describe(t) for t in templates_for(pack.notify.templates if pack else []).values()]

    @query("check_draft", CheckDraftQuery)
    async def query_check_draft(query: CheckDraftQuery) -> dict[str, Any]:
        pack = broadcasts.pack(query.municipality)
        if pack is None:
            return {"error": f"Kommunen {query.municipality} har ingen policy i Kanalvakt."}
        checks = await crisis.run_checks(
            deps=broadcasts, pack=pack, municipality=query.municipality, content=query.content, kind=query.kind
        )
        return checks.model_dump(mode="json")

    # ---- commands ----

    @command_subscriber(broker, service="notify", what="acknowledge_alert", model=AcknowledgeAlert)
    async def cmd_acknowledge(command: AcknowledgeAlert) -> CommandResult:
        return await service.acknowledge_alert(deps=alerts, command=command)

    @command_subscriber(broker, service="notify", what="escalate_alert", model=EscalateAlert)
    async def cmd_escalate(command: EscalateAlert) -> CommandResult:
        return await service.escalate_alert(deps=alerts, command=command)

    for what, model, use_case in (
        ("draft_broadcast", DraftBroadcast, crisis.draft_broadcast),
        ("revise_broadcast", ReviseBroadcast, crisis.revise_broadcast),
        ("approve_broadcast", ApproveBroadcast, crisis.approve_broadcast),
        ("cancel_broadcast", CancelBroadcast, crisis.cancel_broadcast),
    ):

        def broadcast_command(command: BaseModel, use_case: Any = use_case) -> Awaitable[CommandResult]:
            return use_case(deps=broadcasts, command=command)

        command_subscriber(broker, service="notify", what=what, model=model)(broadcast_command)


async def _with_deliveries(deps: CrisisDeps, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    deliveries = await deps.store.deliveries_for([d["_id"] for d in docs])
    by_broadcast: dict[str, list[dict[str, Any]]] = {}
    for delivery in deliveries:
        by_broadcast.setdefault(delivery["broadcast_id"], []).append(delivery)
    for doc in docs:
        mine = by_broadcast.get(doc["_id"], [])
        doc["deliveries"] = mine
        summary: dict[str, int] = {}
        for delivery in mine:
            summary[delivery["state"]] = summary.get(delivery["state"], 0) + 1
        doc["delivery_summary"] = summary
    return docs
