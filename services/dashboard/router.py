"""The dashboard's subscribers, each a few lines calling one use case: the reports'
projection (one durable consumer per stream, app/reports/projection.py) and notify's
events for the live pages (core NATS, adapters/live.py). `register` binds them."""

from __future__ import annotations

import json
from typing import Any

from faststream.nats.annotations import NatsMessage
from nats.aio.msg import Msg

from shared import subjects
from shared.contracts import ItemDecided, ItemTagged, PlatformEvent, SlaChanged
from shared.contracts.archive import RecordCulled, RecordRegistered, RecordStored, RequestDecided
from shared.contracts.moderation import ActionChanged
from shared.contracts.notify import BroadcastApproved, DeliveryChanged
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue
from shared.routing import Router
from shared.runtime.service import ServiceRuntime

from .app.reports import projection
from .deps import Deps

# The reports' projection -----------------------------------------------------------------

async def on_received(event: PlatformEvent, deps: Deps) -> None:
    await projection.on_received(deps.reports, event)


async def on_moderation(body: dict[str, Any], msg: NatsMessage, deps: Deps) -> None:
    subject, store = msg.raw_message.subject, deps.reports
    if subject == subjects.MODERATION_TAGGED:
        await projection.on_tagged(store, ItemTagged.model_validate(body))
    elif subject == subjects.MODERATION_DECIDED:
        await projection.on_decided(store, ItemDecided.model_validate(body))
    elif subject in (subjects.MODERATION_SLA_MET, subjects.MODERATION_SLA_BREACHED):
        await projection.on_sla(store, SlaChanged.model_validate(body))
    elif subject.startswith("moderation.action."):
        await projection.on_action(store, ActionChanged.model_validate(body))
    # feedback routed, holiday mode, clocks at risk: nothing a report counts


async def on_archive(body: dict[str, Any], msg: NatsMessage, deps: Deps) -> None:
    subject, store = msg.raw_message.subject, deps.reports
    if subject == subjects.ARCHIVE_STORED:
        await projection.on_stored(store, RecordStored.model_validate(body))
    elif subject == subjects.ARCHIVE_REGISTERED:
        await projection.on_registered(store, RecordRegistered.model_validate(body))
    elif subject == subjects.ARCHIVE_CULLED:
        await projection.on_culled(store, RecordCulled.model_validate(body))
    elif subject == subjects.ARCHIVE_REQUEST_DECIDED:
        await projection.on_request_decided(store, RequestDecided.model_validate(body))


async def on_broadcast_approved(event: BroadcastApproved, deps: Deps) -> None:
    await projection.on_approved(deps.reports, event)


async def on_delivery(event: DeliveryChanged, deps: Deps) -> None:
    await projection.on_delivery(deps.reports, event)


async def on_registry(body: dict[str, Any], msg: NatsMessage, deps: Deps) -> None:
    subject, store = msg.raw_message.subject, deps.reports
    if subject == subjects.REGISTRY_REVIEW_DUE:
        await projection.on_review_due(store, ReviewDue.model_validate(body))
    elif subject == subjects.REGISTRY_CLOSE_RECOMMENDED:
        await projection.on_close_recommended(store, CloseRecommended.model_validate(body))
    elif "to_state" in body:  # an AccountChanged
        await projection.on_account_changed(store, AccountChanged.model_validate(body))


# The live pages ---------------------------------------------------------------------------

async def on_notify_event(msg: Msg, deps: Deps) -> None:
    """Any of notify's events: the browsers of its municipality are told that something
    changed (the subject and an id, nothing of the event's text)."""
    try:
        data = json.loads(msg.data)
    except (ValueError, UnicodeDecodeError):
        return
    if not isinstance(data, dict):
        return
    deps.hub.publish(str(data.get("municipality", "")), {"type": msg.subject, "id": str(
        data.get("alert_id") or data.get("broadcast_id") or "")})


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)

    def reports(subject: str, name: str, handler: Any, description: str, *, serial: bool = True) -> None:
        router.durable(subject, f"reports-{name}", handler, description=description, in_stream_order=serial)

    reports(subjects.SOCIAL_RECEIVED_ALL, "social", on_received,
            "Counts items in, own posts and replies per account and day.")
    reports(subjects.MODERATION_ALL, "moderation", on_moderation,
            "Counts categories, decisions, actions and answer times.")
    reports(subjects.ARCHIVE_ALL, "archive", on_archive, "Counts records stored, registered and culled.")
    # Broadcasts and deliveries are kept one document each, no counters: no need to serialise.
    reports(subjects.NOTIFY_BROADCAST_APPROVED, "broadcasts", on_broadcast_approved,
            "Keeps approved crisis broadcasts.", serial=False)
    reports(subjects.NOTIFY_DELIVERY_ALL, "deliveries", on_delivery, "Keeps each channel's delivery receipts.",
            serial=False)
    reports(subjects.REGISTRY_ALL, "registry", on_registry, "Keeps each account's facts, reviews due and gaps.")

    # No durable consumer for the live pages: a missed event only means a page reloads its
    # list a moment later. Every replica hears every event (no queue group).
    async def listen() -> None:
        async def changed(msg: Msg) -> None:
            await on_notify_event(msg, deps)

        await deps.hub.start(runtime.broker, changed)

    runtime.on_start.append(listen)
    runtime.on_stop.append(deps.hub.stop)
