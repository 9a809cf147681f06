"""The archive keeps snapshots the snapshot worker renders: real nats-server (with the
embedded default's users and permissions), the worker with Debian's headless Chromium,
the archive, and a local web page, each service in this process as its own NATS user."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from pymongo import AsyncMongoClient
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from services.archive.main import create_app as create_archive
from services.snapshot.config import SnapshotSettings
from services.snapshot.main import create_app as create_worker
from devtools.servers import free_port
from tests.integration.archive.helpers import Client, actor, settings
from tests.support.inprocess import running
from tests.support.polling import eventually

M = "pitea"
# Past NATS' 1 MiB max_payload on its own: the render must travel in chunks.
FILLER = "Arkivbeständig text. " * 60_000
PAGE = ("<html><head><title>Piteå kommun på Facebook</title></head><body><h1>Piteå kommun</h1>"
        "<p>Officiell sida</p><div style='display:none'>" + FILLER + "</div></body></html>")


@asynccontextmanager
async def local_site() -> AsyncIterator[str]:
    """A page behind a redirect, on loopback (which the worker opens only when told to)."""
    port = free_port()
    site = Starlette(routes=[Route("/gammal", lambda request: RedirectResponse("/piteakommun", status_code=302)),
                             Route("/piteakommun", lambda request: HTMLResponse(PAGE))])
    server = uvicorn.Server(uvicorn.Config(site, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


def worker_settings() -> SnapshotSettings:
    return SnapshotSettings(snapshot_private_hosts=["127.0.0.1"])


async def test_the_archive_stores_a_snapshot_the_worker_made(service_env, db_prefix, tmp_path: Path) -> None:
    async with local_site() as base:
        cfg = settings(tmp_path, snapshot_pages={f"{M}/fb-1": f"{base}/gammal",
                                                 f"{M}/fil-2": (tmp_path / "sida.html").as_uri()})
        client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        mongo = AsyncMongoClient(service_env["KANALVAKT_MONGODB_URL"], tz_aware=True)
        try:
            async with running(create_worker, worker_settings()), running(create_archive, cfg):
                shot = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "communicator"),
                                                                 "account_id": "fb-1"}, timeout=120)
                assert shot["ok"] and shot["message"] == "Skärmdumpen är arkiverad.", shot
                # Read from the archive's own database: a record this large is past what one
                # NATS reply carries.
                record = await mongo[f"{db_prefix}_archive"]["records"].find_one({"_id": shot["id"]})
                assert record is not None and record["source"] == "snapshot" and record["account_id"] == "fb-1"
                raw = record["raw"]
                assert raw["url"] == f"{base}/gammal" and raw["final_url"] == f"{base}/piteakommun"
                assert raw["title"] == "Piteå kommun på Facebook"
                assert "Officiell sida" in raw["html"] and FILLER[:200] in raw["html"]
                assert len(raw["html"].encode()) > 1024 * 1024  # more than one message's worth
                png = base64.b64decode(record["media"][0]["url"].split(",", 1)[1])
                pdf = base64.b64decode(record["media"][1]["url"].split(",", 1)[1])
                assert png.startswith(b"\x89PNG") and pdf.startswith(b"%PDF")
                # Every part is what the worker hashed; the record has its content hash as before.
                assert raw["sha256"] == {"html": hashlib.sha256(raw["html"].encode()).hexdigest(),
                                         "png": hashlib.sha256(png).hexdigest(),
                                         "pdf": hashlib.sha256(pdf).hexdigest()}
                assert len(record["content_sha256"]) == 64
                assert raw["started_at"] <= raw["finished_at"]

                # A file: address is refused by the worker, and staff are told; nothing archived.
                refused = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "archivist"),
                                                                    "account_id": "fil-2"}, timeout=60)
                assert refused["ok"] is False and "http(s)" in refused["message"], refused
                assert await mongo[f"{db_prefix}_archive"]["records"].count_documents({"source": "snapshot"}) == 1
        finally:
            await client.close()
            await mongo.close()


async def test_while_the_worker_is_down_the_request_waits_and_is_taken_when_it_is_back(
        service_env, db_prefix, tmp_path: Path) -> None:
    async with local_site() as base:
        cfg = settings(tmp_path, snapshot_pages={f"{M}/fb-1": f"{base}/piteakommun"},
                       dependency_backoff=[0.2, 0.5])
        client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        mongo = AsyncMongoClient(service_env["KANALVAKT_MONGODB_URL"], tz_aware=True)
        requests = mongo[f"{db_prefix}_archive"]["snapshot_requests"]
        try:
            async with running(create_archive, cfg):
                waiting = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "communicator"),
                                                                    "account_id": "fb-1"}, timeout=60)
                assert waiting["ok"] and waiting["data"] == {"waiting": True}, waiting
                assert "svarar inte just nu" in waiting["message"]
                # Asked again and again while the worker is away (an outage, never given up).
                retried = await eventually(lambda: requests.find_one({"status": "pending", "attempts": {"$gte": 3}}))
                assert retried, "the archive did not ask the worker again"
                async with running(create_worker, worker_settings()):
                    done = await eventually(lambda: requests.find_one({"status": "done"}), attempts=1200)
                    assert done and done["record_id"], "the waiting snapshot was not taken"
                record = await mongo[f"{db_prefix}_archive"]["records"].find_one({"_id": done["record_id"]})
                assert record["raw"]["final_url"] == f"{base}/piteakommun"
                assert "Officiell sida" in record["raw"]["html"]
                assert await requests.count_documents({}) == 1  # one request, one record
                assert await mongo[f"{db_prefix}_archive"]["records"].count_documents({"source": "snapshot"}) == 1
        finally:
            await client.close()
            await mongo.close()
