"""The shape every service process shares: a broker, a MongoDB database, an HTTP edge
with health and metrics, started and stopped in one lifespan.

A service's `main.py` builds a `ServiceRuntime` (its composition root) and registers
its subscribers and routes on it; nothing connects until the lifespan starts.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import uvicorn
from faststream.nats import NatsBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from ..broker import declare_streams, make_broker
from ..config import ServiceSettings
from ..health import health_routes
from ..logging import configure_logging, get_logger
from ..mongo import make_mongo_client, service_database

Hook = Callable[[], Awaitable[None]]
log = get_logger(__name__)


@dataclass
class ServiceRuntime:
    service: str
    settings: ServiceSettings
    broker: NatsBroker = field(init=False)
    mongo: AsyncMongoClient = field(init=False)
    db: AsyncDatabase = field(init=False)
    routes: list[BaseRoute] = field(default_factory=list)
    on_start: list[Hook] = field(default_factory=list)
    on_stop: list[Hook] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.broker = make_broker(self.settings, service=self.service)
        self.mongo = make_mongo_client(self.settings)
        self.db = service_database(self.mongo, self.settings, self.service)

    async def _mongo_ready(self) -> None:
        await self.db.command("ping")

    async def _nats_ready(self) -> None:
        if not self.broker.connection.is_connected:
            raise ConnectionError("not connected to NATS")

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        await self.broker.connect()
        await declare_streams(self.broker, self.settings)
        for hook in self.on_start:  # indexes, seeds: before any message is consumed
            await hook()
        await self.broker.start()
        # A round trip to the server: every subscription is registered there before the
        # service calls itself started (a request sent at once on another connection
        # would otherwise find no responder).
        await self.broker.connection.flush()
        log.info("service.started", port=self.settings.http_port)
        try:
            yield
        finally:
            log.info("service.stopping")
            # Stop consuming first: in-flight handlers finish and ack, the rest stays in
            # JetStream for the next start.
            await self.broker.stop()
            for hook in reversed(self.on_stop):
                await hook()
            await self.mongo.close()

    def asgi(self) -> Starlette:
        checks = {"nats": self._nats_ready, "mongodb": self._mongo_ready}
        app = Starlette(routes=[*health_routes(self.service, checks), *self.routes], lifespan=self.lifespan)
        app.state.runtime = self  # for the AsyncAPI generator and tests; nothing is connected yet
        return app

    def publishes(self, subject: str, model: type, description: str) -> None:
        """Declare an event this service publishes, so the AsyncAPI document shows it."""
        self.broker.publisher(subject, schema=model, description=description)


def serve(app_factory: Callable[[], tuple[ServiceSettings, Starlette]], *, service: str) -> None:
    """Run a service until SIGINT/SIGTERM (uvicorn drains the lifespan on the way out)."""
    settings, app = app_factory()
    configure_logging(service=service, json=settings.log_json, level=settings.log_level)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=20,
    )
