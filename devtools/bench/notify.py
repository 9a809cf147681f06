"""Benchmark: time from a crisis broadcast's approval to its last confirmed delivery,
for 50 crisis accounts on the local fake platforms (plus the website and CMS).

    .venv/bin/python -m devtools.bench notify [--channels 50] [--latency 0.05]

Starts its own nats-server and FerretDB (or uses NATS_URL / MONGODB_URL), the fake
platform server (tests/support/platforms.py, each answer delayed by `--latency` seconds
to stand in for a real API's round trip), a stand-in for registry's account query, and
notify in-process. Prints figures; asserts nothing (the aim is under 2 seconds).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import uvicorn

from devtools import bus_client
from devtools.servers import free_port, servers_for
from tests.support.platforms import FakePlatforms

PLATFORMS = ("facebook", "instagram", "x", "linkedin")
WRITER = {"user_id": "bench-a", "name": "Bench A", "municipality": "knivsta", "roles": ["crisis_team"]}
APPROVER = {"user_id": "bench-b", "name": "Bench B", "municipality": "knivsta", "roles": ["crisis_team"]}


def accounts(n: int) -> list[dict[str, Any]]:
    return [
        {
            "account_id": f"bench-{i}",
            "municipality": "knivsta",
            "platform": PLATFORMS[i % len(PLATFORMS)],
            "platform_account_id": str(10_000 + i),
            "name": f"Konto {i}",
            "tier": "local",
            "state": "active",
            "crisis_channel": True,
        }
        for i in range(n)
    ]


def _platforms_process(latency: float, conn: Any, stop: Any) -> None:
    """The fake platforms in their own process, as real platforms are: their work must not
    compete with notify's for one interpreter."""
    with FakePlatforms() as fake:
        for platform in (*PLATFORMS, "web"):
            fake.slow(platform, latency)
        conn.send(
            {
                "env": fake.settings_env(),
                "image_url": fake.image_url,
                "web": fake.base_urls["web"],
                "secret": fake.web_secret,
            }
        )
        stop.wait()


@contextlib.contextmanager
def platforms(latency: float) -> Any:
    parent, child = multiprocessing.Pipe()
    stop = multiprocessing.Event()
    proc = multiprocessing.Process(target=_platforms_process, args=(latency, child, stop), daemon=True)
    proc.start()
    try:
        yield parent.recv()
    finally:
        stop.set()
        proc.join(timeout=10)


async def run(channels: int, latency: float, nats_url: str, mongodb_url: str) -> None:
    with platforms(latency) as fake:
        os.environ.update(
            fake["env"]
            | {
                "KANALVAKT_NATS_URL": nats_url,
                "KANALVAKT_MONGODB_URL": mongodb_url,
                "KANALVAKT_DB_PREFIX": f"bench{int(time.time())}",
            }
        )
        from services.notify.config import NotifySettings
        from services.notify.main import create_app

        settings = NotifySettings(
            cms_webhook_url=f"{fake['web']}/actions",
            cms_webhook_secret=fake["secret"],
            municipalities=["knivsta"],
            http_port=free_port(),
            log_level="WARNING",
        )
        _, app = create_app(settings)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=settings.http_port, log_level="warning"))
        serving = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.05)
        nc = await bus_client.connect(nats_url)  # signs its commands and queries like the dashboard
        listed = accounts(channels)

        async def registry(msg: Any) -> None:
            await msg.respond(json.dumps(listed).encode())

        await nc.subscribe("q.registry.crisis_channels", cb=registry)

        async def call(subject: str, body: dict[str, Any]) -> Any:
            return json.loads((await nc.request(subject, json.dumps(body).encode(), timeout=10)).data)

        content = {
            "title": "Inget vatten i Alsike",
            "body": "Det är avbrott i vattnet. Vatten finns vid skolan.",
            "image_url": fake["image_url"],
            "image_alt_text": "Karta över Alsike med skolan markerad.",
        }
        draft = await call("cmd.notify.draft_broadcast", {"actor": WRITER, "content": content})
        started = time.perf_counter()
        approved = await call(
            "cmd.notify.approve_broadcast", {"actor": APPROVER, "broadcast_id": draft["id"], "accept_warnings": True}
        )
        assert approved["ok"], approved
        expected = channels + 2
        while True:
            found = await call("q.notify.broadcast", {"municipality": "knivsta", "broadcast_id": draft["id"]})
            states = [d["state"] for d in found["deliveries"]]
            if len(states) == expected and all(s in ("confirmed", "failed") for s in states):
                break
            await asyncio.sleep(0.02)
        observed = time.perf_counter() - started
        confirmed = [d for d in found["deliveries"] if d["state"] == "confirmed"]
        from datetime import datetime

        approved_at = datetime.fromisoformat(found["approved_at"])
        last = max(datetime.fromisoformat(d["updated_at"]) for d in confirmed)
        print(
            f"channels: {channels} accounts + website + CMS = {expected} deliveries "
            f"({', '.join(PLATFORMS)}; {latency * 1000:.0f} ms per platform answer)"
        )
        print(f"confirmed: {len(confirmed)}, failed: {expected - len(confirmed)}")
        for d in found["deliveries"]:
            if d["state"] == "failed":
                print(f"  failed {d['channel']}: {d.get('reason')}")
        queued = min(datetime.fromisoformat(d["created_at"]) for d in found["deliveries"])
        queued_last = max(datetime.fromisoformat(d["created_at"]) for d in found["deliveries"])
        first = min(datetime.fromisoformat(d["updated_at"]) for d in confirmed)
        print(
            f"approval -> first delivery queued: {(queued - approved_at).total_seconds():.3f} s "
            f"(last queued: {(queued_last - approved_at).total_seconds():.3f} s)"
        )
        print(f"approval -> first confirmed delivery: {(first - approved_at).total_seconds():.3f} s")
        print(f"approval -> last confirmed delivery (server clock): {(last - approved_at).total_seconds():.3f} s")
        print(f"approval command sent -> all settled (client, incl. polling): {observed:.3f} s")
        await nc.close()
        server.should_exit = True
        await serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05, help="Seconds each fake platform answer waits.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, servers_for(Path(tmp)) as (nats_url, mongodb_url):
        asyncio.run(run(args.channels, args.latency, nats_url, mongodb_url))

