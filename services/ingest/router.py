"""Ingest's subscribers, each a few lines calling one use case: the raw deliveries it kept
on the INGEST stream (into its store) and the queries of the dashboard's system page
(shared/contracts/ingest.py). Deliveries come in over HTTP (http.py). `register` binds
them (shared/routing.py)."""

from __future__ import annotations

from shared import subjects
from shared.contracts.ingest import DeliveriesQuery, Delivery, DeliveryKept, IngestStatus
from shared.contracts.queries import MunicipalityQuery
from shared.routing import Router
from shared.runtime.service import ServiceRuntime

from .app import deliveries as accepting
from .app import status
from .deps import Deps


async def on_delivery_kept(kept: DeliveryKept, deps: Deps) -> None:
    await accepting.keep_delivery(deps=deps, kept=kept)


async def deliveries(q: DeliveriesQuery, deps: Deps) -> list[Delivery]:
    return await status.deliveries(store=deps.store, query=q)


async def ingest_status(q: MunicipalityQuery, deps: Deps) -> IngestStatus:
    return await status.status(store=deps.store, spool=deps.spool, municipality=q.municipality)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    # in batches: the deliveries are durable on the stream already; the system page may lag a second
    router.batch(subjects.INGEST_DELIVERY_ALL, "deliveries", on_delivery_kept,
                 description="Each raw delivery as kept, with its outcome, into the deliveries collection.")
    router.query("deliveries", DeliveriesQuery, list[Delivery], deliveries,
                 description="Raw deliveries, newest first, without their bodies.")
    router.query("status", MunicipalityQuery, IngestStatus, ingest_status,
                 description="Spool depth and the pollers' cursors.")
