"""Moderation's subscribers: parse, call one use case."""

from __future__ import annotations

from typing import Any

from shared import subjects
from shared.broker import durable_subscriber
from shared.contracts import PlatformEvent
from shared.queries import Query, as_replies
from shared.runtime.service import ServiceRuntime

from .config import ModerationSettings
from .service import tag_item
from .store import VerdictStore


class VerdictQuery(Query):
    item_event_id: str | None = None


def register(runtime: ServiceRuntime, settings: ModerationSettings, store: VerdictStore) -> None:
    broker = runtime.broker

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="moderation", name="tag",
                        settings=settings, description="Tags every received item against the policy pack.")
    async def on_item_received(event: PlatformEvent) -> None:
        await tag_item(store=store, broker=broker, event=event, policy=settings.default_policy)

    @broker.subscriber(subjects.query("moderation", "verdicts"), queue="moderation")
    async def query_verdicts(query: VerdictQuery) -> list[dict[str, Any]]:
        if query.item_event_id:
            found = await store.get(query.municipality, query.item_event_id)
            docs = [found] if found else []
        else:
            docs = await store.list(query.municipality, query.limit)
        return as_replies(docs)
