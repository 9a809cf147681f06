"""Accounts and their activity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts import AccountFacts


class AccountStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.accounts = db["accounts"]
        self.activity = db["activity"]

    async def ensure_indexes(self) -> None:
        await self.accounts.create_index([("municipality", 1), ("platform", 1), ("platform_account_id", 1)], unique=True)
        await self.activity.create_index([("municipality", 1), ("account_id", 1), ("at", -1)])

    async def upsert(self, account: AccountFacts) -> None:
        doc = account.model_dump(mode="json")
        await self.accounts.update_one({"_id": account.account_id}, {"$setOnInsert": doc}, upsert=True)

    async def by_platform_id(self, municipality: str, platform: str, platform_account_id: str) -> dict[str, Any] | None:
        return await self.accounts.find_one(
            {"municipality": municipality, "platform": platform, "platform_account_id": platform_account_id}
        )

    async def list(self, municipality: str, limit: int = 200) -> list[dict[str, Any]]:
        return await self.accounts.find({"municipality": municipality}).sort("name", 1).limit(limit).to_list()

    async def record_activity(self, *, event_id: str, municipality: str, account_id: str, kind: str,
                              direction: str, at: datetime) -> None:
        await self.activity.update_one(
            {"_id": event_id},
            {"$setOnInsert": {"municipality": municipality, "account_id": account_id, "kind": kind,
                              "direction": direction, "at": at}},
            upsert=True,
        )
