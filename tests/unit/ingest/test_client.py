"""Ingest's client: the deliveries and status queries sent as their contracts, typed
replies, a refusal as `IngestRefused` (a fake broker, no NATS)."""

from __future__ import annotations


import pytest

from shared.clients.ingest import IngestClient, IngestRefused, IngestUnavailable
from shared.contracts.ingest import DeliveriesQuery, Delivery, IngestStatus
from tests.support.requests import FakeRequester

DELIVERY = {"id": "d1", "municipality": "knivsta", "platform": "meta", "content_type": "application/json",
            "received_at": "2026-11-21T08:00:00Z", "source": "127.0.0.1", "status": "partly_rejected",
            "attempts": 2, "events": 1, "problems": ["change 2: no id"], "with_problems": True}


async def test_deliveries_are_asked_as_the_contract_and_come_back_typed() -> None:
    broker = FakeRequester([DELIVERY])
    ingest = IngestClient(broker, timeout=0.1)
    [found] = await ingest.deliveries(DeliveriesQuery(municipality="knivsta", with_problems=True, limit=20))
    assert isinstance(found, Delivery) and found.problems == ["change 2: no id"] and found.reason is None
    assert broker.asked == [("q.ingest.deliveries", {"municipality": "knivsta", "with_problems": True, "limit": 20})]


async def test_status_is_typed() -> None:
    ingest = IngestClient(FakeRequester({"spooled": 3, "pollers": [{"id": "youtube:knivsta:UC1", "quota_errors": 2}]}),
                          timeout=0.1)
    status = await ingest.status("knivsta")
    assert isinstance(status, IngestStatus) and status.spooled == 3 and status.pollers[0].quota_errors == 2


async def test_a_refusal_is_ingest_refused_and_an_odd_reply_unavailable() -> None:
    with pytest.raises(IngestRefused, match="Ogiltig"):
        await IngestClient(FakeRequester({"error": "Ogiltig fråga"}), timeout=0.1).status("knivsta")
    with pytest.raises(IngestUnavailable):
        await IngestClient(FakeRequester({"spooled": "many"}), timeout=0.1).status("knivsta")
