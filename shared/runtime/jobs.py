"""Background jobs: a coroutine run every so many seconds while a service runs.

A service registers its jobs on its `ServiceRuntime` (`runtime.every(...)`); the
lifespan starts them once the service has started and, when it stops, cancels them and
waits until each has ended, so none outlives the clients and connections it uses.

A round that raises is logged with its traceback and counted
(`kanalvakt_background_job_failures_total`), and the next round runs as usual: a job
must outlive a MongoDB or NATS hiccup, but its failures must be seen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from prometheus_client import Counter

from ..logging import get_logger

Job = Callable[[], Awaitable[object]]

log = get_logger(__name__)
JOB_FAILURES = Counter("kanalvakt_background_job_failures_total", "Background job rounds that raised", ["job"])


@dataclass(frozen=True)
class _Schedule:
    seconds: float
    name: str
    job: Job
    immediately: bool


class BackgroundJobs:
    """The jobs of one process: registered any time, run between `start()` and `stop()`."""

    def __init__(self, *, stop_timeout: float = 10.0) -> None:
        self._schedules: list[_Schedule] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._started = False
        # A round that does not end when cancelled (a driver call that swallows the
        # cancellation) must not hold the service's shutdown for ever: it is waited for this
        # long, then named in the log and left.
        self.stop_timeout = stop_timeout

    def every(self, seconds: float, name: str, job: Job, *, immediately: bool = False) -> None:
        """Run `job` every `seconds` (the first round after `seconds`, or at start when
        `immediately`); `name` is the job's name in logs and metrics."""
        schedule = _Schedule(seconds, name, job, immediately)
        self._schedules.append(schedule)
        if self._started:
            self._launch(schedule)

    def start(self) -> None:
        self._started = True
        for schedule in self._schedules:
            self._launch(schedule)

    async def stop(self) -> None:
        """Cancel every job and wait until each has ended (a round in progress included),
        at most `stop_timeout` seconds."""
        self._started = False
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=self.stop_timeout)
        if pending:
            log.error("jobs.stop_timeout", jobs=[task.get_name() for task in pending], seconds=self.stop_timeout)
        log.info("jobs.stopped", jobs=[task.get_name() for task in tasks if task not in pending])

    def _launch(self, schedule: _Schedule) -> None:
        self._tasks.append(asyncio.create_task(_run(schedule), name=f"job:{schedule.name}"))


async def _run(schedule: _Schedule) -> None:
    failures = 0
    if not schedule.immediately:
        await asyncio.sleep(schedule.seconds)
    while True:
        try:
            await schedule.job()
        except Exception:
            if _cancelled():
                # A driver may turn the cancellation of its call into its own error (PyMongo
                # does, as "Cannot use AsyncMongoClient after close" or a network error): the
                # round ends here, or the job would go on for ever after its service stopped.
                raise asyncio.CancelledError from None
            failures += 1
            JOB_FAILURES.labels(schedule.name).inc()
            log.exception("job.failed", job=schedule.name, failures=failures)
        await asyncio.sleep(schedule.seconds)


def _cancelled() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
