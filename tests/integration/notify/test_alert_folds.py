"""Folds kept one document each (issue 13): a storm of one cause is one alert that does
not grow, counted and listed on read, each fold once however often it is delivered, and
alerts stored with their folds as arrays moved to that shape at start."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from pymongo import AsyncMongoClient

from services.notify.adapters.store import AlertStore
from services.notify.domain.alerts import dead_letter_alert
from shared.contracts import utcnow

from .test_store import _raise

STORM = 60


async def test_a_storm_of_one_cause_is_one_alert_with_each_fold_once(servers, db_prefix: str) -> None:
    client = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    try:
        db = client[f"{db_prefix}_notify_storm"]
        alerts = AlertStore(db)
        await alerts.ensure_indexes()
        now = utcnow().replace(microsecond=0)  # whole milliseconds, as BSON keeps them
        storm = [dead_letter_alert(municipality="knivsta", dead_letter_id=f"d{i}", service="archive",
                                   original_subject="social.received.x", error="e", delivered="6")
                 .model_copy(update={"item_event_id": f"ev{i}", "occurred_at": now + timedelta(milliseconds=i)})
                 for i in range(STORM)]

        outcomes = await asyncio.gather(*(_raise(alerts, a, now) for a in storm))
        redelivered = await asyncio.gather(*(_raise(alerts, a, now) for a in storm))

        [holder] = [a for a, into in zip(storm, outcomes, strict=True) if into is None]
        assert set(outcomes) == {None, holder.alert_id} and set(redelivered) <= {None, holder.alert_id}
        folded = [a for a in storm if a is not holder]
        [listed] = await alerts.list("knivsta")
        assert listed.id == holder.alert_id and listed.occurrences == STORM
        folds = await db["alert_folds"].find({}).to_list()
        assert sorted(f["_id"] for f in folds) == sorted(a.alert_id for a in folded)
        assert {f["into"] for f in folds} == {holder.alert_id}
        assert sorted(f["item_event_id"] for f in folds) == sorted(a.item_event_id for a in folded)

        # The holder stays its own size: only its last sighting moved.
        [stored] = await db["alerts"].find({}).to_list()
        assert "folded_ids" not in stored and "item_event_ids" not in stored
        assert stored["last_seen_at"] == max(a.occurred_at for a in storm)

        for alert in (folded[0], folded[-1], holder):
            cause = await alerts.find_cause(alert.alert_id)
            assert cause is not None and cause.id == holder.alert_id
        assert await alerts.find_cause("never-raised") is None

        detail = await alerts.get_with_folds("knivsta", holder.alert_id)
        assert detail is not None and detail.occurrences == STORM
        assert sorted(detail.folded_ids) == sorted(a.alert_id for a in folded)
        assert sorted(detail.item_event_ids) == sorted(a.item_event_id for a in storm)
        assert detail.item_event_ids[0] == holder.item_event_id
    finally:
        await client.close()


async def test_an_alert_stored_with_its_folds_as_arrays_is_moved_once(servers, db_prefix: str) -> None:
    client = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    try:
        db = client[f"{db_prefix}_notify_legacy"]
        now = utcnow()
        await db["alerts"].create_index([("folded_ids", 1)])  # as ensure_indexes made it before
        base = {"municipality": "knivsta", "rule": "severe_content", "severity": "severe", "title": "Hot",
                "correlation_id": "c", "occurred_at": now, "raised_at": now, "last_seen_at": now, "state": "open",
                "dedupe_key": "severe:page-1", "escalation_level": 0}
        await db["alerts"].insert_many([
            base | {"_id": "a1", "event_id": "a1", "item_event_id": "e1", "folded_ids": ["a2", "a3"],
                    "item_event_ids": ["e1", "e2", "e3"]},
            base | {"_id": "b1", "event_id": "b1", "dedupe_key": "severe:page-2", "item_event_id": "f1",
                    "folded_ids": [], "item_event_ids": ["f1"]},
        ])
        alerts = AlertStore(db)
        await asyncio.gather(alerts.ensure_indexes(), AlertStore(db).ensure_indexes())  # two replicas starting
        assert await alerts.move_folds_out() == 0  # the next start: nothing left to move

        stored = {d["_id"]: d for d in await db["alerts"].find({}).to_list()}
        assert all("folded_ids" not in d and "item_event_ids" not in d for d in stored.values())
        assert "folded_ids_1" not in await db["alerts"].index_information()
        folds = await db["alert_folds"].find({}).sort("_id", 1).to_list()
        assert [(f["_id"], f["into"], f["item_event_id"]) for f in folds] == [("a2", "a1", "e2"), ("a3", "a1", "e3")]

        cause = await alerts.find_cause("a3")
        assert cause is not None and cause.id == "a1"
        assert {a.id: a.occurrences for a in await alerts.list("knivsta")} == {"a1": 3, "b1": 1}
        detail = await alerts.get_with_folds("knivsta", "a1")
        assert detail is not None
        assert (detail.folded_ids, detail.item_event_ids, detail.occurrences) == (["a2", "a3"], ["e1", "e2", "e3"], 3)
    finally:
        await client.close()
