"""Notify's MongoDB collections: alerts and their folds, notifications sent, send-rate
counters, outages, broadcasts and their per-channel deliveries. Every write is idempotent
(natural-key `_id`, `$setOnInsert`, or a state-guarded update), so a redelivery changes nothing.

The methods take and return the documents typed (shared/contracts/notify.py: `Alert`,
`Broadcast`, `Delivery`, `DeadLetter`, `AboutText`, `Notification`); a document is written
with the fields it was built with (`exclude_unset`), so what is stored keeps its shape."""

from __future__ import annotations

import asyncio
import builtins
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from pymongo import ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from shared.contracts import utcnow
from shared.faults import DependencyUnavailable
from shared.group_commit import by_id, each_update, insert_once
from shared.contracts.notify import (
    AboutText,
    Alert,
    AlertRaised,
    Broadcast,
    BroadcastContent,
    CheckResult,
    DeadLetter,
    Delivery,
    Notification,
    PersonRef,
)

from ..domain.broadcasts import Outcome
from ..domain.dead_letters import KeptDeadLetter

OPEN = "open"
INDEX_NOT_FOUND = 27


def document(model: BaseModel) -> dict[str, Any]:
    """A typed document as stored: `_id`, the fields it was built with, values BSON takes."""
    doc = model.model_dump(by_alias=True, exclude_unset=True, exclude={"occurrences"})
    for name in ("content", "checks"):  # kept as their JSON (URLs as strings), every field
        value = getattr(model, name, None)
        if name in doc and isinstance(value, BaseModel):
            doc[name] = value.model_dump(mode="json")
    return doc


def _alerts(docs: builtins.list[dict[str, Any]]) -> builtins.list[Alert]:
    return [Alert.model_validate(d) for d in docs]


def _deliveries(docs: builtins.list[dict[str, Any]]) -> builtins.list[Delivery]:
    return [Delivery.model_validate(d) for d in docs]


def _broadcasts(docs: builtins.list[dict[str, Any]]) -> builtins.list[Broadcast]:
    return [Broadcast.model_validate(d) for d in docs]


# How long an alert that claimed its key may take to be written before another takes its
# place (its handler died and was not redelivered yet); repeats wait for it meanwhile.
FOLD_CLAIM_PATIENCE = timedelta(seconds=60)


class AlertNotYet(DependencyUnavailable):
    """The alert this one folds into is being raised by another handler: retried shortly."""


def fold_document(folded_id: str, *, into: str, municipality: str, item_event_id: str | None,
                  at: datetime) -> dict[str, Any]:
    """One repeat folded into an alert, kept as its own document (`_id` the folded alert's
    id: a redelivered fold is a duplicate key), not appended to the alert: appending made
    the alert grow with the storm and every fold rewrite it whole (issue 13; rule 3 of
    "Writing to MongoDB so that it is correct on every server", shared/design/ARCHITECTURE.md)."""
    return {"_id": folded_id, "into": into, "municipality": municipality, "item_event_id": item_event_id, "at": at}


def legacy_folds(alert: dict[str, Any]) -> builtins.list[dict[str, Any]]:
    """The fold documents of an alert stored with its folds as arrays (before issue 13).
    `$addToSet` kept neither which fold brought which item nor a repeated item, so the
    items are given to the folds in order: the alert's items read back are the same."""
    own = alert.get("item_event_id")
    items = [item for item in alert.get("item_event_ids") or [] if item != own]
    return [fold_document(folded_id, into=alert["_id"], municipality=alert["municipality"],
                          item_event_id=items[n] if n < len(items) else None, at=alert["last_seen_at"])
            for n, folded_id in enumerate(alert.get("folded_ids") or [])]


class AlertStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.alerts = db["alerts"]
        self.fold_slots = db["alert_fold_slots"]
        self.folds = db["alert_folds"]
        # a storm's concurrent folds in one write each: their records, their holders' last sighting
        self._insert_fold = insert_once(self.folds)
        self._update_alert = each_update(self.alerts)
        # and what every alert raised reads first (is it known, whose is it), read together
        self._alert = by_id(self.alerts)
        self._fold = by_id(self.folds)
        self._fold_slot = by_id(self.fold_slots)
        self.notifications = db["notifications"]
        self.rates = db["rates"]
        self.outages = db["outages"]
        self.dead_letters = db["dead_letters"]

    async def ensure_indexes(self) -> None:
        await self.alerts.create_index([("municipality", 1), ("occurred_at", -1)])
        await self.alerts.create_index([("municipality", 1), ("dedupe_key", 1), ("state", 1)])
        await self.alerts.create_index([("state", 1), ("severity", 1), ("escalation_level", 1)])
        await self.folds.create_index([("into", 1)])
        await self.notifications.create_index([("alert_id", 1)])
        await self.rates.create_index([("expires_at", 1)])
        await self.dead_letters.create_index([("municipality", 1), ("at", -1)])
        await self.move_folds_out()

    async def move_folds_out(self) -> int:
        """Give the folds of alerts stored before issue 13 (arrays `folded_ids`,
        `item_event_ids` in the alert) their own documents and take the arrays off the
        alert, so folds are read one way only; how many folds were moved. Run at every
        start: idempotent (deterministic `_id`s; a run cut short is finished by the next)
        and, once done, one query that finds nothing."""
        legacy = {"folded_ids": {"$exists": True}}
        seen = moved = 0
        async for alert in self.alerts.find(legacy, {"municipality": 1, "item_event_id": 1, "item_event_ids": 1,
                                                     "folded_ids": 1, "last_seen_at": 1}):
            folds = legacy_folds(alert)
            await asyncio.gather(*(self._insert_fold(fold) for fold in folds))
            seen, moved = seen + 1, moved + len(folds)
        if seen:  # only once every fold has its document: one write for however many alerts (most had none)
            await self.alerts.update_many(legacy, {"$unset": {"folded_ids": "", "item_event_ids": ""}})
        if "folded_ids_1" in await self.alerts.index_information():  # what find_cause read them by
            try:
                await self.alerts.drop_index("folded_ids_1")
            except OperationFailure as exc:
                if exc.code != INDEX_NOT_FOUND:  # another replica starting at once dropped it
                    raise
        return moved

    async def find_cause(self, alert_id: str) -> Alert | None:
        """The alert for this cause, whether it stands alone or was folded into another."""
        # `_id` look-ups only, not one `$or`: nx-27017 answers an `$or` by reading every
        # alert (a scan per alert raised, the pipeline benchmark's largest cost).
        found = await self._alert(alert_id)
        if found is None:
            fold = await self._fold(alert_id)
            found = await self._alert(fold["into"]) if fold else None
        return Alert.model_validate(found) if found else None

    async def open_with_key(self, municipality: str, dedupe_key: str, since: datetime) -> Alert | None:
        found = await self.alerts.find_one(
            {"municipality": municipality, "dedupe_key": dedupe_key, "state": OPEN, "last_seen_at": {"$gte": since}}
        )
        return Alert.model_validate(found) if found else None

    async def fold_or_hold(self, alert: AlertRaised, since: datetime, *, now: datetime) -> str | None:
        """Fold `alert` into the open alert of its kind (`dedupe_key`) seen since `since`,
        or make it the one later repeats fold into: the id it was folded into, or None when
        `alert` is to be raised.

        Alerts of one cause raised at the same moment (a batch of threats on one account)
        must fold into one, not each find no open alert and raise its own. So each key has a
        slot naming its holder, taken by a unique insert or a conditional update, each of
        which has exactly one winner (tests/integration/shared/test_server_conformance.py)."""
        slot_id = f"{alert.municipality}:{alert.dedupe_key}"
        for _ in range(5):
            slot = await self._fold_slot(slot_id)
            if slot is None:
                # the first time for this key (or since this release): an open alert from before holds it
                existing = await self.open_with_key(alert.municipality, str(alert.dedupe_key), since)
                holder = existing.id if existing else alert.alert_id
                try:
                    await self.fold_slots.insert_one({"_id": slot_id, "alert_id": holder, "claimed_at": now})
                except DuplicateKeyError:
                    continue  # taken meanwhile: read who holds it
                slot = {"alert_id": holder, "claimed_at": now}
            holder = slot["alert_id"]
            if holder == alert.alert_id:
                return None  # this alert holds the key (also on its redelivery)
            target = await self._alert(holder)
            if target is None and now - slot["claimed_at"] < FOLD_CLAIM_PATIENCE:
                # its holder is being raised right now: this one folds into it once it is written
                raise AlertNotYet(f"alert {holder} holds {alert.dedupe_key} but is not written yet")
            if target is not None and target.get("state") == OPEN and target["last_seen_at"] >= since:
                await self.fold(holder, alert)
                return holder
            # the holder was handled, is older than the window, or was never written: take its place
            taken = await self.fold_slots.update_one({"_id": slot_id, "alert_id": {"$eq": holder}},
                                                     {"$set": {"alert_id": alert.alert_id, "claimed_at": now}})
            if taken.modified_count == 1:
                return None
        raise AlertNotYet(f"the fold slot of {alert.dedupe_key} kept changing")

    async def fold(self, into: str, alert: AlertRaised) -> None:
        """Record `alert` as a repeat of the alert `into` (once, also when redelivered)."""
        # The holder's last sighting first: a fold that is recorded is then always inside
        # its holder's window, also when the handler dies between the two writes.
        await self._update_alert(UpdateOne({"_id": into}, {"$max": {"last_seen_at": alert.occurred_at}}))
        await self._insert_fold(fold_document(alert.alert_id, into=into, municipality=alert.municipality,
                                              item_event_id=alert.item_event_id, at=alert.occurred_at))

    async def _fold_count(self, alert_id: str) -> int:
        # `$eq`, and `$count` after the `$match`: index-served on nx-27017, where a bare value
        # (equal, or an array holding it) and count_documents' `$group` read every fold.
        cursor = await self.folds.aggregate([{"$match": {"into": {"$eq": alert_id}}}, {"$count": "n"}])
        counted = await cursor.to_list()
        return int(counted[0]["n"]) if counted else 0

    async def insert(self, alert: AlertRaised) -> bool:
        """True when this call created the alert."""
        doc = alert.model_dump(mode="python", exclude={"alert_id"}) | {
            "state": OPEN,
            "raised_at": alert.occurred_at,
            "last_seen_at": alert.occurred_at,
            "escalation_level": 0,
        }
        result = await self.alerts.update_one({"_id": alert.alert_id}, {"$setOnInsert": doc}, upsert=True)
        return result.upserted_id is not None

    async def get(self, municipality: str, alert_id: str) -> Alert | None:
        found = await self.alerts.find_one({"_id": alert_id, "municipality": municipality})
        return Alert.model_validate(found) if found else None

    async def get_with_folds(self, municipality: str, alert_id: str) -> Alert | None:
        """The alert with the ids and items of its folds, oldest first (its detail)."""
        found = await self.alerts.find_one({"_id": alert_id, "municipality": municipality})
        if found is None:
            return None
        folds = sorted(await self.folds.find({"into": {"$eq": alert_id}}).to_list(), key=lambda f: (f["at"], f["_id"]))
        items = dict.fromkeys([found.get("item_event_id"), *(fold.get("item_event_id") for fold in folds)])
        items.pop(None, None)
        return Alert.model_validate(found | {"folded_ids": [fold["_id"] for fold in folds],
                                             "item_event_ids": builtins.list(items), "occurrences": 1 + len(folds)})

    async def acknowledge(self, alert_id: str, *, by: PersonRef, note: str, at: datetime) -> bool:
        result = await self.alerts.update_one(
            {"_id": alert_id, "state": OPEN},
            {
                "$set": {
                    "state": "acknowledged",
                    "acknowledged_by": by.model_dump(),
                    "acknowledged_at": at,
                    "acknowledge_note": note,
                }
            },
        )
        return result.modified_count == 1

    async def resolve(self, alert_id: str, *, reason: str, at: datetime) -> bool:
        result = await self.alerts.update_one(
            {"_id": alert_id, "state": {"$in": [OPEN, "acknowledged"]}},
            {"$set": {"state": "resolved", "resolved_at": at, "resolved_reason": reason}},
        )
        return result.modified_count == 1

    async def escalate_by_hand(self, alert_id: str, *, from_level: int, at: datetime) -> bool:
        result = await self.alerts.update_one(
            {"_id": alert_id, "state": {"$in": [OPEN, "acknowledged"]}, "escalation_level": from_level},
            {"$set": {"escalation_level": from_level + 1, "escalated_at": at}},
        )
        return result.modified_count == 1

    async def due_for_escalation(self, before: datetime, limit: int = 100) -> list[Alert]:
        return _alerts(
            await self.alerts.find(
                {"state": OPEN, "severity": "severe", "escalation_level": 0, "raised_at": {"$lte": before}}
            )
            .limit(limit)
            .to_list()
        )

    async def mark_escalated(self, alert_id: str, level: int, at: datetime) -> bool:
        result = await self.alerts.update_one(
            {"_id": alert_id, "state": OPEN, "escalation_level": level - 1},
            {"$set": {"escalation_level": level, "escalated_at": at}},
        )
        return result.modified_count == 1

    async def list(
        self,
        municipality: str,
        *,
        limit: int = 50,
        state: str | None = None,
        rule: str | None = None,
        account_id: str | None = None,
    ) -> list[Alert]:
        # `$eq`: nx-27017 reads a bare value as "equal, or an array holding it", an OR no
        # index serves (the list sorted every alert: devtools/bench/archive_scale.py).
        query: dict[str, Any] = {"municipality": {"$eq": municipality}}
        if state:
            query["state"] = {"$eq": state}
        if rule:
            query["rule"] = {"$eq": rule}
        if account_id:
            query["account_id"] = {"$eq": account_id}
        found = await self.alerts.find(query).sort("occurred_at", -1).limit(limit).to_list()
        counts = await asyncio.gather(*(self._fold_count(doc["_id"]) for doc in found))
        return [Alert.model_validate(doc | {"occurrences": 1 + n}) for doc, n in zip(found, counts, strict=True)]

    # ---- notifications: one per alert, channel, address and escalation level ----

    async def notification_done(self, key: str) -> bool:
        return await self.notifications.find_one({"_id": key, "state": {"$in": ["sent", "rate_limited"]}}) is not None

    async def record_notification(
        self, key: str, *, alert_id: str, channel: str, target: str, state: str, error: str | None = None
    ) -> None:
        await self.notifications.update_one(
            {"_id": key},
            {
                "$set": {
                    "alert_id": alert_id,
                    "channel": channel,
                    "target": target,
                    "state": state,
                    "error": error,
                    "at": utcnow(),
                }
            },
            upsert=True,
        )

    async def notifications_for(self, alert_id: str) -> builtins.list[Notification]:
        return [Notification.model_validate(d) for d in await self.notifications.find({"alert_id": alert_id}).to_list()]

    async def take_rate(self, target: str, *, limit: int, now: datetime) -> bool:
        """Count one message to `target` in this hour; False when the hour's quota is used."""
        bucket = now.strftime("%Y%m%d%H")
        # An upserting find_one_and_update with $setOnInsert is not conformant on the
        # embedded default (it drops the $setOnInsert): upsert with update_one, then read.
        rid = f"{target}|{bucket}"
        await self.rates.update_one(
            {"_id": rid}, {"$inc": {"count": 1}, "$setOnInsert": {"expires_at": now + timedelta(hours=2)}}, upsert=True)
        doc = await self.rates.find_one({"_id": rid})
        return doc is not None and int(doc["count"]) <= limit

    # ---- dead letters (for the staff UI's system page) ----

    async def keep_dead_letter(self, dead_letter: KeptDeadLetter) -> None:
        await self.dead_letters.update_one({"_id": dead_letter.id}, {"$setOnInsert": document(dead_letter)},
                                           upsert=True)

    async def list_dead_letters(self, municipality: str, limit: int = 50, *,
                                unreplayed: bool = False) -> builtins.list[DeadLetter]:
        """This municipality's dead letters and those of no municipality (system-wide),
        newest first, without the kept message bytes."""
        query: dict[str, Any] = {"municipality": {"$in": [municipality, None]}}
        if unreplayed:
            query["replayed_at"] = None
        docs = await self.dead_letters.find(query, {"raw": 0}).sort("at", -1).limit(limit).to_list()
        return [DeadLetter.model_validate(d) for d in docs]

    async def get_dead_letter(self, municipality: str, dead_letter_id: str) -> KeptDeadLetter | None:
        found = await self.dead_letters.find_one({"_id": dead_letter_id,
                                                  "municipality": {"$in": [municipality, None]}})
        return KeptDeadLetter.model_validate(found) if found else None

    async def mark_replayed(self, dead_letter_id: str, *, attempt: int, by: str, at: datetime) -> None:
        # The attempt number is the replay's own message id: set, never incremented, so a
        # second click that raced the first names the same replay (JetStream drops it).
        await self.dead_letters.update_one(
            {"_id": dead_letter_id}, {"$set": {"replays": attempt, "replayed_at": at, "replayed_by": by}})

    # ---- outages (service health) ----

    async def outage_started(self, service: str, since: datetime) -> datetime:
        """The start of the current outage of `service` (shared by every replica)."""
        await self.outages.update_one({"_id": service}, {"$setOnInsert": {"since": since}}, upsert=True)
        doc = await self.outages.find_one({"_id": service})
        assert doc is not None  # upserted just above
        return doc["since"]

    async def outage_ended(self, service: str) -> datetime | None:
        doc = await self.outages.find_one_and_delete({"_id": service})
        return doc["since"] if doc else None


class BroadcastStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.broadcasts = db["broadcasts"]
        self.deliveries = db["deliveries"]
        # what was written into each account's about text (about.py); not `about_texts`, the query below
        self._about_texts = db["about_texts"]

    async def ensure_indexes(self) -> None:
        await self.broadcasts.create_index([("municipality", 1), ("created_at", -1)])
        await self.broadcasts.create_index([("municipality", 1), ("state", 1), ("approved_at", -1)])
        await self.broadcasts.create_index([("thread_id", 1)])
        await self.deliveries.create_index([("broadcast_id", 1)])
        await self.deliveries.create_index([("state", 1), ("next_attempt_at", 1)])
        await self.deliveries.create_index([("claim", 1)])

    async def create(self, broadcast: Broadcast) -> bool:
        result = await self.broadcasts.update_one({"_id": broadcast.id}, {"$setOnInsert": document(broadcast)},
                                                  upsert=True)
        return result.upserted_id is not None

    async def get(self, municipality: str, broadcast_id: str) -> Broadcast | None:
        found = await self.broadcasts.find_one({"_id": broadcast_id, "municipality": municipality})
        return Broadcast.model_validate(found) if found else None

    async def revise(
        self,
        broadcast_id: str,
        *,
        revision: int,
        content: BroadcastContent,
        checks: CheckResult,
        editor: PersonRef,
        at: datetime,
    ) -> bool:
        result = await self.broadcasts.update_one(
            {"_id": broadcast_id, "state": "draft", "revision": revision - 1},
            {
                "$set": {"content": content.model_dump(mode="json"), "checks": checks.model_dump(mode="json"),
                         "revision": revision, "updated_at": at},
                "$addToSet": {"editors": editor.model_dump()},
            },
        )
        return result.modified_count == 1

    async def approve(
        self, broadcast_id: str, *, approver: PersonRef, at: datetime, revision: int, warnings_accepted: bool
    ) -> bool:
        result = await self.broadcasts.update_one(
            {"_id": broadcast_id, "state": "draft", "revision": revision},
            {
                "$set": {
                    "state": "approved",
                    "approved_by": approver.model_dump(),
                    "approved_at": at,
                    "updated_at": at,
                    "warnings_accepted": warnings_accepted,
                }
            },
        )
        return result.modified_count == 1

    async def cancel(self, broadcast_id: str, *, by: PersonRef, reason: str, at: datetime) -> str | None:
        """Cancel a draft or an approved broadcast; returns the state it had, None if neither."""
        doc = await self.broadcasts.find_one_and_update(
            {"_id": broadcast_id, "state": {"$in": ["draft", "approved"]}},
            {
                "$set": {
                    "state": "cancelled",
                    "cancelled_by": by.model_dump(),
                    "cancelled_at": at,
                    "cancel_reason": reason,
                    "updated_at": at,
                }
            },
            return_document=ReturnDocument.BEFORE,
        )
        return doc["state"] if doc else None

    async def save_about_text(self, record: AboutText) -> AboutText:
        await self._about_texts.replace_one({"_id": record.id}, document(record), upsert=True)
        return record

    async def about_text(self, municipality: str, account_id: str) -> AboutText | None:
        found = await self._about_texts.find_one({"_id": f"{municipality}:{account_id}"})
        return AboutText.model_validate(found) if found else None

    async def about_texts(self, municipality: str, *, limit: int = 200) -> list[AboutText]:
        docs = await self._about_texts.find({"municipality": municipality}).sort("account_id", 1).limit(limit).to_list()
        return [AboutText.model_validate(d) for d in docs]

    async def holiday_notices_up(self, municipality: str) -> list[Broadcast]:
        """Holiday notices published and not yet withdrawn (filtered here: `$exists`/`$ne` on a
        missing field is not exact on every server, see shared/mongo.py)."""
        docs = await self.broadcasts.find({"municipality": municipality, "holiday_notice": True,
                                           "state": "approved"}).to_list()
        return [b for b in _broadcasts(docs) if not b.withdrawn_at]

    async def withdraw_broadcast(self, broadcast_id: str, at: datetime) -> None:
        await self.broadcasts.update_one({"_id": broadcast_id}, {"$set": {"withdrawn_at": at}})

    async def mark_withdrawn(self, delivery_id: str, at: datetime, *, note: str | None = None) -> None:
        await self.deliveries.update_one({"_id": delivery_id}, {"$set": {"withdrawn_at": at, "withdraw_note": note}})

    async def close_thread(self, thread_id: str, at: datetime) -> None:
        await self.broadcasts.update_many({"thread_id": thread_id}, {"$set": {"closed": True, "closed_at": at}})

    async def list(self, municipality: str, *, limit: int = 50, state: str | None = None) -> list[Broadcast]:
        query: dict[str, Any] = {"municipality": municipality}
        if state:
            query["state"] = state
        return _broadcasts(await self.broadcasts.find(query).sort("created_at", -1).limit(limit).to_list())

    async def published(self, municipality: str, limit: int = 50) -> builtins.list[Broadcast]:
        """Approved broadcasts, newest first (cancelled ones stay out of the public views)."""
        return _broadcasts(
            await self.broadcasts.find({"municipality": municipality, "state": "approved"})
            .sort("approved_at", -1)
            .limit(limit)
            .to_list()
        )

    # ---- deliveries ----

    async def add_delivery(self, delivery: Delivery) -> bool:
        result = await self.deliveries.update_one({"_id": delivery.id}, {"$setOnInsert": document(delivery)},
                                                  upsert=True)
        return result.upserted_id is not None

    async def add_deliveries(self, deliveries: builtins.list[Delivery]) -> builtins.list[Delivery]:
        """Insert the deliveries not yet recorded, in one round trip; returns those inserted."""
        existing = {
            d["_id"]
            for d in await self.deliveries.find({"_id": {"$in": [d.id for d in deliveries]}}, {"_id": 1}).to_list()
        }
        new = [d for d in deliveries if d.id not in existing]
        if not new:
            return []
        try:
            await self.deliveries.insert_many([document(d) for d in new], ordered=False)
        except BulkWriteError as exc:  # a concurrent planner inserted some: theirs stand
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise
            failed = {new[e["index"]].id for e in exc.details.get("writeErrors", [])}
            new = [d for d in new if d.id not in failed]
        return new

    async def claim_batch(
        self, broadcast_id: str, *, now: datetime, lease_until: datetime, token: str
    ) -> builtins.list[Delivery]:
        """Take every queued delivery of a broadcast in two round trips (the fan-out path)."""
        await self.deliveries.update_many(
            {"broadcast_id": broadcast_id, "state": "queued", "next_attempt_at": {"$lte": now}},
            {
                "$set": {"state": "sent", "lease_until": lease_until, "claim": token, "updated_at": now},
                "$inc": {"attempt": 1},
            },
        )
        return _deliveries(await self.deliveries.find({"claim": token}).to_list())

    async def deliveries_for(self, broadcast_ids: builtins.list[str]) -> builtins.list[Delivery]:
        return _deliveries(
            await self.deliveries.find({"broadcast_id": {"$in": broadcast_ids}}).sort("channel", 1).to_list())

    async def get_delivery(self, delivery_id: str) -> Delivery | None:
        found = await self.deliveries.find_one({"_id": delivery_id})
        return Delivery.model_validate(found) if found else None

    async def claim(self, delivery_id: str, *, now: datetime, lease_until: datetime) -> Delivery | None:
        """Take one due delivery for this worker; None if another has it or it is done."""
        # One conditional update per way of being due, not one `$or`: a conditional update
        # whose filter holds an `$or` is not atomic on nx-27017 (both racers matched).
        for due in ({"state": {"$in": ["queued", "retrying"]}, "next_attempt_at": {"$lte": now}},
                    {"state": "sent", "lease_until": {"$lte": now}}):  # its worker died mid-post
            doc = await self.deliveries.find_one_and_update(
                {"_id": delivery_id, **due},
                {"$set": {"state": "sent", "lease_until": lease_until, "updated_at": now, "claim": None},
                 "$inc": {"attempt": 1}},
                return_document=ReturnDocument.AFTER,
            )
            if doc is not None:
                return Delivery.model_validate(doc)
        return None

    async def due(self, now: datetime, limit: int = 200) -> builtins.list[str]:
        docs = (
            await self.deliveries.find(
                {
                    "$or": [
                        {"state": {"$in": ["queued", "retrying"]}, "next_attempt_at": {"$lte": now}},
                        {"state": "sent", "lease_until": {"$lte": now}},
                    ]
                },
                {"_id": 1},
            )
            .limit(limit)
            .to_list()
        )
        return [d["_id"] for d in docs]

    async def settle(self, delivery_id: str, attempt: int, outcome: Outcome) -> bool:
        """Record the outcome of attempt `attempt` (ignored if a newer attempt or a cancel won)."""
        fields = outcome.fields()
        result = await self.deliveries.update_one(
            {"_id": delivery_id, "attempt": attempt, "state": "sent"},
            {
                "$set": fields | {"updated_at": utcnow()},
                "$push": {
                    "history": {
                        "state": fields.get("state"),
                        "attempt": attempt,
                        "at": utcnow(),
                        "reason": fields.get("reason"),
                    }
                },
            },
        )
        return result.modified_count == 1

    async def cancel_pending(self, broadcast_id: str, at: datetime) -> builtins.list[Delivery]:
        pending = await self.deliveries.find(
            {"broadcast_id": broadcast_id, "state": {"$in": ["queued", "retrying"]}}
        ).to_list()
        cancelled = []
        for doc in pending:
            result = await self.deliveries.update_one(
                {"_id": doc["_id"], "state": {"$in": ["queued", "retrying"]}},
                {"$set": {"state": "cancelled", "updated_at": at, "reason": "Utskicket avbröts."}},
            )
            if result.modified_count == 1:
                cancelled.append(Delivery.model_validate(doc))
        return cancelled

    async def confirmed_posts(self, broadcast_id: str) -> dict[str, str]:
        """channel -> platform post id of the confirmed deliveries of `broadcast_id`."""
        docs = await self.deliveries.find({"broadcast_id": broadcast_id, "state": "confirmed"}).to_list()
        return {d["channel"]: d["platform_post_id"] for d in docs if d.get("platform_post_id")}
