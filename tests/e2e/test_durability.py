"""Nothing lost: every accepted webhook ends up archived exactly once, through a crash
of a service, a restart of the database and a restart of NATS."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from devtools.supervisor import System
from tests.support.webhooks import meta_body, meta_comment, meta_signature
from tests.support.system import ask as signed_ask

SECRET = "durability-secret"
MUNICIPALITY = "knivsta"


@pytest.fixture
def system(tmp_path) -> Iterator[System]:
    sut = System(data_dir=tmp_path, extra_env={"KANALVAKT_META_APP_SECRET": SECRET,
                                               "KANALVAKT_REDELIVERY_BACKOFF": "[0.2, 0.5, 1, 2, 2]",
                                               "KANALVAKT_MAX_DELIVER": "30",
                                               # what the killed archive held comes back soon
                                               "KANALVAKT_ACK_WAIT_S": "3"})
    try:
        sut.start(["archive", "ingest"])
        yield sut
    finally:
        sut.stop()


async def deliver(system: System, n: int) -> int:
    """POST like a platform: retry on 5xx until accepted (Meta retries for 36 hours)."""
    payload = meta_comment(page_id="100200300400", comment_id=f"dur_{n}", text=f"Kommentar nummer {n} från Åsa")
    body = meta_body(payload)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(SECRET, body)}
    async with httpx.AsyncClient(timeout=10) as client:
        for _ in range(100):
            try:
                response = await client.post(f"{system.url('ingest')}/webhooks/{MUNICIPALITY}/meta",
                                             content=body, headers=headers)
                if response.status_code == 200:
                    return n
                assert response.status_code == 503, response.text
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"delivery {n} never accepted")


async def archived(system: System) -> list[dict[str, Any]]:
    for _ in range(50):
        try:
            return await signed_ask(system, "q.archive.records", {"municipality": MUNICIPALITY, "limit": 200})
        except Exception:  # noqa: BLE001 - archive or NATS still coming back: ask again
            await asyncio.sleep(0.3)
    raise AssertionError("archive never answered")


async def wait_for_count(system: System, expected: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for _ in range(300):
        records = await archived(system)
        if len(records) >= expected:
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # let any duplicate show itself before counting
    return await archived(system)


@pytest.mark.timeout(600)
async def test_every_accepted_comment_is_archived_exactly_once_through_restarts(system: System) -> None:
    accepted = [await deliver(system, n) for n in range(5)]

    # The archive service crashes (no clean shutdown) while comments keep coming.
    system.services["archive"].kill()
    accepted += [await deliver(system, n) for n in range(5, 10)]
    system.start_service("archive")
    records = await wait_for_count(system, 10)
    assert sorted(r["item_id"] for r in records) == sorted(f"dur_{n}" for n in accepted)

    # The database restarts.
    system.servers["mongodb"].stop()
    system.servers["mongodb"].start()
    accepted += [await deliver(system, n) for n in range(10, 15)]
    records = await wait_for_count(system, 15)
    assert sorted(r["item_id"] for r in records) == sorted(f"dur_{n}" for n in accepted)

    # NATS restarts (JetStream's file store keeps the streams).
    system.servers["nats"].stop()
    system.servers["nats"].start()
    accepted += [await deliver(system, n) for n in range(15, 20)]
    records = await wait_for_count(system, 20)
    item_ids = [r["item_id"] for r in records]
    assert len(item_ids) == len(set(item_ids)) == 20
    assert sorted(item_ids) == sorted(f"dur_{n}" for n in accepted)
