"""The supervisor's watch: every process it started (nats-server, the database server and
the services) is restarted when it dies, with a growing pause between attempts, and the
banner's log says when it stopped and when it is back.

Servers are looked at before services: a service needs them, and a restarted service
waits for them anyway (shared/runtime/service.py), so nothing is started in the wrong
order. A restart does not block the watch: the others stay watched meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from devtools.servers import ManagedProcess

FIRST_PAUSE_S = 0.5
PAUSE_CEILING_S = 30.0
# Up and ready this long after a restart: the next failure starts the pauses afresh.
STABLE_S = 60.0


@dataclass
class _Health:
    failures: int = 0  # consecutive, since it was last stable
    down_since: float | None = None
    next_attempt: float = 0.0
    restarted_at: float | None = None  # spawned, not yet ready
    ready_since: float | None = None


def pause_after(failures: int) -> float:
    """0.5, 1, 2, 4 … seconds, at most PAUSE_CEILING_S."""
    return min(PAUSE_CEILING_S, FIRST_PAUSE_S * 2 ** max(failures - 1, 0))


class Watch:
    """Call `tick()` about once a second (the supervisor's loop, or a test's thread)."""

    def __init__(self, processes: Callable[[], Iterable[tuple[str, ManagedProcess]]], *,
                 say: Callable[[str], None], on_back: Callable[[str, float], None] | None = None) -> None:
        self.processes = processes
        self.say = say
        self.on_back = on_back
        self.health: dict[str, _Health] = {}
        self.recoveries: list[tuple[str, float]] = []  # (name, seconds it was away)

    def tick(self, now: float | None = None) -> None:
        for name, proc in list(self.processes()):
            self._look_at(name, proc, time.monotonic() if now is None else now)

    def _look_at(self, name: str, proc: ManagedProcess, now: float) -> None:
        health = self.health.setdefault(name, _Health())
        if proc.running:
            if health.restarted_at is not None:
                if proc.ready():
                    self._back(proc.name, health, now)
            elif health.ready_since is not None and now - health.ready_since > STABLE_S:
                health.failures = 0
            return
        if health.down_since is None or health.restarted_at is not None:
            # It just died (or died again while coming up): pause longer each time.
            health.down_since = health.down_since or now
            health.restarted_at = None
            health.failures += 1
            pause = pause_after(health.failures)
            health.next_attempt = now + pause
            self.say(f"{proc.name} stopped unexpectedly (exit code {proc.exit_code}; see {proc.log_path}); "
                     f"restarting in {pause:.1f} s")
            return
        if now >= health.next_attempt:
            try:
                proc.spawn()
            except OSError as exc:  # the binary is gone: keep saying so, with the pauses
                health.failures += 1
                health.next_attempt = now + pause_after(health.failures)
                self.say(f"{proc.name} could not be started: {exc}")
                return
            health.restarted_at = now

    def _back(self, name: str, health: _Health, now: float) -> None:
        away = now - (health.down_since or now)
        self.say(f"{name} is back after {away:.1f} s (restart {health.failures})")
        self.recoveries.append((name, away))
        health.down_since = health.restarted_at = None
        health.ready_since = now
        if self.on_back:
            self.on_back(name, away)
