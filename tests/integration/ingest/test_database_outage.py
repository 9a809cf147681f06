"""A MongoDB outage does not hold a platform up: the raw delivery is kept on the INGEST
stream before the answer, and ingest's consumer writes it to the store once the database
is back (no spool, no 503: the stream is the durable step)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from devtools.servers import mongodb_server
from services.ingest.config import IngestSettings
from services.ingest.main import create_app
from tests.support import bus
from tests.support.inprocess import running
from tests.support.polling import eventually
from tests.support.webhooks import json_body, meta_comment, signed_headers

from .conftest import SECRETS, stream_messages

PAGE = "100200300400"


async def test_a_delivery_during_a_database_outage_is_answered_and_stored_when_it_is_back(
        service_env: dict[str, str], tmp_path: Path) -> None:
    database, url = mongodb_server(tmp_path / "own")
    database.start()
    try:
        settings = IngestSettings(**SECRETS, data_dir=tmp_path, poll_enabled=False, mongodb_url=url,
                                  spool_replay_interval_s=0.2, publish_timeout_s=2.0, registry_timeout_s=0.3)
        body = json_body(meta_comment(page_id=PAGE, comment_id="out1", text="Hej under avbrottet"))
        async with running(create_app, settings) as client:
            database.stop()
            answer = await client.post("/webhooks/knivsta/meta", content=body,
                                       headers=signed_headers("meta", SECRETS["meta_app_secret"], body))
            assert answer.status_code == 200, answer.text
            assert not list(settings.spool_path.glob("*.json"))  # kept on the stream, not spooled
            [published] = await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=1)
            assert published["event"]["item_id"] == "out1"
            again, _ = mongodb_server(tmp_path / "own", port=int(url.rsplit(":", 1)[1].strip("/")))
            await asyncio.to_thread(again.start)
            database = again
            nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])
            try:
                async def stored() -> list:
                    try:
                        reply = await nc.request("q.ingest.deliveries",
                                                 json.dumps({"municipality": "knivsta"}).encode(), timeout=3)
                    except TimeoutError:
                        return []
                    found = json.loads(reply.data)
                    return found if isinstance(found, list) else []

                found = await eventually(stored)
            finally:
                await nc.close()
    finally:
        database.stop()
    assert [d["id"] for d in found] == [answer.json()["delivery_id"]]
    assert found[0]["status"] == "published" and found[0]["events"] == 1
