"""Ingest's MongoDB: raw deliveries (kept before anything else, for replay and audit),
poller cursors, and the ids already published (LinkedIn notifications, polled items)."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts import utcnow
from shared.group_commit import each_update


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

    async def save_raw(self, *, delivery_id: str, municipality: str, platform: str, body: bytes,
                       content_type: str, received_at: datetime, source: str | None) -> bool:
        """Keep the delivery exactly as received. False when it was kept before (a platform retry)."""
        return await self._update(UpdateOne(
            {"_id": delivery_id},
            {"$setOnInsert": {"municipality": municipality, "platform": platform, "body": body,
                              "content_type": content_type, "received_at": received_at, "source": source,
                              "status": "received"},
             "$inc": {"attempts": 1}},
            upsert=True,
        ))

    async def mark(self, delivery_id: str, status: str, **fields: Any) -> None:
        await self._update(UpdateOne({"_id": delivery_id}, {"$set": {"status": status, **fields}}))

    async def get(self, delivery_id: str) -> dict[str, Any] | None:
        return await self.deliveries.find_one({"_id": delivery_id})

    async def list(self, municipality: str, *, status: str | None = None, platform: str | None = None,
                   with_problems: bool = False, limit: int = 50) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"municipality": municipality}
        if with_problems:
            query["with_problems"] = True
        if status:
            query["status"] = status
        if platform:
            query["platform"] = platform
        return await self.deliveries.find(query, {"body": 0}).sort("received_at", -1).limit(limit).to_list()

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
    async def cursor(self, key: str) -> dict[str, Any]:
        return await self.cursors.find_one({"_id": key}) or {"_id": key}

    async def save_cursor(self, key: str, **fields: Any) -> None:
        await self.cursors.update_one({"_id": key}, {"$set": {**fields, "updated_at": utcnow()}}, upsert=True)
