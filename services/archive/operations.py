"""Staff use cases: record detail with proof, disclosure, holds, snapshots (SIP export: `export.py`)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import deterministic_id, new_id, utcnow
from shared.clients.registry import RegistryUnavailable
from shared.contracts.archive import ExportDisclosure, SnapshotDue
from shared.contracts.commands import Refusal
from shared.policy import PolicyError, available_packs, load_pack
from shared.policy.local import LocalDecision, effective

from . import disclosure
from .ledger import Ledger
from .pages import PageDirectory
from .service import policy_for
from .store import RecordStore


def municipality_name(municipality: str) -> str:
    try:
        return load_pack(municipality).municipality
    except PolicyError:
        return municipality


def personal_data_notice(municipality: str, decisions: Sequence[LocalDecision] = ()) -> str | None:
    """Who is controller and whom to ask about personal data, where the pack says (Lidköping L77, L79),
    with the contact the municipality entered for its link page (`decisions`, registry's)."""
    try:
        page = effective(load_pack(municipality), list(decisions)).pack.registry.link_page
    except PolicyError:
        return None
    parts = [p for p in (page.personal_data_controller,
                         f"Frågor om personuppgifter: {page.gdpr_contact}" if page.gdpr_contact else None) if p]
    return " ".join(parts) or None


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


async def disclose_for_staff(*, store: RecordStore, pages: PageDirectory,
                             command: ExportDisclosure) -> dict[str, Any]:
    """`disclose` with the contact the municipality entered for its link page in registry;
    refused when registry does not answer and the pack says a disclosure names it."""
    try:
        decisions = [] if command.preview else await pages.link_page_decisions(command.actor.municipality)
    except RegistryUnavailable:
        # Where the pack says a disclosure names whom to ask about personal data (Lidköping L77, L79),
        # it is not made without the contact the municipality entered in registry.
        if personal_data_notice(command.actor.municipality):
            raise Refusal("Kontoregistret svarar inte, så kontakten för frågor om "
                          "personuppgifter kan inte tas med. Försök igen om en stund.") from None
        decisions = []
    try:
        return await disclose(store=store, command=command, link_page_decisions=decisions)
    except LookupError as exc:
        raise Refusal(f"Handlingar saknas: {exc}") from exc


async def disclose(*, store: RecordStore, command: ExportDisclosure,
                   link_page_decisions: Sequence[LocalDecision] = ()) -> dict[str, Any]:
    """Redact and render the selected records; log the request (unless a preview)."""
    municipality = command.actor.municipality
    policy = policy_for(municipality)
    redactions = {r.record_id: r for r in command.redactions}
    prepared, missing = [], []
    for rid in command.record_ids:
        doc = await store.get(municipality, rid)
        if doc is None:
            missing.append(rid)
            continue
        r = redactions.get(rid)
        prepared.append(disclosure.prepare(doc, policy.disclosure_redact_categories,
                                           [s.model_dump() for s in r.add] if r else [],
                                           r.remove_premarked if r else []))
    if missing:
        raise LookupError(", ".join(missing))
    disclosure_id = new_id()
    now = utcnow()
    context = {"disclosure_id": disclosure_id, "municipality_name": municipality_name(municipality),
               "requested_at": now.isoformat(timespec="seconds"), "actor": command.actor.name,
               "reference": command.reference, "records": prepared,
               "personal_data": personal_data_notice(municipality, link_page_decisions)}
    if command.preview:
        return {"preview": True, "records": [{"id": p["id"], "premarked": p["premarked"], "spans": p["spans"],
                                              "text": p["text"]} for p in prepared]}
    html = disclosure.render_html(context)
    pdf = disclosure.render_pdf(context)
    await store.log_disclosure({
        "_id": disclosure_id, "municipality": municipality, "requested_at": now,
        "actor": command.actor.model_dump(mode="json"), "requester": command.requester,
        "reference": command.reference, "record_ids": command.record_ids,
        "redactions": [{"record_id": p["id"], "spans": p["spans"]} for p in prepared],
        "html_sha256": disclosure.sha256(html.encode()), "pdf_sha256": disclosure.sha256(pdf),
        "html": html, "pdf": pdf})
    return {"disclosure_id": disclosure_id, "html": html, "pdf_base64": base64.b64encode(pdf).decode(),
            "pdf_sha256": disclosure.sha256(pdf), "pdfa": "PDF/A-2B"}


async def snapshots_due(*, store: RecordStore, pages: PageDirectory, now: datetime | None = None,
                        municipality: str | None = None) -> list[dict[str, Any]]:
    """Accounts whose half-yearly snapshot is due (or soon due), per pack: every live account
    registry gives an address for, and every account in the `SNAPSHOT_PAGES` setting."""
    now = now or utcnow()
    out = []
    for m in [municipality] if municipality else pages.municipalities(available_packs()):
        policy = policy_for(m).snapshots
        if not policy.every_months:
            continue
        for account_id, url in sorted((await pages.pages(m)).items()):
            last = await store.last_snapshot(m, account_id)
            last_at = last["sort_at"] if last else None
            due_at = (last_at + timedelta(days=round(policy.every_months * 30.44))) if last_at else now
            if due_at - timedelta(days=policy.remind_days_before) <= now:
                out.append({"municipality": m, "account_id": account_id, "page_url": url, "due_at": due_at,
                            "last_snapshot_at": last_at})
    return out


async def remind_snapshots(*, store: RecordStore, broker: NatsBroker, pages: PageDirectory) -> int:
    """Publish `archive.snapshot.due` once per account and due date."""
    due = await snapshots_due(store=store, pages=pages, now=utcnow())
    for item in due:
        event = SnapshotDue(
            event_id=deterministic_id("archive.snapshot.due", item["municipality"], item["account_id"],
                                      item["due_at"].date().isoformat()),
            municipality=item["municipality"], account_id=item["account_id"], page_url=item["page_url"],
            due_at=item["due_at"], last_snapshot_at=item["last_snapshot_at"])
        await publish_event(broker, event, subjects.ARCHIVE_SNAPSHOT_DUE)
    return len(due)


async def consistency(*, ledger: Ledger, municipality: str, old_size: int, new_size: int) -> dict[str, Any]:
    """The signed heads of `old_size` and `new_size` leaves and the proof that the first is a prefix of the second."""
    old, new = await ledger.head(municipality, old_size), await ledger.head(municipality, new_size)
    if old is None or new is None or old_size > new_size:
        raise Refusal("okänt trädhuvud eller fel ordning")
    return {"old": old, "new": new, "proof": await ledger.consistency(municipality, old_size, new_size)}
