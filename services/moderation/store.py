"""Verdicts, one per received item (its event_id is the natural key)."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts import ItemTagged


class VerdictStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.verdicts = db["verdicts"]

    async def ensure_indexes(self) -> None:
        await self.verdicts.create_index([("municipality", 1), ("occurred_at", -1)])

    async def save(self, verdict: ItemTagged) -> None:
        """Idempotent: a redelivered item leaves the first verdict as it was."""
        doc = verdict.model_dump(mode="python")
        await self.verdicts.update_one({"_id": verdict.item_event_id}, {"$setOnInsert": doc}, upsert=True)

    async def get(self, municipality: str, item_event_id: str) -> dict[str, Any] | None:
        return await self.verdicts.find_one({"_id": item_event_id, "municipality": municipality})

    async def list(self, municipality: str, limit: int = 50) -> list[dict[str, Any]]:
        cursor = self.verdicts.find({"municipality": municipality}).sort("occurred_at", -1).limit(limit)
        return await cursor.to_list()
