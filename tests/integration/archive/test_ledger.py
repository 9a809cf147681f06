"""The tamper-evident log's sequencer against a real server: two sequencers (as two
replicas would) racing over the same queue append every leaf exactly once, in batches,
and the stored tree is the tree of those leaves; inclusion proofs verify."""

from __future__ import annotations

import asyncio
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo import AsyncMongoClient

from services.archive.domain import merkle
from services.archive.adapters.ledger import Ledger


async def test_racing_sequencers_append_each_leaf_once_and_the_tree_holds(servers) -> None:
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    db = client[f"ledger{uuid.uuid4().hex[:8]}"]
    key = Ed25519PrivateKey.generate()
    first, second = Ledger(db, key), Ledger(db, key)
    await first.ensure_indexes()
    try:
        for n in range(1300):  # more than two batches of 500, in two rounds with a race between
            await first.enqueue(f"leaf{n:05d}", "knivsta", f"rec{n % 40}", {"n": n, "text": f"kommentar {n}"})
            if n == 700:
                await asyncio.gather(first.sequence("knivsta", batch=300), second.sequence("knivsta", batch=300))
        await first.enqueue("leaf00003", "knivsta", "rec3", {"n": 3, "text": "kommentar 3"})  # a redelivery
        await asyncio.gather(first.sequence("knivsta", batch=300), second.sequence("knivsta", batch=300))
        await first.sequence("knivsta")  # whatever a lost race left behind

        leaves = await db["log_leaves"].find({"municipality": "knivsta"}).sort("index", 1).to_list()
        assert [leaf["index"] for leaf in leaves] == list(range(1300))
        assert sorted(leaf["_id"] for leaf in leaves) == [f"leaf{n:05d}" for n in range(1300)]
        assert await db["log_queue"].count_documents({}) == 0
        expected = merkle.ListNodes([bytes.fromhex(leaf["leaf_hash"]) for leaf in leaves])
        assert await first.root("knivsta", 1300) == expected.root()
        head = await first.latest_head("knivsta")
        assert head is not None and head.tree_size == 1300 and head.root_hash == expected.root().hex()
        proof = [bytes.fromhex(h) for h in await first.inclusion("knivsta", 777, 1300)]
        assert merkle.verify_inclusion(bytes.fromhex(leaves[777]["leaf_hash"]), 777, 1300, proof, expected.root())
    finally:
        await client.drop_database(db.name)
        await client.close()
