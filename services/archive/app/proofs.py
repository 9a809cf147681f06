"""A record's place in the signed log: the record with the inclusion proof of each of its
leaves, and the consistency of two tree heads."""

from __future__ import annotations

import json
from typing import Any

from shared.contracts.archive import Consistency, LeafProof, RecordDetail, RecordLog, TreeHead
from shared.contracts.commands import Refusal

from ..adapters.ledger import Ledger
from ..adapters.store import SEARCH_FIELDS, RecordStore


async def record_detail(*, store: RecordStore, ledger: Ledger, municipality: str, rid: str) -> RecordDetail | None:
    """The record with versions, tags, decisions, registration, and an inclusion proof of
    each of its log leaves against the latest signed tree head."""
    record = await store.get(municipality, rid)
    if record is None:
        return None
    head = await ledger.latest_head(municipality)
    proofs = []
    for leaf in await ledger.leaves_of(rid):
        entry: dict[str, Any] = {"leaf_index": leaf.index, "leaf": json.loads(leaf.leaf), "leaf_hash": leaf.leaf_hash}
        if head and leaf.index < head.tree_size:  # else sequenced after the latest head: no proof yet
            entry["inclusion_proof"] = await ledger.inclusion(municipality, leaf.index, head.tree_size)
            entry["tree_size"] = head.tree_size
        proofs.append(LeafProof.model_validate(entry))
    # The head as the record page has always shown it: without its `_id`.
    head_shown = TreeHead.model_validate(head.model_dump(exclude={"id"})) if head else None
    log = RecordLog(tree_head=head_shown, leaves=proofs, pending=await ledger.pending_count(rid))
    shown = record.model_dump(exclude=SEARCH_FIELDS)
    return RecordDetail.model_validate({**shown, "versions": await store.versions_of(rid), "log": log})


async def consistency(*, ledger: Ledger, municipality: str, old_size: int, new_size: int) -> Consistency:
    """The signed heads of `old_size` and `new_size` leaves and the proof that the first is a prefix of the second."""
    old, new = await ledger.head(municipality, old_size), await ledger.head(municipality, new_size)
    if old is None or new is None or old_size > new_size:
        raise Refusal("okänt trädhuvud eller fel ordning")
    return Consistency(old=old, new=new, proof=await ledger.consistency(municipality, old_size, new_size))
