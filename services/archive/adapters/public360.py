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
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict
from pydantic_core import to_jsonable_python

from shared import pdfa
from shared.policy.sections.archive import Public360Profile


class SifError(Exception):
    """Public 360 refused or failed; the registration is retried with backoff."""


class _Result(BaseModel):
    model_config = ConfigDict(extra="allow")

    Successful: bool | None = None
    ErrorMessage: str | None = None
    ErrorDetails: str | None = None


def case_external_id(doc: dict[str, Any]) -> str:
    return f"kanalvakt:{doc['municipality']}:{doc.get('thread_id') or doc['_id']}"


def record_pdf(doc: dict[str, Any]) -> bytes:
    """The record as PDF/A-2B: what it says, who sent it, when, and its digest."""
    author = doc.get("author") or {}
    pdf = pdfa.document(f"Handling {doc['_id']}", author="Kanalvakt")
    pdf.add_page()
    pdf.set_font(pdfa.FONT, "B", 14)
    pdf.multi_cell(0, 7, f"{doc.get('kind', '')} på {doc.get('platform') or doc.get('source', '')}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfa.FONT, "", 9)
    for label, value in (("Handlingens id", doc["_id"]),
                         ("Inkommen/upprättad", {"inkommen": "Inkommen", "upprattad": "Upprättad"}.get(
                             doc.get("direction", ""), "")),
                         ("Konto", doc.get("account_id")), ("Tråd", doc.get("thread_id")),
                         ("Avsändare", " ".join(x for x in (author.get("name"), f"({author.get('platform_id')})")
                                                if x)),
                         ("Publicerad", doc.get("published_at")), ("Inkom", doc.get("received_at")),
                         ("SHA-256 (innehåll)", doc.get("content_sha256"))):
        if value:
            pdf.multi_cell(0, 4.5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdfa.FONT, "", 11)
    pdf.multi_cell(0, 6, doc.get("text") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def record_json(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k not in ("terms", "words", "author_terms", "_id")}
    return json.dumps(to_jsonable_python({"id": doc["_id"], **body}, fallback=str), ensure_ascii=False,
                      indent=2).encode()


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


async def register(sif: Public360Client, profile: Public360Profile, doc: dict[str, Any],
                   progress: dict[str, Any], note: Any) -> dict[str, str]:
    """Find or create the case and the document; `note(progress)` is awaited after each step.
    Returns {case_number, document_number}."""
    ext = {"Id": case_external_id(doc), "Type": profile.external_system}
    if not progress.get("case_number"):
        found = await sif.call("CaseService", "GetCases", {"ExternalId": ext, "MaxResults": 2})
        cases = found.get("Cases") or []
        if cases:
            progress["case_number"] = cases[0]["CaseNumber"]
        else:
            title = profile.case_title.format(account_id=doc.get("account_id") or "", thread_id=doc.get("thread_id")
                                              or doc["_id"], platform=doc.get("platform") or doc.get("source", ""))
            created = await sif.call("CaseService", "CreateCase", {
                "Title": title, "ExternalId": ext, **({"CaseType": profile.case_type} if profile.case_type else {}),
                **({"ResponsiblePersonEmail": profile.responsible_person_email}
                   if profile.responsible_person_email else {})})
            progress["case_number"] = created["CaseNumber"]
        await note(progress)
    if not progress.get("document_number"):
        doc_ext = {"Id": doc["_id"], "Type": profile.external_system}
        found = await sif.call("DocumentService", "GetDocuments", {"CaseExternalId": ext})
        mine = [d for d in found.get("Documents") or [] if d.get("ExternalId") in (doc["_id"], doc_ext)]
        if mine:
            progress["document_number"] = mine[0]["DocumentNumber"]
        else:
            incoming = doc.get("direction") == "inkommen"
            author = doc.get("author") or {}
            text = (doc.get("text") or "").strip().replace("\n", " ")
            title = f"{doc.get('kind', 'inlägg')} på {doc.get('platform') or doc.get('source', '')}: {text[:80]}"
            created = await sif.call("DocumentService", "CreateDocument", {
                "Title": title, "CaseNumber": progress["case_number"], "ExternalId": doc_ext,
                "Category": profile.category_incoming if incoming else profile.category_outgoing,
                "Status": profile.document_status,
                "DocumentDate": to_jsonable_python(doc.get("published_at") or doc.get("received_at")),
                "UnregisteredContacts": [{"ContactName": author.get("name") or author.get("platform_id") or "okänd",
                                          "Role": profile.sender_role if incoming else profile.recipient_role}],
                "Files": [
                    {"Title": f"{doc['_id']}.pdf", "Format": profile.pdf_format,
                     "Base64Data": base64.b64encode(record_pdf(doc)).decode()},
                    {"Title": f"{doc['_id']}.json", "Format": profile.json_format,
                     "Base64Data": base64.b64encode(record_json(doc)).decode()}]})
            progress["document_number"] = created["DocumentNumber"]
        await note(progress)
    return {"case_number": progress["case_number"], "document_number": progress["document_number"]}
