"""The storage migration copies every database and collection and checks counts;
a second run (after an interruption) copies nothing twice."""

from __future__ import annotations

import uuid
from datetime import datetime, UTC

from pymongo import MongoClient

from devtools.migrate_storage import copy_all
from devtools.servers import mongodb_server


def test_every_document_is_copied_once_and_counted(servers, tmp_path) -> None:
    proc, target_url = mongodb_server(tmp_path)
    proc.start()
    source: MongoClient = MongoClient(servers.mongodb_url, tz_aware=True)
    prefix = f"m{uuid.uuid4().hex[:8]}"
    when = datetime(2026, 11, 30, 12, tzinfo=UTC)
    try:
        source[f"{prefix}_archive"].records.insert_many(
            [{"_id": f"r{i}", "at": when, "tags": [{"rule": "hot", "spans": [[1, 3]]}]} for i in range(2500)])
        source[f"{prefix}_notify"].alerts.insert_one({"_id": "a1", "state": "open"})
        first = [row for row in copy_all(servers.mongodb_url, target_url) if row[0].startswith(prefix)]
        again = [row for row in copy_all(servers.mongodb_url, target_url) if row[0].startswith(prefix)]
        assert first == again == [(f"{prefix}_archive", "records", 2500, 2500), (f"{prefix}_notify", "alerts", 1, 1)]
        target: MongoClient = MongoClient(target_url, tz_aware=True)
        assert target[f"{prefix}_archive"].records.find_one({"_id": "r7"}) == {
            "_id": "r7", "at": when, "tags": [{"rule": "hot", "spans": [[1, 3]]}]}
        target.close()
    finally:
        for name in (f"{prefix}_archive", f"{prefix}_notify"):
            source.drop_database(name)
        source.close()
        proc.stop()
