"""The scale bench's loader (devtools/bench/archive_scale.py) writes what the archive reads:
records search finds, versions and log leaves the record page proves and `verify` accepts,
and a second load adds nothing. And search pages (filters as `$eq`, next pages by keyset)
neither skip nor repeat records stored within one second, with and without words."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo import AsyncMongoClient

from devtools.bench import archive_scale as bench_scale
from services.archive.app import proofs
from services.archive.domain import merkle
from services.archive.adapters.ledger import Ledger
from shared.contracts.archive import SearchQuery
from services.archive.app.records import new_record
from services.archive.adapters.store import RecordStore
from services.archive.app.verify import verify

M = bench_scale.MUNICIPALITY


async def test_loaded_records_are_found_proved_and_verified_and_a_second_load_adds_nothing(servers) -> None:
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    db = client[f"scale{uuid.uuid4().hex[:8]}"]
    store, ledger = RecordStore(db), Ledger(db, Ed25519PrivateKey.generate())
    try:
        await bench_scale.load_records(store, ledger, 120)
        await bench_scale.load_records(store, ledger, 120)  # resumed over the same items
        edited = sum(1 for i in range(120) if i % bench_scale.EDITED_EVERY == 1)
        report = await verify(db, municipality=M)
        assert report.ok, report.problems
        assert report.records == 120 and report.leaves == 120 + edited
        assert await db["versions"].count_documents({}) == 120 + edited

        doc = await store.records.find_one({"item_id": "bench-item-51"})  # 51: an edited item
        word = max(doc["text"].split(), key=len)
        found, _ = await store.search(SearchQuery(municipality=M, text=word, account_id=doc["account_id"]))
        assert doc["_id"] in [r.id for r in found]

        detail = await proofs.record_detail(store=store, ledger=ledger, municipality=M, rid=doc["_id"])
        assert detail is not None
        assert [v.version for v in detail.versions] == [1, 2]
        assert detail.text.endswith("(redigerad)")
        head = detail.log.tree_head
        assert head is not None
        assert head.tree_size == 120 + edited and len(detail.log.leaves) == 2
        for leaf in detail.log.leaves:
            proof = [bytes.fromhex(h) for h in leaf.inclusion_proof or []]
            assert merkle.verify_inclusion(bytes.fromhex(leaf.leaf_hash), leaf.leaf_index, head.tree_size,
                                           proof, bytes.fromhex(head.root_hash))
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_search_pages_hold_every_record_once_within_one_second(servers) -> None:
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    db = client[f"pages{uuid.uuid4().hex[:8]}"]
    store = RecordStore(db)
    at = datetime(2026, 3, 1, 10, 0, 0, tzinfo=UTC)
    try:
        await store.ensure_indexes()
        for i in range(13):  # 10:00:00.0 to 10:00:01.2
            await store.insert_record(new_record(
                f"r{i:02d}", municipality=M, source="social", now=at,
                content={"text": f"snöröjning {i}", "author": {"platform_id": "a", "name": "Åsa"}},
                meta={"account_id": "page-1", "published_at": at + timedelta(milliseconds=100 * i)}))
        for newest_first, text in ((False, "snoroj"), (True, "snoroj"), (False, None), (True, None)):
            seen, token = [], None
            for _ in range(20):
                page, token = await store.search(SearchQuery(municipality=M, text=text, account_id="page-1", limit=2,
                                                             newest_first=newest_first, page_token=token))
                seen += [r.id for r in page]
                if not token:
                    break
            expected = [f"r{i:02d}" for i in range(13)]
            assert seen == (expected[::-1] if newest_first else expected)
    finally:
        await client.drop_database(db.name)
        await client.close()
