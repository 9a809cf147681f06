"""Archive's subscribers."""

from __future__ import annotations

from typing import Any

from shared import subjects
from shared.broker import durable_subscriber
from shared.contracts import PlatformEvent
from shared.queries import Query, as_replies
from shared.runtime.service import ServiceRuntime

from .config import ArchiveSettings
from .service import archive_item
from .store import RecordStore


class RecordQuery(Query):
    item_id: str | None = None


def register(runtime: ServiceRuntime, settings: ArchiveSettings, store: RecordStore) -> None:
    broker = runtime.broker

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="archive", name="records",
                        settings=settings, description="Keeps every received item as an allmän handling.")
    async def on_item_received(event: PlatformEvent) -> None:
        await archive_item(store=store, broker=broker, event=event)

    @broker.subscriber(subjects.query("archive", "records"), queue="archive")
    async def query_records(query: RecordQuery) -> list[dict[str, Any]]:
        return as_replies(await store.list(query.municipality, item_id=query.item_id, limit=query.limit))
