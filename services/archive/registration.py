"""Registration requests to the municipality's case-management system: a generic JSON
webhook, retried with backoff from an outbox (the record's `registration` field)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

import httpx
from faststream.nats import NatsBroker
from pydantic import BaseModel, Field, ValidationError

from shared.contracts import utcnow
from shared.logging import get_logger

from .config import ArchiveSettings
from .ledger import Ledger
from .service import register_record
from .store import RecordStore

log = get_logger(__name__)


class WebhookAnswer(BaseModel):
    """What the case-management system answers (2xx, JSON)."""

    diarienummer: str = Field(..., min_length=1, max_length=100)
    board: str | None = None
    case_reference: str | None = None
    registrar: str | None = None


def request_body(doc: dict[str, Any]) -> dict[str, Any]:
    author = doc.get("author") or {}
    return {
        "type": "kanalvakt.registration_request", "record_id": doc["_id"], "municipality": doc["municipality"],
        "direction": doc.get("direction"), "platform": doc.get("platform"), "account_id": doc.get("account_id"),
        "item_id": doc.get("item_id"), "thread_id": doc.get("thread_id"), "kind": doc.get("kind"),
        "author": {"platform_id": author.get("platform_id"), "name": author.get("name")},
        "text": doc.get("text", ""), "published_at": doc.get("published_at"), "received_at": doc.get("received_at"),
        "board": (doc.get("registration") or {}).get("board"),
        "reason": (doc.get("registration") or {}).get("reason"),
        "categories": doc.get("categories", []), "intents": doc.get("intents", []),
    }


async def send_due(*, store: RecordStore, ledger: Ledger, broker: NatsBroker, settings: ArchiveSettings,
                   client: httpx.AsyncClient) -> int:
    """One pass over the outbox; returns how many were registered."""
    done = 0
    for doc in await store.due_registrations(utcnow()):
        url = settings.registration_webhooks.get(doc["municipality"])
        if not url:
            continue  # no case system configured: stays pending for a manual registration
        reg = doc["registration"]
        body = json.dumps(request_body(doc), default=str, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": doc["_id"]}
        if settings.registration_webhook_secret:
            mac = hmac.new(settings.registration_webhook_secret.get_secret_value().encode(), body, hashlib.sha256)
            headers["X-Kanalvakt-Signature"] = "sha256=" + mac.hexdigest()
        error: str | None = None
        try:
            response = await client.post(url, content=body, headers=headers, timeout=10.0)
            if response.status_code >= 400:
                error = f"HTTP {response.status_code}"
            else:
                answer = WebhookAnswer.model_validate_json(response.content)
        except (httpx.HTTPError, ValidationError) as exc:
            error = type(exc).__name__ + ": " + str(exc)[:300]
        if error is None:
            await register_record(store=store, ledger=ledger, broker=broker, rid=doc["_id"],
                                  diarienummer=answer.diarienummer, board=answer.board or reg.get("board"),
                                  case_reference=answer.case_reference,
                                  registrar=answer.registrar or "ärendehanteringssystemet", manual=False)
            done += 1
            continue
        attempts = int(reg.get("attempts", 0)) + 1
        backoff = settings.registration_backoff
        failed = attempts > len(backoff)
        delay = backoff[min(attempts - 1, len(backoff) - 1)]
        log.warning("registration.failed", record_id=doc["_id"], attempts=attempts, error=error, gave_up=failed)
        await store.set_fields(doc["_id"], {
            "registration.attempts": attempts, "registration.last_error": error,
            "registration.status": "failed" if failed else "pending",
            "registration.next_attempt_at": utcnow() + timedelta(seconds=delay)})
    return done
