"""Composition root of moderation."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from shared.clients.registry import RegistryClient
from shared.policy import available_packs, load_pack
from shared.policy.local import LocalDecisionStore, register_local_decisions
from shared.runtime.service import ServiceRuntime

from . import router
from .adapters.store import ModerationStore
from .app.periodic import tick
from .config import ModerationSettings
from .deps import Deps
from .domain import get_classifier


def _connectors(settings: ModerationSettings) -> Any:
    if not settings.connectors_enabled:
        return {}
    from shared.connectors.factory import ConnectorSettings, build_connectors

    return build_connectors(ConnectorSettings())


def create_app(settings: ModerationSettings | None = None, *,
               connectors: Any = None) -> tuple[ModerationSettings, Starlette]:
    settings = settings or ModerationSettings()
    runtime = ServiceRuntime("moderation", settings)
    store = ModerationStore(runtime.db)
    connectors = connectors if connectors is not None else _connectors(settings)

    # Asked for every inbound item; after a timeout, not again for 30 s (tagging takes the stricter tier).
    registry = RegistryClient(runtime.broker, timeout=settings.registry_timeout_s, cache_s=settings.account_cache_s,
                              unanswered_pause_s=30.0)
    local_decisions = LocalDecisionStore(runtime.db)
    deps = Deps(store=store, broker=runtime.broker, connectors=connectors, default_policy=settings.default_policy,
                registry=registry, default_tier=settings.default_tier, local_decisions=local_decisions)
    runtime.every(settings.tick_seconds, "moderation.tick", lambda: tick(deps=deps))

    async def load_classifiers() -> None:
        # Load every pack's classifiers now (the model file, a municipality's own module), so a
        # missing one stops the service at start instead of failing each item later.
        for name in available_packs():
            for classifier in load_pack(name).moderation.classifiers:
                get_classifier(classifier)

    async def close_connectors() -> None:
        close = getattr(connectors, "aclose", None)
        if close:
            await close()

    runtime.on_start.extend([load_classifiers, store.ensure_indexes, local_decisions.ensure_indexes])
    runtime.on_stop.append(close_connectors)
    router.register(runtime, deps)
    register_local_decisions(runtime.broker, service="moderation", store=local_decisions, pack=deps.pack,
                             now=deps.now)
    return settings, runtime.asgi()
