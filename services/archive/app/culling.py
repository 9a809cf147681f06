"""Culling (gallring) runs: which records, under which decision, by whom, when.

A run is a recorded act with its protocol (gallringsprotokoll). Culling removes the
content of a record and its versions; the record's metadata, the content digests and
every log leaf stay, so the Merkle log still verifies. Held records are never culled.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import deterministic_id, new_id, utcnow
from shared.contracts.archive import Culled, CullingEntry, CullingRun, RecordCulled
from shared.contracts.commands import Refusal
from shared.policy import PolicyError, load_pack
from shared.policy.local import LocalDecisionStore, effective
from shared.policy.readiness import WHERE, missing_culling_decisions

from ..domain.rules import cullable
from ..adapters.ledger import Ledger
from .records import facts_of, log_event
from ..adapters.store import RecordStore


async def run_culling(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, municipality: str,
                      actor: dict[str, Any], dry_run: bool = False) -> CullingRun:
    """Cull every record the pack's retention rules allow now; returns the protocol.

    Only under a gallringsbeslut the municipality recorded (reference, date, periods): a
    record whose rule rests on a missing one is left alone, and a run none of whose
    decisions exists is refused (the preview says what is missing)."""
    try:
        pack = load_pack(municipality)
    except PolicyError:
        raise Refusal(f"Gallring vägras: inget policypaket för {municipality}.") from None
    eff = effective(pack, await LocalDecisionStore(store.db).all(municipality))
    policy = eff.pack.archive
    missing = missing_culling_decisions(eff)
    resting = {r.decision for r in policy.retention if r.action == "cull"}
    if not dry_run and resting and resting <= set(missing):
        raise Refusal("Gallring vägras: " + "; ".join(missing.values()) + ". " + WHERE)
    decisions = {d.id: d.model_dump() for d in policy.culling_decisions}
    now = utcnow()
    run_id = new_id()
    run = CullingRun(id=run_id, municipality=municipality, started_at=now, by=actor, dry_run=dry_run,
                     status="running", entries=[], held_skipped=0, decisions=decisions, missing_decisions=missing,
                     blocked=0)
    if not dry_run:
        await store.save_run(run)
    entries: list[CullingEntry] = []
    held_skipped = blocked = 0
    after = None
    while True:
        batch = await store.culling_candidates(municipality, after_id=after, batch=500)
        if not batch:
            break
        after = batch[-1].id
        for doc in batch:
            facts = facts_of(doc)
            # Judge as if unheld, so the protocol can say how many a hold kept back.
            verdict = cullable(policy, replace(facts, held=False), now)
            if verdict is None:
                continue
            if facts.held:
                held_skipped += 1
                continue
            rule = verdict.rule
            assert rule is not None and rule.decision is not None
            if rule.decision in missing:  # a guessed decision never culls
                blocked += 1
                continue
            entry = CullingEntry(record_id=doc.id, rule_id=rule.id, decision=rule.decision,
                                 content_sha256=doc.content_sha256, sort_at=doc.sort_at, account_id=doc.account_id,
                                 platform=doc.platform, direction=doc.direction, kind=doc.kind)
            if not dry_run:
                culled = Culled(run_id=run_id, at=now, rule_id=rule.id, decision=rule.decision, by=actor.get("name"))
                if not await store.cull(doc.id, culled):
                    continue  # a hold arrived meanwhile, or another run culled it
                event_id = deterministic_id("archive.culled", doc.id, run_id)
                await log_event(ledger, municipality=municipality, rid=doc.id, now=now,
                                event={"event_id": event_id, "type": "culled", "run_id": run_id,
                                       "decision": rule.decision, "rule_id": rule.id, "at": now.isoformat()})
                await publish_event(broker, RecordCulled(event_id=event_id, municipality=municipality,
                                                         record_id=doc.id, run_id=run_id,
                                                         decision=rule.decision, rule_id=rule.id),
                                    subjects.ARCHIVE_CULLED)
            entries.append(entry)
    run = run.model_copy(update={"status": "preview" if dry_run else "completed", "entries": entries,
                                 "held_skipped": held_skipped, "blocked": blocked, "finished_at": utcnow(),
                                 "count": len(entries)})
    if not dry_run:
        await store.save_run(run)
    return run


async def preview(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, municipality: str) -> CullingRun:
    """What a culling run now would cull (nothing is culled or logged)."""
    return await run_culling(store=store, ledger=ledger, broker=broker, municipality=municipality,
                             actor={"user_id": "preview", "name": "förhandsvisning"}, dry_run=True)


async def recent_runs(*, store: RecordStore, municipality: str, limit: int) -> list[CullingRun]:
    """The latest runs, each with how many it culled instead of its protocol."""
    runs = await store.list_runs(municipality, limit)
    return [r.model_copy(update={"entries": None, "count": len(r.entries or [])}) for r in runs]
