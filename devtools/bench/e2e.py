"""`python -m devtools.bench e2e`: the whole pipeline under load, end to end.

Starts the embedded default (or uses NATS_URL / MONGODB_URL) with registry, archive,
moderation, notify and ingest as processes, measures the machine's raw baseline
(JetStream async publish, database insert_many / insert_one), then sends N signed Meta
webhooks (one comment each, or `--batch 50` changes each) at a given concurrency and
waits until every accepted item is archived, tagged and counted by registry's activity.
It prints accepted items/s, HTTP p50/p99, end-to-end items/s (first send to the last
item archived and tagged), lost and duplicated items, each service's peak RSS, the CPU
milliseconds each process (services, nats-server, database) spent per item, the
database commands each service sent per item (by command and collection), and the
pipeline as a share of the raw baseline. Every invariant stays on: 200 only after
JetStream's ack, the archive's durable write before its ack, exactly once.

    python -m devtools.bench e2e --items 20000 --concurrency 32
    python -m devtools.bench e2e --items 20000 --batch 50
    python -m devtools.bench e2e --items 10000 --burst-s 60 --remove-every 200

The burst form paces the deliveries evenly over the given seconds and, with
`--remove-every`, decides removals (signed commands, as the dashboard sends them) while
it runs; it prints how long after the last delivery the last item was archived and how
long each removal took from its item's preservation (or its decision, if later) to the
platform's confirmation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import nats
from pymongo import AsyncMongoClient

from shared.secrets_file import SIGNING_KEY, ensure_secrets
from devtools.sample_deliveries import meta_body, meta_signature
from devtools.servers import nats_server
from devtools.supervisor import System

SERVICES = ["registry", "archive", "moderation", "notify", "ingest"]
MUNICIPALITY = "knivsta"
PAGE = "100200300400"
TEXTS = ("När öppnar simhallen igen efter renoveringen?", "Tack för snabb hjälp med bygglovet!",
         "Varför är det aldrig plogat på Storgatan, jävla skandal", "Ring mig på 070-123 45 67 om bussen",
         "Jag ska döda dig om du inte svarar", "Köp billiga solglasögon på example.com")


def delivery(first: int, changes: int, run: str) -> bytes:
    entries = [{"field": "feed", "value": {
        "item": "comment", "verb": "add", "comment_id": f"{run}_{n}", "post_id": f"{PAGE}_{run}",
        "parent_id": f"{PAGE}_{run}", "from": {"id": f"u{n % 997}", "name": "Bänk Testsson"},
        "message": f"{TEXTS[n % len(TEXTS)]} ({n})", "created_time": 1_764_000_000 + n}}
        for n in range(first, first + changes)]
    return meta_body({"object": "page", "entry": [{"id": PAGE, "time": 1_764_000_000, "changes": entries}]})


async def raw_baseline(mongodb_url: str) -> dict[str, float]:
    """What the parts manage on their own on this machine at this moment: a scratch
    nats-server like the embedded one (a user of its own) and the system's database."""
    with tempfile.TemporaryDirectory() as tmp:
        password = secrets.token_urlsafe(24)
        proc, url = nats_server(Path(tmp), users={"bench": password}, superusers=("bench",))
        proc.start()
        try:
            publish = await _publish_rate(url.replace("nats://", f"nats://bench:{password}@", 1))
        finally:
            proc.stop()
    many, one = await _insert_rates(mongodb_url)
    return {"jetstream_publish_per_s": publish, "insert_many_docs_per_s": many, "insert_one_per_s": one}


async def _publish_rate(nats_url: str) -> float:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await js.add_stream(name="BENCHRAW", subjects=["benchraw.>"], storage="file")
    n, payload = 20_000, b"x" * 400
    began = time.perf_counter()
    futures = [await js.publish_async(f"benchraw.{i % 8}", payload, headers={"Nats-Msg-Id": f"r{i}"})
               for i in range(n)]
    await asyncio.gather(*futures)
    publish = n / (time.perf_counter() - began)
    await js.delete_stream("BENCHRAW")
    await nc.close()
    return publish


async def _insert_rates(mongodb_url: str) -> tuple[float, float]:
    client: AsyncMongoClient = AsyncMongoClient(mongodb_url)
    coll = client["benchraw"]["docs"]
    docs = [{"_id": i, "text": "x" * 200, "n": i} for i in range(20_000)]
    began = time.perf_counter()
    for i in range(0, len(docs), 1000):
        await coll.insert_many(docs[i:i + 1000])
    many = len(docs) / (time.perf_counter() - began)
    began = time.perf_counter()
    for i in range(2000):
        await coll.insert_one({"_id": f"one{i}", "text": "x" * 200})
    one = 2000 / (time.perf_counter() - began)
    await client.drop_database("benchraw")
    await client.close()
    return many, one


async def send_all(url: str, secret: str, items: int, batch: int, concurrency: int, run: str, *,
                   over_s: float | None = None,
                   on_accepted: Any = None) -> tuple[int, list[float], int]:
    """Send every delivery (as fast as `concurrency` allows, or paced evenly over `over_s`
    seconds, a burst); `on_accepted(first_item_number)` after each accepted one. Returns
    the items accepted, each answer's latency, and how many requests got no answer."""
    bodies = [delivery(first, min(batch, items - first), run) for first in range(0, items, batch)]
    firsts = {body: first for body, first in zip(bodies, range(0, items, batch), strict=True)}
    started = time.perf_counter()
    pace = over_s / len(bodies) if over_s else 0.0
    latencies: list[float] = []
    accepted = 0
    unanswered = 0
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal accepted, unanswered
        while not queue.empty():
            body = queue.get_nowait()
            if pace:  # the n-th delivery leaves at n × pace
                await asyncio.sleep(max(0.0, started + firsts[body] // batch * pace - time.perf_counter()))
            headers = {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(secret, body)}
            while True:  # like a platform: retry until accepted
                began = time.perf_counter()
                try:
                    response = await client.post(url, content=body, headers=headers)
                except httpx.TransportError:
                    # No answer (e.g. a kept-alive connection the server closed as it was
                    # reused): a platform sends the delivery again; counted and printed.
                    unanswered += 1
                    continue
                latencies.append(time.perf_counter() - began)
                if response.status_code == 200:
                    accepted += response.json().get("accepted", 0)
                    if on_accepted is not None:
                        on_accepted(firsts[body])
                    break
                if response.status_code not in (429, 503):
                    raise RuntimeError(f"ingest answered {response.status_code}: {response.text[:200]}")
                await asyncio.sleep(float(response.headers.get("Retry-After", "0.2")))

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return accepted, latencies, unanswered


REMOVER = {"user_id": "bench-editor", "name": "Bänk Redaktör", "municipality": MUNICIPALITY,
           "roles": ["communicator"]}


class Removals:
    """Removals decided while the burst runs: for every `every`-th comment, once moderation
    has tagged it, a signed `cmd.moderation.remove` as the dashboard sends it. Each must run
    only after the archive preserved its item; measured from the later of preservation
    and decision to the platform's confirmation."""

    def __init__(self, system: System, run: str, every: int) -> None:
        self.system, self.run, self.every = system, run, every
        self.tasks: list[asyncio.Task[None]] = []
        self.decided: dict[str, float] = {}  # item_id → wall-clock time of the decision
        self.bus: Any = None
        self.errors: list[str] = []

    async def __aenter__(self) -> Removals:
        from devtools.bus_client import connect
        secrets = ensure_secrets(self.system.secrets_path)
        self.bus = await connect(self.system.nats_url_as("dashboard"), signing_key=secrets[SIGNING_KEY])
        return self

    async def __aexit__(self, *_exc: object) -> None:
        outcomes = await asyncio.gather(*self.tasks, return_exceptions=True)
        self.errors = sorted({repr(o)[:300] for o in outcomes if isinstance(o, BaseException)})
        await self.bus.close()

    def accepted(self, number: int) -> None:
        if number % self.every == self.every // 2:
            self.tasks.append(asyncio.create_task(self._remove(number)))

    async def _remove(self, number: int) -> None:
        item_id = f"{self.run}_{number}"
        client: AsyncMongoClient = AsyncMongoClient(self.system.mongodb_url)
        try:
            verdicts = client["kanalvakt_moderation"]["verdicts"]
            while (verdict := await verdicts.find_one({"item_id": item_id}, {"_id": 1})) is None:
                await asyncio.sleep(0.2)
        finally:
            await client.close()
        body = json.dumps({"actor": REMOVER, "municipality": MUNICIPALITY, "item_event_id": verdict["_id"],
                           "reason": "Bänktest: borttagning under belastning",
                           "command_id": f"bench-remove-{item_id}"}).encode()
        asked = time.time()
        reply = json.loads((await self.bus.request("cmd.moderation.remove", body, timeout=30)).data)
        if not reply.get("ok"):
            raise RuntimeError(f"removal refused: {reply}")
        self.decided[item_id] = asked

    async def figures(self, mongodb_url: str, timeout_s: float) -> dict[str, Any]:
        """Seconds from max(preserved, decided) to executed, per removal (p50/p95/max)."""
        client: AsyncMongoClient = AsyncMongoClient(mongodb_url, tz_aware=True)
        try:
            db = client["kanalvakt_moderation"]
            ids = sorted(self.decided)
            deadline = time.perf_counter() + timeout_s
            while True:
                actions = await db["actions"].find({"item_id": {"$in": ids}, "action": "remove"}).to_list()
                if sum(a["state"] == "executed" for a in actions) >= len(ids) or time.perf_counter() > deadline:
                    break
                await asyncio.sleep(0.5)
            preserved = {p["item_id"]: p["preserved_at"] for p in
                         await db["preserved"].find({"item_id": {"$in": ids}}).to_list()}
        finally:
            await client.close()
        delays = sorted(
            (a["executed_at"].timestamp() - max(preserved[a["item_id"]].timestamp(), self.decided[a["item_id"]]))
            for a in actions if a["state"] == "executed" and a["item_id"] in preserved)
        if not delays:
            return {"decided": len(ids), "executed": 0, "errors": self.errors}
        return {"decided": len(ids), "executed": len(delays), "errors": self.errors,
                "after_preservation_s": {"p50": round(delays[len(delays) // 2], 2),
                                         "p95": round(delays[min(len(delays) - 1, int(len(delays) * 0.95))], 2),
                                         "max": round(delays[-1], 2)}}


async def collection_sizes(mongodb_url: str, prefix: str) -> dict[str, int]:
    """Each stage's collection size (from the server's metadata, no scan); a stage is
    timed when its size reaches the accepted items (its exact count is checked after)."""
    client: AsyncMongoClient = AsyncMongoClient(mongodb_url)
    try:
        return {"archived": await client[f"{prefix}_archive"]["records"].estimated_document_count(),
                "tagged": await client[f"{prefix}_moderation"]["verdicts"].estimated_document_count(),
                "counted": await client[f"{prefix}_registry"]["activity"].estimated_document_count()}
    finally:
        await client.close()


async def counts(mongodb_url: str, prefix: str, run: str) -> dict[str, tuple[int, int]]:
    """(documents, distinct items) of this run in each service's database."""
    client: AsyncMongoClient = AsyncMongoClient(mongodb_url)
    try:
        ids = {
            "archived": await client[f"{prefix}_archive"]["records"].distinct(
                "item_id", {"municipality": MUNICIPALITY, "thread_id": f"{PAGE}_{run}"}),
            "tagged": await client[f"{prefix}_moderation"]["verdicts"].distinct(
                "item_id", {"municipality": MUNICIPALITY, "thread_id": f"{PAGE}_{run}"}),
            "counted": await client[f"{prefix}_registry"]["activity"].distinct(
                "item_id", {"municipality": MUNICIPALITY, "parent_id": f"{PAGE}_{run}"}),
        }
        docs = {
            "archived": await client[f"{prefix}_archive"]["records"].count_documents(
                {"municipality": MUNICIPALITY, "thread_id": f"{PAGE}_{run}"}),
            "tagged": await client[f"{prefix}_moderation"]["verdicts"].count_documents(
                {"municipality": MUNICIPALITY, "thread_id": f"{PAGE}_{run}"}),
            "counted": await client[f"{prefix}_registry"]["activity"].count_documents(
                {"municipality": MUNICIPALITY, "parent_id": f"{PAGE}_{run}"}),
        }
        return {k: (docs[k], len(ids[k])) for k in ids}
    finally:
        await client.close()


async def database_commands(system: System) -> dict[str, dict[str, float]]:
    """Each service's database commands so far, from its /metrics (shared/mongo.py's
    listener): {service: {"command collection": count}}."""
    found: dict[str, dict[str, float]] = {}
    async with httpx.AsyncClient(timeout=10) as client:
        for name in system.services:
            text = (await client.get(f"{system.url(name)}/metrics")).text
            counts: dict[str, float] = {}
            for line in text.splitlines():
                if line.startswith("kanalvakt_db_commands_total{"):
                    labels, value = line[len("kanalvakt_db_commands_total{"):].rsplit("} ", 1)
                    parts = dict(p.split("=", 1) for p in labels.split(","))
                    key = f"{parts['command'].strip(chr(34))} {parts['collection'].strip(chr(34))}".strip()
                    counts[key] = float(value)
            found[name] = counts
    return found


def per_item(before: dict[str, dict[str, float]], after: dict[str, dict[str, float]],
             items: int) -> dict[str, dict[str, float]]:
    """Database commands per accepted item, by service, the busiest first."""
    result = {}
    for name, counts in after.items():
        spent = {k: v - before.get(name, {}).get(k, 0.0) for k, v in counts.items()}
        spent = {k: round(v / max(items, 1), 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1]) if v}
        result[name] = {"total": round(sum(spent.values()), 2), **spent}
    return result


def cpu_seconds(system: System) -> dict[str, float]:
    """CPU time (user + system) each process of the system has used so far: unlike a
    rate, what an item costs in CPU does not depend on what else the machine runs."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for name, proc in system.processes():
        if proc.process is None:
            continue
        fields = Path(f"/proc/{proc.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        used[name] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return used


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="kanalvakt-bench-"))
    # Every delivery comes from this one address: the per-source limit (which guards
    # ingest against one noisy or hostile sender) is lifted, or it would be measured.
    system = System(data_dir=data_dir, nats_url=os.environ.get("NATS_URL"), mongodb_url=os.environ.get("MONGODB_URL"),
                    extra_env={"KANALVAKT_LOG_LEVEL": "warning",
                               "KANALVAKT_RATE_LIMIT_PER_S": "1000000", "KANALVAKT_RATE_LIMIT_BURST": "1000000"})
    simulator = None
    if args.remove_every:
        # Removals reach a platform: the local simulator, as in exercise mode (make run).
        from devtools.platform_simulator import PlatformSimulator

        simulator = PlatformSimulator().start()
        system.extra_env.update(simulator.settings_env())
    system.start(SERVICES)
    removals: Removals | None = None
    try:
        secret = ensure_secrets(system.secrets_path)["KANALVAKT_META_APP_SECRET"]
        assert system.mongodb_url
        baseline = await raw_baseline(system.mongodb_url) if args.baseline else {}
        run_id = f"b{int(time.time())}"
        commands_before = await database_commands(system)
        cpu_before = cpu_seconds(system)
        url = f"{system.url('ingest')}/webhooks/{MUNICIPALITY}/meta"
        began = time.perf_counter()
        if args.remove_every:
            removals = Removals(system, run_id, args.remove_every)
            await removals.__aenter__()
        accepted, latencies, unanswered = await send_all(url, secret, args.items, args.batch, args.concurrency, run_id,
                                             over_s=args.burst_s,
                                             on_accepted=removals.accepted if removals else None)
        sent = time.perf_counter() - began
        stage_done: dict[str, float] = {}
        cpu_done: dict[str, float] = {}
        while True:
            # Counting by query costs the embedded server a scan (it would be measured
            # with the pipeline): watch the collections' sizes, and count exactly only
            # once a stage could be complete.
            sizes = await collection_sizes(system.mongodb_url, "kanalvakt")
            if all(size >= accepted for size in sizes.values()):
                # The exact count is an aggregation the embedded server runs in Python
                # (a tenth of its CPU in a 2,000-item run): the pipeline's CPU is read
                # before it, so the figure is the pipeline's, not the benchmark's.
                cpu_done = cpu_seconds(system)
                found = await counts(system.mongodb_url, "kanalvakt", run_id)
                for stage, (_, distinct) in found.items():
                    if distinct >= accepted and stage not in stage_done:
                        stage_done[stage] = round(time.perf_counter() - began, 1)
                if all(distinct >= accepted for _, distinct in found.values()):
                    break
            else:
                for stage, size in sizes.items():
                    if size >= accepted and stage not in stage_done:
                        stage_done[stage] = round(time.perf_counter() - began, 1)
            if time.perf_counter() - began > args.timeout:
                break
            await asyncio.sleep(0.5)
        done = time.perf_counter() - began
        removal_figures = None
        if removals is not None:
            await removals.__aexit__(None, None, None)
            removal_figures = await removals.figures(system.mongodb_url, timeout_s=120)
        found = await counts(system.mongodb_url, "kanalvakt", run_id)
        cpu = {name: round((spent - cpu_before.get(name, 0.0)) * 1000 / max(accepted, 1), 2)
               for name, spent in (cpu_done or cpu_seconds(system)).items()}
        commands = per_item(commands_before, await database_commands(system), accepted)
        rss = {name: round(peak_rss_mb(proc.process.pid), 1) for name, proc in system.services.items()
               if proc.process is not None}
        lat = sorted(latencies)
        result = {
            "items": args.items, "batch": args.batch, "concurrency": args.concurrency, "accepted": accepted,
            "accepted_items_per_s": round(accepted / sent, 1),
            "http_p50_ms": round(statistics.median(lat) * 1000, 1),
            "http_p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, 1),
            "unanswered_requests_sent_again": unanswered,
            "end_to_end_items_per_s": round(accepted / done, 1), "end_to_end_s": round(done, 1),
            "sent_s": round(sent, 1), "stage_done_s": stage_done,
            "last_archived_after_last_sent_s": round(done - sent, 1),
            "removals": removal_figures,
            "lost": {k: accepted - distinct for k, (_, distinct) in found.items()},
            "duplicated": {k: docs - distinct for k, (docs, distinct) in found.items()},
            "peak_rss_mb": rss, "cpu_ms_per_item": cpu | {"total": round(sum(cpu.values()), 2)},
            "database_commands_per_item": commands, "baseline": {k: round(v) for k, v in baseline.items()},
        }
        if baseline:
            result["pipeline_share_of_insert_many"] = round(
                result["end_to_end_items_per_s"] / baseline["insert_many_docs_per_s"], 4)
        return result
    finally:
        system.stop()
        if simulator is not None:
            simulator.stop()


def _stop(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1, help="changes per delivery (Meta sends up to 1000)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=1800, help="give up waiting after this many seconds")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--burst-s", type=float, default=None,
                        help="pace the deliveries evenly over this many seconds (a burst: --items 10000 --burst-s 60)")
    parser.add_argument("--remove-every", type=int, default=0,
                        help="decide a removal of every N-th comment while sending, timed after its preservation")
    args = parser.parse_args(argv)
    # A benchmark stopped from outside stops the system it started (its `finally`).
    signal.signal(signal.SIGTERM, _stop)
    result = asyncio.run(run(args))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    lost = sum(result["lost"].values())
    duplicated = sum(result["duplicated"].values())
    return 0 if lost == 0 and duplicated == 0 else 1

