"""Alerts raised, one per cause."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts import AlertRaised


class AlertStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.alerts = db["alerts"]

    async def ensure_indexes(self) -> None:
        await self.alerts.create_index([("municipality", 1), ("occurred_at", -1)])

    async def save(self, alert: AlertRaised) -> None:
        doc = alert.model_dump(mode="python") | {"state": "open"}
        await self.alerts.update_one({"_id": alert.alert_id}, {"$setOnInsert": doc}, upsert=True)

    async def list(self, municipality: str, limit: int = 50) -> list[dict[str, Any]]:
        return await self.alerts.find({"municipality": municipality}).sort("occurred_at", -1).limit(limit).to_list()
