"""Composition root of ingest: settings, store, publisher, spool, pollers, HTTP edge."""

from __future__ import annotations

from starlette.applications import Starlette

from shared import subjects
from shared.clients.registry import RegistryClient
from shared.contracts import Platform, PlatformEvent
from shared.runtime.service import ServiceRuntime

from . import handlers
from .accounts import AccountRegistration
from .config import IngestSettings
from .http import webhook_routes
from .metrics import SPOOL_DEPTH
from .pollers import Pollers
from .publisher import Publisher
from .service import Ingest, replay_spool
from .spool import Spool
from .store import DeliveryStore


def create_app(settings: IngestSettings | None = None) -> tuple[IngestSettings, Starlette]:
    settings = settings or IngestSettings()
    runtime = ServiceRuntime("ingest", settings)
    store = DeliveryStore(runtime.db)
    publisher = Publisher(runtime.broker, max_in_flight=settings.publish_max_in_flight,
                          timeout=settings.publish_timeout_s)
    spool = Spool(settings.spool_path)
    registry = RegistryClient(runtime.broker, timeout=settings.registry_timeout_s, cache_s=settings.registry_cache_s)
    ingest = Ingest(store=store, publisher=publisher, spool=spool, accounts=AccountRegistration(registry))
    pollers = Pollers(ingest=ingest, settings=settings, registry=registry)

    async def replay() -> None:
        SPOOL_DEPTH.set(len(spool))
        if spool.pending():
            await replay_spool(ingest=ingest)
            SPOOL_DEPTH.set(len(spool))

    runtime.every(settings.spool_replay_interval_s, "ingest.spool_replay", replay, immediately=True)
    if settings.poll_enabled:
        runtime.every(settings.poll_interval_s, "ingest.pollers", pollers.run_once, immediately=True)

    for platform in Platform:
        runtime.publishes(subjects.social_received(platform), PlatformEvent,
                          f"An item on a {platform} account: verified, normalised, raw delivery kept.")
    runtime.on_start.extend([store.ensure_indexes, publisher.start])
    runtime.on_stop.append(pollers.aclose)
    handlers.register(runtime, store, spool)
    runtime.routes.extend(webhook_routes(settings=settings, ingest=ingest))
    return settings, runtime.asgi()
