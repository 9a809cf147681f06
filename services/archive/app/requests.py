"""Requests for allmän handling (begäran om utlämnande), end to end: intake (anonymous
allowed), records attached, pre-marked passages decided one by one (lämnas ut / maskas with
the OSL provision), the decision (hel, delvis, avslag) with reasons and appeal information,
delivery as PDF/A and JSON, and the "skyndsamt" clock with an alert event.

Every step is itself an upprättad handling: the request, the decision and each delivery
become records of source `request` in the thread `request:<id>` (with their log leaves).
State lives in the `requests` collection (adapters/requests.py), one document per request,
written by the handler working on it with plain `$set`s; the alert is published once per
request and state (deterministic event id).
"""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from faststream.nats import NatsBroker
from pydantic_core import to_jsonable_python

from shared import pdfa, subjects
from shared.broker import publish_event
from shared.contracts import deterministic_id, new_id, utcnow
from shared.contracts.archive import (ArchiveRequest, ExaminedPassage, ExaminedRecord, Mark, PassageMark, Requester,
                                     RequestAtRisk, RequestDecided, RequestDecision, RequestDelivered,
                                     RequestDelivery, RequestExamination, RequestView)
from shared.contracts.commands import Refusal
from shared.policy import PolicyError, load_pack
from shared.policy.sections.archive import RequestPolicy
from shared.policy.sections.moderation import OfficeHours

from ..adapters.ledger import Ledger
from ..adapters.requests import RequestStore
from ..adapters.store import Record, RecordStore
from ..domain import requests as rules
from ..domain.records import upstream_record_id
from . import disclosure
from .policies import municipality_name, policy_for
from .records import log_version, new_record

CHANNELS = {"e-post": "E-post", "telefon": "Telefon", "besok": "Besök", "brev": "Brev",
            "sociala-medier": "Sociala medier", "webbformular": "Webbformulär"}


class RequestRefused(Refusal):
    """The step cannot be taken; the message (Swedish) says why (staff get it as the command's answer)."""


def _office(municipality: str) -> OfficeHours:
    try:
        return load_pack(municipality).moderation.office_hours
    except (PolicyError, AttributeError):
        return OfficeHours()


def _policy(municipality: str) -> RequestPolicy:
    return policy_for(municipality).requests


async def _archive(store: RecordStore, ledger: Ledger, request: ArchiveRequest | RequestView, kind: str, text: str,
                   actor: dict[str, Any], raw: dict[str, Any]) -> str:
    """Keep a step of the request as an upprättad handling in its own thread."""
    m, now = request.municipality, utcnow()
    rid = upstream_record_id(m, f"archive.request.{kind}", f"{request.id}:{new_id()}")
    content = {"text": text, "author": {"platform_id": actor.get("user_id", ""), "name": actor.get("name"),
                                        "profile_url": None},
               "media": [], "links": [], "raw": to_jsonable_python(raw, fallback=str)}
    meta = {"platform": None, "account_id": None, "item_id": rid, "thread_id": f"request:{request.id}",
            "parent_id": None, "kind": kind, "direction": "upprattad", "published_at": now, "received_at": now,
            "item_event_ids": [rid], "concerns_request_id": request.id}
    await store.insert_record(new_record(rid, municipality=m, source="request", content=content, meta=meta, now=now))
    await log_version(ledger, store, municipality=m, rid=rid, version=1, content=content, now=now)
    return rid


async def _must(requests: RequestStore, municipality: str, request_id: str, *,
                open_only: bool = True) -> ArchiveRequest:
    request = await requests.get(municipality, request_id)
    if request is None:
        raise RequestRefused("Begäran finns inte.")
    if open_only and request.state != "open":
        raise RequestRefused("Begäran är redan beslutad.")
    return request


# --- use cases ---------------------------------------------------------------------------

async def register_request(*, store: RecordStore, requests: RequestStore, ledger: Ledger, actor: dict[str, Any],
                           municipality: str, description: str, channel: str, requester_name: str | None,
                           requester_contact: str | None, received_at: datetime | None,
                           wants_json: bool) -> ArchiveRequest:
    """A request is registered; the requester need not say who they are."""
    received = received_at or utcnow()
    due = rules.due_at(received, _policy(municipality), _office(municipality))
    request = ArchiveRequest(
        id=new_id(), municipality=municipality, received_at=received, due_at=due, channel=channel,
        description=description, wants_json=wants_json,
        requester=Requester(name=requester_name, contact=requester_contact, anonymous=not requester_name),
        registered_by=actor, registered_at=utcnow(), state="open", records=[], marks={}, decision=None,
        deliveries=[], alerted=[])
    await requests.insert(request)
    who = requester_name or "anonym"
    rid = await _archive(store, ledger, request, "begaran",
                         f"Begäran om utlämnande av allmän handling ({CHANNELS.get(channel, channel)}, {who}): "
                         f"{description}", actor, {"request_id": request.id, "channel": channel,
                                                   "requester": request.requester.model_dump(),
                                                   "description": description, "received_at": received})
    await requests.set_record_id(request.id, rid)
    return request.model_copy(update={"record_id": rid})


async def attach(*, store: RecordStore, requests: RequestStore, municipality: str, request_id: str,
                 record_ids: list[str], detach: bool = False) -> list[str]:
    request = await _must(requests, municipality, request_id)
    known = []
    for rid in record_ids:
        if await store.get(municipality, rid) is None:
            raise RequestRefused(f"Handlingen {rid} finns inte.")
        known.append(rid)
    current = list(request.records)
    records = [r for r in current if r not in known] if detach else current + [r for r in known if r not in current]
    await requests.set_records(request_id, records)
    return records


async def examination(*, store: RecordStore, requests: RequestStore, municipality: str,
                      request_id: str) -> RequestExamination:
    """The request with each attached record's text and the passages to examine, decided or not."""
    request = await _must(requests, municipality, request_id, open_only=False)
    categories = policy_for(municipality).disclosure_redact_categories
    records = []
    for rid in request.records:
        record = await store.get(municipality, rid)
        if record is None:
            continue
        found = [ExaminedPassage(index=p.index, start=p.start, end=p.end, reason=p.reason, text=p.text,
                                 key=f"{rid}:{p.index}", mark=request.marks.get(f"{rid}:{p.index}"))
                 for p in rules.passages(record, categories)]
        sender = rules.sender_passage(record.author)
        if sender:
            found.append(ExaminedPassage(index="sender", key=f"{rid}:sender", reason="tredje persons identitet",
                                         text=sender, mark=request.marks.get(f"{rid}:sender")))
        records.append(ExaminedRecord(id=rid, text=record.text, kind=record.kind,
                                      platform=record.platform or record.source, account_id=record.account_id,
                                      published_at=record.published_at, direction=record.direction,
                                      passages=found))
    undecided = sum(1 for r in records for p in r.passages if not p.mark)
    masked = sum(1 for r in records for p in r.passages if p.mark and p.mark.action == "mask")
    state = rules.clock_state(utcnow(), request.due_at, _policy(municipality), decided=request.state != "open")
    return RequestExamination.model_validate(request.model_dump() | {
        "examined": records, "undecided": undecided, "masked": masked, "clock": state,
        "provisions": [p.model_dump() for p in _policy(municipality).provisions]})


async def mark(*, requests: RequestStore, municipality: str, request_id: str, actor: dict[str, Any],
               marks: list[Mark]) -> int:
    """Per passage: `release` (lämnas ut) or `mask` with the OSL provision cited."""
    request = await _must(requests, municipality, request_id)
    provisions = {p.id: p for p in _policy(municipality).provisions}
    changes: dict[str, PassageMark] = {}
    for m in marks:
        rid = m.key.rsplit(":", 1)[0]
        if rid not in request.records:
            raise RequestRefused("Passagen hör inte till en handling i begäran.")
        if m.action == "release":
            changes[m.key] = PassageMark(action="release", by=actor.get("name"), at=utcnow())
            continue
        provision = provisions.get(m.provision or "")
        if provision is None:
            raise RequestRefused("En maskering ska ange lagrummet i OSL.")
        changes[m.key] = PassageMark(action="mask", by=actor.get("name"), at=utcnow(), provision=provision.id,
                                     citation=provision.citation)
    if changes:
        await requests.mark(request_id, changes)
    return len(changes)


async def decide(*, store: RecordStore, requests: RequestStore, ledger: Ledger, municipality: str,
                 request_id: str, actor: dict[str, Any], outcome: rules.Outcome, reasons: str,
                 broker: NatsBroker | None = None) -> RequestDecision:
    view = await examination(store=store, requests=requests, municipality=municipality, request_id=request_id)
    if view.state != "open":
        raise RequestRefused("Begäran är redan beslutad.")
    try:
        rules.check_decision(outcome, reasons=reasons, masked=view.masked, records=len(view.examined),
                             undecided=view.undecided)
    except rules.DecisionError as exc:
        raise RequestRefused(str(exc)) from exc
    name = municipality_name(municipality)
    appeal = rules.appeal_information(outcome, _policy(municipality), name)
    citations = sorted({p.mark.citation for r in view.examined for p in r.passages
                        if p.mark and p.mark.action == "mask" and p.mark.citation})
    decision = RequestDecision(outcome=outcome, label=rules.OUTCOMES[outcome], reasons=reasons, appeal=appeal,
                               citations=citations, decided_by=actor, decided_at=utcnow())
    text = "\n\n".join(x for x in (f"Beslut om utlämnande: {decision.label}.", f"Begäran: {view.description}",
                                   f"Skäl: {reasons}" if reasons else None,
                                   f"Lagrum: {', '.join(citations)}" if citations else None, appeal) if x)
    rid = await _archive(store, ledger, view, "beslut", text, actor,
                         {"request_id": request_id, **decision.model_dump(), "records": view.records})
    decision = decision.model_copy(update={"record_id": rid})
    if not await requests.decide(request_id, decision):
        raise RequestRefused("Begäran beslutades samtidigt av någon annan.")
    if broker is not None:  # for the reports (times against the pack's "skyndsamt")
        await publish_event(broker, RequestDecided(
            event_id=deterministic_id("archive.request.decided", request_id), municipality=municipality,
            request_id=request_id, outcome=outcome, received_at=view.received_at, due_at=view.due_at,
            decided_at=decision.decided_at), subjects.ARCHIVE_REQUEST_DECIDED)
    return decision


def _prepared(view: RequestExamination, docs: dict[str, Record],
              categories: list[str]) -> list[disclosure.Prepared]:
    """The records as handed out: every pre-marked passage released, masked ones added back
    with their OSL provision as the reason; a masked sender's identity blacked out."""
    out = []
    for record in view.examined:
        stored = docs[record.id]
        masks = [{"start": p.start, "end": p.end, "reason": p.mark.citation}
                 for p in record.passages if p.index != "sender" and p.mark and p.mark.action == "mask"]
        released_all = list(range(len(rules.passages(stored, categories))))
        prepared = disclosure.prepare(stored, categories, masks, released_all)
        sender = next((p for p in record.passages if p.index == "sender"), None)
        if sender and sender.mark and sender.mark.action == "mask":
            prepared = replace(prepared, author=f"█████ (maskerat, {sender.mark.citation})")
        out.append(prepared)
    return out


def _pdf(view: RequestExamination, d: RequestDecision, prepared: list[disclosure.Prepared], name: str) -> bytes:
    pdf = pdfa.document(f"Beslut och utlämnande {view.id}", author=name)
    pdf.add_page()
    pdf.set_font(pdfa.FONT, "B", 15)
    pdf.multi_cell(0, 8, "Beslut om utlämnande av allmänna handlingar", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfa.FONT, "", 10)
    requester = view.requester.name or "Anonym sökande"
    for line in (f"{name} · Begäran {view.id}", f"Inkom {rules.local_text(view.received_at)} från {requester}",
                 f"Begäran: {view.description}", f"Beslut: {d.label}",
                 f"Beslutat {rules.local_text(d.decided_at)} av {d.decided_by.name}",
                 f"Skäl: {d.reasons}" if d.reasons else "",
                 f"Lagrum: {', '.join(d.citations)}" if d.citations else "", d.appeal or ""):
        if line:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    for r in prepared:
        pdf.ln(4)
        pdf.set_font(pdfa.FONT, "B", 12)
        pdf.multi_cell(0, 6, r.label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdfa.FONT, "", 9)
        for key, label in (("id", "Handlingens id"), ("direction", "Inkommen/upprättad"), ("account_id", "Konto"),
                           ("author", "Avsändare"), ("published_at", "Publicerad"), ("sha", "SHA-256"),
                           ("redactions", "Maskeringar")):
            if getattr(r, key) not in (None, ""):
                pdf.multi_cell(0, 4.5, f"{label}: {getattr(r, key)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(pdfa.FONT, "", 11)
        pdf.multi_cell(0, 6, r.text or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def deliver(*, store: RecordStore, requests: RequestStore, ledger: Ledger, municipality: str,
                  request_id: str, actor: dict[str, Any], as_json: bool) -> tuple[RequestDelivery, RequestDelivered]:
    """Hand out what the decision released (after a refusal: the decision alone): PDF/A
    always, JSON where asked; the delivery is logged and archived (what, to whom, digests).
    The delivery as logged, and what staff hand out."""
    view = await examination(store=store, requests=requests, municipality=municipality, request_id=request_id)
    decision = view.decision
    if view.state != "decided" or not decision:
        raise RequestRefused("Begäran är inte beslutad: inget kan lämnas ut än.")
    categories = policy_for(municipality).disclosure_redact_categories
    docs = {r.id: found for r in view.examined if (found := await store.get(municipality, r.id))}
    # A refusal hands out no records, but the decision with its appeal information is sent.
    prepared = [] if decision.outcome == "avslag" else _prepared(view, docs, categories)
    name = municipality_name(municipality)
    pdf = _pdf(view, decision, prepared, name)
    body = None
    if as_json:
        # The records as structured data with the same masking; `raw` (the platform's payload)
        # repeats the unmasked text, so it is not handed out.
        body = json.dumps(to_jsonable_python({
            "request_id": request_id, "municipality": name, "decision": {k: getattr(decision, k) for k in (
                "outcome", "label", "reasons", "citations", "appeal", "decided_at")},
            "records": [{"id": p.id, "kind": docs[p.id].kind, "direction": docs[p.id].direction,
                         "platform": p.platform, "account_id": p.account_id, "author": p.author,
                         "published_at": p.published_at, "received_at": p.received_at, "text": p.text,
                         "version": p.version, "content_sha256": p.sha, "masked": p.redactions}
                        for p in prepared]}, fallback=str), ensure_ascii=False, indent=2).encode()
    delivered_at = utcnow()
    delivery = RequestDelivery(
        id=new_id(), at=delivered_at, by=actor, to=view.requester, pdf_sha256=disclosure.sha256(pdf),
        json_sha256=disclosure.sha256(body) if body else None, records=view.records)
    rid = await _archive(
        store, ledger, view, "utlamnande",
        f"Utlämnande till {view.requester.name or 'anonym sökande'}: {len(prepared)} handlingar "
        f"({decision.label.lower()}). PDF/A SHA-256 {delivery.pdf_sha256}"
        + (f", JSON SHA-256 {delivery.json_sha256}" if body else ""), actor,
        {"request_id": request_id, **delivery.model_dump(), "pdf_base64": base64.b64encode(pdf).decode(),
         "json": body.decode() if body else None})
    delivery = delivery.model_copy(update={"record_id": rid})
    await requests.note_delivery(request_id, [*view.deliveries, delivery], delivered_at)
    return delivery, RequestDelivered(pdf_base64=base64.b64encode(pdf).decode(),
                                      json_text=body.decode() if body else None, record_id=rid,
                                      pdf_sha256=delivery.pdf_sha256)


async def listing(*, requests: RequestStore, municipality: str, open_only: bool, limit: int) -> list[RequestView]:
    now, policy = utcnow(), _policy(municipality)
    return [RequestView.model_validate(r.model_dump() | {
        "clock": rules.clock_state(now, r.due_at, policy, decided=r.state != "open")})
        for r in await requests.listing(municipality, open_only=open_only, limit=limit)]


async def alert_at_risk(*, requests: RequestStore, broker: NatsBroker, now: datetime | None = None) -> int:
    """Publish `archive.request.at_risk` once per open request and state (at_risk, breached)."""
    now = now or utcnow()
    sent = 0
    async for request in requests.open_by_due():
        state = rules.clock_state(now, request.due_at, _policy(request.municipality), decided=False)
        if state not in ("at_risk", "breached") or state in request.alerted:
            continue
        event = RequestAtRisk(
            event_id=deterministic_id("archive.request.at_risk", request.id, state),
            municipality=request.municipality, request_id=request.id, state=state,
            received_at=request.received_at, due_at=request.due_at, description=request.description,
            handler=request.registered_by.name)
        await publish_event(broker, event, subjects.ARCHIVE_REQUEST_AT_RISK)
        await requests.note_alerted(request.id, [*request.alerted, state])
        sent += 1
    return sent
