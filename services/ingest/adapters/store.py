"""Ingest's MongoDB: raw deliveries (for replay and audit: each written by ingest's own
consumer of the INGEST stream, where the request kept it), poller cursors, and the ids
already published (LinkedIn notifications, polled items).

What crosses the store's methods is typed: a `DeliveryKept` in, `Delivery` and
`PollerCursor` (shared/contracts/ingest.py) out, a `CursorChange` for a cursor's update."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts import utcnow
from shared.contracts.ingest import Delivery, DeliveryKept, DeliveryPlatform, DeliveryStatus, PollerCursor
from shared.group_commit import each_update


class CursorChange(BaseModel):
    """The fields of a poller's cursor to set; a field not given is left as it is (a
    field given as None is set to null)."""

    watermark: datetime | None = None
    walk_max: datetime | None = None
    page_token: str | None = None
    videos: dict[str, datetime] | None = None
    quota_errors: int | None = None
    backoff_until: datetime | None = None
    last_error: str | None = None
    last_polled_at: datetime | None = None


def _with_id(doc: dict[str, Any]) -> dict[str, Any]:
    return {("id" if k == "_id" else k): v for k, v in doc.items()}


def _delivery(doc: dict[str, Any]) -> Delivery:
    found = _with_id(doc)
    # Each attempt's id once ($addToSet): a redelivered message does not count twice.
    # (Documents written before 2026-12-03 counted their attempts with $inc.)
    if "attempt_ids" in found:
        found["attempts"] = found.get("attempts", 0) + len(found.pop("attempt_ids"))
    return Delivery.model_validate(found)


class DeliveryStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.deliveries = db["deliveries"]
        self.cursors = db["cursors"]
        self.published = db["published"]
        # The deliveries of concurrent requests are written together (shared/group_commit.py).
        self._update = each_update(self.deliveries)

    async def ensure_indexes(self) -> None:
        await self.deliveries.create_index([("municipality", 1), ("received_at", -1)])
        await self.deliveries.create_index([("status", 1)])
        await self.published.create_index([("municipality", 1), ("source", 1)])

    async def keep(self, kept: DeliveryKept) -> bool:
        """Write an attempt at a delivery: the raw body as first received, the outcome of
        the latest attempt. True when this created the delivery's document."""
        outcome: dict[str, Any] = {"status": kept.status, "problems": kept.problems[:100],
                                   # beside the list: the system page asks for it by equality (an
                                   # "array not empty" query is not conformant on the embedded database)
                                   "with_problems": bool(kept.problems)}
        if kept.reason is not None:
            outcome["reason"] = kept.reason
        if kept.published is not None:
            outcome["events"] = kept.published
        return await self._update(UpdateOne(
            {"_id": kept.delivery_id},
            {"$setOnInsert": {"municipality": kept.municipality, "platform": kept.platform, "body": kept.body,
                              "content_type": kept.content_type, "received_at": kept.received_at,
                              "source": kept.source},
             "$set": outcome, "$addToSet": {"attempt_ids": kept.attempt}},
            upsert=True,
        ))

    async def list(self, municipality: str, *, status: DeliveryStatus | None = None,
                   platform: DeliveryPlatform | None = None, with_problems: bool = False,
                   limit: int = 50) -> builtins.list[Delivery]:
        """Deliveries newest first, without their bodies."""
        query: dict[str, Any] = {"municipality": municipality}
        if with_problems:
            query["with_problems"] = True
        if status:
            query["status"] = status
        if platform:
            query["platform"] = platform
        found = await self.deliveries.find(query, {"body": 0}).sort("received_at", -1).limit(limit).to_list()
        return [_delivery(doc) for doc in found]

    # Ids published once and never again (LinkedIn notification ids, polled comment versions).
    async def already_published(self, keys: builtins.list[str]) -> set[str]:
        if not keys:
            return set()
        found = await self.published.find({"_id": {"$in": keys}}, {"_id": 1}).to_list()
        return {doc["_id"] for doc in found}

    async def remember_published(self, keys: builtins.list[str], *, municipality: str, source: str) -> None:
        for key in keys:
            try:
                await self.published.insert_one({"_id": key, "municipality": municipality, "source": source,
                                                 "at": utcnow()})
            except DuplicateKeyError:
                pass  # published before: exactly what this collection records

    # Poller cursors: one document per (platform, municipality, account).
    async def cursor(self, key: str) -> PollerCursor:
        found = await self.cursors.find_one({"_id": key})
        return PollerCursor.model_validate(_with_id(found)) if found else PollerCursor(id=key)

    async def save_cursor(self, key: str, change: CursorChange) -> None:
        fields = change.model_dump(exclude_unset=True)
        await self.cursors.update_one({"_id": key}, {"$set": {**fields, "updated_at": utcnow()}}, upsert=True)

    async def cursors_of(self, municipality: str) -> builtins.list[PollerCursor]:
        """Every poller's cursor of the municipality's accounts."""
        found = await self.cursors.find({"_id": {"$regex": f"^[a-z]+:{municipality}:"}}).to_list()
        return [PollerCursor.model_validate(_with_id(doc)) for doc in found]
