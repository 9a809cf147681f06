"""Registration requests to the municipality's records system, retried with backoff from
an outbox (the record's `registration` field). The pack chooses the system
(`archive.registration_system`): the generic signed JSON webhook, whose body uses the
CITS ERMS terms (case, record, party, classification, sekretess, attachments with
checksums; `RegistrationRequest`, schema in `registration_request.schema.json`), or
Public 360 through SIF (`registration_sif.py`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx
from faststream.nats import NatsBroker
from pydantic import BaseModel, Field, ValidationError

from shared.contracts import utcnow
from shared.logging import get_logger

from . import registration_sif as sif
from .config import ArchiveSettings
from .ledger import Ledger
from .service import policy_for, register_record
from .store import RecordStore

log = get_logger(__name__)


# --- the generic webhook's body (CITS ERMS terms) --------------------------------------

class ErmsCase(BaseModel):
    """The case (ärende) the record belongs in: one per thread on the account."""

    external_id: str = Field(..., description="Kanalvakt's key of the case: `kanalvakt:<municipality>:<thread>`.")
    title: str
    board: str | None = Field(None, description="Nämnd to register with, when the pack names one.")


class ErmsRecord(BaseModel):
    """The record (handling) to register."""

    external_id: str = Field(..., description="The archive's record id (also the Idempotency-Key).")
    title: str
    direction: Literal["incoming", "outgoing"] = Field(..., description="Inkommen (incoming) or upprättad.")
    created: datetime | None = Field(None, description="Published on the platform.")
    received: datetime | None = None
    platform: str | None = None
    account_id: str | None = None
    item_id: str | None = None
    thread_id: str | None = None
    kind: str | None = None
    text: str
    reason: str | None = Field(None, description="Why it is registered (the pack's rule or a decision).")


class ErmsParty(BaseModel):
    role: Literal["sender", "recipient"]
    name: str | None = None
    identifier: str | None = Field(None, description="The person's id on the platform.")
    identifier_type: str | None = Field(None, description="Whose id it is, e.g. `facebook user id`.")


class ErmsClassification(BaseModel):
    categories: list[str] = Field(default_factory=list, description="Moderation categories (the pack's ids).")
    intents: list[str] = Field(default_factory=list)
    rule_id: str | None = Field(None, description="The pack's registration rule that applied.")


class ErmsSekretess(BaseModel):
    """Whether the record holds what must be examined before any disclosure (OSL)."""

    to_examine: bool
    categories: list[str] = Field(default_factory=list, description="Categories the pack pre-marks for masking.")


class ErmsAttachment(BaseModel):
    name: str
    mimetype: str
    size: int
    checksum: str = Field(..., description="Hex digest of the decoded content.")
    checksum_type: Literal["SHA-256"] = "SHA-256"
    content_base64: str


class RegistrationRequest(BaseModel):
    """What the webhook POSTs (`Idempotency-Key: <record id>`, HMAC in `X-Kanalvakt-Signature`)."""

    type: Literal["kanalvakt.registration_request"] = "kanalvakt.registration_request"
    schema_version: Literal[2] = 2
    municipality: str
    record_id: str
    case: ErmsCase
    record: ErmsRecord
    parties: list[ErmsParty]
    classification: ErmsClassification
    sekretess: ErmsSekretess
    attachments: list[ErmsAttachment] = Field(..., description="The record as PDF/A and as its original JSON.")


class WebhookAnswer(BaseModel):
    """The receipt (2xx, JSON) the records system answers with."""

    diarienummer: str = Field(..., min_length=1, max_length=100, description="The case's number (diarienummer).")
    document_number: str | None = Field(None, max_length=100, description="The record's number in the case.")
    board: str | None = None
    case_reference: str | None = None
    registrar: str | None = None


def _attachment(name: str, mimetype: str, data: bytes) -> ErmsAttachment:
    return ErmsAttachment(name=name, mimetype=mimetype, size=len(data), checksum=hashlib.sha256(data).hexdigest(),
                          content_base64=base64.b64encode(data).decode())


def request_body(doc: dict[str, Any]) -> RegistrationRequest:
    author = doc.get("author") or {}
    reg = doc.get("registration") or {}
    policy = policy_for(doc["municipality"])
    incoming = doc.get("direction") == "inkommen"
    text = doc.get("text", "")
    platform = doc.get("platform") or doc.get("source")
    return RegistrationRequest(
        municipality=doc["municipality"], record_id=doc["_id"],
        case=ErmsCase(external_id=sif.case_external_id(doc), board=reg.get("board"),
                      title=f"Sociala medier: {platform or ''} {doc.get('account_id') or ''}, "
                            f"tråd {doc.get('thread_id') or doc['_id']}"),
        record=ErmsRecord(external_id=doc["_id"], title=f"{doc.get('kind', '')} på {platform or ''}: {text[:80]}",
                          direction="incoming" if incoming else "outgoing", created=doc.get("published_at"),
                          received=doc.get("received_at"), platform=doc.get("platform"),
                          account_id=doc.get("account_id"), item_id=doc.get("item_id"),
                          thread_id=doc.get("thread_id"), kind=doc.get("kind"), text=text, reason=reg.get("reason")),
        parties=[ErmsParty(role="sender" if incoming else "recipient", name=author.get("name"),
                           identifier=author.get("platform_id"),
                           identifier_type=f"{platform} user id" if author.get("platform_id") else None)],
        classification=ErmsClassification(categories=doc.get("categories", []), intents=doc.get("intents", []),
                                          rule_id=reg.get("rule_id")),
        sekretess=ErmsSekretess(
            to_examine=bool(set(doc.get("categories", [])) & set(policy.disclosure_redact_categories)),
            categories=sorted(set(doc.get("categories", [])) & set(policy.disclosure_redact_categories))),
        attachments=[_attachment(f"{doc['_id']}.pdf", "application/pdf", sif.record_pdf(doc)),
                     _attachment(f"{doc['_id']}.json", "application/json", sif.record_json(doc))])


def request_schema() -> dict[str, Any]:
    """The JSON Schema of the webhook's body (and its receipt), as the guide publishes it."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Kanalvakt registration request (CITS ERMS terms)",
            "request": RegistrationRequest.model_json_schema(), "receipt": WebhookAnswer.model_json_schema()}


# --- the outbox ----------------------------------------------------------------------------

async def _webhook(doc: dict[str, Any], settings: ArchiveSettings, client: httpx.AsyncClient) -> WebhookAnswer | str:
    url = settings.registration_webhooks.get(doc["municipality"])
    body = request_body(doc).model_dump_json().encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": doc["_id"]}
    if settings.registration_webhook_secret:
        mac = hmac.new(settings.registration_webhook_secret.get_secret_value().encode(), body, hashlib.sha256)
        headers["X-Kanalvakt-Signature"] = "sha256=" + mac.hexdigest()
    assert url is not None  # _configured sends a record here only when the webhook is set
    try:
        response = await client.post(url, content=body, headers=headers, timeout=10.0)
        if response.status_code >= 400:
            return f"HTTP {response.status_code}"
        return WebhookAnswer.model_validate_json(response.content)
    except (httpx.HTTPError, ValidationError) as exc:
        return type(exc).__name__ + ": " + str(exc)[:300]


async def _public360(doc: dict[str, Any], store: RecordStore, settings: ArchiveSettings,
                     client: httpx.AsyncClient) -> WebhookAnswer | str:
    profile = policy_for(doc["municipality"]).public360
    base = settings.public360_urls.get(doc["municipality"])
    key = settings.public360_authkeys.get(doc["municipality"])
    progress = dict((doc.get("registration") or {}).get("sif") or {})

    async def note(state: dict[str, Any]) -> None:
        await store.set_fields(doc["_id"], {"registration.sif": dict(state)})

    try:
        assert base is not None  # _configured sends a record here only when the URL is set
        assert profile is not None  # the pack requires the block with registration_system public360
        numbers = await sif.register(sif.Public360Client(client, base, key.get_secret_value() if key else ""),
                                     profile, doc, progress, note)
    except (httpx.HTTPError, sif.SifError, KeyError, TypeError) as exc:
        return type(exc).__name__ + ": " + str(exc)[:300]
    return WebhookAnswer(diarienummer=numbers["case_number"], document_number=numbers["document_number"],
                         registrar="Public 360")


def _configured(doc: dict[str, Any], settings: ArchiveSettings) -> str | None:
    """Which system this record goes to, or None while none is configured (it stays pending
    for a manual registration)."""
    system = policy_for(doc["municipality"]).registration_system
    if system == "public360":
        return system if settings.public360_urls.get(doc["municipality"]) else None
    return system if settings.registration_webhooks.get(doc["municipality"]) else None


async def send_due(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, settings: ArchiveSettings,
                   client: httpx.AsyncClient) -> int:
    """One pass over the outbox; returns how many were registered."""
    done = 0
    for doc in await store.due_registrations(utcnow()):
        system = _configured(doc, settings)
        if system is None:
            continue
        reg = doc["registration"]
        answer = await (_public360(doc, store, settings, client) if system == "public360"
                        else _webhook(doc, settings, client))
        if isinstance(answer, WebhookAnswer):
            await register_record(store=store, ledger=ledger, broker=broker, rid=doc["_id"],
                                  diarienummer=answer.diarienummer, board=answer.board or reg.get("board"),
                                  case_reference=answer.case_reference,
                                  registrar=answer.registrar or "ärendehanteringssystemet", manual=False,
                                  document_number=answer.document_number, system=system)
            done += 1
            continue
        attempts = int(reg.get("attempts", 0)) + 1
        backoff = settings.registration_backoff
        failed = attempts > len(backoff)
        delay = backoff[min(attempts - 1, len(backoff) - 1)]
        log.warning("registration.failed", record_id=doc["_id"], system=system, attempts=attempts, error=answer,
                    gave_up=failed)
        await store.set_fields(doc["_id"], {
            "registration.attempts": attempts, "registration.last_error": answer,
            "registration.status": "failed" if failed else "pending",
            "registration.next_attempt_at": utcnow() + timedelta(seconds=delay)})
    return done


if __name__ == "__main__":  # python -m services.archive.registration > registration_request.schema.json
    print(json.dumps(request_schema(), ensure_ascii=False, indent=2))
