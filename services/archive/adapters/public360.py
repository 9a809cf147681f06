"""Registration in Public 360 (Tietoevry) through SIF, its JSON RPC API.

Followed: Tietoevry's own SIF RPC examples (github.com/Public360/sif-rpc-postman-examples:
`POST <base>/<Service>/<Operation>?authkey=…`, body `{"parameter": {…}}`) and the SIF
contracts CreateCaseParameter / CaseOperationResult, CreateDocumentParameter /
DocumentOperationResult, GetCases and GetDocuments as the SIF API documentation gives them.

One registration, every step idempotent so a retry (after a timeout, a crash, a 5xx)
neither doubles a case nor a document:

1. the case: `CaseService/GetCases` by ExternalId (`kanalvakt:<municipality>:<thread>`: one
   case per thread on the account), else `CaseService/CreateCase` with that ExternalId;
2. the document: `DocumentService/GetDocuments` in that case (`CaseExternalId`), looking
   for the record's ExternalId, else `DocumentService/CreateDocument` with the record's
   ExternalId, its sender as an unregistered contact and two files: the PDF/A rendering
   and the original JSON (`Files[].Base64Data`);
3. the returned CaseNumber (diarienummer) and DocumentNumber go onto the record.

Steps done are noted on the record (`registration.sif`), so a retry resumes where it stopped.
ContactService is not called: a social-media sender is an unregistered contact on the
document, not a person to add to the municipality's contact register.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict
from pydantic_core import to_jsonable_python

from shared import pdfa
from shared.contracts.archive import Person, SifProgress
from shared.policy.sections.archive import Public360Profile

from .store import SEARCH_FIELDS, Record, in_stored_order


class SifError(Exception):
    """Public 360 refused or failed; the registration is retried with backoff."""


class _Result(BaseModel):
    model_config = ConfigDict(extra="allow")

    Successful: bool | None = None
    ErrorMessage: str | None = None
    ErrorDetails: str | None = None


def case_external_id(record: Record) -> str:
    return f"kanalvakt:{record.municipality}:{record.thread_id or record.id}"


def record_pdf(record: Record) -> bytes:
    """The record as PDF/A-2B: what it says, who sent it, when, and its digest."""
    author = record.author or Person()
    pdf = pdfa.document(f"Handling {record.id}", author="Kanalvakt")
    pdf.add_page()
    pdf.set_font(pdfa.FONT, "B", 14)
    pdf.multi_cell(0, 7, f"{record.kind or ''} på {record.platform or record.source}", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font(pdfa.FONT, "", 9)
    for label, value in (("Handlingens id", record.id),
                         ("Inkommen/upprättad", {"inkommen": "Inkommen", "upprattad": "Upprättad"}.get(
                             record.direction or "", "")),
                         ("Konto", record.account_id), ("Tråd", record.thread_id),
                         ("Avsändare", " ".join(x for x in (author.name, f"({author.platform_id})") if x)),
                         ("Publicerad", record.published_at), ("Inkom", record.received_at),
                         ("SHA-256 (innehåll)", record.content_sha256)):
        if value:
            pdf.multi_cell(0, 4.5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdfa.FONT, "", 11)
    pdf.multi_cell(0, 6, record.text or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def record_json(record: Record) -> bytes:
    """The record as stored, `_id` as `id`, without its search terms."""
    body = in_stored_order(record, exclude=SEARCH_FIELDS)
    return json.dumps(to_jsonable_python(body, fallback=str), ensure_ascii=False, indent=2).encode()


class Public360Client:
    """The few SIF operations a registration needs."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, authkey: str, timeout: float = 20.0) -> None:
        self.client, self.base, self.authkey, self.timeout = client, base_url.rstrip("/"), authkey, timeout

    async def call(self, service: str, operation: str, parameter: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(f"{self.base}/{service}/{operation}", params={"authkey": self.authkey},
                                          json={"parameter": parameter}, timeout=self.timeout)
        if response.status_code >= 400:
            raise SifError(f"{service}/{operation}: HTTP {response.status_code}")
        try:
            result = response.json()
        except ValueError as exc:
            raise SifError(f"{service}/{operation}: not JSON") from exc
        checked = _Result.model_validate(result)
        if checked.Successful is False or checked.ErrorMessage:
            raise SifError(f"{service}/{operation}: {checked.ErrorMessage or 'not successful'}")
        return result


async def register(sif: Public360Client, profile: Public360Profile, record: Record, progress: SifProgress,
                   note: Callable[[SifProgress], Awaitable[None]]) -> SifProgress:
    """Find or create the case and the document; `note(progress)` is awaited after each step.
    Returns the progress with both numbers."""
    ext = {"Id": case_external_id(record), "Type": profile.external_system}
    if not progress.case_number:
        found = await sif.call("CaseService", "GetCases", {"ExternalId": ext, "MaxResults": 2})
        cases = found.get("Cases") or []
        if cases:
            case_number = cases[0]["CaseNumber"]
        else:
            title = profile.case_title.format(account_id=record.account_id or "",
                                              thread_id=record.thread_id or record.id,
                                              platform=record.platform or record.source)
            created = await sif.call("CaseService", "CreateCase", {
                "Title": title, "ExternalId": ext, **({"CaseType": profile.case_type} if profile.case_type else {}),
                **({"ResponsiblePersonEmail": profile.responsible_person_email}
                   if profile.responsible_person_email else {})})
            case_number = created["CaseNumber"]
        progress = progress.model_copy(update={"case_number": case_number})
        await note(progress)
    if not progress.document_number:
        doc_ext = {"Id": record.id, "Type": profile.external_system}
        found = await sif.call("DocumentService", "GetDocuments", {"CaseExternalId": ext})
        mine = [d for d in found.get("Documents") or [] if d.get("ExternalId") in (record.id, doc_ext)]
        if mine:
            document_number = mine[0]["DocumentNumber"]
        else:
            incoming = record.direction == "inkommen"
            author = record.author or Person()
            text = record.text.strip().replace("\n", " ")
            title = f"{record.kind or 'inlägg'} på {record.platform or record.source}: {text[:80]}"
            created = await sif.call("DocumentService", "CreateDocument", {
                "Title": title, "CaseNumber": progress.case_number, "ExternalId": doc_ext,
                "Category": profile.category_incoming if incoming else profile.category_outgoing,
                "Status": profile.document_status,
                "DocumentDate": to_jsonable_python(record.published_at or record.received_at),
                "UnregisteredContacts": [{"ContactName": author.name or author.platform_id or "okänd",
                                          "Role": profile.sender_role if incoming else profile.recipient_role}],
                "Files": [
                    {"Title": f"{record.id}.pdf", "Format": profile.pdf_format,
                     "Base64Data": base64.b64encode(record_pdf(record)).decode()},
                    {"Title": f"{record.id}.json", "Format": profile.json_format,
                     "Base64Data": base64.b64encode(record_json(record)).decode()}]})
            document_number = created["DocumentNumber"]
        progress = progress.model_copy(update={"document_number": document_number})
        await note(progress)
    return progress
