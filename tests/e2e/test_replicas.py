"""Two replicas of archive, moderation and notify against one database and one NATS,
with the archive's `verify` CLI running meanwhile and `register` run twice at once: every accepted comment is archived,
tagged and logged exactly once, and the tamper-evident log stays consistent (the
sequencer's lease and every claim are database decisions, not per-process locks)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections import Counter

import httpx
import pytest
from nats.errors import TimeoutError
from pymongo import AsyncMongoClient

from devtools.servers import ManagedProcess, free_port, http_ok
from devtools.supervisor import System
from tests.support.polling import eventually
from tests.support.system import ask, running_system
from tests.support.webhooks import meta_body, meta_comment, meta_signature

SECRET = "replicas-test-meta-secret-0123456789"
MUNICIPALITY = "knivsta"
PAGE = "100200300400"
ITEMS = 60
REPLICATED = ("archive", "moderation", "notify")


def second_replica(system: System, name: str) -> ManagedProcess:
    """Another process of `name` with the same settings (database, NATS user, durable
    consumers) as the first, on its own HTTP port."""
    port = free_port()
    env = system.service_env(name, port)
    proc = ManagedProcess(name=f"{name}-2", args=[sys.executable, "-m", f"services.{name}"],
                          ready=lambda: http_ok(f"http://127.0.0.1:{port}/readyz"),
                          log_path=system.log_dir / f"{name}-2.log", env=env)
    proc.start(timeout=90)
    return proc


async def deliver(client: httpx.AsyncClient, system: System, n: int) -> None:
    # A threat in every fifth comment, so moderation's alerts and notify's fan-out run too.
    text = f"Kommentar {n}: " + ("jag ska döda dig" if n % 5 == 0 else "när öppnar badhuset?")
    body = meta_body(meta_comment(page_id=PAGE, comment_id=f"rep_{n}", text=text))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(SECRET, body)}
    for _ in range(100):
        response = await client.post(f"{system.url('ingest')}/webhooks/{MUNICIPALITY}/meta", content=body,
                                     headers=headers)
        if response.status_code == 200:
            return
        assert response.status_code in (429, 503), response.text  # a platform retries both
        await asyncio.sleep(0.2)
    raise AssertionError(f"comment {n} never accepted")


@pytest.mark.timeout(600)
async def test_two_replicas_of_each_service_do_everything_once(tmp_path) -> None:
    system = System(data_dir=tmp_path, extra_env={"KANALVAKT_META_APP_SECRET": SECRET,
                                                  "KANALVAKT_ACK_WAIT_S": "5"})
    with running_system(system, ["registry", "archive", "moderation", "notify", "ingest"]):
        replicas = [second_replica(system, name) for name in REPLICATED]
        try:
            verifier = subprocess.Popen([sys.executable, "-m", "services.archive", "verify"],
                                        env=system.service_env("archive", free_port()),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            async with httpx.AsyncClient(timeout=15) as client:
                for start in range(0, ITEMS, 10):
                    await asyncio.gather(*(deliver(client, system, n) for n in range(start, start + 10)))

            async def records() -> list[dict]:
                try:
                    found = await ask(system, "q.archive.records", {"municipality": MUNICIPALITY, "limit": 200})
                except TimeoutError:  # busy with the load: ask again
                    return []
                return found if len([r for r in found if r.get("source") == "social"]) >= ITEMS else []

            archived = [r for r in await eventually(records, attempts=600) if r.get("source") == "social"]
            assert Counter(r["item_id"] for r in archived) == Counter(
                {f"rep_{n}": 1 for n in range(ITEMS)})  # one record per comment, none twice

            async def verdicts() -> list[dict]:
                try:
                    found = await ask(system, "q.moderation.verdicts", {"municipality": MUNICIPALITY, "limit": 200})
                except TimeoutError:
                    return []
                return found if len(found) >= ITEMS else []

            tagged = await eventually(verdicts, attempts=600)
            assert sorted(v["item_id"] for v in tagged) == sorted(f"rep_{n}" for n in range(ITEMS))

            # The registrar registers one of them by hand from two terminals at once.
            rid = archived[0]["id"]
            registrars = [subprocess.Popen([sys.executable, "-m", "services.archive", "register", rid, "KS 2026/117",
                                            "--registrar", "Rut Registrator"],
                                           env=system.service_env("archive", free_port()), stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT) for _ in range(2)]
            for proc in registrars:
                proc.wait(timeout=120)
                assert proc.returncode == 0, proc.stdout.read().decode() if proc.stdout else ""
            client: AsyncMongoClient = AsyncMongoClient(system.mongodb_url)
            try:
                leaves = await client["kanalvakt_archive"]["log_leaves"].find({"record_id": rid}).to_list()
                queued = await client["kanalvakt_archive"]["log_queue"].find({"record_id": rid}).to_list()
                registered = {x["_id"] for x in leaves + queued if "event:registered" in x["leaf"]}
                assert len(registered) == 1  # one registration in the log, not two
            finally:
                await client.close()

            verifier.wait(timeout=120)
            after = subprocess.run([sys.executable, "-m", "services.archive", "verify"],
                                   env=system.service_env("archive", free_port()), capture_output=True, text=True,
                                   timeout=300)
            assert verifier.returncode == 0, verifier.stdout.read().decode() if verifier.stdout else ""
            assert after.returncode == 0, after.stdout + after.stderr
        finally:
            for proc in replicas:
                proc.stop()
