"""Requests for allmän handling on the bus: `cmd.archive.request_*` and `q.archive.request(s)`.

Commands (roles: the disclosers, as for `cmd.archive.disclose`):

    request_register   description, channel, requester_name?, requester_contact?, received_at?, wants_json
    request_attach     request_id, record_ids[], detach?
    request_mark       request_id, marks[{key, action: release|mask, provision?}]
    request_decide     request_id, outcome: hel|delvis|avslag, reasons
    request_deliver    request_id, as_json   -> data {pdf_base64, json?, delivery}
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from shared import subjects
from shared.commands import command_subscriber
from shared.contracts import CommandResult
from shared.contracts.base import AwareDatetime
from shared.queries import Query, as_reply, as_replies
from shared.runtime.service import ServiceRuntime

from . import requests
from .handlers import DISCLOSERS
from .ledger import Ledger
from .schemas import ArchiveCommand
from .store import RecordStore

Id = Field(..., min_length=1, max_length=64)


class RegisterRequest(ArchiveCommand):
    description: str = Field(..., min_length=3, max_length=4000, description="What the requester asks for.")
    channel: Literal["e-post", "telefon", "besok", "brev", "sociala-medier", "webbformular"] = "e-post"
    requester_name: str | None = Field(None, max_length=300, description="Empty: anonymous (allowed).")
    requester_contact: str | None = Field(None, max_length=300, description="Where to send the answer, if given.")
    received_at: AwareDatetime | None = None
    wants_json: bool = False


class AttachRecords(ArchiveCommand):
    request_id: str = Id
    record_ids: list[str] = Field(..., min_length=1, max_length=200)
    detach: bool = False


class Mark(BaseModel):
    key: str = Field(..., min_length=3, max_length=80, pattern=r"^[0-9a-f]{6,64}:(\d{1,4}|sender)$")
    action: Literal["release", "mask"]
    provision: str | None = Field(None, max_length=64)


class MarkPassages(ArchiveCommand):
    request_id: str = Id
    marks: list[Mark] = Field(..., min_length=1, max_length=1000)


class DecideRequest(ArchiveCommand):
    request_id: str = Id
    outcome: Literal["hel", "delvis", "avslag"]
    reasons: str = Field("", max_length=4000)


class DeliverRequest(ArchiveCommand):
    request_id: str = Id
    as_json: bool = False


class RequestsQuery(Query):
    open_only: bool = False


class RequestQuery(Query):
    request_id: str = Id


def register(runtime: ServiceRuntime, store: RecordStore, ledger: Ledger) -> None:
    broker = runtime.broker

    def refused(exc: requests.RequestRefused) -> CommandResult:
        return CommandResult(ok=False, message=str(exc))

    @command_subscriber(broker, service="archive", what="request_register", model=RegisterRequest, roles=DISCLOSERS)
    async def cmd_register(c: RegisterRequest) -> CommandResult:
        r = await requests.register_request(
            store=store, ledger=ledger, actor=c.actor.model_dump(mode="json"), municipality=c.actor.municipality,
            description=c.description, channel=c.channel, requester_name=c.requester_name or None,
            requester_contact=c.requester_contact or None, received_at=c.received_at, wants_json=c.wants_json)
        return CommandResult(ok=True, message="Begäran är registrerad.", id=r["_id"],
                             data={"due_at": r["due_at"].isoformat(), "record_id": r["record_id"]})

    @command_subscriber(broker, service="archive", what="request_attach", model=AttachRecords, roles=DISCLOSERS)
    async def cmd_attach(c: AttachRecords) -> CommandResult:
        try:
            records = await requests.attach(store=store, municipality=c.actor.municipality, request_id=c.request_id,
                                            record_ids=c.record_ids, detach=c.detach)
        except requests.RequestRefused as exc:
            return refused(exc)
        return CommandResult(ok=True, message=f"{len(records)} handlingar är knutna till begäran.", id=c.request_id)

    @command_subscriber(broker, service="archive", what="request_mark", model=MarkPassages, roles=DISCLOSERS)
    async def cmd_mark(c: MarkPassages) -> CommandResult:
        try:
            n = await requests.mark(store=store, municipality=c.actor.municipality, request_id=c.request_id,
                                    actor=c.actor.model_dump(mode="json"), marks=[m.model_dump() for m in c.marks])
        except requests.RequestRefused as exc:
            return refused(exc)
        return CommandResult(ok=True, message=f"{n} passager är prövade.", id=c.request_id)

    @command_subscriber(broker, service="archive", what="request_decide", model=DecideRequest, roles=DISCLOSERS)
    async def cmd_decide(c: DecideRequest) -> CommandResult:
        try:
            d = await requests.decide(store=store, ledger=ledger, municipality=c.actor.municipality,
                                      request_id=c.request_id, actor=c.actor.model_dump(mode="json"),
                                      outcome=c.outcome, reasons=c.reasons, broker=broker)
        except requests.RequestRefused as exc:
            return refused(exc)
        return CommandResult(ok=True, message=f"Beslut: {d['label']}.", id=c.request_id,
                             data={"record_id": d["record_id"], "appeal": d["appeal"]})

    @command_subscriber(broker, service="archive", what="request_deliver", model=DeliverRequest, roles=DISCLOSERS)
    async def cmd_deliver(c: DeliverRequest) -> CommandResult:
        try:
            out = await requests.deliver(store=store, ledger=ledger, municipality=c.actor.municipality,
                                         request_id=c.request_id, actor=c.actor.model_dump(mode="json"),
                                         as_json=c.as_json)
        except requests.RequestRefused as exc:
            return refused(exc)
        return CommandResult(ok=True, message="Utlämnandet är klart.", id=out["delivery"]["id"],
                             data={"pdf_base64": out["pdf_base64"], "json": out["json"],
                                   "record_id": out["delivery"]["record_id"],
                                   "pdf_sha256": out["delivery"]["pdf_sha256"]})

    @broker.subscriber(subjects.query("archive", "requests"), queue="archive")
    async def query_requests(q: RequestsQuery) -> list[dict[str, Any]]:
        return as_replies(await requests.listing(store=store, municipality=q.municipality, open_only=q.open_only,
                                                 limit=q.limit))

    @broker.subscriber(subjects.query("archive", "request"), queue="archive")
    async def query_request(q: RequestQuery) -> dict[str, Any] | None:
        try:
            view = await requests.examination(store=store, municipality=q.municipality, request_id=q.request_id)
        except requests.RequestRefused:
            return None
        return as_reply(view)
