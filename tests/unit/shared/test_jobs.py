"""Background jobs: run again and again, outlive a failing round (logged and counted),
and are cancelled and awaited on stop. Driven by events, never by the clock."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from prometheus_client import REGISTRY

from shared.runtime import jobs as jobs_module
from shared.runtime.jobs import BackgroundJobs, Job

# A bound on waiting for an event, so a broken helper fails here instead of hanging.
BOUND_S = 10.0


class RecordingLog:
    def __init__(self) -> None:
        self.exceptions: list[tuple[str, dict[str, Any]]] = []

    def exception(self, event: str, **fields: Any) -> None:
        self.exceptions.append((event, fields))

    def info(self, event: str, **fields: Any) -> None:
        pass

    def error(self, event: str, **fields: Any) -> None:
        self.exceptions.append((event, fields))


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> RecordingLog:
    log = RecordingLog()
    monkeypatch.setattr(jobs_module, "log", log)
    return log


def failures_of(name: str) -> float:
    return REGISTRY.get_sample_value("kanalvakt_background_job_failures_total", {"job": name}) or 0.0


async def run_until(event: asyncio.Event, name: str, job: Job, *, seconds: float = 0,
                    immediately: bool = False) -> None:
    """Start `job` alone, wait until `event` is set, then stop it."""
    jobs = BackgroundJobs()
    jobs.every(seconds, name, job, immediately=immediately)
    jobs.start()
    await asyncio.wait_for(event.wait(), BOUND_S)
    await jobs.stop()


async def test_a_job_runs_again_and_again_until_stopped() -> None:
    rounds = 0
    third = asyncio.Event()

    async def job() -> None:
        nonlocal rounds
        rounds += 1
        if rounds == 3:
            third.set()

    await run_until(third, "test.repeat", job)
    stopped_at = rounds
    for _ in range(5):
        await asyncio.sleep(0)
    assert rounds == stopped_at >= 3


async def test_a_failing_round_is_logged_and_counted_and_the_next_round_runs(recorded: RecordingLog) -> None:
    calls = 0
    recovered = asyncio.Event()
    before = failures_of("test.flaky")

    async def job() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database away")
        recovered.set()

    await run_until(recovered, "test.flaky", job)
    assert failures_of("test.flaky") == before + 1
    assert recorded.exceptions == [("job.failed", {"job": "test.flaky", "failures": 1})]


async def test_stop_cancels_a_round_in_progress_and_waits_until_it_has_ended() -> None:
    entered, cleaned_up = asyncio.Event(), asyncio.Event()

    async def job() -> None:
        entered.set()
        try:
            await asyncio.Event().wait()  # a round that would never end by itself
        finally:
            await asyncio.sleep(0)  # clean-up that itself awaits: stop() must wait for it
            cleaned_up.set()

    await run_until(entered, "test.blocked", job, seconds=3600, immediately=True)
    assert cleaned_up.is_set()
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "job:test.blocked"]


async def test_the_first_round_waits_for_the_interval_unless_asked_to_run_at_once() -> None:
    ran: list[str] = []
    at_once = asyncio.Event()

    async def later() -> None:
        ran.append("later")

    async def now() -> None:
        ran.append("now")
        at_once.set()

    jobs = BackgroundJobs()
    jobs.every(3600, "test.later", later)
    jobs.start()
    jobs.every(3600, "test.now", now, immediately=True)  # registered after start: runs too
    await asyncio.wait_for(at_once.wait(), BOUND_S)
    await jobs.stop()
    assert ran == ["now"]


async def test_a_round_that_ignores_its_cancellation_does_not_hold_the_shutdown(recorded: RecordingLog) -> None:
    entered, released = asyncio.Event(), asyncio.Event()

    async def stubborn() -> None:
        entered.set()
        while not released.is_set():
            try:
                await released.wait()
            except asyncio.CancelledError:
                continue  # what a driver that swallows the cancellation does

    jobs = BackgroundJobs(stop_timeout=0.05)
    jobs.every(0, "stubborn", stubborn, immediately=True)
    jobs.start()
    await asyncio.wait_for(entered.wait(), BOUND_S)
    await asyncio.wait_for(jobs.stop(), BOUND_S)  # returns, though the round has not ended
    assert ("jobs.stop_timeout", {"jobs": ["job:stubborn"], "seconds": 0.05}) in recorded.exceptions
    released.set()  # let the stubborn round end so the loop closes cleanly


async def test_a_round_whose_driver_turns_its_cancellation_into_an_error_ends(recorded: RecordingLog) -> None:
    entered = asyncio.Event()
    rounds = 0

    async def converting() -> None:
        nonlocal rounds
        rounds += 1
        entered.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise RuntimeError("Cannot use AsyncMongoClient after close") from None

    jobs = BackgroundJobs(stop_timeout=BOUND_S)
    jobs.every(0, "converting", converting, immediately=True)
    jobs.start()
    await asyncio.wait_for(entered.wait(), BOUND_S)
    await asyncio.wait_for(jobs.stop(), BOUND_S)
    assert rounds == 1  # no round after the stop
    assert not [e for e, _ in recorded.exceptions if e in ("job.failed", "jobs.stop_timeout")]
