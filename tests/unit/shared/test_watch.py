"""The supervisor's watch (pure: a fake process, a given clock): what dies is restarted
after growing pauses, servers before services, and the log says when it is back."""

from __future__ import annotations

from pathlib import Path

from devtools.watch import PAUSE_CEILING_S, Watch, pause_after


class FakeProcess:
    def __init__(self, name: str) -> None:
        self.name, self.log_path, self.exit_code = name, Path(f"/var/log/{name}.log"), None
        self.running, self.is_ready, self.spawned = True, True, 0

    def ready(self) -> bool:
        return self.is_ready

    def spawn(self) -> None:
        self.spawned += 1
        self.running, self.is_ready = True, False

    def die(self) -> None:
        self.running, self.exit_code = False, -9


def test_pauses_grow_to_a_ceiling() -> None:
    assert [pause_after(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert pause_after(50) == PAUSE_CEILING_S


def test_a_dead_server_is_restarted_after_a_pause_and_reported_back() -> None:
    nats = FakeProcess("nats-server")
    said: list[str] = []
    back: list[tuple[str, float]] = []
    watch = Watch(lambda: [("nats", nats)], say=said.append, on_back=lambda n, s: back.append((n, s)))
    nats.die()
    watch.tick(now=100.0)
    assert said[-1].startswith("nats-server stopped unexpectedly (exit code -9") and "in 0.5 s" in said[-1]
    watch.tick(now=100.2)
    assert nats.spawned == 0  # still pausing
    watch.tick(now=100.6)
    assert nats.spawned == 1
    watch.tick(now=100.8)  # running, not ready yet: nothing said
    nats.is_ready = True
    watch.tick(now=101.5)
    assert said[-1] == "nats-server is back after 1.5 s (restart 1)"
    assert back == [("nats-server", 1.5)]


def test_dying_again_while_coming_up_waits_longer_each_time() -> None:
    db = FakeProcess("mongodb")
    said: list[str] = []
    watch = Watch(lambda: [("mongodb", db)], say=said.append)
    db.die()
    watch.tick(now=0.0)
    watch.tick(now=1.0)
    assert db.spawned == 1
    db.die()  # crashed before it was ready
    watch.tick(now=2.0)
    assert "in 1.0 s" in said[-1]
    watch.tick(now=2.5)
    assert db.spawned == 1
    watch.tick(now=3.1)
    assert db.spawned == 2


def test_servers_are_looked_at_before_services() -> None:
    order: list[str] = []
    nats, archive = FakeProcess("nats-server"), FakeProcess("archive")
    for proc in (nats, archive):
        proc.spawn = lambda proc=proc: order.append(proc.name)  # type: ignore[method-assign]
        proc.die()
    watch = Watch(lambda: [("nats", nats), ("archive", archive)], say=lambda _: None)
    watch.tick(now=0.0)
    watch.tick(now=1.0)
    assert order == ["nats-server", "archive"]
