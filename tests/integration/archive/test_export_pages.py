"""export-sip reads records in pages and each record's versions and log leaves by one
indexed look-up per record (services/archive/app/export.py): every record of the span, each
with all its versions (by number) and all its leaves (by index: versions and events),
whatever page it falls in."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo import AsyncMongoClient

from devtools.bench import archive_scale as bench_scale
from services.archive.app import export
from services.archive.adapters.ledger import Ledger
from services.archive.app.records import log_event
from services.archive.adapters.sip import record_file_name
from services.archive.adapters.store import RecordStore

M = bench_scale.MUNICIPALITY


async def test_every_record_version_and_leaf_of_a_span_is_exported_across_pages(servers, tmp_path: Path,
                                                                                monkeypatch) -> None:
    monkeypatch.setattr(export, "PAGE", 7)  # 120 records: many pages, edited records inside and at their edges
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    db = client[f"export{uuid.uuid4().hex[:8]}"]
    store, ledger = RecordStore(db), Ledger(db, Ed25519PrivateKey.generate())
    try:
        await bench_scale.load_records(store, ledger, 120)
        first = await store.records.find_one({"item_id": "bench-item-51"})  # edited: two versions
        for n in (1, 2):  # events logged later: leaves far from the record's versions in the log
            await log_event(ledger, municipality=M, rid=first["_id"], now=first["archived_at"],
                            event={"event_id": f"later-{n}", "type": "hidden"})
        await ledger.sequence(M)
        await export.note_demo_mode(db, enabled=True)

        everything = await store.records.find({}, {"sort_at": 1}).to_list()
        span_from = min(d["sort_at"] for d in everything) + timedelta(minutes=1)
        span_to = max(d["sort_at"] for d in everything) - timedelta(minutes=1)
        expected_ids = {d["_id"] for d in everything if span_from <= d["sort_at"] < span_to}
        versions, leaves = defaultdict(list), defaultdict(list)
        for v in sorted(await db["versions"].find({}, {"_id": 0}).to_list(), key=lambda v: v["version"]):
            versions[v["record_id"]].append(v)
        for leaf in sorted(await ledger.leaves.find({}).to_list(), key=lambda leaf: leaf["index"]):
            leaves[leaf["record_id"]].append({"index": leaf["index"], "leaf": leaf["leaf"],
                                              "leaf_hash": leaf["leaf_hash"]})

        path = await export.export_sip(store=store, ledger=ledger, out=tmp_path / "sip", municipality=M,
                                       account_id=None, date_from=span_from, date_to=span_to)

        folder = path / "representations" / "rep-json" / "data" / "records"
        assert len(list(folder.iterdir())) == len(expected_ids) == 118
        edited = 0
        for rid in expected_ids:
            body = json.loads((folder / record_file_name(rid)).read_text(encoding="utf-8"))
            assert [v["version"] for v in body["versions"]] == list(range(1, body["version"] + 1))
            assert [v["content_sha256"] for v in body["versions"]] == [v["content_sha256"] for v in versions[rid]]
            assert body["log_leaves"] == leaves[rid]
            edited += body["version"] == 2
        assert edited == 3  # items 1, 51 and 101 (item 0 and 119 are outside the span)
        mine = json.loads((folder / record_file_name(first["_id"])).read_text(encoding="utf-8"))["log_leaves"]
        assert [json.loads(leaf["leaf"])["kind"] for leaf in mine] == ["version", "version", "event:hidden",
                                                                       "event:hidden"]
    finally:
        await client.drop_database(db.name)
        await client.close()
