"""The fault campaign's tools: the system under the supervisor's own watch, signed webhooks
in, and what archive and moderation hold out, asked the way the staff web UI asks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx

from shared import subjects
from shared.contracts import PlatformEvent
from shared.dead_letters import dead_letter_headers
from devtools.supervisor import System
from devtools.watch import Watch
from tests.support import bus
from tests.support.system import ask as signed_ask
from tests.support.webhooks import meta_body, meta_comment, meta_signature

MUNICIPALITY = "knivsta"
PAGE_ID = "100200300400"
# Content retries are few and fast here, so an outage outlasts the whole schedule many
# times over: under the old policy every item in flight would have been dead-lettered.
FAST_POLICY = {
    "KANALVAKT_MAX_DELIVER": "3",
    "KANALVAKT_REDELIVERY_BACKOFF": "[0.2, 0.5]",
    "KANALVAKT_DEPENDENCY_BACKOFF": "[0.2, 0.5, 1]",
    "KANALVAKT_ACK_WAIT_S": "3",
    "KANALVAKT_SHUTDOWN_GRACE_S": "10",
}
CONSUMERS = ["registry", "archive", "moderation"]


@contextlib.contextmanager
def healing(system: System) -> Iterator[list[str]]:
    """The supervisor's watch on `system`, in a thread, as `make run` runs it; yields the
    lines it prints (stopped, restarting, back)."""
    said: list[str] = []
    watch = Watch(system.processes, say=said.append)
    done = threading.Event()

    def loop() -> None:
        while not done.wait(0.5):
            watch.tick()

    thread = threading.Thread(target=loop, name="watch", daemon=True)
    thread.start()
    try:
        yield said
    finally:
        done.set()
        thread.join()


def meta_secret(system: System) -> str:
    return system.service_env("ingest", system.ports["ingest"])["KANALVAKT_META_APP_SECRET"]


async def deliver(system: System, item_id: str, *, secret: str, give_up_s: float = 300.0) -> str:
    """POST like a platform: retry on 5xx or no answer until accepted (Meta retries for 36 hours)."""
    body = meta_body(meta_comment(page_id=PAGE_ID, comment_id=item_id, text=f"Hej! Fråga nummer {item_id} från Åsa"))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(secret, body)}
    deadline = time.monotonic() + give_up_s
    async with httpx.AsyncClient(timeout=10) as client:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                response = await client.post(f"{system.url('ingest')}/webhooks/{MUNICIPALITY}/meta",
                                             content=body, headers=headers)
                if response.status_code == 200:
                    return item_id
                # 503: ingest could not hand it on (spooled); 429: twenty platforms retrying at once.
                assert response.status_code in (429, 503), response.text
            await asyncio.sleep(0.5)
    raise AssertionError(f"delivery {item_id} never accepted")


async def ask(system: System, subject: str, body: dict[str, Any]) -> Any:
    """One signed query as the dashboard; None while NATS or the service is away."""
    try:
        return await signed_ask(system, subject, body, url=system.nats_url_as("dashboard"))
    except Exception:  # noqa: BLE001 - no server, no responder yet, timeout: ask again later
        return None


async def archived(system: System) -> Counter[str]:
    """item_id → how many records archive holds for it."""
    found = await ask(system, "q.archive.records", {"municipality": MUNICIPALITY, "limit": 200})
    return Counter(r["item_id"] for r in found) if isinstance(found, list) else Counter()


async def tagged(system: System) -> Counter[str]:
    """item_id → how many verdicts moderation holds for it."""
    found = await ask(system, "q.moderation.verdicts", {"municipality": MUNICIPALITY, "limit": 200})
    return Counter(v.get("item_id") for v in found) if isinstance(found, list) else Counter()


async def dead_letter_count(system: System) -> int | None:
    nc = await bus.connect(system.nats_url_as("dashboard"), connect_timeout=2)
    try:
        info = await nc.jetstream().stream_info("DLQ")
        return info.state.messages
    finally:
        await nc.close()


async def healed(system: System, expected: set[str], *, attempts: int = 400) -> tuple[Counter[str], Counter[str]]:
    """Wait until every expected item is archived and tagged; then look once more, a
    moment later, so a duplicate arriving late shows itself in the counts."""
    records: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for _ in range(attempts):
        records, verdicts = await archived(system), await tagged(system)
        if expected <= set(records) and expected <= set(verdicts):
            break
        await asyncio.sleep(0.25)
    await asyncio.sleep(1.0)
    return await archived(system), await tagged(system)


def report(fault: str, *, sent: int, accepted: int, records: Counter[str], verdicts: Counter[str],
           took_s: float, said: list[str]) -> None:
    print(f"\n{fault}: sent {sent}, accepted {accepted} (a platform retries 503s), archived {len(records)}, "
          f"tagged {len(verdicts)}, "
          f"healed {took_s:.1f} s after the fault")
    for line in said:
        print(f"  supervisor: {line}")


@contextlib.contextmanager
def frozen(system: System, names: list[str]) -> Iterator[None]:
    """SIGSTOP the services meanwhile: what arrives then is fetched, all of it in flight,
    when they go on."""
    procs = [system.services[name].process for name in names]
    for proc in procs:
        assert proc is not None
        os.kill(proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for proc in procs:
            assert proc is not None
            os.kill(proc.pid, signal.SIGCONT)


def waited_at_least(system: System, service: str, attempts: int) -> bool:
    """The service's log shows a message retried `attempts` times for a dependency."""
    path = system.log_dir / f"{service}.log"
    for line in path.read_text(errors="replace").splitlines():
        if '"message.waiting_for_dependency"' in line and json.loads(line).get("attempts", 0) >= attempts:
            return True
    return False


class _Delivered:
    """What the broker's dead-lettering reads of a JetStream message."""

    def __init__(self, subject: str, data: bytes, headers: dict[str, str], consumer: str) -> None:
        self.subject, self.data, self.headers = subject, data, headers
        self.metadata = SimpleNamespace(stream="SOCIAL", consumer=consumer, sequence=SimpleNamespace(stream=999_001))


async def publish_dead_letter(system: System, event: PlatformEvent, *, service: str, consumer: str,
                              headers: dict[str, str]) -> None:
    """`service` dead-lettered `event` (say, for a bug since fixed): the same headers and
    body its broker publishes (shared/dead_letters.py), sent as that service."""
    data = event.model_dump_json().encode()
    raw = _Delivered(f"social.received.{event.platform}", data, {"Nats-Msg-Id": event.event_id, **headers}, consumer)
    letter = dead_letter_headers(service=service, raw=raw, error=KeyError("a bug, fixed since"), delivered=6)
    nc = await bus.connect(system.nats_url_as(service))
    try:
        await nc.jetstream().publish(subjects.dlq(service), data, headers=letter, stream="DLQ")
    finally:
        await nc.close()
