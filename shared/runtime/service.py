"""The shape every service process shares: a broker, a MongoDB database, an HTTP edge
with health and metrics, started and stopped in one lifespan.

A service whose settings are `BusSettings` alone (the snapshot worker) gets no database
client at all, and one built with `jetstream=False` declares no streams: its NATS user
may not touch JetStream.

A service's `main.py` builds a `ServiceRuntime` (its composition root) and registers
its subscribers, routes and background jobs (`every`) on it; nothing connects until the
lifespan starts. Jobs start once the service has started, and are cancelled and awaited
first when it stops.

Stopping is bounded whatever is down: SIGTERM/Ctrl-C ends every wait for a dependency
(at start, and for messages held during an outage, which are nacked for redelivery),
and a watchdog ends the process when `shutdown_grace_s` has passed anyway. Nothing is
lost by that: a message is acked only after its writes, so what was not acked is
delivered again after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import uvicorn
from faststream.nats import NatsBroker
from pymongo import AsyncMongoClient
from pymongo.errors import OperationFailure
from pymongo.asynchronous.database import AsyncDatabase
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from ..broker import declare_streams, make_broker, update_consumers
from ..config import BusSettings, ServiceSettings
from ..faults import is_infrastructure_fault
from ..health import health_routes
from ..logging import configure_logging, get_logger
from ..mongo import make_mongo_client, service_database
from ..dead_letters import STREAM_PUBLISHER
from ..outage import Stopping
from ..replay import register_replay
from ..secret_checks import InsecureSettings
from .jobs import BackgroundJobs, Job

Hook = Callable[[], Awaitable[None]]


def publishes_events(service: str) -> bool:
    return service in STREAM_PUBLISHER.values()

log = get_logger(__name__)


@dataclass
class ServiceRuntime:
    service: str
    settings: BusSettings
    broker: NatsBroker = field(init=False)
    mongo: AsyncMongoClient = field(init=False)
    db: AsyncDatabase = field(init=False)
    # False for a service whose NATS user has no JetStream grants (nothing to declare).
    jetstream: bool = True
    routes: list[BaseRoute] = field(default_factory=list)
    on_start: list[Hook] = field(default_factory=list)
    on_stop: list[Hook] = field(default_factory=list)
    stopping: Stopping = field(default_factory=Stopping)
    jobs: BackgroundJobs = field(default_factory=BackgroundJobs)

    def __post_init__(self) -> None:
        self.broker = make_broker(self.settings, service=self.service, stopping=self.stopping)
        if isinstance(self.settings, ServiceSettings):  # uses_database, spelled out for mypy
            self.mongo = make_mongo_client(self.settings)
            self.db = service_database(self.mongo, self.settings, self.service)
        if publishes_events(self.service):  # a system administrator can have its dead letters replayed
            register_replay(self.broker, self.service)

    @property
    def uses_database(self) -> bool:
        return isinstance(self.settings, ServiceSettings)

    async def _mongo_ready(self) -> None:
        await self.db.command("ping")

    async def _nats_ready(self) -> None:
        if not self.broker.connection.is_connected:
            raise ConnectionError("not connected to NATS")

    async def _until_available(self, step: Callable[[], Awaitable[Any]], what: str) -> None:
        """Run a start step, again and again while a dependency is away (a service started
        during an outage waits for it instead of crash-looping); given up when stopping."""
        backoff = self.settings.dependency_backoff
        for attempt in itertools.count():
            try:
                await step()
                return
            except Exception as exc:
                if not is_infrastructure_fault(exc):
                    raise
                if attempt == 0 or attempt % 10 == 0:
                    log.warning("service.waiting_for_dependency", step=what, error=type(exc).__name__)
            if not await self.stopping.sleep(backoff[min(attempt, len(backoff) - 1)]):
                raise asyncio.CancelledError

    async def _start(self) -> None:
        log.info("service.starting")
        await self.broker.connect()  # reconnects forever: waits for NATS
        if self.jetstream:
            await self._until_available(lambda: declare_streams(self.broker, self.settings), "streams")
            await self._until_available(lambda: update_consumers(self.broker), "consumers")
        for hook in self.on_start:  # indexes, seeds: before any message is consumed
            await self._until_available(hook, getattr(hook, "__qualname__", "start hook"))
        await self.broker.start()
        # A round trip to the server: every subscription is registered there before the
        # service calls itself started (a request sent at once on another connection
        # would otherwise find no responder).
        await self.broker.connection.flush()

    async def _start_unless_stopping(self) -> bool:
        """Start; False if asked to stop first (then uvicorn stops at once, cleanly)."""
        start = asyncio.ensure_future(self._start())
        stop = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({start, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if start.done() and not start.cancelled():
            start.result()  # a start failure that is no outage (a broken pack, bad settings) stops the service
            return True
        start.cancel()
        with contextlib.suppress(BaseException):
            await start
        log.info("service.stopped_before_start")
        return False

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        # Before anything connects: a public or empty secret stops the service here
        # (building the app alone, as the AsyncAPI generator does, needs no secrets).
        self.settings.refuse_public_secrets(self.service)
        started = await self._start_unless_stopping()
        if started:
            self.jobs.start()
            log.info("service.started", port=self.settings.http_port)
        try:
            yield
        finally:
            log.info("service.stopping")
            self.stopping.set()
            await self.jobs.stop()  # before the broker and the on_stop hooks close what jobs use
            # Then stop consuming: in-flight handlers finish and ack (those waiting for a
            # dependency are nacked), the rest stays in JetStream for the next start.
            grace = self.settings.shutdown_grace_s
            with contextlib.suppress(Exception):  # NATS may be away: nothing more to tell it
                await asyncio.wait_for(self.broker.stop(), timeout=grace * 0.7)
            if started:
                for hook in reversed(self.on_stop):
                    await hook()
            if self.uses_database:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.mongo.close(), timeout=grace * 0.1)
            log.info("service.stopped")

    def every(self, seconds: float, name: str, job: Job, *, immediately: bool = False) -> None:
        """Run `job` every `seconds` while the service runs (see `jobs.BackgroundJobs.every`)."""
        self.jobs.every(seconds, name, job, immediately=immediately)

    def readiness_checks(self) -> dict[str, Callable[[], Awaitable[None]]]:
        """Each dependency's check (raises while it is away), for `/readyz`."""
        checks: dict[str, Callable[[], Awaitable[None]]] = {"nats": self._nats_ready}
        if self.uses_database:
            checks["mongodb"] = self._mongo_ready
        return checks

    async def _nats_identity(self) -> str:
        await self._nats_ready()
        # nats-server draws a new id at every start: a changed id is a restart, however short.
        return str(getattr(self.broker.connection, "_server_info", {}).get("server_id", "nats"))

    async def _mongo_identity(self) -> str:
        try:
            status = await self.db.client.admin.command("serverStatus")
        except OperationFailure:  # no right to see it (a user with roles on its own database only)
            await self._mongo_ready()
            return "mongodb"
        return f"{status.get('host')}:{status.get('pid')}"

    def dependency_identities(self) -> dict[str, Callable[[], Awaitable[str]]]:
        """Each dependency's identity (raises while it is away; changes when it restarted),
        for notify's watch of NATS and the database."""
        identities: dict[str, Callable[[], Awaitable[str]]] = {"nats": self._nats_identity}
        if self.uses_database:
            identities["mongodb"] = self._mongo_identity
        return identities

    def asgi(self) -> Starlette:
        checks = self.readiness_checks()
        app = Starlette(routes=[*health_routes(self.service, checks), *self.routes], lifespan=self.lifespan)
        app.state.runtime = self  # for the AsyncAPI generator and tests; nothing is connected yet
        return app

    def publishes(self, subject: str, model: type, description: str) -> None:
        """Declare an event this service publishes, so the AsyncAPI document shows it."""
        self.broker.publisher(subject, schema=model, description=description)


class _BoundedServer(uvicorn.Server):
    """uvicorn, told that a stop signal also ends the service's waits, and a watchdog
    that ends the process if stopping takes longer than the grace period."""

    def __init__(self, config: uvicorn.Config, *, runtime: ServiceRuntime) -> None:
        super().__init__(config)
        self.runtime = runtime
        self._watchdog: threading.Timer | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        with contextlib.suppress(RuntimeError):  # no loop yet: nothing waits
            asyncio.get_running_loop().call_soon_threadsafe(self.runtime.stopping.set)
        if self._watchdog is None:
            grace = self.runtime.settings.shutdown_grace_s
            self._watchdog = threading.Timer(grace, _force_exit, args=(grace,))
            self._watchdog.daemon = True
            self._watchdog.start()


def _force_exit(grace: float) -> None:
    log.error("service.stop_forced", grace_s=grace)
    os._exit(1)


def serve(app_factory: Callable[[], tuple[BusSettings, Starlette]], *, service: str) -> None:
    """Run a service until SIGINT/SIGTERM: uvicorn drains the lifespan on the way out,
    within the settings' `shutdown_grace_s` whatever is down."""
    settings, app = app_factory()
    configure_logging(service=service, json=settings.log_json, level=settings.log_level)
    try:
        settings.refuse_public_secrets(service)
    except InsecureSettings as exc:  # one clear line naming the settings, not a traceback
        print(exc, file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    _BoundedServer(http_config(settings, app), runtime=app.state.runtime).run()


def http_config(settings: BusSettings, app: Starlette) -> uvicorn.Config:
    """The service's HTTP server: quiet, lifespan on, graceful, proxies believed only as set."""
    return uvicorn.Config(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        # X-Forwarded-For is believed only from the proxies the settings name (uvicorn's
        # default believes any loopback peer: a local client could pick its address and so
        # dodge the per-address rate limits).
        proxy_headers=bool(trusted := getattr(settings, "trusted_proxies", None)),
        forwarded_allow_ips=list(trusted or []),
        # Open connections (the dashboard's live updates) get a quarter of the grace
        # period, the broker's in-flight handlers most of the rest.
        timeout_graceful_shutdown=max(1, int(settings.shutdown_grace_s * 0.25)),
    )
