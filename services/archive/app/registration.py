"""Registration (diarieföring) of records: requests to the municipality's records system,
retried with backoff from an outbox (the record's `registration` field), and the
registrations noted (from the system's answer or by hand). The pack chooses the system
(`archive.registration_system`): the generic signed JSON webhook (adapters/webhook.py,
CITS ERMS terms), or Public 360 through SIF (adapters/public360.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import deterministic_id, utcnow
from shared.contracts.archive import RecordRegistered, RegisterManually, RequestRegistration
from shared.contracts.commands import Refusal
from shared.logging import get_logger

from ..adapters import public360 as sif
from ..adapters import webhook
from ..adapters.ledger import Ledger
from ..adapters.store import RecordStore, Registered
from ..adapters.webhook import (ErmsCase, ErmsClassification, ErmsParty, ErmsRecord, ErmsSekretess,
                                RegistrationRequest, WebhookAnswer, attachment)
from ..config import ArchiveSettings
from .policies import policy_for
from .records import log_event, mark_registration

log = get_logger(__name__)


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
        attachments=[attachment(f"{doc['_id']}.pdf", "application/pdf", sif.record_pdf(doc)),
                     attachment(f"{doc['_id']}.json", "application/json", sif.record_json(doc))])


# --- the outbox ----------------------------------------------------------------------------

async def _webhook(doc: dict[str, Any], settings: ArchiveSettings, client: httpx.AsyncClient) -> WebhookAnswer | str:
    url = settings.registration_webhooks.get(doc["municipality"])
    body = request_body(doc)
    secret = settings.registration_webhook_secret
    assert url is not None  # _configured sends a record here only when the webhook is set
    return await webhook.post(url, body, idempotency_key=doc["_id"],
                              secret=secret.get_secret_value() if secret else None, client=client)


async def _public360(doc: dict[str, Any], store: RecordStore, settings: ArchiveSettings,
                     client: httpx.AsyncClient) -> WebhookAnswer | str:
    profile = policy_for(doc["municipality"]).public360
    base = settings.public360_urls.get(doc["municipality"])
    key = settings.public360_authkeys.get(doc["municipality"])
    progress = dict((doc.get("registration") or {}).get("sif") or {})

    async def note(state: dict[str, Any]) -> None:
        await store.note_sif_progress(doc["_id"], state)

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
        await store.note_registration_attempt(doc["_id"], attempts=attempts, error=answer, failed=failed,
                                              next_attempt_at=utcnow() + timedelta(seconds=delay))
    return done


async def register_record(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, rid: str, diarienummer: str,
                          registrar: str, board: str | None, case_reference: str | None, manual: bool,
                          document_number: str | None = None, system: str | None = None) -> RecordRegistered:
    """Note a registration (from the records system's answer or by hand) and announce it."""
    doc = await store.get_any(rid)
    if doc is None:
        raise LookupError(rid)
    now = utcnow()
    await store.note_registered(rid, Registered(
        status="registered", diarienummer=diarienummer, board=board, case_reference=case_reference,
        registrar=registrar, registered_at=now, manual=manual, rule_id=(doc.get("registration") or {}).get("rule_id"),
        document_number=document_number, system=system or ("manual" if manual else "webhook")))
    event_id = deterministic_id("archive.registered", rid, diarienummer)
    await log_event(ledger, municipality=doc["municipality"], rid=rid, now=now,
                    event={"event_id": event_id, "type": "registered", "diarienummer": diarienummer,
                           "board": board, "registrar": registrar, "at": now.isoformat()})
    registered = RecordRegistered(event_id=event_id, municipality=doc["municipality"], record_id=rid,
                                  diarienummer=diarienummer, board=board, case_reference=case_reference,
                                  registrar=registrar, registered_at=now, manual=manual)
    await publish_event(broker, registered, subjects.ARCHIVE_REGISTERED)
    return registered


async def register_manually(*, store: RecordStore, ledger: Ledger, broker: NatsBroker,
                            command: RegisterManually) -> RecordRegistered:
    """A registrar records a registration made by hand."""
    if await store.get(command.actor.municipality, command.record_id) is None:
        raise Refusal("Handlingen finns inte.")
    return await register_record(store=store, ledger=ledger, broker=broker, rid=command.record_id,
                                 diarienummer=command.diarienummer, registrar=command.actor.name,
                                 board=command.board, case_reference=command.case_reference, manual=True)


async def request_registration(*, store: RecordStore, command: RequestRegistration) -> None:
    """Queue the record for the case-management system (staff decided it is to be registered)."""
    if await store.get(command.actor.municipality, command.record_id) is None:
        raise Refusal("Handlingen finns inte.")
    await mark_registration(store, command.record_id, decided=True, board=command.board)
