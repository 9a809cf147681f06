"""Every service stops within its grace period on SIGTERM whatever is down: started with
no NATS to reach, or with the database gone while it holds messages waiting for it.
What was held is not lost: it is handled after the next start."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devtools.servers import ManagedProcess, free_port
from devtools.supervisor import System
from tests.e2e.fault_campaign import CONSUMERS, FAST_POLICY, deliver, frozen, healed, meta_secret, waited_at_least
from tests.support.polling import eventually, eventually_sync
from tests.support.system import running_system

pytestmark = pytest.mark.timeout(600)
GRACE_S = float(FAST_POLICY["KANALVAKT_SHUTDOWN_GRACE_S"])


def _stop_and_time(proc: subprocess.Popen[bytes]) -> float:
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=GRACE_S + 20)  # the test's own bound: a hang fails here
    return time.monotonic() - started


def _each_stops_on_sigterm(system: System, names: list[str], situation: str) -> None:
    """SIGTERM the services one by one: each stops by itself (not forced) within the test's
    bound; how long each took is printed."""
    took = {}
    for name in names:
        proc = system.services[name].process
        assert proc is not None
        took[name] = _stop_and_time(proc)
        assert proc.returncode in (0, -signal.SIGTERM), (name, proc.returncode)  # stopped itself, not forced
    print(f"\n{situation}, stopped after SIGTERM in: "
          + ", ".join(f"{n} {t:.1f} s" for n, t in took.items()) + f" (grace {GRACE_S:.0f} s)")


@pytest.mark.parametrize("service", ["ingest", "archive", "dashboard"])
def test_a_service_that_never_reached_nats_stops_on_sigterm(tmp_path: Path, service: str) -> None:
    system = System(data_dir=tmp_path, nats_url=f"nats://127.0.0.1:{free_port()}",  # nothing listens there
                    mongodb_url=f"mongodb://127.0.0.1:{free_port()}/", extra_env=dict(FAST_POLICY))
    port = free_port()
    log = tmp_path / f"{service}.log"
    proc = ManagedProcess(name=service, args=[sys.executable, "-m", f"services.{service}"], ready=lambda: True,
                          log_path=log, env=system.service_env(service, port))
    proc.spawn()
    assert proc.process is not None
    # It is up and trying to connect (its log says so) when it is asked to stop.
    assert eventually_sync(lambda: log.exists() and '"service.starting"' in log.read_text(errors="replace"),
                           attempts=300, pause=0.1)
    took = _stop_and_time(proc.process)
    print(f"\n{service} with no NATS stopped {took:.1f} s after SIGTERM (grace {GRACE_S:.0f} s)")
    # uvicorn re-raises the signal once it has stopped cleanly; 1 would be the watchdog's forced exit.
    assert proc.process.returncode in (0, -signal.SIGTERM), (proc.process.returncode, log.read_text()[-2000:])
    assert '"service.stopped"' in log.read_text(errors="replace")


async def test_services_holding_messages_for_a_dead_database_stop_on_sigterm_and_lose_nothing(tmp_path: Path) -> None:
    with running_system(System(data_dir=tmp_path, extra_env=dict(FAST_POLICY)), [*CONSUMERS, "ingest"]) as system:
        secret = meta_secret(system)
        with frozen(system, CONSUMERS):  # every item is in flight when the database goes
            accepted = [await deliver(system, f"stop_{n}", secret=secret) for n in range(8)]
            system.servers["mongodb"].kill()
        for name in CONSUMERS:  # each holds messages, waiting for the database
            assert await eventually(lambda name=name: waited_at_least(system, name, 1), attempts=600, pause=0.2)
        _each_stops_on_sigterm(system, CONSUMERS, "holding messages for a dead database")
        system.servers["mongodb"].start()
        for name in CONSUMERS:
            system.start_service(name)
        records, verdicts = await healed(system, set(accepted))
    assert records == verdicts == {item: 1 for item in accepted}


async def test_services_stop_on_sigterm_while_nats_is_gone_and_lose_nothing(tmp_path: Path) -> None:
    with running_system(System(data_dir=tmp_path, extra_env=dict(FAST_POLICY)), [*CONSUMERS, "ingest"]) as system:
        secret = meta_secret(system)
        with frozen(system, CONSUMERS):  # in flight when NATS goes
            accepted = [await deliver(system, f"nats_stop_{n}", secret=secret) for n in range(8)]
            system.servers["nats"].kill()
        _each_stops_on_sigterm(system, [*CONSUMERS, "ingest"], "with NATS gone")
        system.servers["nats"].start()
        for name in [*CONSUMERS, "ingest"]:
            system.start_service(name)
        records, verdicts = await healed(system, set(accepted))
    assert records == verdicts == {item: 1 for item in accepted}
