"""The generic registration webhook: its signed JSON body in the CITS ERMS terms (case,
record, party, classification, sekretess, attachments with checksums; the schema the guide
publishes is `registration_request.schema.json`: `python -m services.archive.adapters.webhook`),
the receipt the records system answers with, and the POST itself."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field, ValidationError


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


def attachment(name: str, mimetype: str, data: bytes) -> ErmsAttachment:
    return ErmsAttachment(name=name, mimetype=mimetype, size=len(data), checksum=hashlib.sha256(data).hexdigest(),
                          content_base64=base64.b64encode(data).decode())


def request_schema() -> dict[str, Any]:
    """The JSON Schema of the webhook's body (and its receipt), as the guide publishes it."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Kanalvakt registration request (CITS ERMS terms)",
            "request": RegistrationRequest.model_json_schema(), "receipt": WebhookAnswer.model_json_schema()}


async def post(url: str, body: RegistrationRequest, *, idempotency_key: str, secret: str | None,
               client: httpx.AsyncClient) -> WebhookAnswer | str:
    """Send the body (signed with `secret`, HMAC-SHA256 in `X-Kanalvakt-Signature`); the
    receipt, or what went wrong."""
    data = body.model_dump_json().encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": idempotency_key}
    if secret:
        mac = hmac.new(secret.encode(), data, hashlib.sha256)
        headers["X-Kanalvakt-Signature"] = "sha256=" + mac.hexdigest()
    try:
        response = await client.post(url, content=data, headers=headers, timeout=10.0)
        if response.status_code >= 400:
            return f"HTTP {response.status_code}"
        return WebhookAnswer.model_validate_json(response.content)
    except (httpx.HTTPError, ValidationError) as exc:
        return type(exc).__name__ + ": " + str(exc)[:300]


if __name__ == "__main__":  # python -m services.archive.adapters.webhook > registration_request.schema.json
    print(json.dumps(request_schema(), ensure_ascii=False, indent=2))
