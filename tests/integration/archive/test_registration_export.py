"""Registration through the case-system webhook (with retries), disclosure, snapshots, export refusal."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from services.archive.main import create_app
from services.archive.adapters.webhook import RegistrationRequest
from services.snapshot.config import SnapshotSettings
from services.snapshot.main import create_app as create_worker
from shared.contracts import deterministic_id
from tests.support.inprocess import running

from .test_records import _cli
from tests.support.polling import eventually

from .helpers import Client, actor, item, settings
from devtools.servers import free_port  # one port allocator for the whole process

M = "pitea"
SECRET = "case-system-secret"
PAGE = "<html><body><h1>Piteå kommun på Facebook</h1><p>Välkommen!</p></body></html>"




class CaseSystem:
    """A case-management system that fails once, then registers. Its server also serves
    the account's public page the snapshot is taken of."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict, bool]] = []
        self.app = Starlette(routes=[Route("/register", self.register, methods=["POST"]),
                                     Route("/page", lambda request: HTMLResponse(PAGE))])

    async def register(self, request: Request) -> JSONResponse:
        body = await request.body()
        mac = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        self.requests.append((json.loads(body), hmac.compare_digest(mac, request.headers["x-kanalvakt-signature"])))
        if len(self.requests) == 1:
            return JSONResponse({"error": "busy"}, status_code=503)
        return JSONResponse({"diarienummer": "KS 2026/42", "board": "Kommunstyrelsen", "registrar": "Registrator"})


async def test_registration_disclosure_sip_and_snapshot(service_env, tmp_path: Path) -> None:
    case = CaseSystem()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(case.app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    cfg = settings(tmp_path, registration_webhooks={M: f"http://127.0.0.1:{port}/register"},
                   registration_webhook_secret=SECRET, registration_backoff=[0.2, 0.2],
                   snapshot_pages={f"{M}/page-1": f"http://127.0.0.1:{port}/page"})
    try:
        # The snapshot worker renders the page (the archive runs no browser), on loopback.
        async with running(create_worker, SnapshotSettings(snapshot_private_hosts=["127.0.0.1"])), \
                running(create_app, cfg):
            client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
            try:
                # Piteå: a direct message to staff is an inkommen handling: registered automatically.
                dm = item(M, "dm1", "Hej, jag vill klaga på bygglovet. Mitt personnummer är 19811218-9876.",
                          kind="direct_message", thread_id="dm1")
                comment = item(M, "c2", "Fint väder i Piteå idag", n=5)
                reply = item(M, "c3", "Tack Åsa!", direction="upprattad", author=("page-1", "Piteå kommun"), n=6)
                for event in (dm, comment, reply):
                    await client.publish("social.received.facebook", event)
                dm_id = deterministic_id("record", M, "facebook", "dm1")

                async def registered():
                    rec = await client.ask("q.archive.record", {"municipality": M, "record_id": dm_id})
                    return rec if rec and rec["registration"]["status"] == "registered" else None
                rec = await eventually(registered)
                assert rec, "the direct message was not registered"
                assert rec["registration"]["diarienummer"] == "KS 2026/42"
                assert rec["registration"]["board"] == "Kommunstyrelsen"
                assert len(case.requests) == 2 and all(ok for _, ok in case.requests)  # one retry, signed
                body = case.requests[0][0]
                # CITS ERMS terms (the guide's JSON Schema): case, record, party, classification,
                # sekretess, attachments with checksums.
                RegistrationRequest.model_validate(body)
                assert body["record_id"] == dm_id and body["record"]["direction"] == "incoming"
                assert body["case"]["external_id"] == f"kanalvakt:{M}:dm1"
                assert body["parties"] == [{"role": "sender", "name": "Åsa Öberg", "identifier": "555",
                                            "identifier_type": "facebook user id"}]
                assert body["sekretess"]["to_examine"] is False  # not tagged (no moderation here)
                pdf, original = (base64.b64decode(a["content_base64"]) for a in body["attachments"])
                assert pdf.startswith(b"%PDF") and json.loads(original)["id"] == dm_id
                assert [a["checksum"] for a in body["attachments"]] == [hashlib.sha256(pdf).hexdigest(),
                                                                        hashlib.sha256(original).hexdigest()]
                comment_rec = await client.ask("q.archive.records", {"municipality": M, "item_id": "c2"})
                assert comment_rec[0]["registration"]["status"] == "not_required"  # biblioteksregeln

                # Disclosure: personnummer pre-marked, staff add a span; logged with hashes.
                who = actor(M, "registrar")
                preview = await client.ask("cmd.archive.disclose", {"actor": who, "record_ids": [dm_id],
                                                                    "preview": True})
                assert preview["data"]["records"][0]["premarked"][0]["reason"] == "personnummer"
                result = await client.ask("cmd.archive.disclose", {
                    "actor": who, "record_ids": [dm_id], "requester": "Journalist", "reference": "KS 2026/50",
                    "redactions": [{"record_id": dm_id, "add": [{"start": 0, "end": 3, "reason": "namn"}]}]})
                assert result["ok"], result
                html = result["data"]["html"]
                assert "19811218-9876" not in html and "█" in html and "KS 2026/42" in html and dm_id in html
                pdf = base64.b64decode(result["data"]["pdf_base64"])
                assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf and b"19811218-9876" not in pdf
                log = await client.ask("q.archive.disclosures", {"municipality": M})
                assert [(d["reference"], d["actor"]["name"]) for d in log] == [("KS 2026/50", "Eva Arkivarie")]
                assert log[0]["redactions"][0]["spans"][0] == {"start": 0, "end": 3, "reason": "namn"}
                denied = await client.ask("cmd.archive.disclose", {"actor": actor(M, "communicator"),
                                                                   "record_ids": [dm_id]})
                assert not denied["ok"]
                hostile = await client.ask("cmd.archive.hold", {"actor": actor(M, "archivist"),
                                                                "record_ids": {"$gt": ""}, "reason": "x"})
                assert hostile["ok"] is False and "Ogiltig" in hostile["message"]
                unknown = await client.ask("cmd.archive.disclose", {"actor": who, "record_ids": ["nope"]})
                assert unknown["ok"] is False and "nope" in unknown["message"]

                # Snapshot: due (Piteå: every six months), then taken from the local page.
                due = await client.ask("q.archive.snapshots_due", {"municipality": M})
                assert [d["account_id"] for d in due] == ["page-1"]
                reminders = await eventually(lambda: client.events("archive.snapshot.due"))
                assert reminders and reminders[0]["account_id"] == "page-1"
                shot = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "administrator"),
                                                                 "account_id": "page-1"}, timeout=60)
                assert shot["ok"], shot
                snap = await client.ask("q.archive.record", {"municipality": M, "record_id": shot["id"]})
                assert "Välkommen!" in snap["raw"]["html"] and snap["direction"] == "upprattad"
                assert [m["kind"] for m in snap["media"]] == ["screenshot", "pdf"]
                assert base64.b64decode(snap["media"][0]["url"].split(",", 1)[1]).startswith(b"\x89PNG")
                assert await client.ask("q.archive.snapshots_due", {"municipality": M}) == []

                # E-ARK SIP: Piteå's pack names no organisationsnummer, so the export is refused
                # with the field named (a valid package: test_sip_commons_ip.py).
                export = await client.ask("cmd.archive.export_sip", {"actor": actor(M, "archivist"),
                                                                     "account_id": "page-1"}, timeout=60)
                assert export["ok"] is False and "archive.package.organisation_number" in export["message"]
                profile = await client.ask("q.archive.package_profile", {"municipality": M})
                assert profile["ready"] is False and profile["missing"] == ["archive.package.organisation_number"]
            finally:
                await client.close()
    finally:
        server.should_exit = True
        await serving

    # The same refusal from the command line (exit code 2, the message on stderr).
    code, _ = await _cli(cfg, "export-sip", "--out", str(tmp_path / "cli"), "--municipality", M)
    assert code == 2 and not (tmp_path / "cli").exists()
