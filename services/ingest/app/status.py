"""What staff see of ingest (the dashboard's system page): the raw deliveries and the
spool's depth beside the pollers' cursors."""

from __future__ import annotations

from shared.contracts.ingest import DeliveriesQuery, Delivery, IngestStatus

from ..adapters.spool import Spool
from ..adapters.store import DeliveryStore


async def deliveries(*, store: DeliveryStore, query: DeliveriesQuery) -> list[Delivery]:
    """The municipality's raw deliveries, newest first, without their bodies."""
    return await store.list(query.municipality, status=query.status, platform=query.platform,
                            with_problems=query.with_problems, limit=query.limit)


async def status(*, store: DeliveryStore, spool: Spool, municipality: str) -> IngestStatus:
    """Deliveries waiting in the spool, and where each poller is with the municipality's accounts."""
    return IngestStatus(spooled=len(spool), pollers=await store.cursors_of(municipality))
