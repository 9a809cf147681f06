"""The one way to ask ingest: its queries (`q.ingest.<what>`) as typed calls.

Each call sends the query's contract (shared/contracts/ingest.py) and returns the
reply's; how a refusal, a silent ingest or a reply off contract reach the caller, and
the pause after a timeout, are every client's (shared/clients/base.py)."""

from __future__ import annotations

from pydantic import TypeAdapter

from shared.contracts.ingest import DeliveriesQuery, Delivery, IngestStatus

from .base import QueryClient, Refused, Unavailable


class IngestUnavailable(Unavailable):
    """Ingest did not answer (not running, timed out, paused after a timeout) or sent
    something that is not its reply contract."""


class IngestRefused(IngestUnavailable, Refused):
    """Ingest answered the query with its `QueryError` (a malformed or unsigned query)."""


_LIST_DELIVERY = TypeAdapter(list[Delivery])
_INGEST_STATUS = TypeAdapter(IngestStatus)


class IngestClient(QueryClient):
    service = "ingest"
    unavailable = IngestUnavailable
    refused = IngestRefused

    async def deliveries(self, query: DeliveriesQuery, *, timeout: float | None = None) -> list[Delivery]:
        """Raw deliveries, newest first, without their bodies."""
        return await self.ask("deliveries", query, _LIST_DELIVERY, timeout=timeout)

    async def status(self, municipality: str, *, timeout: float | None = None) -> IngestStatus:
        """The spool's depth and the pollers' cursors of the municipality's accounts."""
        return await self.for_municipality("status", municipality, _INGEST_STATUS, timeout=timeout)
