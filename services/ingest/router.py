"""Ingest's subscribers: the queries of the dashboard's system page
(shared/contracts/ingest.py), each a few lines calling one use case. Ingest consumes no
JetStream subject: deliveries come in over HTTP (http.py). `register` binds them
(shared/routing.py)."""

from __future__ import annotations

from shared.contracts.ingest import DeliveriesQuery, Delivery, IngestStatus
from shared.contracts.queries import MunicipalityQuery
from shared.routing import Router
from shared.runtime.service import ServiceRuntime

from .app import status
from .deps import Deps


async def deliveries(q: DeliveriesQuery, deps: Deps) -> list[Delivery]:
    return await status.deliveries(store=deps.store, query=q)


async def ingest_status(q: MunicipalityQuery, deps: Deps) -> IngestStatus:
    return await status.status(store=deps.store, spool=deps.spool, municipality=q.municipality)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    router.query("deliveries", DeliveriesQuery, list[Delivery], deliveries,
                 description="Raw deliveries, newest first, without their bodies.")
    router.query("status", MunicipalityQuery, IngestStatus, ingest_status,
                 description="Spool depth and the pollers' cursors.")
