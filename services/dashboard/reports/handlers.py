"""The reporting projection's subscribers: one durable consumer per stream, each message
parsed by its subject and handed to one use case in projection.py."""

from __future__ import annotations

from typing import Any

from faststream.nats.annotations import NatsMessage

from shared import subjects
from shared.broker import durable_subscriber
from shared.config import ServiceSettings
from shared.contracts import ItemDecided, ItemTagged, PlatformEvent, SlaChanged
from shared.contracts.archive import RecordCulled, RecordRegistered, RecordStored, RequestDecided
from shared.contracts.moderation import ActionChanged
from shared.contracts.notify import BroadcastApproved, DeliveryChanged
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue
from shared.runtime.service import ServiceRuntime

from . import projection
from .projection import ReportStore


def register(runtime: ServiceRuntime, store: ReportStore, settings: ServiceSettings) -> None:
    broker = runtime.broker

    def consumer(subject: str, name: str, description: str, *, serial: bool = True) -> Any:
        return durable_subscriber(broker, subject, service="dashboard", name=f"reports-{name}", settings=settings,
                                  description=description, in_stream_order=serial)

    @consumer(subjects.SOCIAL_RECEIVED_ALL, "social", "Counts items in, own posts and replies per account and day.")
    async def on_received(event: PlatformEvent) -> None:
        await projection.on_received(store, event)

    @consumer(subjects.MODERATION_ALL, "moderation", "Counts categories, decisions, actions and answer times.")
    async def on_moderation(body: dict[str, Any], msg: NatsMessage) -> None:
        subject = msg.raw_message.subject
        if subject == subjects.MODERATION_TAGGED:
            await projection.on_tagged(store, ItemTagged.model_validate(body))
        elif subject == subjects.MODERATION_DECIDED:
            await projection.on_decided(store, ItemDecided.model_validate(body))
        elif subject in (subjects.MODERATION_SLA_MET, subjects.MODERATION_SLA_BREACHED):
            await projection.on_sla(store, SlaChanged.model_validate(body))
        elif subject.startswith("moderation.action."):
            await projection.on_action(store, ActionChanged.model_validate(body))
        # feedback routed, holiday mode, clocks at risk: nothing a report counts

    @consumer(subjects.ARCHIVE_ALL, "archive", "Counts records stored, registered and culled.")
    async def on_archive(body: dict[str, Any], msg: NatsMessage) -> None:
        subject = msg.raw_message.subject
        if subject == subjects.ARCHIVE_STORED:
            await projection.on_stored(store, RecordStored.model_validate(body))
        elif subject == subjects.ARCHIVE_REGISTERED:
            await projection.on_registered(store, RecordRegistered.model_validate(body))
        elif subject == subjects.ARCHIVE_CULLED:
            await projection.on_culled(store, RecordCulled.model_validate(body))
        elif subject == subjects.ARCHIVE_REQUEST_DECIDED:
            await projection.on_request_decided(store, RequestDecided.model_validate(body))

    # Broadcasts and deliveries are kept one document each, no counters: no need to serialise.
    @consumer(subjects.NOTIFY_BROADCAST_APPROVED, "broadcasts", "Keeps approved crisis broadcasts.", serial=False)
    async def on_approved(event: BroadcastApproved) -> None:
        await projection.on_approved(store, event)

    @consumer(subjects.NOTIFY_DELIVERY_ALL, "deliveries", "Keeps each channel's delivery receipts.", serial=False)
    async def on_delivery(event: DeliveryChanged) -> None:
        await projection.on_delivery(store, event)

    @consumer(subjects.REGISTRY_ALL, "registry", "Keeps each account's facts, reviews due and gaps.")
    async def on_registry(body: dict[str, Any], msg: NatsMessage) -> None:
        subject = msg.raw_message.subject
        if subject == subjects.REGISTRY_REVIEW_DUE:
            await projection.on_review_due(store, ReviewDue.model_validate(body))
        elif subject == subjects.REGISTRY_CLOSE_RECOMMENDED:
            await projection.on_close_recommended(store, CloseRecommended.model_validate(body))
        elif "to_state" in body:  # an AccountChanged
            await projection.on_account_changed(store, AccountChanged.model_validate(body))
