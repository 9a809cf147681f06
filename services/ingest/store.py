"""Raw deliveries, kept before anything else happens to them (replay and audit)."""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase


class DeliveryStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.deliveries = db["deliveries"]

    async def ensure_indexes(self) -> None:
        await self.deliveries.create_index([("municipality", 1), ("received_at", -1)])
        await self.deliveries.create_index([("status", 1)])

    async def save_raw(self, *, delivery_id: str, municipality: str, platform: str, body: bytes,
                       received_at: datetime) -> None:
        await self.deliveries.insert_one({
            "_id": delivery_id, "municipality": municipality, "platform": platform,
            "body": body, "received_at": received_at, "status": "received",
        })

    async def mark(self, delivery_id: str, status: str, **fields: object) -> None:
        await self.deliveries.update_one({"_id": delivery_id}, {"$set": {"status": status, **fields}})
