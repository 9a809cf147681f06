"""Ingest's subscribers: queries for the dashboard (ingest consumes no JetStream subject)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from faststream.nats.annotations import NatsMessage
from pydantic import BaseModel, Field, ValidationError

from shared import subjects
from shared.queries import Query, as_replies
from shared.runtime.service import ServiceRuntime

from .spool import Spool
from .store import DeliveryStore


class DeliveriesQuery(Query):
    status: Literal["received", "published", "partly_rejected", "rejected"] | None = Field(
        None, description="Only deliveries in this state.")
    platform: Literal["meta", "x", "linkedin", "youtube", "vimeo", "web"] | None = Field(
        None, description="Only deliveries from this route (Facebook and Instagram are `meta`; "
                          "polls are youtube/vimeo).")
    with_problems: bool = Field(False, description="Only deliveries that were mended or partly refused.")


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"{'.'.join(str(p) for p in first.get('loc', ())) or 'frågan'}: {first.get('msg')}"


def register(runtime: ServiceRuntime, store: DeliveryStore, spool: Spool) -> None:
    broker = runtime.broker

    def query(what: str, model: type[BaseModel], answer: Callable[[Any], Awaitable[Any]], description: str) -> None:
        @broker.subscriber(subjects.query("ingest", what), queue="ingest", description=description)
        async def handle(msg: NatsMessage) -> Any:
            try:
                request = model.model_validate_json(msg.body or b"{}")
            except ValidationError as exc:  # a wrong question gets an answer saying why, not silence
                return {"error": f"Ogiltig fråga: {_describe(exc)}"}
            return await answer(request)

    async def deliveries(q: DeliveriesQuery) -> list[dict[str, Any]]:
        return as_replies(await store.list(q.municipality, status=q.status, platform=q.platform,
                                           with_problems=q.with_problems, limit=q.limit))

    async def status(q: Query) -> dict[str, Any]:
        cursors = await store.cursors.find({"_id": {"$regex": f"^[a-z]+:{q.municipality}:"}}).to_list()
        return {"spooled": len(spool), "pollers": as_replies(cursors)}

    query("deliveries", DeliveriesQuery, deliveries, "Raw deliveries, newest first, without their bodies.")
    query("status", Query, status, "Spool depth and the pollers' cursors.")
