"""When NATS is down, ingest answers 503 and keeps each delivery on local disk; when NATS
is back, the spool is replayed and archive keeps every item exactly once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from services.archive.config import ArchiveSettings
from services.archive.main import create_app as create_archive
from services.ingest.config import IngestSettings
from services.ingest.main import create_app as create_ingest
from tests.support import bus
from tests.support.inprocess import running
from tests.support.webhooks import json_body, meta_comment, signed_headers, x_tweet

from .conftest import SECRETS
from tests.support.polling import eventually

PAGE = "100200300400"



async def archived(nats_url: str, item_id: str) -> list[dict]:
    try:
        nc = await bus.connect(nats_url, connect_timeout=1, max_reconnect_attempts=0)
    except Exception:  # noqa: BLE001 - NATS not up: nothing archived yet
        return []
    try:
        reply = await nc.request("q.archive.records",
                                 json.dumps({"municipality": "knivsta", "item_id": item_id}).encode(),
                                 timeout=2)
        return json.loads(reply.data)
    except Exception:  # noqa: BLE001 - archive not answering yet
        return []
    finally:
        await nc.close()


def meta(client: httpx.AsyncClient, comment_id: str) -> asyncio.Future:
    body = json_body(meta_comment(page_id=PAGE, comment_id=comment_id, text=f"Kommentar {comment_id}: åäö"))
    return client.post("/webhooks/knivsta/meta", content=body,
                       headers=signed_headers("meta", SECRETS["meta_app_secret"], body))


def x(client: httpx.AsyncClient, tweet_id: str) -> asyncio.Future:
    body = json_body(x_tweet(for_user_id="42", tweet_id=tweet_id, text="@knivsta är vägen avstängd?"))
    return client.post("/webhooks/knivsta/x", content=body,
                       headers=signed_headers("x", SECRETS["x_consumer_secret"], body))


async def test_nats_down_spools_to_disk_and_replays_each_delivery_exactly_once(
    servers, tmp_path: Path, db_prefix: str, bus_secrets_file: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    proc, nats_url = bus.authenticated_nats(tmp_path / "own-nats", bus_secrets_file)
    proc.start()
    for key, value in {"KANALVAKT_NATS_URL": nats_url, "KANALVAKT_MONGODB_URL": servers.mongodb_url,
                       "KANALVAKT_DB_PREFIX": db_prefix, **bus.service_secrets_env(bus_secrets_file)}.items():
        monkeypatch.setenv(key, value)
    ingest_settings = IngestSettings(**SECRETS, data_dir=tmp_path / "ingest", poll_enabled=False,
                                     spool_replay_interval_s=0.2, publish_timeout_s=1.0, registry_timeout_s=0.2)
    spool = ingest_settings.spool_path
    try:
        async with running(create_archive, ArchiveSettings()), running(create_ingest, ingest_settings) as client:
            before = await meta(client, "before")
            assert before.status_code == 200
            assert await eventually(lambda: archived(nats_url, "before"))

            proc.stop()
            assert (await eventually(lambda: _not_ready(client))), "ingest never noticed NATS was down"
            answers = [await meta(client, f"down{i}") for i in range(4)]
            answers.append(await x(client, "9001"))
            answers.append(await meta(client, "down0"))  # Meta retries a 503'd delivery while NATS is still down
            assert [a.status_code for a in answers] == [503] * 6
            assert all("retry later" in a.json()["error"] and a.headers["retry-after"] for a in answers)
            assert len(list(spool.glob("*.json"))) == 5  # the retry overwrote its own file

            proc.start()
            assert await eventually(lambda: _spool_empty(spool)), "spool was not replayed"
            # X gave up long ago (5 minutes), Meta retries: the retry must not add a second record.
            retry = await meta(client, "down1")
            assert retry.status_code == 200 and retry.json()["duplicates"] == 1

            for item in ["before", "down0", "down1", "down2", "down3", "9001"]:
                records = await eventually(lambda item=item: archived(nats_url, item))
                assert len(records) == 1, (item, records)
            await asyncio.sleep(1.0)  # give a duplicate the chance to show up before counting again
            for item in ["down0", "down1", "9001"]:
                assert len(await archived(nats_url, item)) == 1
            stream = await _stream_count(nats_url)
            assert stream == 6  # one message per item in SOCIAL: replays and retries were deduplicated
    finally:
        proc.stop()


async def _not_ready(client: httpx.AsyncClient) -> bool:
    return (await client.get("/readyz")).status_code == 503


async def _spool_empty(spool: Path) -> bool:
    return not list(spool.glob("*.json"))


async def _stream_count(nats_url: str) -> int:
    nc = await bus.connect(nats_url)
    try:
        info = await nc.jetstream().stream_info("SOCIAL")
        return info.state.messages
    finally:
        await nc.close()
