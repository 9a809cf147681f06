"""Notify's MongoDB collections: alerts, notifications sent, send-rate counters, outages,
broadcasts and their per-channel deliveries. Every write is idempotent (natural-key
`_id`, `$setOnInsert`, or a state-guarded update), so a redelivery changes nothing."""

from __future__ import annotations

import builtins
from datetime import datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from shared.contracts import utcnow
from shared.contracts.notify import AlertRaised
from shared.mongo import contains

OPEN = "open"


class AlertStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.alerts = db["alerts"]
        self.notifications = db["notifications"]
        self.rates = db["rates"]
        self.outages = db["outages"]
        self.dead_letters = db["dead_letters"]

    async def ensure_indexes(self) -> None:
        await self.alerts.create_index([("municipality", 1), ("occurred_at", -1)])
        await self.alerts.create_index([("municipality", 1), ("dedupe_key", 1), ("state", 1)])
        await self.alerts.create_index([("folded_ids", 1)])
        await self.alerts.create_index([("state", 1), ("severity", 1), ("escalation_level", 1)])
        await self.notifications.create_index([("alert_id", 1)])
        await self.rates.create_index([("expires_at", 1)])
        await self.dead_letters.create_index([("municipality", 1), ("at", -1)])

    async def find_cause(self, alert_id: str) -> dict[str, Any] | None:
        """The alert for this cause, whether it stands alone or was folded into another."""
        # Two indexed look-ups, not one `$or`: nx-27017 answers an `$or` by reading every
        # alert (a scan per alert raised, the pipeline benchmark's largest cost).
        return await self.alerts.find_one({"_id": alert_id}) or \
            await self.alerts.find_one({"folded_ids": contains(alert_id)})

    async def open_with_key(self, municipality: str, dedupe_key: str, since: datetime) -> dict[str, Any] | None:
        return await self.alerts.find_one(
            {"municipality": municipality, "dedupe_key": dedupe_key, "state": OPEN, "last_seen_at": {"$gte": since}}
        )

    async def fold(self, into: str, alert: AlertRaised) -> None:
        update: dict[str, Any] = {
            "$addToSet": {"folded_ids": alert.alert_id},
            "$max": {"last_seen_at": alert.occurred_at},
        }
        if alert.item_event_id:
            update["$addToSet"]["item_event_ids"] = alert.item_event_id
        await self.alerts.update_one({"_id": into}, update)

    async def insert(self, alert: AlertRaised) -> bool:
        """True when this call created the alert."""
        doc = alert.model_dump(mode="python", exclude={"alert_id"}) | {
            "state": OPEN,
            "raised_at": alert.occurred_at,
            "last_seen_at": alert.occurred_at,
            "folded_ids": [],
            "item_event_ids": [alert.item_event_id] if alert.item_event_id else [],
            "escalation_level": 0,
        }
        result = await self.alerts.update_one({"_id": alert.alert_id}, {"$setOnInsert": doc}, upsert=True)
        return result.upserted_id is not None

    async def get(self, municipality: str, alert_id: str) -> dict[str, Any] | None:
        return await self.alerts.find_one({"_id": alert_id, "municipality": municipality})

    async def acknowledge(self, alert_id: str, *, user_id: str, name: str, note: str, at: datetime) -> bool:
        result = await self.alerts.update_one(
            {"_id": alert_id, "state": OPEN},
            {
                "$set": {
                    "state": "acknowledged",
                    "acknowledged_by": {"user_id": user_id, "name": name},
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

    async def due_for_escalation(self, before: datetime, limit: int = 100) -> list[dict[str, Any]]:
        return (
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
    ) -> list[dict[str, Any]]:
        # `$eq`: nx-27017 reads a bare value as "equal, or an array holding it", an OR no
        # index serves (the list sorted every alert: devtools/bench/archive_scale.py).
        query: dict[str, Any] = {"municipality": {"$eq": municipality}}
        if state:
            query["state"] = {"$eq": state}
        if rule:
            query["rule"] = {"$eq": rule}
        if account_id:
            query["account_id"] = {"$eq": account_id}
        docs = await self.alerts.find(query).sort("occurred_at", -1).limit(limit).to_list()
        for doc in docs:
            doc["occurrences"] = 1 + len(doc.get("folded_ids", []))
            doc["alert_id"] = doc["_id"]
        return docs

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

    async def notifications_for(self, alert_id: str) -> builtins.list[dict[str, Any]]:
        return await self.notifications.find({"alert_id": alert_id}).to_list()

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

    async def keep_dead_letter(self, doc: dict[str, Any]) -> None:
        await self.dead_letters.update_one({"_id": doc["_id"]}, {"$setOnInsert": doc}, upsert=True)

    async def list_dead_letters(self, municipality: str, limit: int = 50, *,
                                unreplayed: bool = False) -> builtins.list[dict[str, Any]]:
        """This municipality's dead letters and those of no municipality (system-wide),
        newest first, without the kept message bytes."""
        query: dict[str, Any] = {"municipality": {"$in": [municipality, None]}}
        if unreplayed:
            query["replayed_at"] = None
        return await self.dead_letters.find(query, {"raw": 0}).sort("at", -1).limit(limit).to_list()

    async def get_dead_letter(self, municipality: str, dead_letter_id: str) -> dict[str, Any] | None:
        return await self.dead_letters.find_one({"_id": dead_letter_id, "municipality": {"$in": [municipality, None]}})

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

    async def create(self, doc: dict[str, Any]) -> bool:
        result = await self.broadcasts.update_one({"_id": doc["_id"]}, {"$setOnInsert": doc}, upsert=True)
        return result.upserted_id is not None

    async def get(self, municipality: str, broadcast_id: str) -> dict[str, Any] | None:
        return await self.broadcasts.find_one({"_id": broadcast_id, "municipality": municipality})

    async def revise(
        self,
        broadcast_id: str,
        *,
        revision: int,
        content: dict[str, Any],
        checks: dict[str, Any],
        editor: dict[str, str],
        at: datetime,
    ) -> bool:
        result = await self.broadcasts.update_one(
            {"_id": broadcast_id, "state": "draft", "revision": revision - 1},
            {
                "$set": {"content": content, "checks": checks, "revision": revision, "updated_at": at},
                "$addToSet": {"editors": editor},
            },
        )
        return result.modified_count == 1

    async def approve(
        self, broadcast_id: str, *, approver: dict[str, str], at: datetime, revision: int, warnings_accepted: bool
    ) -> bool:
        result = await self.broadcasts.update_one(
            {"_id": broadcast_id, "state": "draft", "revision": revision},
            {
                "$set": {
                    "state": "approved",
                    "approved_by": approver,
                    "approved_at": at,
                    "updated_at": at,
                    "warnings_accepted": warnings_accepted,
                }
            },
        )
        return result.modified_count == 1

    async def cancel(self, broadcast_id: str, *, by: dict[str, str], reason: str, at: datetime) -> str | None:
        """Cancel a draft or an approved broadcast; returns the state it had, None if neither."""
        doc = await self.broadcasts.find_one_and_update(
            {"_id": broadcast_id, "state": {"$in": ["draft", "approved"]}},
            {
                "$set": {
                    "state": "cancelled",
                    "cancelled_by": by,
                    "cancelled_at": at,
                    "cancel_reason": reason,
                    "updated_at": at,
                }
            },
            return_document=ReturnDocument.BEFORE,
        )
        return doc["state"] if doc else None

    async def save_about_text(self, doc: dict[str, Any]) -> dict[str, Any]:
        await self._about_texts.replace_one({"_id": doc["_id"]}, doc, upsert=True)
        return doc

    async def about_text(self, municipality: str, account_id: str) -> dict[str, Any] | None:
        return await self._about_texts.find_one({"_id": f"{municipality}:{account_id}"})

    async def about_texts(self, municipality: str, *, limit: int = 200) -> list[dict[str, Any]]:
        return await self._about_texts.find({"municipality": municipality}).sort("account_id", 1).limit(limit).to_list()

    async def holiday_notices_up(self, municipality: str) -> list[dict[str, Any]]:
        """Holiday notices published and not yet withdrawn (filtered here: `$exists`/`$ne` on a
        missing field is not exact on every server, see shared/mongo.py)."""
        docs = await self.broadcasts.find({"municipality": municipality, "holiday_notice": True,
                                           "state": "approved"}).to_list()
        return [d for d in docs if not d.get("withdrawn_at")]

    async def withdraw_broadcast(self, broadcast_id: str, at: datetime) -> None:
        await self.broadcasts.update_one({"_id": broadcast_id}, {"$set": {"withdrawn_at": at}})

    async def mark_withdrawn(self, delivery_id: str, at: datetime, *, note: str | None = None) -> None:
        await self.deliveries.update_one({"_id": delivery_id}, {"$set": {"withdrawn_at": at, "withdraw_note": note}})

    async def close_thread(self, thread_id: str, at: datetime) -> None:
        await self.broadcasts.update_many({"thread_id": thread_id}, {"$set": {"closed": True, "closed_at": at}})

    async def list(self, municipality: str, *, limit: int = 50, state: str | None = None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"municipality": municipality}
        if state:
            query["state"] = state
        return await self.broadcasts.find(query).sort("created_at", -1).limit(limit).to_list()

    async def published(self, municipality: str, limit: int = 50) -> builtins.list[dict[str, Any]]:
        """Approved broadcasts, newest first (cancelled ones stay out of the public views)."""
        return (
            await self.broadcasts.find({"municipality": municipality, "state": "approved"})
            .sort("approved_at", -1)
            .limit(limit)
            .to_list()
        )

    # ---- deliveries ----

    async def add_delivery(self, doc: dict[str, Any]) -> bool:
        result = await self.deliveries.update_one({"_id": doc["_id"]}, {"$setOnInsert": doc}, upsert=True)
        return result.upserted_id is not None

    async def add_deliveries(self, docs: builtins.list[dict[str, Any]]) -> builtins.list[dict[str, Any]]:
        """Insert the deliveries not yet recorded, in one round trip; returns those inserted."""
        existing = {
            d["_id"]
            for d in await self.deliveries.find({"_id": {"$in": [d["_id"] for d in docs]}}, {"_id": 1}).to_list()
        }
        new = [d for d in docs if d["_id"] not in existing]
        if not new:
            return []
        try:
            await self.deliveries.insert_many(new, ordered=False)
        except BulkWriteError as exc:  # a concurrent planner inserted some: theirs stand
            if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                raise
            failed = {new[e["index"]]["_id"] for e in exc.details.get("writeErrors", [])}
            new = [d for d in new if d["_id"] not in failed]
        return new

    async def claim_batch(
        self, broadcast_id: str, *, now: datetime, lease_until: datetime, token: str
    ) -> builtins.list[dict[str, Any]]:
        """Take every queued delivery of a broadcast in two round trips (the fan-out path)."""
        await self.deliveries.update_many(
            {"broadcast_id": broadcast_id, "state": "queued", "next_attempt_at": {"$lte": now}},
            {
                "$set": {"state": "sent", "lease_until": lease_until, "claim": token, "updated_at": now},
                "$inc": {"attempt": 1},
            },
        )
        return await self.deliveries.find({"claim": token}).to_list()

    async def deliveries_for(self, broadcast_ids: builtins.list[str]) -> builtins.list[dict[str, Any]]:
        return await self.deliveries.find({"broadcast_id": {"$in": broadcast_ids}}).sort("channel", 1).to_list()

    async def get_delivery(self, delivery_id: str) -> dict[str, Any] | None:
        return await self.deliveries.find_one({"_id": delivery_id})

    async def claim(self, delivery_id: str, *, now: datetime, lease_until: datetime) -> dict[str, Any] | None:
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
                return doc
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

    async def settle(self, delivery_id: str, attempt: int, **fields: Any) -> bool:
        """Record the outcome of attempt `attempt` (ignored if a newer attempt or a cancel won)."""
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

    async def cancel_pending(self, broadcast_id: str, at: datetime) -> builtins.list[dict[str, Any]]:
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
                cancelled.append(doc)
        return cancelled

    async def confirmed_posts(self, broadcast_id: str) -> dict[str, str]:
        """channel -> platform post id of the confirmed deliveries of `broadcast_id`."""
        docs = await self.deliveries.find({"broadcast_id": broadcast_id, "state": "confirmed"}).to_list()
        return {d["channel"]: d["platform_post_id"] for d in docs if d.get("platform_post_id")}
