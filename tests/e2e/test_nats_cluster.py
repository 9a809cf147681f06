"""Production's NATS shape on loopback: three nats-server nodes with routes, R3 streams,
every service connected to all three with its own user. One node is killed with
SIGKILL in the middle of the load: every accepted comment is still archived and tagged
exactly once, and the time the system took to settle is printed."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
import pytest
from nats.errors import Error as NatsError

from devtools.nats_cluster import NatsCluster
from devtools.servers import nats_users
from devtools.supervisor import System
from shared.secrets_file import ensure_secrets
from tests.support.polling import eventually
from tests.support.system import ask, running_system
from tests.support.webhooks import meta_body, meta_comment, meta_signature

SECRET = "cluster-test-meta-secret-0123456789"
MUNICIPALITY = "knivsta"
PAGE = "100200300400"
ITEMS = 90


async def deliver(client: httpx.AsyncClient, system: System, n: int) -> None:
    body = meta_body(meta_comment(page_id=PAGE, comment_id=f"cl_{n}", text=f"Fråga {n}: när töms soporna?"))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(SECRET, body)}
    for _ in range(200):
        try:
            response = await client.post(f"{system.url('ingest')}/webhooks/{MUNICIPALITY}/meta", content=body,
                                         headers=headers)
            if response.status_code == 200:
                return
            assert response.status_code in (429, 503), response.text  # a platform retries both
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"comment {n} never accepted")


@pytest.mark.timeout(600)
async def test_a_node_killed_mid_load_loses_and_doubles_nothing(tmp_path) -> None:
    cluster = NatsCluster(data_dir=tmp_path / "cluster", users=nats_users(ensure_secrets(tmp_path / "secrets.env")))
    cluster.start()
    try:
        system = System(data_dir=tmp_path, nats_url=cluster.url,
                        extra_env={"KANALVAKT_META_APP_SECRET": SECRET, "KANALVAKT_STREAM_REPLICAS": "3",
                                   "KANALVAKT_ACK_WAIT_S": "5"})
        # The cluster's first node stands for "our own nats-server": services get their users.
        system.servers["nats"] = cluster.nodes[0]
        with running_system(system, ["registry", "archive", "moderation", "ingest"]):
            async with httpx.AsyncClient(timeout=15) as client:
                for start in range(0, ITEMS, 10):
                    if start == ITEMS // 3:
                        cluster.nodes[1].kill()  # SIGKILL, mid-load
                        killed_at = time.monotonic()
                    await asyncio.gather(*(deliver(client, system, n) for n in range(start, start + 10)))

            last: dict[str, object] = {}
            # The dashboard's user on the first node (which lives), as the staff UI would ask.
            dashboard = ensure_secrets(tmp_path / "secrets.env")["KANALVAKT_NATS_PASSWORD_DASHBOARD"]
            node_1 = f"nats://dashboard:{dashboard}@127.0.0.1:{cluster.ports[0]}"

            async def settled() -> tuple[list, list] | None:
                try:
                    records = await ask(system, "q.archive.records", {"municipality": MUNICIPALITY, "limit": 200},
                                        url=node_1)
                    verdicts = await ask(system, "q.moderation.verdicts", {"municipality": MUNICIPALITY,
                                                                           "limit": 200}, url=node_1)
                except (NatsError, TimeoutError) as exc:
                    last["error"] = repr(exc)
                    return None
                social = [r for r in records if r.get("source") == "social"]
                last.update(archived=len(social), tagged=len(verdicts))
                return (social, verdicts) if len(social) >= ITEMS and len(verdicts) >= ITEMS else None

            found = await eventually(settled, attempts=900, pause=0.2)
            assert found, f"the archive and moderation never caught up after the node died: {last}"
            records, verdicts = found
            print(f"\nnats cluster: node 2 killed; all {ITEMS} archived and tagged "
                  f"{time.monotonic() - killed_at:.1f} s after the kill")
            assert Counter(r["item_id"] for r in records) == Counter({f"cl_{n}": 1 for n in range(ITEMS)})
            assert Counter(v["item_id"] for v in verdicts) == Counter({f"cl_{n}": 1 for n in range(ITEMS)})
    finally:
        cluster.stop()
