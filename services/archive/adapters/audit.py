"""What `verify` reads (app/verify.py): the log's leaves, signed heads and the versions,
straight from the collections the writers fill, in bounded pages: the checker does not
trust the writers' code, only what is stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.archive import TreeHead

PAGE = 5000  # leaves per query


@dataclass(frozen=True)
class AuditLeaf:
    id: str
    index: int
    leaf: str
    leaf_hash: str


@dataclass(frozen=True)
class AuditVersion:
    record_id: str
    version: int
    content_sha256: str | None
    content: dict[str, Any] | None


def _leaf(doc: dict[str, Any]) -> AuditLeaf:
    return AuditLeaf(id=doc["_id"], index=int(doc["index"]), leaf=doc["leaf"], leaf_hash=doc["leaf_hash"])


class LogAudit:
    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db

    @staticmethod
    def _scope(municipality: str | None) -> dict[str, Any]:
        # `$eq`: a bare value is an OR on nx-27017 that no index serves (RecordStore.search).
        return {"municipality": {"$eq": municipality}} if municipality else {}

    async def municipalities(self, municipality: str | None) -> list[str]:
        return sorted(await self.db["log_leaves"].distinct("municipality", self._scope(municipality)))

    async def record_count(self, municipality: str | None) -> int:
        # The `count` command: count_documents is an aggregation nx-27017 runs over every
        # document in Python (a hundred times slower).
        return int((await self.db.command("count", "records", query=self._scope(municipality)))["n"])

    async def heads(self, municipality: str) -> dict[int, TreeHead]:
        """Every signed tree head of the municipality's log, by size."""
        return {int(h["tree_size"]): TreeHead.model_validate(h)
                async for h in self.db["log_sths"].find({"municipality": {"$eq": municipality}})}

    async def leaves(self, municipality: str, page: int = PAGE) -> AsyncIterator[AuditLeaf]:
        """The log's leaves in index order, read as bounded index ranges: one cursor over the
        whole log made nx-27017 read every leaf into memory first (6.9 GB at a million)."""
        leaves = self.db["log_leaves"]
        first = 0
        while True:
            batch = await leaves.find(
                {"municipality": {"$eq": municipality}, "index": {"$gte": first, "$lt": first + page}},
                {"index": 1, "leaf": 1, "leaf_hash": 1}).sort("index", 1).to_list()
            for doc in batch:
                yield _leaf(doc)
            if len(batch) < page:
                # A short range is the end of the log, or a gap the caller reports: one more
                # look past it finds leaves beyond a gap (so the report names the gap).
                beyond = await leaves.find_one({"municipality": {"$eq": municipality},
                                                "index": {"$gte": first + page}}, {"index": 1, "leaf": 1,
                                                                                   "leaf_hash": 1},
                                               sort=[("index", 1)])
                if beyond is None:
                    return
                yield _leaf(beyond)
                return
            first += page

    async def version_pages(self, municipality: str | None, batch: int = 1000) -> AsyncIterator[list[AuditVersion]]:
        """Every version, a page of about `batch` at a time, a record's versions never split
        between two pages."""
        query = self._scope(municipality)
        after: str | None = None
        while True:
            # Keyset pages by record_id (bounded memory, as the leaves above). Not by `_id`:
            # nx-27017 never pushes an `_id` range down to SQL (it read every version a page).
            page_query = {**query, "record_id": {"$gt": after}} if after is not None else query
            page = await self.db["versions"].find(page_query).sort([("record_id", 1), ("version", 1)]).limit(
                batch).to_list()
            if len(page) == batch and page[0]["record_id"] != page[-1]["record_id"]:
                # The last record's versions may go on in the next page: it starts there.
                last = page[-1]["record_id"]
                page = [v for v in page if v["record_id"] != last]
            elif len(page) < batch:
                if page:
                    yield [_version(v) for v in page]
                return
            yield [_version(v) for v in page]
            after = page[-1]["record_id"]

    async def leaf_entries(self, keys: list[str]) -> dict[str, str]:
        """The entries (canonical JSON) of the leaves with these keys, appended or still queued,
        in one look-up by `_id` each (one query per version made a million round trips)."""
        found = {d["_id"]: d["leaf"] async for d in self.db["log_leaves"].find({"_id": {"$in": keys}}, {"leaf": 1})}
        if missing := [k for k in keys if k not in found]:
            found |= {d["_id"]: d["leaf"]
                      async for d in self.db["log_queue"].find({"_id": {"$in": missing}}, {"leaf": 1})}
        return found


def _version(doc: dict[str, Any]) -> AuditVersion:
    return AuditVersion(record_id=doc["record_id"], version=int(doc["version"]),
                        content_sha256=doc.get("content_sha256"), content=doc.get("content"))
