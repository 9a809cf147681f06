"""Backfills of archive fields for records written before the field existed, run by
`python -m devtools.migrate_storage` (after a copy, or alone with `--archive-sort-keys`).
Idempotent and paged by `_id`, so an interrupted run is simply run again."""

from __future__ import annotations

from pymongo import UpdateOne
from pymongo.database import Database

from ..domain.records import sort_key

BATCH = 1000


def backfill_sort_keys(db: Database) -> int:
    """Give every record its `sort_key` (service.record_doc writes it since 2026-12-02:
    search, date spans and export-sip page on it); how many records were updated."""
    records, after, updated = db["records"], None, 0
    while True:
        page = list(records.find({"_id": {"$gt": after}} if after is not None else {},
                                 {"sort_at": 1, "sort_key": 1, "archived_at": 1}).sort("_id", 1).limit(BATCH))
        if not page:
            return updated
        after = page[-1]["_id"]
        writes = []
        for doc in page:
            at = doc.get("sort_at") or doc.get("archived_at")
            if at is not None and doc.get("sort_key") != sort_key(at, doc["_id"]):
                writes.append(UpdateOne({"_id": doc["_id"]}, {"$set": {"sort_key": sort_key(at, doc["_id"])}}))
        if writes:
            updated += records.bulk_write(writes, ordered=False).modified_count
