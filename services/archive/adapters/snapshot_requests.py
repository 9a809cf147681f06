"""Page snapshot requests (`snapshot_requests`): every request written down before the
worker is asked, so none is dropped while it is away (app/snapshots.py). A retry is
claimed by moving its next attempt (a conditional update on the time it was due: one
replica takes it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.archive import Identified
from shared.contracts.base import AwareDatetime

from .store import document


class PageSnapshotRequest(Identified):
    """A snapshot asked for (by staff, the CLI): pending until the worker's render is kept, or failed."""

    municipality: str
    account_id: str
    url: str
    requested_by: dict[str, Any]
    requested_at: AwareDatetime
    status: Literal["pending", "done", "failed"]
    attempts: int = 0
    next_at: AwareDatetime


class SnapshotRequestStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.requests = db["snapshot_requests"]

    async def ensure_indexes(self) -> None:
        await self.requests.create_index([("status", 1), ("next_at", 1)])

    async def insert(self, request: PageSnapshotRequest) -> None:
        await self.requests.insert_one(document(request))

    async def failed(self, request_id: str, *, error: str, refused: bool, at: datetime) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {"status": "failed", "error": error,
                                                                      "refused": refused, "finished_at": at}})

    async def waiting(self, request_id: str, *, attempts: int, next_at: datetime, error: str) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {
            "attempts": attempts, "next_at": next_at, "error": error}})

    async def done(self, request_id: str, *, record_id: str, at: datetime) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {"status": "done", "record_id": record_id,
                                                                      "finished_at": at}, "$unset": {"error": ""}})

    async def due(self, now: datetime, limit: int = 20) -> list[PageSnapshotRequest]:
        """Pending requests whose next attempt is due, the longest waiting first."""
        found = await self.requests.find({"status": "pending", "next_at": {"$lte": now}}).sort(
            "next_at", 1).to_list(limit)
        return [PageSnapshotRequest.model_validate(doc) for doc in found]

    async def claim(self, request: PageSnapshotRequest, next_at: datetime) -> bool:
        """Take the request for an attempt (its next one moved to `next_at`); False when another replica has it."""
        claimed = await self.requests.update_one(
            {"_id": request.id, "status": "pending", "next_at": request.next_at}, {"$set": {"next_at": next_at}})
        return claimed.modified_count == 1
