"""Ingest's subscribers: queries for the dashboard (ingest consumes no JetStream subject)."""

from __future__ import annotations

from typing import Any

from shared import subjects
from shared.queries import Query, as_replies
from shared.runtime.service import ServiceRuntime

from .spool import Spool
from .store import DeliveryStore


class DeliveriesQuery(Query):
    status: str | None = None     # received, published, partly_rejected, rejected
    platform: str | None = None   # meta, x, linkedin, youtube, vimeo, web


def register(runtime: ServiceRuntime, store: DeliveryStore, spool: Spool) -> None:
    broker = runtime.broker

    @broker.subscriber(subjects.query("ingest", "deliveries"), queue="ingest")
    async def query_deliveries(query: DeliveriesQuery) -> list[dict[str, Any]]:
        return as_replies(await store.list(query.municipality, status=query.status, platform=query.platform,
                                           limit=query.limit))

    @broker.subscriber(subjects.query("ingest", "status"), queue="ingest")
    async def query_status(query: Query) -> dict[str, Any]:
        cursors = await store.cursors.find({"_id": {"$regex": f"^[a-z]+:{query.municipality}:"}}).to_list()
        return {"spooled": len(spool), "pollers": as_replies(cursors)}
