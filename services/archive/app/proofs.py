"""A record's place in the signed log: the record with the inclusion proof of each of its
leaves, and the consistency of two tree heads."""

from __future__ import annotations

import json
from typing import Any

from shared.contracts.commands import Refusal

from ..adapters.ledger import Ledger
from ..adapters.store import RecordStore


async def record_detail(*, store: RecordStore, ledger: Ledger, municipality: str, rid: str) -> dict[str, Any] | None:
    """The record with versions, tags, decisions, registration, and an inclusion proof of
    each of its log leaves against the latest signed tree head."""
    doc = await store.get(municipality, rid)
    if doc is None:
        return None
    doc.pop("terms", None), doc.pop("words", None), doc.pop("author_terms", None)
    doc["versions"] = await store.versions_of(rid)
    head = await ledger.latest_head(municipality)
    proofs = []
    for leaf in await ledger.leaves_of(rid):
        entry = {"leaf_index": leaf["index"], "leaf": json.loads(leaf["leaf"]), "leaf_hash": leaf["leaf_hash"]}
        if head and leaf["index"] < head["tree_size"]:
            entry["inclusion_proof"] = await ledger.inclusion(municipality, leaf["index"], head["tree_size"])
            entry["tree_size"] = head["tree_size"]
        proofs.append(entry)
    doc["log"] = {"tree_head": head and {k: v for k, v in head.items() if k != "_id"}, "leaves": proofs,
                  "pending": len(await ledger.pending_of(rid))}
    return doc


async def consistency(*, ledger: Ledger, municipality: str, old_size: int, new_size: int) -> dict[str, Any]:
    """The signed heads of `old_size` and `new_size` leaves and the proof that the first is a prefix of the second."""
    old, new = await ledger.head(municipality, old_size), await ledger.head(municipality, new_size)
    if old is None or new is None or old_size > new_size:
        raise Refusal("okänt trädhuvud eller fel ordning")
    return {"old": old, "new": new, "proof": await ledger.consistency(municipality, old_size, new_size)}
