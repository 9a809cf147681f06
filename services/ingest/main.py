"""Composition root of ingest: settings -> store, publisher, spool, registry client ->
Deps -> router (queries), HTTP edge (webhooks), background jobs (spool replay, pollers)."""

from __future__ import annotations

from starlette.applications import Starlette

from shared import subjects
from shared.clients.registry import RegistryClient
from shared.contracts import Platform, PlatformEvent
from shared.contracts.ingest import DeliveryKept
from shared.runtime.service import ServiceRuntime

from . import router
from .adapters.publisher import Publisher
from .adapters.spool import Spool
from .adapters.store import DeliveryStore
from .app.accounts import AccountRegistration
from .app.deliveries import replay_spool
from .app.pollers import Pollers
from .config import IngestSettings
from .deps import Deps
from .http import webhook_routes
from .metrics import SPOOL_DEPTH


def create_app(settings: IngestSettings | None = None) -> tuple[IngestSettings, Starlette]:
    settings = settings or IngestSettings()
    runtime = ServiceRuntime("ingest", settings)
    store = DeliveryStore(runtime.db)
    publisher = Publisher(runtime.broker, max_in_flight=settings.publish_max_in_flight,
                          timeout=settings.publish_timeout_s)
    spool = Spool(settings.spool_path)
    registry = RegistryClient(runtime.broker, timeout=settings.registry_timeout_s, cache_s=settings.registry_cache_s)
    deps = Deps(settings=settings, store=store, publisher=publisher, spool=spool,
                accounts=AccountRegistration(registry))
    pollers = Pollers(deps=deps, registry=registry)

    async def replay() -> None:
        SPOOL_DEPTH.set(len(spool))
        if spool.pending():
            await replay_spool(deps=deps)
            SPOOL_DEPTH.set(len(spool))

    runtime.every(settings.spool_replay_interval_s, "ingest.spool_replay", replay, immediately=True)
    if settings.poll_enabled:
        runtime.every(settings.poll_interval_s, "ingest.pollers", pollers.run_once, immediately=True)

    for platform in Platform:
        runtime.publishes(subjects.social_received(platform), PlatformEvent,
                          f"An item on a {platform} account: verified, normalised, raw delivery kept.")
    runtime.publishes(subjects.INGEST_DELIVERY_ALL, DeliveryKept,
                      "A delivery's raw body and outcome, kept before the platform is answered.")
    runtime.on_start.extend([store.ensure_indexes, publisher.start])
    runtime.on_stop.append(pollers.aclose)
    router.register(runtime, deps)
    runtime.routes.extend(webhook_routes(deps))
    return settings, runtime.asgi()
