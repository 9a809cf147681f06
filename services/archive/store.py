"""Records (allmänna handlingar) and the events applied to them."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts import PlatformEvent, utcnow


class RecordStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.records = db["records"]

    async def ensure_indexes(self) -> None:
        await self.records.create_index([("municipality", 1), ("published_at", 1)])
        await self.records.create_index([("municipality", 1), ("item_event_ids", 1)])

    async def store_item(self, rid: str, event: PlatformEvent) -> None:
        """Idempotent: the first delivery creates the record, a redelivery changes nothing."""
        doc = {
            "municipality": event.municipality,
            "platform": str(event.platform),
            "account_id": event.account_id,
            "item_id": event.item_id,
            "thread_id": event.thread_id,
            "parent_id": event.parent_id,
            "kind": str(event.kind),
            "direction": str(event.direction),
            "author": event.author.model_dump(mode="json"),
            "text": event.text,
            "published_at": event.published_at,
            "received_at": event.received_at,
            "archived_at": utcnow(),
            "raw": event.raw,
            "item_event_ids": [event.event_id],
        }
        await self.records.update_one({"_id": rid}, {"$setOnInsert": doc}, upsert=True)

    async def list(self, municipality: str, *, item_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"municipality": municipality}
        if item_id:
            query["item_id"] = item_id
        return await self.records.find(query).sort("published_at", 1).limit(limit).to_list()
