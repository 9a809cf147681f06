"""Notify's subscribers."""

from __future__ import annotations

from typing import Any

from shared import subjects
from shared.broker import durable_subscriber
from shared.contracts import ItemTagged
from shared.queries import Query, as_replies
from shared.runtime.service import ServiceRuntime

from .config import NotifySettings
from .service import alert_on_verdict
from .store import AlertStore


def register(runtime: ServiceRuntime, settings: NotifySettings, store: AlertStore) -> None:
    broker = runtime.broker

    @durable_subscriber(broker, subjects.MODERATION_TAGGED, service="notify", name="severe-content",
                        settings=settings, description="Raises an alert for severe content.")
    async def on_item_tagged(tagged: ItemTagged) -> None:
        await alert_on_verdict(store=store, broker=broker, tagged=tagged)

    @broker.subscriber(subjects.query("notify", "alerts"), queue="notify")
    async def query_alerts(query: Query) -> list[dict[str, Any]]:
        return as_replies(await store.list(query.municipality, query.limit))
