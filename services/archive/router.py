"""Archive's subscribers, each a few lines calling one use case: events in (items, tags,
and what other services drew up), the queries (`q.archive.*`, shared/contracts/archive.py)
and the commands (`cmd.archive.*`). `register` binds them (shared/routing.py)."""

from __future__ import annotations

from typing import Any

from faststream import Context

from shared import subjects
from shared.broker import PoisonMessage
from shared.contracts import CommandResult, ItemTagged, PlatformEvent, Role
from shared.contracts.archive import (
    AttachRecords,
    Consistency,
    ConsistencyQuery,
    CullingOutcome,
    CullingRun,
    CullingRunQuery,
    DecideRequest,
    DeliverRequest,
    DisclosureEntry,
    DisclosureMade,
    DisclosurePreview,
    ExportDisclosure,
    ExportSip,
    Hold,
    HoldsQuery,
    MarkPassages,
    PackageProfileSummary,
    PlaceHold,
    RecordDetail,
    RecordDetailQuery,
    RecordQuery,
    RecordView,
    RegisterManually,
    RegisterRequest,
    ReleaseHold,
    RequestDecisionMade,
    RequestDelivered,
    RequestExamination,
    RequestQuery,
    RequestRegistered,
    RequestRegistration,
    RequestsQuery,
    RequestView,
    RunCulling,
    SearchQuery,
    SearchResult,
    SipExported,
    SnapshotDueRow,
    SnapshotPending,
    TakeSnapshot,
    TreeHead,
)
from shared.contracts.queries import MunicipalityQuery
from shared.routing import Router
from shared.runtime.service import ServiceRuntime

from .app import culling, disclosure, export, holds, proofs, records, registration, requests, snapshots
from .deps import Deps

# Events drawn up by other services that are upprättade handlingar (see README).
UPSTREAM = (
    ("moderation-decisions", subjects.MODERATION_DECIDED),
    ("moderation-actions", "moderation.action.>"),
    ("broadcasts", subjects.NOTIFY_BROADCAST_ALL),
    # A confirmed delivery is the broadcast as published on one channel (text, post id);
    # queued/retrying/failed are process states, not handlingar.
    ("deliveries", subjects.notify_delivery("confirmed")),
    ("outbound", subjects.SOCIAL_OUTBOUND_ALL),
)
DISCLOSERS = {Role.registrar, Role.archivist, Role.head_of_communications, Role.administrator,
              Role.system_administrator}
REGISTRARS = {Role.registrar, Role.archivist}
HOLDERS = {Role.archivist, Role.registrar, Role.head_of_communications, Role.system_administrator}
ARCHIVISTS = {Role.archivist}
SNAPSHOTTERS = {Role.archivist, Role.administrator, Role.substitute, Role.communicator, Role.responsible_editor}


# Events ---------------------------------------------------------------------------------

async def on_item_received(event: PlatformEvent, deps: Deps) -> None:
    await records.archive_item(store=deps.store, ledger=deps.ledger, broker=deps.broker, event=event)


async def on_item_tagged(tagged: ItemTagged, deps: Deps) -> None:
    await records.attach_tags(store=deps.store, tagged=tagged)


async def on_upstream(body: dict[str, Any], deps: Deps, subject: str = Context("message.raw_message.subject")) -> None:
    if not isinstance(body, dict):
        raise PoisonMessage("not a JSON object")
    await records.archive_upstream(store=deps.store, ledger=deps.ledger, subject=subject, payload=body)


# Queries --------------------------------------------------------------------------------

async def query_records(q: RecordQuery, deps: Deps) -> list[RecordView]:
    return await deps.store.list(q.municipality, item_id=q.item_id, limit=q.limit)


async def query_search(q: SearchQuery, deps: Deps) -> SearchResult:
    records, token = await deps.store.search(q)
    return SearchResult(records=records, next_page_token=token)


async def query_record(q: RecordDetailQuery, deps: Deps) -> RecordDetail | None:
    return await proofs.record_detail(store=deps.store, ledger=deps.ledger, municipality=q.municipality,
                                          rid=q.record_id)


async def query_tree_head(q: MunicipalityQuery, deps: Deps) -> TreeHead | None:
    return await deps.ledger.latest_head(q.municipality)


async def query_consistency(q: ConsistencyQuery, deps: Deps) -> Consistency:
    return await proofs.consistency(ledger=deps.ledger, municipality=q.municipality, old_size=q.old_size,
                                        new_size=q.new_size)


async def query_holds(q: HoldsQuery, deps: Deps) -> list[Hold]:
    return await deps.store.list_holds(q.municipality, active=q.active, limit=q.limit)


async def query_culling_runs(q: MunicipalityQuery, deps: Deps) -> list[CullingRun]:
    return await culling.recent_runs(store=deps.store, municipality=q.municipality, limit=q.limit)


async def query_culling_run(q: CullingRunQuery, deps: Deps) -> CullingRun | None:
    return await deps.store.get_run(q.municipality, q.run_id)


async def query_culling_preview(q: MunicipalityQuery, deps: Deps) -> CullingRun:
    return await culling.preview(store=deps.store, ledger=deps.ledger, broker=deps.broker,
                                 municipality=q.municipality)


async def query_disclosures(q: MunicipalityQuery, deps: Deps) -> list[DisclosureEntry]:
    return await deps.store.list_disclosures(q.municipality, q.limit)


async def query_package_profile(q: MunicipalityQuery, deps: Deps) -> PackageProfileSummary:
    return await export.profile_summary(deps.store.db, q.municipality)


async def query_snapshots_due(q: MunicipalityQuery, deps: Deps) -> list[SnapshotDueRow]:
    return await snapshots.snapshots_due(store=deps.store, pages=deps.pages, municipality=q.municipality)


async def query_requests(q: RequestsQuery, deps: Deps) -> list[RequestView]:
    return await requests.listing(requests=deps.requests, municipality=q.municipality, open_only=q.open_only,
                                  limit=q.limit)


async def query_request(q: RequestQuery, deps: Deps) -> RequestExamination | None:
    try:
        return await requests.examination(store=deps.store, requests=deps.requests, municipality=q.municipality,
                                          request_id=q.request_id)
    except requests.RequestRefused:
        return None


# Commands -------------------------------------------------------------------------------

async def cmd_disclose(c: ExportDisclosure, deps: Deps) -> CommandResult[DisclosurePreview | DisclosureMade]:
    data = await disclosure.disclose_for_staff(store=deps.store, pages=deps.pages, command=c)
    return CommandResult(ok=True, message="Utlämnandet är klart." if not c.preview else "Förhandsvisning.",
                         id=data.disclosure_id if isinstance(data, DisclosureMade) else None, data=data)


async def cmd_register(c: RegisterManually, deps: Deps) -> CommandResult[None]:
    event = await registration.register_manually(store=deps.store, ledger=deps.ledger, broker=deps.broker, command=c)
    return CommandResult(ok=True, message=f"Registrerad med diarienummer {event.diarienummer}.", id=c.record_id)


async def cmd_request_registration(c: RequestRegistration, deps: Deps) -> CommandResult[None]:
    await registration.request_registration(store=deps.store, command=c)
    return CommandResult(ok=True, message="Skickas till ärendehanteringssystemet.", id=c.record_id)


async def cmd_hold(c: PlaceHold, deps: Deps) -> CommandResult[None]:
    hold_id = await holds.place_hold(store=deps.store, command=c)
    return CommandResult(ok=True, message="Spärren är lagd: handlingarna gallras inte.", id=hold_id)


async def cmd_release_hold(c: ReleaseHold, deps: Deps) -> CommandResult[None]:
    await holds.release_hold(store=deps.store, command=c)
    return CommandResult(ok=True, message="Spärren är hävd.", id=c.hold_id)


async def cmd_cull(c: RunCulling, deps: Deps) -> CommandResult[CullingOutcome]:
    run = await culling.run_culling(store=deps.store, ledger=deps.ledger, broker=deps.broker,
                                    municipality=c.actor.municipality, actor=c.actor.model_dump(mode="json"),
                                    dry_run=c.dry_run)
    return CommandResult(ok=True, message=f"{run.count} handlingar gallrade." if not c.dry_run
                         else f"{run.count} handlingar skulle gallras.", id=run.id,
                         data=CullingOutcome(count=run.count, held_skipped=run.held_skipped))


async def cmd_export_sip(c: ExportSip, deps: Deps) -> CommandResult[SipExported]:
    path = await export.export_sip(store=deps.store, ledger=deps.ledger, out=deps.settings.export_dir,
                                   municipality=c.actor.municipality, account_id=c.account_id,
                                   date_from=c.date_from, date_to=c.date_to)
    return CommandResult(ok=True, message="E-ARK-paketet är skapat.", id=path.name,
                         data=SipExported(path=str(path)))


async def cmd_snapshot(c: TakeSnapshot, deps: Deps) -> CommandResult[SnapshotPending]:
    outcome, detail = await snapshots.take_snapshot(
        store=deps.store, requests=deps.snapshot_requests, ledger=deps.ledger, broker=deps.broker,
        settings=deps.settings, pages=deps.pages,
        municipality=c.actor.municipality, account_id=c.account_id, requested_by=c.actor.model_dump(mode="json"))
    if outcome == "failed":
        return CommandResult(ok=False, message=f"Skärmdumpen misslyckades: {detail}")
    if outcome == "waiting":
        return CommandResult(ok=True, message="Skärmdumpstjänsten svarar inte just nu. Begäran är sparad: "
                                              "sidan fotograferas och arkiveras så snart tjänsten är tillbaka.",
                             data=SnapshotPending())
    return CommandResult(ok=True, message="Skärmdumpen är arkiverad.", id=detail)


async def cmd_request_register(c: RegisterRequest, deps: Deps) -> CommandResult[RequestRegistered]:
    r = await requests.register_request(
        store=deps.store, requests=deps.requests, ledger=deps.ledger, actor=c.actor.model_dump(mode="json"),
        municipality=c.actor.municipality, description=c.description, channel=c.channel,
        requester_name=c.requester_name or None, requester_contact=c.requester_contact or None,
        received_at=c.received_at, wants_json=c.wants_json)
    return CommandResult(ok=True, message="Begäran är registrerad.", id=r.id,
                         data=RequestRegistered(due_at=r.due_at, record_id=r.record_id))


async def cmd_request_attach(c: AttachRecords, deps: Deps) -> CommandResult[None]:
    records = await requests.attach(store=deps.store, requests=deps.requests, municipality=c.actor.municipality,
                                    request_id=c.request_id, record_ids=c.record_ids, detach=c.detach)
    return CommandResult(ok=True, message=f"{len(records)} handlingar är knutna till begäran.", id=c.request_id)


async def cmd_request_mark(c: MarkPassages, deps: Deps) -> CommandResult[None]:
    n = await requests.mark(requests=deps.requests, municipality=c.actor.municipality, request_id=c.request_id,
                            actor=c.actor.model_dump(mode="json"), marks=c.marks)
    return CommandResult(ok=True, message=f"{n} passager är prövade.", id=c.request_id)


async def cmd_request_decide(c: DecideRequest, deps: Deps) -> CommandResult[RequestDecisionMade]:
    d = await requests.decide(store=deps.store, requests=deps.requests, ledger=deps.ledger,
                              municipality=c.actor.municipality, request_id=c.request_id,
                              actor=c.actor.model_dump(mode="json"), outcome=c.outcome, reasons=c.reasons,
                              broker=deps.broker)
    return CommandResult(ok=True, message=f"Beslut: {d.label}.", id=c.request_id,
                         data=RequestDecisionMade(record_id=d.record_id, appeal=d.appeal))


async def cmd_request_deliver(c: DeliverRequest, deps: Deps) -> CommandResult[RequestDelivered]:
    delivery, handed = await requests.deliver(store=deps.store, requests=deps.requests, ledger=deps.ledger,
                                 municipality=c.actor.municipality, request_id=c.request_id,
                                 actor=c.actor.model_dump(mode="json"), as_json=c.as_json)
    return CommandResult(ok=True, message="Utlämnandet är klart.", id=delivery.id, data=handed)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    # In batches (shared/broker.batch_subscriber): a batch's records, versions and log
    # leaves go to the database as one command each; a lone item waits at most 0.2 s.
    router.batch(subjects.SOCIAL_RECEIVED_ALL, "records", on_item_received, max_wait_s=0.2,
                 description="Keeps every received item as an allmän handling.")
    router.batch(subjects.MODERATION_TAGGED, "tags", on_item_tagged, max_wait_s=0.5,
                 description="Attaches moderation tags to the record.")
    for name, subject in UPSTREAM:
        router.durable(subject, name, on_upstream,
                       description="Keeps what the municipality drew up as an upprättad handling.")

    router.query("records", RecordQuery, list[RecordView], query_records)
    router.query("search", SearchQuery, SearchResult, query_search)
    router.query("record", RecordDetailQuery, RecordDetail | None, query_record)
    router.query("tree_head", MunicipalityQuery, TreeHead | None, query_tree_head)
    router.query("consistency", ConsistencyQuery, Consistency, query_consistency)
    router.query("holds", HoldsQuery, list[Hold], query_holds)
    router.query("culling_runs", MunicipalityQuery, list[CullingRun], query_culling_runs)
    router.query("culling_run", CullingRunQuery, CullingRun | None, query_culling_run)
    router.query("culling_preview", MunicipalityQuery, CullingRun, query_culling_preview)
    router.query("disclosures", MunicipalityQuery, list[DisclosureEntry], query_disclosures)
    router.query("package_profile", MunicipalityQuery, PackageProfileSummary, query_package_profile)
    router.query("snapshots_due", MunicipalityQuery, list[SnapshotDueRow], query_snapshots_due)
    router.query("requests", RequestsQuery, list[RequestView], query_requests)
    router.query("request", RequestQuery, RequestExamination | None, query_request)

    router.command("disclose", ExportDisclosure, cmd_disclose, roles=DISCLOSERS)
    router.command("register", RegisterManually, cmd_register, roles=REGISTRARS)
    router.command("request_registration", RequestRegistration, cmd_request_registration,
                   roles=REGISTRARS | DISCLOSERS)
    router.command("hold", PlaceHold, cmd_hold, roles=HOLDERS)
    router.command("release_hold", ReleaseHold, cmd_release_hold, roles=HOLDERS)
    router.command("cull", RunCulling, cmd_cull, roles=ARCHIVISTS)
    router.command("export_sip", ExportSip, cmd_export_sip, roles=ARCHIVISTS)
    router.command("snapshot", TakeSnapshot, cmd_snapshot, roles=SNAPSHOTTERS)
    router.command("request_register", RegisterRequest, cmd_request_register, roles=DISCLOSERS)
    router.command("request_attach", AttachRecords, cmd_request_attach, roles=DISCLOSERS)
    router.command("request_mark", MarkPassages, cmd_request_mark, roles=DISCLOSERS)
    router.command("request_decide", DecideRequest, cmd_request_decide, roles=DISCLOSERS)
    router.command("request_deliver", DeliverRequest, cmd_request_deliver, roles=DISCLOSERS)
