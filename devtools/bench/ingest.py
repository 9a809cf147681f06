"""Throughput of ingest's publishing path. Prints figures; asserts nothing.

    .venv/bin/python -m devtools.bench ingest [--events 20000] [--deliveries 1000] [--concurrency 32]

Uses NATS_URL / MONGODB_URL when set, else starts nats-server and FerretDB in a
temporary directory. Measures (1) JetStream async publish with bounded in-flight acks
(what ingest does), (2) one awaited publish round trip per message (what it avoids),
(3) whole signed Meta deliveries through the HTTP edge (in-process ASGI: signature,
raw delivery kept in MongoDB, normalisation, publish, ack), one comment each and a
batch of 100 changes each.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from faststream.nats import NatsBroker

from shared.contracts import Author, Direction, ItemKind, Platform, PlatformEvent, utcnow
from devtools.servers import servers_for
from shared.streams import ensure_streams
from tests.support.webhooks import json_body, meta_comment, signed_headers

from services.ingest.config import SECRET_NAMES, IngestSettings
from services.ingest.main import create_app
from services.ingest.adapters.publisher import Publisher


def _events(n: int, run: str) -> list[PlatformEvent]:
    now = utcnow()
    return [PlatformEvent(event_id=f"{run}-{i}", municipality="knivsta", platform=Platform.facebook, account_id="1",
                          kind=ItemKind.comment, item_id=f"{run}-{i}", author=Author(platform_id="2", name="Åsa"),
                          text=f"Kommentar nummer {i} om återvinningen", received_at=now,
                          direction=Direction.inkommen) for i in range(n)]


async def bench_publish(nats_url: str, n: int, in_flight: int) -> None:
    broker = NatsBroker(nats_url)
    await broker.connect()
    await ensure_streams(broker.connection.jetstream())
    publisher = Publisher(broker, max_in_flight=in_flight, timeout=60)
    await publisher.start()
    events = _events(n, f"async{time.time_ns()}")
    start = time.perf_counter()
    for i in range(0, n, 1000):  # as ingest does: a delivery's events at a time (Meta batches up to 1000)
        await publisher.publish_all(events[i:i + 1000])
    elapsed = time.perf_counter() - start
    print(f"async publish, <= {in_flight} unacked:   {n / elapsed:>10,.0f} events/s  ({n} in {elapsed:.2f} s)")
    js = broker.connection.jetstream()
    sample = _events(min(n, 2000), f"sync{time.time_ns()}")
    start = time.perf_counter()
    for event in sample:
        await js.publish(f"social.received.{event.platform}", event.model_dump_json().encode(),
                         headers={"Nats-Msg-Id": event.event_id})
    elapsed = time.perf_counter() - start
    print(f"awaited publish, one at a time:  {len(sample) / elapsed:>10,.0f} events/s  "
          f"({len(sample)} in {elapsed:.2f} s)")
    await broker.stop()


async def bench_http(nats_url: str, mongodb_url: str, data_dir: Path, deliveries: int, concurrency: int,
                     batch: int) -> None:
    secret = secrets.token_hex(16)
    others: dict[str, Any] = {name: secrets.token_hex(16) for name in SECRET_NAMES if name != "meta_app_secret"}
    settings = IngestSettings(nats_url=nats_url, mongodb_url=mongodb_url, db_prefix=f"bench{time.time_ns()}",
                              meta_app_secret=secret, **others, data_dir=data_dir, poll_enabled=False,
                              rate_limit_per_s=1e9, rate_limit_burst=1e9, registry_timeout_s=0.05)
    _, app = create_app(settings)
    run = time.time_ns()
    bodies = []
    for d in range(deliveries):
        payload = meta_comment(page_id="100200300400", comment_id=f"b{run}-{d}-0", text="Hej, när öppnar simhallen?")
        changes = payload["entry"][0]["changes"]
        for c in range(1, batch):
            extra = {"field": "feed", "value": dict(changes[0]["value"], comment_id=f"b{run}-{d}-{c}")}
            changes.append(extra)
        bodies.append(json_body(payload))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            queue: asyncio.Queue[bytes] = asyncio.Queue()
            for body in bodies:
                queue.put_nowait(body)

            async def worker() -> None:
                while not queue.empty():
                    body = queue.get_nowait()
                    t = time.perf_counter()
                    r = await client.post("/webhooks/knivsta/meta", content=body,
                                          headers=signed_headers("meta", secret, body))
                    latencies.append(time.perf_counter() - t)
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

            start = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - start
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0
    print(f"HTTP deliveries x{batch:<4} changes:   {deliveries / elapsed:>10,.0f} deliveries/s "
          f"= {deliveries * batch / elapsed:,.0f} events/s  (concurrency {concurrency}, "
          f"p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, statuses {statuses})")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--in-flight", type=int, default=512)
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        data = Path(tmp)
        with servers_for(data) as (nats_url, mongodb_url):
            await bench_publish(nats_url, args.events, args.in_flight)
            await bench_http(nats_url, mongodb_url, data, args.deliveries, args.concurrency, batch=1)
            await bench_http(nats_url, mongodb_url, data, max(1, args.deliveries // 10), args.concurrency // 4 or 1,
                             batch=100)

