"""A local Public 360 SIF (RPC, JSON) for the tests: it keeps cases and documents and checks
each request the way SIF documents it (Tietoevry's SIF RPC examples and the SIF contracts):
`POST …/<Service>/<Operation>?authkey=…`, body `{"parameter": {…}}`, the operation's own
fields only, required fields present, ExternalId as `{Id, Type}`, exactly one case identity
on a document, files with Title, Format and decodable Base64Data. A request that breaks a rule
is answered `Successful: false` and noted in `violations`, so a test can assert there were none.

`lose_next` makes the next call of an operation do its work and then answer 500, as if the
answer was lost on the way back: a client that retries blindly would create a duplicate.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FIELDS = {
    ("CaseService", "GetCases"): {"Recno", "CaseNumber", "Title", "ExternalId", "ExternalSystem", "MaxResults",
                                  "IncludeCaseContacts", "IncludeCustomFields", "CaseType", "ContactReferenceNumber"},
    ("CaseService", "CreateCase"): {"Title", "UnofficialTitle", "ExternalId", "ExternalSystem", "StartDate", "Status",
                                    "CaseType", "ResponsiblePersonEmail", "ResponsiblePersonRecno", "ArchiveCodes",
                                    "AccessCode", "Paragraph", "Notes", "Contacts", "UnregisteredContacts",
                                    "DefaultValueSet", "SubArchive", "JournalUnit"},
    ("DocumentService", "GetDocuments"): {"DocumentNumber", "Title", "CaseExternalId", "CaseNumber",
                                          "ExternalSystem", "MaxReturnedDocuments", "IncludeFileData"},
    ("DocumentService", "CreateDocument"): {"Title", "UnofficialTitle", "DocumentDate", "Archive", "Category",
                                            "Status", "CaseNumber", "CaseExternalId", "ExternalId", "ExternalSystem",
                                            "ResponsiblePersonEmail", "Contacts", "UnregisteredContacts",
                                            "SendersReference", "AccessCode", "Paragraph", "AccessGroup", "Notes",
                                            "Files", "DefaultValueSet", "JournalDate"},
}
REQUIRED = {("CaseService", "CreateCase"): {"Title"},
            ("DocumentService", "CreateDocument"): {"Title", "Category", "Status"}}


class SifSimulator:
    def __init__(self, authkey: str) -> None:
        self.authkey = authkey
        self.cases: list[dict[str, Any]] = []
        self.documents: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.violations: list[str] = []
        self.lose_next: set[str] = set()
        self.app = Starlette(routes=[Route("/SI.Data.RPC/SI.Data.RPC/{service}/{operation}", self.rpc,
                                           methods=["POST"])])

    def _refuse(self, message: str) -> JSONResponse:
        self.violations.append(message)
        return JSONResponse({"Successful": False, "ErrorMessage": message, "ErrorDetails": message})

    async def rpc(self, request: Request) -> JSONResponse:
        service, operation = request.path_params["service"], request.path_params["operation"]
        if request.query_params.get("authkey") != self.authkey:
            return JSONResponse({"Successful": False, "ErrorMessage": "Invalid authkey"}, status_code=401)
        try:
            body = await request.json()
        except ValueError:
            return self._refuse(f"{operation}: body is not JSON")
        if not isinstance(body, dict) or set(body) != {"parameter"} or not isinstance(body["parameter"], dict):
            return self._refuse(f"{operation}: the body must be {{\"parameter\": {{…}}}}")
        p = body["parameter"]
        key = (service, operation)
        if key not in FIELDS:
            return self._refuse(f"{service}/{operation}: not an operation this simulator knows")
        unknown = set(p) - FIELDS[key]
        missing = REQUIRED.get(key, set()) - {k for k, v in p.items() if v not in (None, "")}
        if unknown or missing:
            return self._refuse(f"{operation}: unknown fields {sorted(unknown)}, missing {sorted(missing)}")
        for field in ("ExternalId", "CaseExternalId"):
            if field in p and not (isinstance(p[field], dict) and set(p[field]) == {"Id", "Type"}
                                   and all(isinstance(v, str) and v for v in p[field].values())):
                return self._refuse(f"{operation}: {field} must be {{Id, Type}}")
        self.calls.append((f"{service}/{operation}", p))
        handler = getattr(self, f"_{operation}")
        result = handler(p)
        if isinstance(result, JSONResponse):
            return result
        if operation in self.lose_next:
            self.lose_next.discard(operation)
            return JSONResponse({"error": "gateway timeout"}, status_code=500)
        return JSONResponse({**result, "Successful": True})

    def _GetCases(self, p: dict[str, Any]) -> dict[str, Any]:  # noqa: N802 - the SOAP operation's name
        found = [c for c in self.cases if all(c.get(k) == v for k, v in p.items() if k in ("ExternalId", "CaseNumber"))]
        return {"Cases": found[: p.get("MaxResults") or None], "TotalCount": len(found)}

    def _CreateCase(self, p: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        case = {"Recno": 200000 + len(self.cases), "CaseNumber": f"26/{len(self.cases) + 1:05d}", **p}
        self.cases.append(case)
        return {"Recno": case["Recno"], "CaseNumber": case["CaseNumber"]}

    def _GetDocuments(self, p: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        def matches(d: dict[str, Any]) -> bool:
            if "CaseExternalId" in p:
                case = next((c for c in self.cases if c.get("ExternalId") == p["CaseExternalId"]), None)
                return case is not None and d["CaseNumber"] == case["CaseNumber"]
            return all(d.get(k) == v for k, v in p.items() if k in ("DocumentNumber", "CaseNumber"))
        return {"Documents": [{k: d[k] for k in ("Recno", "DocumentNumber", "Title", "CaseNumber", "ExternalId")}
                              for d in self.documents if matches(d)]}

    def _CreateDocument(self, p: dict[str, Any]) -> dict[str, Any] | JSONResponse:  # noqa: N802
        if ("CaseNumber" in p) == ("CaseExternalId" in p):
            return self._refuse("CreateDocument: exactly one of CaseNumber and CaseExternalId")
        case = next((c for c in self.cases if c["CaseNumber"] == p.get("CaseNumber")
                     or c.get("ExternalId") == p.get("CaseExternalId")), None)
        if case is None:
            return self._refuse("CreateDocument: no such case")
        for contact in p.get("UnregisteredContacts") or []:
            if not contact.get("ContactName") or not contact.get("Role"):
                return self._refuse("CreateDocument: an unregistered contact needs ContactName and Role")
        files = []
        for f in p.get("Files") or []:
            sources = [k for k in ("Base64Data", "UploadedFileReference", "Data") if f.get(k)]
            if not f.get("Title") or not f.get("Format") or len(sources) != 1:
                return self._refuse("CreateDocument: a file needs Title, Format and one of its data fields")
            try:
                data = base64.b64decode(f["Base64Data"], validate=True)
            except (binascii.Error, KeyError):
                return self._refuse("CreateDocument: Base64Data does not decode")
            files.append({"Title": f["Title"], "Format": f["Format"], "data": data})
        n = sum(1 for d in self.documents if d["CaseNumber"] == case["CaseNumber"]) + 1
        doc = {**p, "Recno": 300000 + len(self.documents), "CaseNumber": case["CaseNumber"],
               "DocumentNumber": f"{case['CaseNumber']}-{n}", "files": files}
        self.documents.append(doc)
        return {"Recno": doc["Recno"], "DocumentNumber": doc["DocumentNumber"]}
