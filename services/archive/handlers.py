"""Archive's subscribers: events in, queries (`q.archive.*`) and commands (`cmd.archive.*`)."""

from __future__ import annotations

from typing import Any

from faststream.nats.annotations import NatsMessage
from pydantic import ValidationError

from shared import subjects
from shared.broker import PoisonMessage, durable_subscriber
from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.commands import command_subscriber
from shared.contracts import CommandResult, ItemTagged, PlatformEvent, Role
from shared.contracts.base import new_id
from shared.queries import as_reply, as_replies
from shared.runtime.service import ServiceRuntime

from . import export, operations, snapshots
from .config import ArchiveSettings
from .culling import run_culling
from .ledger import Ledger
from .pages import PageDirectory
from .schemas import (ConsistencyQuery, CullingPreviewQuery, CullingRunQuery, ExportDisclosure, ExportSip,
                      ListQuery, PlaceHold, RecordDetailQuery, RecordQuery, RegisterManually, ReleaseHold,
                      RequestRegistration, RunCulling, SearchQuery, TakeSnapshot)
from .service import _mark_registration, archive_item, archive_upstream, attach_tags, register_record
from .store import RecordStore

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


def register(runtime: ServiceRuntime, settings: ArchiveSettings, store: RecordStore, ledger: Ledger,
             pages: PageDirectory | None = None) -> None:
    broker = runtime.broker
    pages = pages or PageDirectory(RegistryClient(broker, timeout=settings.registry_timeout_s),
                                   settings.snapshot_pages)

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="archive", name="records",
                        settings=settings, description="Keeps every received item as an allmän handling.")
    async def on_item_received(event: PlatformEvent) -> None:
        await archive_item(store=store, ledger=ledger, broker=broker, event=event)

    @durable_subscriber(broker, subjects.MODERATION_TAGGED, service="archive", name="tags",
                        settings=settings, description="Attaches moderation tags to the record.")
    async def on_item_tagged(tagged: ItemTagged) -> None:
        await attach_tags(store=store, tagged=tagged)

    for name, subject in UPSTREAM:
        _upstream_subscriber(runtime, settings, store, ledger, name, subject)

    def q(what: str) -> str:
        return subjects.query("archive", what)

    @broker.subscriber(q("records"), queue="archive")
    async def query_records(query: RecordQuery) -> list[dict[str, Any]]:
        return as_replies(await store.list(query.municipality, item_id=query.item_id, limit=query.limit))

    @broker.subscriber(q("search"), queue="archive")
    async def query_search(body: dict[str, Any]) -> dict[str, Any]:
        try:
            query = SearchQuery.model_validate(body)
            if query.page_token:
                query.decode_token()
        except (ValidationError, ValueError) as exc:
            return {"error": str(exc)}
        docs, token = await store.search(query)
        return {"records": as_replies(docs), "next_page_token": token}

    @broker.subscriber(q("record"), queue="archive")
    async def query_record(query: RecordDetailQuery) -> dict[str, Any] | None:
        doc = await operations.record_detail(store=store, ledger=ledger, municipality=query.municipality,
                                             rid=query.record_id)
        return as_reply(doc) if doc else None

    @broker.subscriber(q("tree_head"), queue="archive")
    async def query_tree_head(query: ListQuery) -> dict[str, Any] | None:
        head = await ledger.latest_head(query.municipality)
        return as_reply(head) if head else None

    @broker.subscriber(q("consistency"), queue="archive")
    async def query_consistency(query: ConsistencyQuery) -> dict[str, Any]:
        old, new = await ledger.head(query.municipality, query.old_size), await ledger.head(query.municipality,
                                                                                             query.new_size)
        if old is None or new is None or query.old_size > query.new_size:
            return {"error": "okänt trädhuvud eller fel ordning"}
        proof = await ledger.consistency(query.municipality, query.old_size, query.new_size)
        return {"old": as_reply(old), "new": as_reply(new), "proof": proof}

    @broker.subscriber(q("holds"), queue="archive")
    async def query_holds(query: ListQuery) -> list[dict[str, Any]]:
        return as_replies(await store.list_holds(query.municipality, active=query.active, limit=query.limit))

    @broker.subscriber(q("culling_runs"), queue="archive")
    async def query_runs(query: ListQuery) -> list[dict[str, Any]]:
        runs = await store.list_runs(query.municipality, query.limit)
        return as_replies({**r, "entries": None, "count": len(r.get("entries", []))} for r in runs)

    @broker.subscriber(q("culling_run"), queue="archive")
    async def query_run(query: CullingRunQuery) -> dict[str, Any] | None:
        run = await store.get_run(query.municipality, query.run_id)
        return as_reply(run) if run else None

    @broker.subscriber(q("culling_preview"), queue="archive")
    async def query_preview(query: CullingPreviewQuery) -> dict[str, Any]:
        run = await run_culling(store=store, ledger=ledger, broker=broker, municipality=query.municipality,
                                actor={"user_id": "preview", "name": "förhandsvisning"}, dry_run=True)
        return as_reply(run)

    @broker.subscriber(q("disclosures"), queue="archive")
    async def query_disclosures(query: ListQuery) -> list[dict[str, Any]]:
        return as_replies(await store.list_disclosures(query.municipality, query.limit))

    @broker.subscriber(q("package_profile"), queue="archive")
    async def query_package_profile(query: ListQuery) -> dict[str, Any]:
        return await export.profile_summary(store.db, query.municipality)

    @broker.subscriber(q("snapshots_due"), queue="archive")
    async def query_snapshots_due(query: ListQuery) -> list[dict[str, Any]]:
        from shared.contracts import utcnow
        return as_replies(await operations.snapshots_due(store=store, pages=pages, now=utcnow(),
                                                         municipality=query.municipality))

    # --- commands --------------------------------------------------------------------

    @command_subscriber(broker, service="archive", what="disclose", model=ExportDisclosure,
                        roles=DISCLOSERS)
    async def cmd_disclose(command: ExportDisclosure) -> CommandResult:
        try:
            decisions = [] if command.preview else await pages.link_page_decisions(command.actor.municipality)
        except RegistryUnavailable:
            # Where the pack says a disclosure names whom to ask about personal data (Lidköping L77, L79),
            # it is not made without the contact the municipality entered in registry.
            if operations.personal_data_notice(command.actor.municipality):
                return CommandResult(ok=False, message="Kontoregistret svarar inte, så kontakten för frågor om "
                                                       "personuppgifter kan inte tas med. Försök igen om en stund.")
            decisions = []
        try:
            data = await operations.disclose(store=store, command=command, link_page_decisions=decisions)
        except LookupError as exc:
            return CommandResult(ok=False, message=f"Handlingar saknas: {exc}")
        return CommandResult(ok=True, message="Utlämnandet är klart." if not command.preview else "Förhandsvisning.",
                             id=data.get("disclosure_id"), data=data)

    @command_subscriber(broker, service="archive", what="register", model=RegisterManually,
                        roles=REGISTRARS)
    async def cmd_register(command: RegisterManually) -> CommandResult:
        if await store.get(command.actor.municipality, command.record_id) is None:
            return CommandResult(ok=False, message="Handlingen finns inte.")
        event = await register_record(store=store, ledger=ledger, broker=broker, rid=command.record_id,
                                      diarienummer=command.diarienummer, registrar=command.actor.name,
                                      board=command.board, case_reference=command.case_reference, manual=True)
        return CommandResult(ok=True, message=f"Registrerad med diarienummer {event.diarienummer}.",
                             id=command.record_id)

    @command_subscriber(broker, service="archive", what="request_registration", model=RequestRegistration,
                        roles=REGISTRARS | DISCLOSERS)
    async def cmd_request_registration(command: RequestRegistration) -> CommandResult:
        if await store.get(command.actor.municipality, command.record_id) is None:
            return CommandResult(ok=False, message="Handlingen finns inte.")
        await _mark_registration(store, command.record_id, decided=True, board=command.board)
        return CommandResult(ok=True, message="Skickas till ärendehanteringssystemet.", id=command.record_id)

    @command_subscriber(broker, service="archive", what="hold", model=PlaceHold,
                        roles=HOLDERS)
    async def cmd_hold(command: PlaceHold) -> CommandResult:
        from shared.contracts import utcnow
        hold_id = new_id()
        await store.place_hold({"_id": hold_id, "municipality": command.actor.municipality,
                                "record_ids": command.record_ids, "reason": command.reason,
                                "placed_by": command.actor.model_dump(mode="json"), "placed_at": utcnow(),
                                "released_at": None})
        return CommandResult(ok=True, message="Spärren är lagd: handlingarna gallras inte.", id=hold_id)

    @command_subscriber(broker, service="archive", what="release_hold", model=ReleaseHold,
                        roles=HOLDERS)
    async def cmd_release(command: ReleaseHold) -> CommandResult:
        done = await store.release_hold(command.actor.municipality, command.hold_id,
                                        command.actor.model_dump(mode="json"), command.reason)
        return CommandResult(ok=done, message="Spärren är hävd." if done else "Ingen aktiv spärr med det id:t.",
                             id=command.hold_id)

    @command_subscriber(broker, service="archive", what="cull", model=RunCulling,
                        roles=ARCHIVISTS)
    async def cmd_cull(command: RunCulling) -> CommandResult:
        run = await run_culling(store=store, ledger=ledger, broker=broker,
                                municipality=command.actor.municipality,
                                actor=command.actor.model_dump(mode="json"), dry_run=command.dry_run)
        return CommandResult(ok=True, message=f"{run['count']} handlingar gallrade." if not command.dry_run
                             else f"{run['count']} handlingar skulle gallras.", id=run["_id"],
                             data={"count": run["count"], "held_skipped": run["held_skipped"]})

    @command_subscriber(broker, service="archive", what="export_sip", model=ExportSip,
                        roles=ARCHIVISTS)
    async def cmd_export_sip(command: ExportSip) -> CommandResult:
        try:
            path = await export.export_sip(store=store, ledger=ledger, out=settings.export_dir,
                                           municipality=command.actor.municipality, account_id=command.account_id,
                                           date_from=command.date_from, date_to=command.date_to)
        except export.ExportRefused as exc:
            return CommandResult(ok=False, message=str(exc))
        return CommandResult(ok=True, message="E-ARK-paketet är skapat.", id=path.name, data={"path": str(path)})

    @command_subscriber(broker, service="archive", what="snapshot", model=TakeSnapshot,
                        roles=SNAPSHOTTERS)
    async def cmd_snapshot(command: TakeSnapshot) -> CommandResult:
        try:
            url = await pages.url_for(command.actor.municipality, command.account_id)
        except RegistryUnavailable as exc:
            return CommandResult(ok=False, message="Kontoregistret svarar inte, så sidans adress är okänd. "
                                                   f"Försök igen om en stund. ({exc})")
        if not url:
            return CommandResult(ok=False, message="Kontot har ingen sidadress i kontoregistret "
                                                   "(och ingen är inställd i SNAPSHOT_PAGES).")
        # The snapshot worker renders the page (this service runs no browser); while it is
        # away the request waits and is asked again (snapshots.py), never dropped.
        outcome, detail = await snapshots.request_snapshot(
            store=store, ledger=ledger, broker=broker, settings=settings, municipality=command.actor.municipality,
            account_id=command.account_id, url=url, requested_by=command.actor.model_dump(mode="json"))
        if outcome == "failed":
            return CommandResult(ok=False, message=f"Skärmdumpen misslyckades: {detail}")
        if outcome == "waiting":
            return CommandResult(ok=True, message="Skärmdumpstjänsten svarar inte just nu. Begäran är sparad: "
                                                  "sidan fotograferas och arkiveras så snart tjänsten är tillbaka.",
                                 data={"waiting": True})
        return CommandResult(ok=True, message="Skärmdumpen är arkiverad.", id=detail)


def _upstream_subscriber(runtime: ServiceRuntime, settings: ArchiveSettings, store: RecordStore, ledger: Ledger,
                         name: str, subject: str) -> None:
    @durable_subscriber(runtime.broker, subject, service="archive", name=name, settings=settings,
                        description="Keeps what the municipality drew up as an upprättad handling.")
    async def on_upstream(body: dict[str, Any], msg: NatsMessage) -> None:
        if not isinstance(body, dict):
            raise PoisonMessage("not a JSON object")
        await archive_upstream(store=store, ledger=ledger, subject=msg.raw_message.subject, payload=body)
