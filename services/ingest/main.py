"""Composition root of ingest: settings, store, publisher, spool, pollers, HTTP edge."""

from __future__ import annotations

import asyncio
import contextlib

from starlette.applications import Starlette

from shared import subjects
from shared.contracts import Platform, PlatformEvent
from shared.logging import get_logger
from shared.runtime.service import ServiceRuntime

from . import handlers
from .accounts import AccountResolver
from .config import IngestSettings
from .http import webhook_routes
from .metrics import SPOOL_DEPTH
from .pollers import PollerLoop
from .publisher import Publisher
from .service import Ingest, replay_spool
from .spool import Spool
from .store import DeliveryStore

log = get_logger(__name__)


def create_app(settings: IngestSettings | None = None) -> tuple[IngestSettings, Starlette]:
    settings = settings or IngestSettings()
    runtime = ServiceRuntime("ingest", settings)
    store = DeliveryStore(runtime.db)
    publisher = Publisher(runtime.broker, max_in_flight=settings.publish_max_in_flight,
                          timeout=settings.publish_timeout_s)
    spool = Spool(settings.spool_path)
    ingest = Ingest(store=store, publisher=publisher, spool=spool,
                    accounts=AccountResolver(runtime.broker, timeout=settings.registry_timeout_s,
                                             cache_s=settings.registry_cache_s))
    pollers = PollerLoop(ingest=ingest, settings=settings, broker=runtime.broker)
    tasks: list[asyncio.Task] = []

    async def replay_forever() -> None:
        while True:
            try:
                SPOOL_DEPTH.set(len(spool))
                if spool.pending():
                    await replay_spool(ingest=ingest)
                    SPOOL_DEPTH.set(len(spool))
            except Exception as exc:  # the loop must outlive one bad round; the cause is logged
                log.exception("spool.replay_failed", error=repr(exc))
            await asyncio.sleep(settings.spool_replay_interval_s)

    async def start() -> None:
        await publisher.start()
        tasks.append(asyncio.create_task(replay_forever(), name="ingest-spool-replay"))
        await pollers.start()

    async def stop() -> None:
        await pollers.stop()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    for platform in Platform:
        runtime.publishes(subjects.social_received(platform), PlatformEvent,
                          f"An item on a {platform} account: verified, normalised, raw delivery kept.")
    runtime.on_start.extend([store.ensure_indexes, start])
    runtime.on_stop.append(stop)
    handlers.register(runtime, store, spool)
    runtime.routes.extend(webhook_routes(settings=settings, ingest=ingest))
    return settings, runtime.asgi()
