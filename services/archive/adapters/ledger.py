"""The append-only Merkle log of every record version and record event (RFC 9162 style).

Writers only *queue* a leaf (idempotent, keyed by record and entry). A sequencer, one at
a time per municipality under a lease in MongoDB (replicas may race), gives queued
leaves consecutive indexes, stores the complete subtree hashes they finish, and signs a
new tree head. Proofs are built from the stored subtree hashes: O(log² n) lookups.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo.asynchronous.database import AsyncDatabase
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.contracts import utcnow
from shared.contracts.archive import TreeHead
from shared.group_commit import insert_once
from shared.logging import get_logger

from ..domain import merkle
from ..domain.records import canonical_json
from .signing import public_hex, sth_message

log = get_logger(__name__)
LEASE = timedelta(seconds=30)


@dataclass(frozen=True)
class LogLeaf:
    """A leaf appended to the log (`log_leaves`): `leaf` is its canonical JSON."""

    index: int
    record_id: str
    leaf: str
    leaf_hash: str

    @classmethod
    def of(cls, doc: dict[str, Any]) -> LogLeaf:
        return cls(index=int(doc["index"]), record_id=doc["record_id"], leaf=doc["leaf"], leaf_hash=doc["leaf_hash"])


class Ledger:
    def __init__(self, db: AsyncDatabase, key: Ed25519PrivateKey) -> None:
        self.queue = db["log_queue"]
        self.leaves = db["log_leaves"]
        self.nodes = db["log_nodes"]
        self.sths = db["log_sths"]
        self.locks = db["locks"]
        self.key = key
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._enqueue = insert_once(self.queue)  # concurrent handlers' leaves in one write

    async def ensure_indexes(self) -> None:
        await self.leaves.create_index([("municipality", 1), ("index", 1)], unique=True)
        await self.leaves.create_index([("record_id", 1)])
        await self.queue.create_index([("municipality", 1), ("queued_at", 1)])
        await self.sths.create_index([("municipality", 1), ("tree_size", -1)])

    async def enqueue(self, key: str, municipality: str, record_id: str, leaf: dict[str, Any]) -> None:
        """Durably note a leaf to append; a redelivery queues nothing new (and a leaf queued
        again after it was appended is dropped by the sequencer: its `_id` is taken)."""
        data = canonical_json(leaf)
        doc = {"_id": key, "municipality": municipality, "record_id": record_id, "leaf": data.decode(),
               "leaf_hash": merkle.leaf_hash(data).hex(), "queued_at": utcnow()}
        await self._enqueue(doc)

    # --- sequencing ----------------------------------------------------------------

    async def sequence_all(self) -> None:
        """`sequence` the log of every municipality with leaves queued."""
        for municipality in await self.queue.distinct("municipality"):
            await self.sequence(municipality)

    async def _lease(self, municipality: str) -> bool:
        """Take (or renew) the sequencer lease: a unique-key insert when nobody holds it,
        else a conditional update that only an expired or our own lease matches. Both are
        single-document atomic on every conformant server; a conditional *upsert* is not
        used (two racing upserts both won on nx-27017)."""
        now = utcnow()
        lease_id = f"sequencer:{municipality}"
        try:
            await self.locks.insert_one({"_id": lease_id, "owner": self.owner, "expires_at": now + LEASE})
            return True
        except DuplicateKeyError:
            pass
        # Two single-condition updates, not one `$or`: a conditional update whose filter
        # holds an `$or` is not atomic on nx-27017 (two racing processes both matched).
        for holder in ({"owner": self.owner}, {"expires_at": {"$lt": now}}):
            taken = await self.locks.update_one({"_id": lease_id, **holder},
                                                {"$set": {"owner": self.owner, "expires_at": now + LEASE}})
            if taken.matched_count == 1:
                return True
        return False  # another replica holds it: it sequences our leaves too

    async def _unlease(self, municipality: str) -> None:
        await self.locks.delete_one({"_id": f"sequencer:{municipality}", "owner": self.owner})

    async def size(self, municipality: str) -> int:
        # `$eq`, not a bare value: on nx-27017 a bare value also matches arrays holding it,
        # which no index serves, so every append sorted the whole log (the conformance suite
        # proves `$eq` is plain equality).
        last = await self.leaves.find_one({"municipality": {"$eq": municipality}}, sort=[("index", -1)])
        return 0 if last is None else int(last["index"]) + 1

    async def _frontier(self, municipality: str, size: int) -> dict[tuple[int, int], bytes]:
        """The complete subtrees on the right edge of a tree of `size` leaves: every left
        sibling the next appends can need, in one query."""
        wanted = [(level, (size >> level) - 1) for level in range(size.bit_length()) if (size >> level) & 1]
        ids = [f"{municipality}:{lv}:{ix}" for lv, ix in wanted]
        found: dict[tuple[int, int], bytes] = {}
        async for doc in self.nodes.find({"_id": {"$in": ids}}):
            _, lv, ix = doc["_id"].rsplit(":", 2)
            found[(int(lv), int(ix))] = bytes.fromhex(doc["hash"])
        if missing := [w for w in wanted if w not in found]:
            raise LookupError(f"log nodes {missing} of {municipality} missing")
        return found

    async def sequence(self, municipality: str, batch: int = 500) -> int:
        """Append queued leaves in batches and sign one tree head; returns how many were
        appended. Per batch: one read of the queue, one of the leaves already appended, one
        of the tree's right edge, then the new subtree hashes, the leaves and the dequeue
        as three bulk writes. The hashes go first and are overwritten on a re-run: they
        only sit at positions whose leaves are not committed yet, and a leaf is committed
        (by its unique (municipality, index)) only after its hashes are stored."""
        appended = 0
        try:
            while await self._lease(municipality):  # renewed every batch: a long run keeps it
                queued = await self.queue.find({"municipality": municipality}).sort(
                    [("queued_at", 1), ("_id", 1)]).limit(batch).to_list()
                if not queued:
                    break
                ids = [item["_id"] for item in queued]
                done = {d["_id"] async for d in self.leaves.find({"_id": {"$in": ids}}, {"_id": 1})}
                if done:  # appended by an earlier run that stopped before dequeuing
                    await self.queue.delete_many({"_id": {"$in": sorted(done)}})
                fresh = [item for item in queued if item["_id"] not in done]
                if not fresh:
                    continue
                size = await self.size(municipality)
                known = await self._frontier(municipality, size)
                nodes: list[UpdateOne] = []
                leaves = []
                for offset, item in enumerate(fresh):
                    index = size + offset
                    for lvl, idx, h in merkle.completed_nodes(index, bytes.fromhex(item["leaf_hash"]),
                                                              lambda lv, ix: known[(lv, ix)]):  # noqa: B023 - called before the loop moves on
                        known[(lvl, idx)] = h
                        nodes.append(UpdateOne({"_id": f"{municipality}:{lvl}:{idx}"}, {"$set": {"hash": h.hex()}},
                                               upsert=True))
                    leaves.append({"_id": item["_id"], "municipality": municipality, "record_id": item["record_id"],
                                   "index": index, "leaf": item["leaf"], "leaf_hash": item["leaf_hash"],
                                   "sequenced_at": utcnow()})
                await self.nodes.bulk_write(nodes, ordered=False)
                try:
                    await self.leaves.insert_many(leaves, ordered=True)
                except BulkWriteError as exc:
                    # An index was taken: another sequencer took over an expired lease and
                    # appends the rest. What we inserted before the clash stands.
                    written = exc.details.get("nInserted", 0)
                    await self.queue.delete_many({"_id": {"$in": [leaf["_id"] for leaf in leaves[:written]]}})
                    return appended + written
                await self.queue.delete_many({"_id": {"$in": [leaf["_id"] for leaf in leaves]}})
                appended += len(leaves)
            if appended:
                await self.sign_head(municipality)
        finally:
            await self._unlease(municipality)
        return appended

    async def sign_head(self, municipality: str) -> TreeHead:
        size = await self.size(municipality)
        root = await self.root(municipality, size)
        timestamp_ms = int(utcnow().timestamp() * 1000)
        signature = self.key.sign(sth_message(municipality, size, timestamp_ms, root))
        sth = {"_id": f"{municipality}:{size}", "municipality": municipality, "tree_size": size,
               "root_hash": root.hex(), "timestamp_ms": timestamp_ms, "signature": signature.hex(),
               "public_key": public_hex(self.key)}
        await self.sths.update_one({"_id": sth["_id"]}, {"$setOnInsert": sth}, upsert=True)
        return TreeHead.model_validate(await self.sths.find_one({"_id": sth["_id"]}) or sth)

    # --- reading -------------------------------------------------------------------

    async def _getter(self, municipality: str, plan: Any) -> merkle.NodeGetter:
        """Run `plan` once with a recording getter, fetch every node it asked for in one
        query, and return a getter over them (the access pattern does not depend on hashes)."""
        wanted: set[tuple[int, int]] = set()

        def record(level: int, index: int) -> bytes:
            wanted.add((level, index))
            return b"\x00" * 32

        plan(record)
        ids = [f"{municipality}:{lv}:{ix}" for lv, ix in wanted]
        found: dict[tuple[int, int], bytes] = {}
        for chunk in range(0, len(ids), 500):
            async for doc in self.nodes.find({"_id": {"$in": ids[chunk:chunk + 500]}}):
                _, lv, ix = doc["_id"].rsplit(":", 2)
                found[(int(lv), int(ix))] = bytes.fromhex(doc["hash"])
        return lambda lv, ix: found[(lv, ix)]

    async def root(self, municipality: str, size: int) -> bytes:
        get = await self._getter(municipality, lambda g: merkle.root(g, size))
        return merkle.root(get, size)

    async def latest_head(self, municipality: str) -> TreeHead | None:
        found = await self.sths.find_one({"municipality": municipality}, sort=[("tree_size", -1)])
        return TreeHead.model_validate(found) if found else None

    async def head(self, municipality: str, size: int) -> TreeHead | None:
        found = await self.sths.find_one({"_id": f"{municipality}:{size}"})
        return TreeHead.model_validate(found) if found else None

    async def leaves_of(self, record_id: str) -> list[LogLeaf]:
        # `$eq`: a bare value is an OR on nx-27017 that no index serves (RecordStore.search).
        return [LogLeaf.of(doc) for doc in
                await self.leaves.find({"record_id": {"$eq": record_id}}).sort("index", 1).to_list()]

    async def pending_count(self, record_id: str) -> int:
        """How many of the record's leaves are queued, not yet in the log."""
        return len(await self.queue.find({"record_id": record_id}).to_list())

    async def inclusion(self, municipality: str, index: int, size: int) -> list[str]:
        get = await self._getter(municipality, lambda g: merkle.inclusion_proof(g, index, size))
        return [h.hex() for h in merkle.inclusion_proof(get, index, size)]

    async def consistency(self, municipality: str, old: int, new: int) -> list[str]:
        get = await self._getter(municipality, lambda g: merkle.consistency_proof(g, old, new))
        return [h.hex() for h in merkle.consistency_proof(get, old, new)]
