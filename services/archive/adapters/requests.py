"""Requests for allmän handling (`requests`): one document per request, written by the
handler working on it with plain `$set`s (app/requests.py); a decision and a marking
only while the request is open (a conditional update, single-document atomic)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.archive import ArchiveRequest, PassageMark, RequestDecision, RequestDelivery

from .store import document


class RequestStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.requests = db["requests"]

    async def ensure_indexes(self) -> None:
        await self.requests.create_index([("municipality", 1), ("state", 1), ("due_at", 1)])
        await self.requests.create_index([("municipality", 1), ("received_at", -1)])

    async def insert(self, request: ArchiveRequest) -> None:
        await self.requests.insert_one(document(request))

    async def get(self, municipality: str, request_id: str) -> ArchiveRequest | None:
        found = await self.requests.find_one({"_id": request_id, "municipality": municipality})
        return ArchiveRequest.model_validate(found) if found else None

    async def set_record_id(self, request_id: str, record_id: str) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {"record_id": record_id}})

    async def set_records(self, request_id: str, records: list[str]) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {"records": records}})

    async def mark(self, request_id: str, marks: dict[str, PassageMark]) -> None:
        """Each passage's decision (`marks.<key>`), while the request is open."""
        await self.requests.update_one({"_id": request_id, "state": "open"},
                                       {"$set": {f"marks.{key}": entry.model_dump() for key, entry in marks.items()}})

    async def decide(self, request_id: str, decision: RequestDecision) -> bool:
        """The decision, once: False when the request was decided meanwhile."""
        done = await self.requests.update_one({"_id": request_id, "state": "open"},
                                              {"$set": {"state": "decided", "decision": decision.model_dump()}})
        return bool(done.modified_count)

    async def note_delivery(self, request_id: str, deliveries: list[RequestDelivery], at: datetime) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {
            "deliveries": [d.model_dump() for d in deliveries], "state_delivered_at": at}})

    async def listing(self, municipality: str, *, open_only: bool, limit: int) -> list[ArchiveRequest]:
        """Newest first, without the marks."""
        query: dict[str, Any] = {"municipality": municipality}
        if open_only:
            query["state"] = "open"
        found = await self.requests.find(query, {"marks": 0}).sort("received_at", -1).limit(limit).to_list()
        return [ArchiveRequest.model_validate(doc) for doc in found]

    async def open_by_due(self) -> AsyncIterator[ArchiveRequest]:
        async for doc in self.requests.find({"state": "open"}).sort("due_at", 1):
            yield ArchiveRequest.model_validate(doc)

    async def note_alerted(self, request_id: str, alerted: list[str]) -> None:
        await self.requests.update_one({"_id": request_id}, {"$set": {"alerted": alerted}})
