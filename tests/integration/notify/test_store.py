"""Notify's stores against the real MongoDB-wire server: the idempotency and rate rules
the use cases rely on."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from pymongo import AsyncMongoClient

from services.notify.adapters.store import AlertNotYet, AlertStore, BroadcastStore
from services.notify.domain.alerts import dead_letter_alert
from services.notify.domain.broadcasts import Outcome
from shared.contracts import utcnow
from shared.contracts.notify import AlertRaised, Delivery


async def test_rate_fold_and_delivery_claims(servers, db_prefix: str) -> None:
    client = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    try:
        db = client[f"{db_prefix}_notify"]
        alerts, broadcasts = AlertStore(db), BroadcastStore(db)
        await alerts.ensure_indexes()
        await broadcasts.ensure_indexes()
        now = utcnow()

        # Rate: the hour's quota per address, then no more.
        taken = [await alerts.take_rate("email:a@knivsta.se", limit=2, now=now) for _ in range(3)]
        assert taken == [True, True, False]
        assert await alerts.take_rate("email:b@knivsta.se", limit=2, now=now) is True

        # Insert once; a fold is found by its own id afterwards (a redelivery changes nothing).
        # Two dead letters of one subject: the same alert key, two alerts.
        first, second = (
            dead_letter_alert(municipality="knivsta", dead_letter_id=dead_letter_id, service="archive",
                              original_subject="social.received.x", error="e", delivered="6")
            for dead_letter_id in ("d1", "d2")
        )
        assert await alerts.insert(first) is True
        assert await alerts.insert(first) is False
        open_alert = await alerts.open_with_key("knivsta", first.dedupe_key, now - timedelta(hours=1))
        await alerts.fold(open_alert.id, second)
        await alerts.fold(open_alert.id, second)
        assert (await alerts.find_cause(second.alert_id)).id == first.alert_id
        [listed] = await alerts.list("knivsta")
        assert listed.occurrences == 2

        # Deliveries: added once, claimed by one worker only, settled for that attempt only.
        doc = Delivery.model_validate({
            "_id": "d-1",
            "broadcast_id": "b-1",
            "municipality": "knivsta",
            "channel": "website",
            "state": "queued",
            "attempt": 0,
            "next_attempt_at": now,
            "history": [],
        })
        assert [d.id for d in await broadcasts.add_deliveries([doc])] == ["d-1"]
        assert await broadcasts.add_deliveries([doc]) == []
        claimed = await broadcasts.claim_batch("b-1", now=now, lease_until=now + timedelta(minutes=1), token="t1")
        assert [d.attempt for d in claimed] == [1]
        assert await broadcasts.claim("d-1", now=now, lease_until=now + timedelta(minutes=1)) is None
        assert await broadcasts.settle("d-1", 0, Outcome(state="confirmed")) is False
        assert await broadcasts.settle("d-1", 1, Outcome(state="confirmed", platform_post_id="p1")) is True
        assert await broadcasts.cancel_pending("b-1", now) == []
    finally:
        await client.close()


async def test_alerts_of_one_cause_raised_at_once_fold_into_one(servers, db_prefix: str) -> None:
    """Twelve severe items on one account handled at the same moment (one batch): one alert
    holds the key, the other eleven fold into it, and a redelivery of any changes nothing."""
    client = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    try:
        alerts = AlertStore(client[f"{db_prefix}_notify_race"])
        await alerts.ensure_indexes()
        now = utcnow()
        raised = [dead_letter_alert(municipality="knivsta", dead_letter_id=f"d{i}", service="archive",
                                    original_subject="social.received.x", error="e", delivered="6")
                  for i in range(12)]
        outcomes = await asyncio.gather(*(_raise(alerts, a, now) for a in raised))
        again = await _raise(alerts, raised[3], now)  # a redelivery
        listed = await alerts.list("knivsta")
    finally:
        await client.close()
    holders = [a.alert_id for a, into in zip(raised, outcomes, strict=True) if into is None]
    assert len(holders) == 1, outcomes
    assert all(into == holders[0] for into in outcomes if into is not None)
    assert [a.id for a in listed] == holders and listed[0].occurrences == 12
    assert again in (None, holders[0]) and len(await _alerts_of(servers, db_prefix)) == 1


async def _raise(alerts: AlertStore, alert: AlertRaised, now: datetime) -> str | None:
    """What raise_alert does with the store: the id folded into, or None when `alert` was raised."""
    for _ in range(200):  # as the broker retries an AlertNotYet (the holder being written)
        try:
            into = await alerts.fold_or_hold(alert, now - timedelta(hours=1), now=utcnow())
        except AlertNotYet:
            await asyncio.sleep(0.01)
            continue
        if into is None:
            await alerts.insert(alert)
        return into
    raise AssertionError("never settled")


async def _alerts_of(servers, db_prefix: str) -> list:
    client = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    try:
        return await client[f"{db_prefix}_notify_race"]["alerts"].find({}).to_list()
    finally:
        await client.close()
