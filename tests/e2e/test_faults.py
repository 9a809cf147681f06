"""The kill -9 campaign of issue 15, one test a row: a service, nats-server or the database
server dies hard while signed webhooks keep coming, or `make run` is stopped with Ctrl-C
and started again. Each checks that every item sent is archived and tagged exactly once
(0 lost, 0 duplicated), that nothing was dead-lettered, that the supervisor's watch
healed it without a person, and prints how long that took (not asserted)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devtools.supervisor import System
from tests.e2e.fault_campaign import (
    CONSUMERS,
    FAST_POLICY,
    MUNICIPALITY,
    ask,
    dead_letter_count,
    deliver,
    frozen,
    healed,
    healing,
    meta_secret,
    report,
    waited_at_least,
)
from tests.e2e.test_supervisor import _port_base
from tests.support.polling import eventually
from tests.support.system import running_system

pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def system(tmp_path: Path) -> Iterator[System]:
    with running_system(System(data_dir=tmp_path, extra_env=dict(FAST_POLICY)),
                        [*CONSUMERS, "notify", "ingest"]) as sut:
        yield sut


async def _campaign(system: System, label: str, fault: Callable[[], None], *, before: int = 10,
                    during: int = 20) -> tuple[Counter[str], Counter[str], list[str]]:
    """`before` items accepted, then `during` more sent at once while `fault` strikes."""
    secret = meta_secret(system)
    with healing(system) as said:
        accepted = [await deliver(system, f"{label}_{n}", secret=secret) for n in range(before)]
        in_flight = [asyncio.create_task(deliver(system, f"{label}_{n}", secret=secret))
                     for n in range(before, before + during)]
        await asyncio.sleep(0)  # the requests are on their way when the fault strikes
        fault()
        struck = time.monotonic()
        accepted += await asyncio.gather(*in_flight)
        records, verdicts = await healed(system, set(accepted))
        took = time.monotonic() - struck
        said = list(said)
    report(f"kill -9 {label}", sent=before + during, accepted=len(accepted), records=records, verdicts=verdicts,
           took_s=took, said=said)
    expected = Counter(set(accepted))
    assert records == expected, "archive lost or doubled an item"
    assert verdicts == expected, "moderation lost or doubled an item"
    assert await dead_letter_count(system) == 0, "an outage dead-lettered good work"
    return records, verdicts, said


@pytest.mark.parametrize("service", ["archive", "moderation", "ingest"])
async def test_kill_9_of_a_service(system: System, service: str) -> None:
    _, _, said = await _campaign(system, service, system.services[service].kill)
    assert any(line.startswith(f"{service} is back") for line in said), said


@pytest.mark.parametrize("server", ["nats", "mongodb"])
async def test_kill_9_of_a_server(system: System, server: str) -> None:
    _, _, said = await _campaign(system, server, system.servers[server].kill)
    assert any(line.startswith(f"{system.servers[server].name} stopped unexpectedly") for line in said), said
    assert any(line.startswith(f"{system.servers[server].name} is back") for line in said), said
    # Staff are told through notify that it was away and is back.
    alerts = await eventually(lambda: _back_alerts(system, server), attempts=200, pause=0.25)
    assert alerts, "no alert said the server was back"
    print(f"  notify: {alerts[0]['title']}")


async def _back_alerts(system: System, dependency: str) -> list[dict]:
    found = await ask(system, "q.notify.alerts", {"municipality": MUNICIPALITY, "rule": "service_down", "limit": 50})
    return [a for a in found or [] if a.get("details", {}).get("service") == dependency
            and "är tillbaka" in a.get("title", "")]


async def test_a_database_outage_longer_than_every_retry_loses_and_dead_letters_nothing(system: System) -> None:
    secret = meta_secret(system)
    # The consumers are frozen while the items come in, so every one of them is in flight
    # (fetched, not yet handled) when the database goes away.
    with frozen(system, CONSUMERS):
        accepted = [await deliver(system, f"long_{n}", secret=secret) for n in range(12)]
        system.servers["mongodb"].kill()
    down = time.monotonic()
    # The outage lasts until every consumer has retried its messages 5 times: the whole
    # content-retry schedule (3 deliveries over 0.7 s) several times over.
    for name in CONSUMERS:
        assert await eventually(lambda name=name: waited_at_least(system, name, 5), attempts=600, pause=0.2), name
    outage = time.monotonic() - down
    system.servers["mongodb"].start()
    records, verdicts = await healed(system, set(accepted))
    took = time.monotonic() - down
    print(f"\ndatabase down {outage:.1f} s (content retries: 3 deliveries over 0.7 s); "
          f"all {len(accepted)} items archived and tagged {took - outage:.1f} s after it was back")
    expected = Counter(set(accepted))
    assert records == expected
    assert verdicts == expected
    assert await dead_letter_count(system) == 0


def _run_supervisor(data_dir: Path, base: int) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NATS_URL", "MONGODB_URL")}
    env.update({**FAST_POLICY, "PYTHONUNBUFFERED": "1"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "devtools.supervisor", "--data-dir", str(data_dir), "--port-base", str(base),
         "--no-demo"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:  # bounded by the supervisor's own start timeouts
        lines.append(line)
        if "Stop with Ctrl-C" in line or "could not start" in line:
            break
    return proc, "".join(lines)


async def test_ctrl_c_then_make_run_again(tmp_path: Path) -> None:
    base = _port_base()
    data_dir = tmp_path / "var"
    names = sorted(["archive", "dashboard", "ingest", "moderation", "notify", "registry"])
    view = System(data_dir=data_dir.resolve(), nats_url=f"nats://127.0.0.1:{base + 10}",
                  mongodb_url=f"mongodb://127.0.0.1:{base + 11}/",
                  ports={name: base + i for i, name in enumerate(names)})
    proc, banner = _run_supervisor(data_dir, base)
    try:
        assert "Kanalvakt is running" in banner, banner
        secret = meta_secret(view)
        accepted = [await deliver(view, f"ctrlc_{n}", secret=secret) for n in range(10)]
        in_flight = [asyncio.create_task(deliver(view, f"ctrlc_{n}", secret=secret)) for n in range(10, 30)]
        await asyncio.sleep(0)
        proc.send_signal(signal.SIGINT)
        struck = time.monotonic()
        out, _ = await asyncio.to_thread(proc.communicate, timeout=120)
        stopped_after = time.monotonic() - struck
        assert proc.returncode == 0 and "Kanalvakt: stopped." in out, out
        proc, banner = _run_supervisor(data_dir, base)
        assert "Kanalvakt is running" in banner, banner
        accepted += await asyncio.gather(*in_flight)
        records, verdicts = await healed(view, set(accepted))
        took = time.monotonic() - struck
        dead_letters = await dead_letter_count(view)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            await asyncio.to_thread(proc.communicate, timeout=120)
    print(f"\nCtrl-C: stopped in {stopped_after:.1f} s; after make run again all {len(accepted)} items archived "
          f"and tagged {took:.1f} s after the Ctrl-C")
    expected = Counter(set(accepted))
    assert records == expected
    assert verdicts == expected
    assert dead_letters == 0


def _child_pid(data_dir: Path, program: str) -> int | None:
    """The pid of the server `make run` started (its command line names `program`) with its
    data under `data_dir`."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = b" ".join((proc / "cmdline").read_bytes().split(b"\0"))
        except OSError:
            continue
        if program.encode() in cmdline and str(data_dir).encode() in cmdline:
            return int(proc.name)
    return None


async def test_make_run_itself_restarts_a_killed_server_and_says_so(tmp_path: Path) -> None:
    base = _port_base()
    data_dir = (tmp_path / "var").resolve()
    proc, banner = _run_supervisor(data_dir, base)
    said: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: said.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    names = sorted(["archive", "dashboard", "ingest", "moderation", "notify", "registry"])
    view = System(data_dir=data_dir, nats_url=f"nats://127.0.0.1:{base + 10}",
                  mongodb_url=f"mongodb://127.0.0.1:{base + 11}/", ports={n: base + i for i, n in enumerate(names)})
    try:
        assert "Kanalvakt is running" in banner, banner
        for label, program in (("nats-server", "nats-server"), ("mongodb", "devtools.mongodb_wire")):
            pid = _child_pid(data_dir, program)
            assert pid, f"no {program} process under {data_dir}"
            os.kill(pid, signal.SIGKILL)
            assert await eventually(lambda label=label: any(line.startswith(f"{label} is back") for line in said),
                                    attempts=600, pause=0.1), said
        secret = meta_secret(view)
        item = await deliver(view, "makerun_1", secret=secret)
        records, verdicts = await healed(view, {item})
    finally:
        proc.send_signal(signal.SIGINT)
        await asyncio.to_thread(proc.wait, 120)
    print("\nmake run's own log:\n"
          + "".join(f"  {line}" for line in said if "unexpectedly" in line or "is back" in line))
    assert proc.returncode == 0
    assert records[item] == 1 and verdicts[item] == 1
