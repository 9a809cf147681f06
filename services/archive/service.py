"""Use cases of archive."""

from __future__ import annotations

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import PlatformEvent, RecordPreserved, RecordStored, deterministic_id

from .domain import record_id
from .store import RecordStore


async def archive_item(*, store: RecordStore, broker: NatsBroker, event: PlatformEvent) -> RecordStored:
    """Write the record durably, then announce it stored and preserved."""
    rid = record_id(event)
    await store.store_item(rid, event)
    stored = RecordStored(
        event_id=deterministic_id("archive.stored", event.event_id),
        correlation_id=event.correlation_id,
        municipality=event.municipality,
        record_id=rid,
        item_event_id=event.event_id,
        platform=event.platform,
        item_id=event.item_id,
        direction=event.direction,
    )
    await publish_event(broker, stored, subjects.ARCHIVE_STORED)
    # Content and sender are on disk now: removal on the platform may proceed.
    preserved = RecordPreserved(
        event_id=deterministic_id("archive.preserved", event.event_id),
        correlation_id=event.correlation_id,
        municipality=event.municipality,
        record_id=rid,
        platform=event.platform,
        item_id=event.item_id,
    )
    await publish_event(broker, preserved, subjects.ARCHIVE_PRESERVED)
    return stored
