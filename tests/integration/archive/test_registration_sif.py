"""Registration in Public 360 through SIF, against a local SIF that checks each request:
a case found or created per thread, a document per record with the PDF/A and the original
JSON, the diarienummer and document number on the record, and retries that double nothing."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import pytest
import uvicorn

from services.archive.app import registration
from services.archive.main import create_app
from services.archive.app.policies import policy_for
from shared.contracts import deterministic_id
from shared.policy.sections.archive import Public360Profile
from devtools.servers import free_port
from tests.support.inprocess import running
from tests.support.polling import eventually

from .helpers import Client, item, settings
from .sif_simulator import SifSimulator

M = "pitea"  # Piteå's pack registers direct messages to staff automatically
AUTHKEY = "sif-test-authkey"
CODES = Public360Profile(category_incoming="recno:110", category_outgoing="recno:111", document_status="recno:6",
                         case_type="recno:2")


@pytest.fixture
def pack_chooses_public360(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piteå's pack as a municipality running Public 360 would write it (no shipped pack names
    one: the choice and the installation's codes are each municipality's own)."""
    real = policy_for(M)
    chosen = real.model_copy(update={"registration_system": "public360", "public360": CODES})
    monkeypatch.setattr(registration, "policy_for", lambda m: chosen if m == M else policy_for(m))


async def test_public_360_case_document_and_numbers(service_env, tmp_path: Path, pack_chooses_public360) -> None:
    sim = SifSimulator(AUTHKEY)
    sim.lose_next = {"CreateCase", "CreateDocument"}  # the first answer of each is lost: retried, not doubled
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(sim.app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    base = f"http://127.0.0.1:{port}/SI.Data.RPC/SI.Data.RPC"
    cfg = settings(tmp_path, public360_urls={M: base}, public360_authkeys={M: AUTHKEY},
                   registration_backoff=[0.2, 0.2, 0.2, 0.2])
    try:
        async with running(create_app, cfg):
            client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
            try:
                first = item(M, "dm1", "Hej, jag vill klaga på bygglovet på Storgatan.", kind="direct_message",
                             thread_id="dm-thread", n=1)
                second = item(M, "dm2", "Jag bifogar ritningen i nästa meddelande.", kind="direct_message",
                              thread_id="dm-thread", n=2)
                await client.publish("social.received.facebook", first)
                ids = [deterministic_id("record", M, "facebook", i) for i in ("dm1", "dm2")]

                async def registered(rid: str):
                    rec = await client.ask("q.archive.record", {"municipality": M, "record_id": rid})
                    return rec if rec and rec["registration"]["status"] == "registered" else None
                rec1 = await eventually(lambda: registered(ids[0]))
                assert rec1, "the first message was not registered in Public 360"
                await client.publish("social.received.facebook", second)
                rec2 = await eventually(lambda: registered(ids[1]))
                assert rec2, "the second message was not registered in Public 360"
            finally:
                await client.close()
    finally:
        server.should_exit = True
        await serving

    assert sim.violations == []
    assert len(sim.cases) == 1, "one case per thread, despite the lost CreateCase answer"
    assert len(sim.documents) == 2, "one document per record, despite the lost CreateDocument answer"
    case = sim.cases[0]
    assert case["ExternalId"] == {"Id": f"kanalvakt:{M}:dm-thread", "Type": "Kanalvakt"}
    assert case["CaseType"] == "recno:2"
    for rec, doc in zip((rec1, rec2), sim.documents, strict=True):
        assert rec["registration"]["diarienummer"] == case["CaseNumber"] == "26/00001"
        assert rec["registration"]["document_number"] == doc["DocumentNumber"]
        assert rec["registration"]["system"] == "public360"
        assert doc["ExternalId"] == {"Id": rec["id"], "Type": "Kanalvakt"}
        assert doc["Category"] == "recno:110" and doc["Status"] == "recno:6"
        assert doc["UnregisteredContacts"] == [{"ContactName": "Åsa Öberg", "Role": "Avsändare"}]
        pdf, original = doc["files"]
        assert pdf["Format"] == "PDF" and pdf["data"].startswith(b"%PDF") and b"pdfaid:part" in pdf["data"]
        assert json.loads(original["data"])["id"] == rec["id"] and original["Format"] == "JSON"
    assert [d["DocumentNumber"] for d in sim.documents] == ["26/00001-1", "26/00001-2"]
    # The retry after each lost answer looked before it created.
    operations = [name for name, _ in sim.calls]
    assert operations.count("CaseService/CreateCase") == 1 and operations.count("CaseService/GetCases") >= 2
    assert operations.count("DocumentService/CreateDocument") == 2


async def test_the_simulator_refuses_what_sif_would(tmp_path: Path) -> None:
    """The judge can fail: a wrong envelope, unknown fields, a file without data are refused."""
    import httpx

    sim = SifSimulator(AUTHKEY)
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sif") as http:
        url = "/SI.Data.RPC/SI.Data.RPC/CaseService/CreateCase"
        wrong = await http.post(url, params={"authkey": "wrong"}, json={"parameter": {"Title": "x"}})
        assert wrong.status_code == 401
        bare = await http.post(url, params={"authkey": AUTHKEY}, json={"Title": "x"})
        assert bare.json()["Successful"] is False
        typo = await http.post(url, params={"authkey": AUTHKEY}, json={"parameter": {"Titel": "x"}})
        assert "Titel" in typo.json()["ErrorMessage"]
        ok = await http.post(url, params={"authkey": AUTHKEY}, json={"parameter": {"Title": "x"}})
        number = ok.json()["CaseNumber"]
        no_data = await http.post("/SI.Data.RPC/SI.Data.RPC/DocumentService/CreateDocument",
                                  params={"authkey": AUTHKEY},
                                  json={"parameter": {"Title": "d", "Category": "c", "Status": "s",
                                                      "CaseNumber": number,
                                                      "Files": [{"Title": "f", "Format": "PDF"}]}})
        assert no_data.json()["Successful"] is False
        good = await http.post("/SI.Data.RPC/SI.Data.RPC/DocumentService/CreateDocument", params={"authkey": AUTHKEY},
                               json={"parameter": {"Title": "d", "Category": "c", "Status": "s", "CaseNumber": number,
                                                   "Files": [{"Title": "f", "Format": "PDF",
                                                              "Base64Data": base64.b64encode(b"%PDF").decode()}]}})
        assert good.json() == {"Recno": 300000, "DocumentNumber": f"{number}-1", "Successful": True}
    assert len(sim.violations) == 3
