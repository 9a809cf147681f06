"""Snapshots take the account's page address from registry (over real NATS); the
`SNAPSHOT_PAGES` setting overrides it; registry being down is said plainly."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import nats
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from services.archive.main import create_app
from services.snapshot.config import SnapshotSettings
from services.snapshot.main import create_app as create_worker
from devtools.servers import free_port
from tests.support.inprocess import running
from tests.support.polling import eventually

from .helpers import Client, actor, settings

M = "pitea"  # Piteå: a snapshot every six months


class Registry:
    """Stands in for registry's `q.registry.accounts` / `q.registry.account` on real NATS."""

    def __init__(self, page_url: str) -> None:
        page = {"municipality": M, "state": "active", "name": "Sidan", "tier": "local"}
        self.accounts = [
            {"account_id": "fb-1", "platform": "facebook", "url": page_url, **page},
            {"account_id": "ig-2", "platform": "instagram", "url": None, **page},
            {"account_id": "ov-3", "platform": "facebook", "url": "https://example.invalid/registry-address", **page},
            # Known on the platform: the archive names it by its platform id, as its records do.
            {"account_id": "yt-4", "platform": "youtube", "platform_account_id": "UC555", "url": page_url, **page},
        ]
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.subs: list[Any] = []

    async def start(self, nc: nats.NATS) -> None:
        async def accounts(msg: Any) -> None:
            body = json.loads(msg.data)
            self.requests.append(("accounts", body))
            live = [a for a in self.accounts if a["municipality"] == body["municipality"]
                    and a["state"] in body.get("states", [])]
            await msg.respond(json.dumps(live).encode())

        async def account(msg: Any) -> None:
            body = json.loads(msg.data)
            self.requests.append(("account", body))
            found = next((a for a in self.accounts if a["account_id"] == body["account_id"]
                          and a["municipality"] == body["municipality"]), None)
            await msg.respond(json.dumps(found).encode())

        self.subs = [await nc.subscribe("q.registry.accounts", cb=accounts),
                     await nc.subscribe("q.registry.account", cb=account)]

    async def stop(self) -> None:
        for sub in self.subs:
            await sub.unsubscribe()


async def test_snapshot_pages_come_from_registry(service_env, tmp_path: Path) -> None:
    port = free_port()
    page_url = f"http://127.0.0.1:{port}/piteakommun"
    site = Starlette(routes=[Route("/piteakommun", lambda request: HTMLResponse(
        "<html><body><h1>Piteå kommun</h1><p>Officiell sida i registret</p></body></html>"))])
    server = uvicorn.Server(uvicorn.Config(site, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    override = (tmp_path / "override.html")
    override.write_text("<html><body>override</body></html>")
    cfg = settings(tmp_path, snapshot_pages={f"{M}/ov-3": override.as_uri()})
    registry = Registry(page_url)
    client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
    await registry.start(client.nc)
    try:
        # The snapshot worker renders (the archive runs no browser); the page is on loopback.
        async with running(create_worker, SnapshotSettings(snapshot_private_hosts=["127.0.0.1"])), \
                running(create_app, cfg):
            # Due: every live account with an address; the setting overrides registry's address.
            due = await client.ask("q.archive.snapshots_due", {"municipality": M})
            assert {d["account_id"]: d["page_url"] for d in due} == {"fb-1": page_url, "ov-3": override.as_uri(),
                                                                     "UC555": page_url}
            assert ("accounts", {"municipality": M, "states": ["active", "under_review"], "limit": 200}) \
                in registry.requests
            # The half-yearly reminder (maintenance loop) uses the same addresses.
            reminders = await eventually(lambda: client.events("archive.snapshot.due"))
            assert {r["account_id"]: r["page_url"] for r in reminders} == {"fb-1": page_url,
                                                                           "ov-3": override.as_uri(),
                                                                           "UC555": page_url}

            # The command asks registry for the one account and snapshots its official page.
            shot = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "communicator"),
                                                             "account_id": "fb-1"}, timeout=60)
            assert shot["ok"], shot
            assert ("account", {"municipality": M, "account_id": "fb-1"}) in registry.requests
            snap = await client.ask("q.archive.record", {"municipality": M, "record_id": shot["id"]})
            assert snap["raw"]["url"] == page_url and "Officiell sida i registret" in snap["raw"]["html"]
            assert snap["links"] == [page_url] and snap["account_id"] == "fb-1"
            due = await client.ask("q.archive.snapshots_due", {"municipality": M})
            assert sorted(d["account_id"] for d in due) == ["UC555", "ov-3"]

            # Named by its platform id (as the staff UI and the records do): found all the same.
            by_platform_id = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "communicator"),
                                                                       "account_id": "UC555"}, timeout=60)
            assert by_platform_id["ok"], by_platform_id
            snap = await client.ask("q.archive.record", {"municipality": M, "record_id": by_platform_id["id"]})
            assert snap["account_id"] == "UC555" and snap["raw"]["url"] == page_url

            # No address in registry: a clear refusal, nothing archived.
            missing = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "archivist"),
                                                                "account_id": "ig-2"})
            assert missing["ok"] is False and "ingen sidadress" in missing["message"]
            unknown = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "archivist"),
                                                                "account_id": "nope"})
            assert unknown["ok"] is False and "ingen sidadress" in unknown["message"]

            # Registry down: the command says so; the due list still has the overridden account.
            await registry.stop()
            down = await client.ask("cmd.archive.snapshot", {"actor": actor(M, "archivist"),
                                                             "account_id": "fb-1"})
            assert down["ok"] is False and "Kontoregistret svarar inte" in down["message"]
            due = await client.ask("q.archive.snapshots_due", {"municipality": M})
            assert [(d["account_id"], d["page_url"]) for d in due] == [("ov-3", override.as_uri())]
    finally:
        await client.close()
        server.should_exit = True
        await serving
