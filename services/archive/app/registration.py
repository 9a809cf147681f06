"""Registration (diarieföring) of records: requests to the municipality's records system,
retried with backoff from an outbox (the record's `registration` field), and the
registrations noted (from the system's answer or by hand). The pack chooses the system
(`archive.registration_system`): the generic signed JSON webhook (adapters/webhook.py,
CITS ERMS terms), or Public 360 through SIF (adapters/public360.py)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import deterministic_id, utcnow
from shared.contracts.archive import (Person, RecordRegistered, Registration, RegisterManually, RequestRegistration,
                                     SifProgress)
from shared.contracts.commands import Refusal
from shared.logging import get_logger

from ..adapters import public360 as sif
from ..adapters import webhook
from ..adapters.ledger import Ledger
from ..adapters.store import Record, RecordStore, Registered
from ..adapters.webhook import (ErmsCase, ErmsClassification, ErmsParty, ErmsRecord, ErmsSekretess,
                                RegistrationRequest, WebhookAnswer, attachment)
from ..config import ArchiveSettings
from .policies import policy_for
from .records import log_event, mark_registration

log = get_logger(__name__)


def request_body(record: Record) -> RegistrationRequest:
    author = record.author or Person()
    reg = record.registration or Registration()
    policy = policy_for(record.municipality)
    incoming = record.direction == "inkommen"
    platform = record.platform or record.source
    categories = set(record.categories) & set(policy.disclosure_redact_categories)
    return RegistrationRequest(
        municipality=record.municipality, record_id=record.id,
        case=ErmsCase(external_id=sif.case_external_id(record), board=reg.board,
                      title=f"Sociala medier: {platform or ''} {record.account_id or ''}, "
                            f"tråd {record.thread_id or record.id}"),
        record=ErmsRecord(external_id=record.id, title=f"{record.kind or ''} på {platform or ''}: {record.text[:80]}",
                          direction="incoming" if incoming else "outgoing", created=record.published_at,
                          received=record.received_at, platform=record.platform, account_id=record.account_id,
                          item_id=record.item_id, thread_id=record.thread_id, kind=record.kind, text=record.text,
                          reason=reg.reason),
        parties=[ErmsParty(role="sender" if incoming else "recipient", name=author.name,
                           identifier=author.platform_id if record.author is not None else None,
                           identifier_type=f"{platform} user id" if author.platform_id else None)],
        classification=ErmsClassification(categories=record.categories, intents=record.intents,
                                          rule_id=reg.rule_id),
        sekretess=ErmsSekretess(to_examine=bool(categories), categories=sorted(categories)),
        attachments=[attachment(f"{record.id}.pdf", "application/pdf", sif.record_pdf(record)),
                     attachment(f"{record.id}.json", "application/json", sif.record_json(record))])


# --- the outbox ----------------------------------------------------------------------------

async def _webhook(record: Record, settings: ArchiveSettings, client: httpx.AsyncClient) -> WebhookAnswer | str:
    url = settings.registration_webhooks.get(record.municipality)
    body = request_body(record)
    secret = settings.registration_webhook_secret
    assert url is not None  # _configured sends a record here only when the webhook is set
    return await webhook.post(url, body, idempotency_key=record.id,
                              secret=secret.get_secret_value() if secret else None, client=client)


async def _public360(record: Record, store: RecordStore, settings: ArchiveSettings,
                     client: httpx.AsyncClient) -> WebhookAnswer | str:
    profile = policy_for(record.municipality).public360
    base = settings.public360_urls.get(record.municipality)
    key = settings.public360_authkeys.get(record.municipality)
    progress = (record.registration or Registration()).sif or SifProgress()

    async def note(state: SifProgress) -> None:
        await store.note_sif_progress(record.id, state)

    try:
        assert base is not None  # _configured sends a record here only when the URL is set
        assert profile is not None  # the pack requires the block with registration_system public360
        done = await sif.register(sif.Public360Client(client, base, key.get_secret_value() if key else ""),
                                  profile, record, progress, note)
    except (httpx.HTTPError, sif.SifError, KeyError, TypeError) as exc:
        return type(exc).__name__ + ": " + str(exc)[:300]
    return WebhookAnswer(diarienummer=done.case_number or "", document_number=done.document_number,
                         registrar="Public 360")


def _configured(record: Record, settings: ArchiveSettings) -> str | None:
    """Which system this record goes to, or None while none is configured (it stays pending
    for a manual registration)."""
    system = policy_for(record.municipality).registration_system
    if system == "public360":
        return system if settings.public360_urls.get(record.municipality) else None
    return system if settings.registration_webhooks.get(record.municipality) else None


async def send_due(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, settings: ArchiveSettings,
                   client: httpx.AsyncClient) -> int:
    """One pass over the outbox; returns how many were registered."""
    done = 0
    for record in await store.due_registrations(utcnow()):
        system = _configured(record, settings)
        if system is None:
            continue
        reg = record.registration or Registration()
        answer = await (_public360(record, store, settings, client) if system == "public360"
                        else _webhook(record, settings, client))
        if isinstance(answer, WebhookAnswer):
            await register_record(store=store, ledger=ledger, broker=broker, rid=record.id,
                                  diarienummer=answer.diarienummer, board=answer.board or reg.board,
                                  case_reference=answer.case_reference,
                                  registrar=answer.registrar or "ärendehanteringssystemet", manual=False,
                                  document_number=answer.document_number, system=system)
            done += 1
            continue
        attempts = (reg.attempts or 0) + 1
        backoff = settings.registration_backoff
        failed = attempts > len(backoff)
        delay = backoff[min(attempts - 1, len(backoff) - 1)]
        log.warning("registration.failed", record_id=record.id, system=system, attempts=attempts, error=answer,
                    gave_up=failed)
        await store.note_registration_attempt(record.id, attempts=attempts, error=answer, failed=failed,
                                              next_attempt_at=utcnow() + timedelta(seconds=delay))
    return done


async def register_record(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, rid: str, diarienummer: str,
                          registrar: str, board: str | None, case_reference: str | None, manual: bool,
                          document_number: str | None = None, system: str | None = None) -> RecordRegistered:
    """Note a registration (from the records system's answer or by hand) and announce it."""
    record = await store.get_any(rid)
    if record is None:
        raise LookupError(rid)
    now = utcnow()
    await store.note_registered(rid, Registered(
        status="registered", diarienummer=diarienummer, board=board, case_reference=case_reference,
        registrar=registrar, registered_at=now, manual=manual,
        rule_id=(record.registration or Registration()).rule_id,
        document_number=document_number, system=system or ("manual" if manual else "webhook")))
    event_id = deterministic_id("archive.registered", rid, diarienummer)
    await log_event(ledger, municipality=record.municipality, rid=rid, now=now,
                    event={"event_id": event_id, "type": "registered", "diarienummer": diarienummer,
                           "board": board, "registrar": registrar, "at": now.isoformat()})
    registered = RecordRegistered(event_id=event_id, municipality=record.municipality, record_id=rid,
                                  diarienummer=diarienummer, board=board, case_reference=case_reference,
                                  registrar=registrar, registered_at=now, manual=manual,
                                  **_platform_item(record))
    await publish_event(broker, registered, subjects.ARCHIVE_REGISTERED)
    return registered


def _platform_item(record: Record) -> dict[str, str]:
    """The platform item a social record keeps (an upprättad post of the municipality's own
    has one too; a broadcast or a snapshot has none)."""
    if record.source == "social" and record.platform and record.item_id:
        return {"platform": record.platform, "item_id": record.item_id}
    return {}


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
