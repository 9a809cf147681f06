"""Composition root of notify."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import httpx
from starlette.applications import Starlette

from shared.clients.registry import RegistryClient
from shared.connectors import PlatformConnector
from shared.contracts import utcnow
from shared.policy import PolicyError, PolicyPack, available_packs, load_pack
from shared.policy.local import LocalDecisionStore, register_local_decisions
from shared.runtime.service import ServiceRuntime
from shared.signed_requests import RequestVerifier

from . import http, router
from .adapters.channels.chat import ChatSender
from .adapters.channels.email import EmailSender
from .adapters.store import AlertStore, BroadcastStore
from .app.alerts import escalate_due
from .app.delivery import DeliveryWorker
from .app.health import DependencyWatch, HealthWatch, poll_services, watch_dependencies
from .config import NotifySettings
from .deps import Deps


def pack_for(municipality: str) -> PolicyPack | None:
    try:
        return load_pack(municipality)
    except PolicyError:
        return None


def create_app(
    settings: NotifySettings | None = None, *, connectors: Mapping[str, PlatformConnector] | None = None
) -> tuple[NotifySettings, Starlette]:
    settings = settings or NotifySettings()
    runtime = ServiceRuntime("notify", settings)
    alert_store = AlertStore(runtime.db)
    broadcast_store = BroadcastStore(runtime.db)
    client = httpx.AsyncClient(timeout=10.0, headers={"User-Agent": "Kanalvakt-notify/0.1"})
    owned_connectors = None
    if connectors is None:
        from shared.connectors import ConnectorSettings, build_connectors

        # Double posts are prevented by the delivery's claim in MongoDB and the key sent to
        # the platform; the connectors' in-memory memory covers their own retries.
        owned_connectors = build_connectors(ConnectorSettings())
        connectors = owned_connectors

    decisions = LocalDecisionStore(runtime.db)
    worker = DeliveryWorker(settings=settings, store=broadcast_store, broker=runtime.broker, pack=pack_for,
                            connectors=connectors, client=client)
    deps = Deps(
        settings=settings,
        broker=runtime.broker,
        alerts=alert_store,
        broadcasts=broadcast_store,
        registry=RegistryClient(runtime.broker, timeout=settings.registry_timeout),
        pack=pack_for,
        email=EmailSender(settings),
        chat=ChatSender(client),
        municipalities=settings.municipalities or available_packs(),
        decisions=decisions,
        connectors=connectors,
        start=worker.start_broadcast,
    )

    runtime.on_start.append(alert_store.ensure_indexes)
    runtime.on_start.append(decisions.ensure_indexes)
    register_local_decisions(runtime.broker, service="notify", store=decisions, pack=load_pack, now=utcnow)
    runtime.on_start.append(broadcast_store.ensure_indexes)
    runtime.every(settings.delivery_sweep_interval, "notify.delivery_sweep", worker.sweep)
    runtime.every(settings.escalation_interval, "notify.escalation",
                  lambda: escalate_due(deps=deps, now=datetime.now(UTC)))
    dependencies = DependencyWatch()
    runtime.every(1.0, "notify.dependencies",
                  lambda: watch_dependencies(deps=deps, watch=dependencies, probes=runtime.dependency_identities(),
                                             now=datetime.now(UTC)))
    if settings.service_urls:
        watch = HealthWatch()
        runtime.every(settings.health_interval, "notify.health",
                      lambda: poll_services(deps=deps, client=client, watch=watch, now=datetime.now(UTC)))

    async def stop() -> None:
        await worker.stop()
        await client.aclose()
        if owned_connectors is not None:
            await owned_connectors.aclose()

    runtime.on_stop.append(stop)
    router.register(runtime, deps)
    runtime.routes.extend(
        http.routes(hub=deps.hub, store=broadcast_store, pack=pack_for, public_base_url=settings.public_base_url,
                    verifier=RequestVerifier(settings.command_verify_key) if settings.command_verify_key else None)
    )
    return settings, runtime.asgi()
