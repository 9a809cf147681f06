"""Records written before `sort_key` existed get it from the migration's backfill, and
then search finds them in date spans and pages as it finds new ones."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, UTC

from pymongo import AsyncMongoClient, MongoClient

from services.archive.domain.records import sort_key
from services.archive.adapters.migrations import backfill_sort_keys
from shared.contracts.archive import SearchQuery
from services.archive.adapters.store import RecordStore


async def test_backfill_writes_sort_keys_once_and_search_pages_over_them(servers) -> None:
    name = f"bf{uuid.uuid4().hex[:8]}_archive"
    sync: MongoClient = MongoClient(servers.mongodb_url, tz_aware=True)
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    base = datetime(2025, 3, 1, tzinfo=UTC)
    try:
        sync[name].records.insert_many([  # as written before 2026-12-02: no sort_key
            {"_id": f"r{i:04d}", "municipality": "knivsta", "source": "social",
             "sort_at": base + timedelta(hours=i // 2),
             "text": f"nummer {i}"} for i in range(2300)])
        assert backfill_sort_keys(sync[name]) == 2300
        assert backfill_sort_keys(sync[name]) == 0
        doc = sync[name].records.find_one({"_id": "r0007"})
        assert doc["sort_key"] == sort_key(base + timedelta(hours=3), "r0007")
        store = RecordStore(client[name])
        await store.ensure_indexes()
        q = SearchQuery(municipality="knivsta", limit=5, date_from=base + timedelta(hours=10),
                        date_to=base + timedelta(hours=20), newest_first=True)
        seen: list[str] = []
        while True:
            docs, token = await store.search(q)
            seen.extend(d.id for d in docs)
            if not token:
                break
            q = q.model_copy(update={"page_token": token})
        assert seen == [f"r{i:04d}" for i in range(39, 19, -1)]
    finally:
        sync.drop_database(name)
        sync.close()
        await client.close()
