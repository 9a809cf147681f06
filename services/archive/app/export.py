"""E-ARK SIP export (FGS Paketstruktur 2.0): who the package names, and the records read in
pages along an index and streamed into the package writer (`sip.SipWriter`).

The organisationsnummer comes from the policy pack (`archive.package.organisation_number`);
without it the export is refused with a message naming the field. Under `make run` (demo
data) the archive records at start that the pack's `archive.package.demo` values may stand
in, so the command line export works out of the box; such a package is a test delivery
(RECORDSTATUS="TEST") and says in its label, agents and README that the values are demo values.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.archive import PackageProfileSummary, Version
from shared.contracts.commands import Refusal
from shared.policy import PolicyError, available_packs, load_pack
from shared.policy.sections.archive import PackageProfile

from ..adapters import sip
from ..adapters.ledger import Ledger, LogLeaf
from ..adapters.store import Record, RecordStore
from .policies import municipality_name, policy_for

PAGE = 200
DEMO_NOTICE = ("DEMOVÄRDEN. Organisationsnummer, leveransöverenskommelse och mottagande arkiv i detta paket är "
               "påhittade övningsvärden från demoläget (make run). Paketet är en testleverans, ingen riktig leverans.")


class ExportRefused(Refusal):
    """The export cannot be made; the message (Swedish) says what the archivist must do."""


@dataclass(frozen=True)
class Delivery:
    """The pack's delivery facts, with demo values filled in where allowed."""

    profile: PackageProfile
    demo: bool


def delivery(profile: PackageProfile, *, demo_allowed: bool) -> Delivery:
    if profile.organisation_number or not demo_allowed or profile.demo is None:
        return Delivery(profile, False)
    d = profile.demo
    return Delivery(profile.model_copy(update={
        "organisation_number": d.organisation_number,
        "submission_agreement": profile.submission_agreement or d.submission_agreement,
        "preservation_archive": profile.preservation_archive or d.preservation_archive,
        "reference_code": profile.reference_code or d.reference_code}), True)


def package_facts(d: Delivery, *, municipality: str, municipality_name: str, label: str,
                  created: datetime) -> sip.PackageFacts:
    """Agents as SIP 2.1.0 names them; refused without the archival creator's organisationsnummer."""
    p = d.profile
    if not p.organisation_number:
        raise ExportRefused(
            f"E-ARK-paketet kan inte skapas: policypaketet för {municipality_name} ({municipality}) saknar "
            "fältet archive.package.organisation_number (arkivbildarens organisationsnummer, NNNNNN-NNNN). "
            f"Arkivarien fyller i det i shared/policy/packs/{municipality}.yaml.")
    mark = " (demo)" if d.demo else ""
    creator = (p.archival_creator or municipality_name) + mark
    agents = [
        sip.Agent("CREATOR", "OTHER", sip.SOFTWARE, sip.software_version(), "SOFTWARE VERSION", "SOFTWARE"),
        sip.Agent("ARCHIVIST", "ORGANIZATION", creator, p.organisation_number, "IDENTIFICATIONCODE"),
        sip.Agent("CREATOR", "ORGANIZATION", (p.submitter + mark) if p.submitter else creator,
                  p.submitter_organisation_number or p.organisation_number, "IDENTIFICATIONCODE"),
    ]
    # The contact person (SIP21-25, CREATOR/INDIVIDUAL) goes into the README, not an agent:
    # commons-ip 2.10.0 counts every CREATOR that is not OTHER as a submitting agent (SIP15,
    # "more than one") and demands csip:NOTETYPE on every note, which has no value for contacts.
    if p.preservation_archive:
        agents.append(sip.Agent("PRESERVATION", "ORGANIZATION", p.preservation_archive + mark,
                                p.preservation_archive_id, "IDENTIFICATIONCODE" if p.preservation_archive_id else None))
    full_label = f"{p.information_type}, {municipality_name}" + (f" · {label}" if label else "")
    return sip.PackageFacts(
        objid=f"kanalvakt-{municipality}-{uuid.uuid4()}",
        label=full_label + (" · DEMOVÄRDEN, testleverans" if d.demo else ""),
        created=created.astimezone(UTC).isoformat(timespec="seconds"), municipality_name=municipality_name,
        agents=tuple(agents), submission_agreement=p.submission_agreement, reference_code=p.reference_code,
        access_restrict=p.access_restrict, record_status="TEST" if d.demo else "NEW",
        notice=DEMO_NOTICE if d.demo else None, content_type=p.content_type_specification,
        contact=", ".join(x for x in (p.contact_name, p.contact_details) if x) or None)


# --- demo decisions ---------------------------------------------------------------------

def _decisions(db: AsyncDatabase) -> Any:
    return db["package_decisions"]


async def note_demo_mode(db: AsyncDatabase, *, enabled: bool) -> list[str]:
    """At start: with demo data (make run) note, for every pack with demo values, that they
    may stand in; without, withdraw any such note, so a real deployment never exports them."""
    if not enabled:
        await _decisions(db).delete_many({"demo": True})
        return []
    allowed = []
    for municipality in available_packs():
        try:
            profile = load_pack(municipality).archive.package
        except PolicyError:
            continue
        if profile.demo is not None:
            await _decisions(db).update_one({"_id": municipality}, {"$set": {
                "demo": True, "values": profile.demo.model_dump(), "noted_at": datetime.now(UTC)}}, upsert=True)
            allowed.append(municipality)
    return allowed


async def delivery_for(db: AsyncDatabase, municipality: str) -> Delivery:
    decision = await _decisions(db).find_one({"_id": municipality})
    return delivery(policy_for(municipality).package, demo_allowed=bool(decision and decision.get("demo")))


async def profile_summary(db: AsyncDatabase, municipality: str) -> PackageProfileSummary:
    """What an export would name (`q.archive.package_profile`), for the staff UI."""
    d = await delivery_for(db, municipality)
    p = d.profile
    return PackageProfileSummary(
        demo=d.demo, archival_creator=p.archival_creator or municipality_name(municipality),
        organisation_number=p.organisation_number, submitter=p.submitter,
        submission_agreement=p.submission_agreement, reference_code=p.reference_code,
        preservation_archive=p.preservation_archive, ready=bool(p.organisation_number),
        missing=[] if p.organisation_number else ["archive.package.organisation_number"])


async def export_sip(*, store: RecordStore, ledger: Ledger, out: Path, municipality: str, account_id: str | None,
                     date_from: datetime | None, date_to: datetime | None) -> Path:
    """Write the SIP under `out`; its folder. Raises ExportRefused (nothing written)."""
    name = municipality_name(municipality)
    label = f"Konto {account_id or 'alla'}, {date_from or '…'}–{date_to or '…'}"
    facts = package_facts(await delivery_for(store.db, municipality), municipality=municipality,
                          municipality_name=name, label=label, created=datetime.now(UTC))
    writer = sip.SipWriter(out, facts)
    # One page is written (in a thread) while the next is read: the reads wait mostly on the
    # database server, a second process, so the two overlap; two pages in memory at most.
    writing: asyncio.Future[None] | None = None
    try:
        async for page in store.in_pages(municipality, account_id=account_id, date_from=date_from,
                                         date_to=date_to, page_size=PAGE):
            histories = [await _history(store, ledger, record.id) for record in page]
            if writing is not None:
                await writing
            writing = asyncio.ensure_future(asyncio.to_thread(_write_page, writer, page, histories))
        if writing is not None:
            await writing
    finally:
        if writing is not None and not writing.done():
            await asyncio.wait([writing])  # the writer is not left busy behind an error
    return writer.finish(log_head=await ledger.latest_head(municipality))


def _write_page(writer: sip.SipWriter, page: list[Record],
                histories: list[tuple[list[Version], list[LogLeaf]]]) -> None:
    for record, (versions, leaves) in zip(page, histories, strict=True):
        writer.add(record, versions, leaves)


async def _history(store: RecordStore, ledger: Ledger, rid: str) -> tuple[list[Version], list[LogLeaf]]:
    """A record's versions (by number) and log leaves (by index), as the record page reads
    them: one `$eq` on `record_id` each, which the `(record_id, version)` and `(record_id)`
    indexes answer. Not one `$in` per page: nx-27017 0.8.1 turns `$in` on any field but `_id`
    into a json_each test of every row (traced: SCAN versions, SCAN log_leaves), so each page
    of 200 read both collections whole (1.2 s a page at 150,000 records; these 400 look-ups
    take 0.4 s at any size)."""
    return await store.versions_of(rid), await ledger.leaves_of(rid)
