"""Composition root of moderation."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from shared.policy import available_packs, load_pack
from shared.policy.local import LocalDecisionStore, register_local_decisions
from shared.queries import ask
from shared.runtime.service import ServiceRuntime

from . import handlers, service
from .config import ModerationSettings
from .domain import get_classifier
from .store import ModerationStore


def _connectors(settings: ModerationSettings) -> Any:
    if not settings.connectors_enabled:
        return {}
    from shared.connectors.factory import ConnectorSettings, build_connectors

    return build_connectors(ConnectorSettings())


def create_app(settings: ModerationSettings | None = None, *, connectors: Any = None) -> tuple[ModerationSettings, Starlette]:
    settings = settings or ModerationSettings()
    runtime = ServiceRuntime("moderation", settings)
    store = ModerationStore(runtime.db)
    connectors = connectors if connectors is not None else _connectors(settings)

    async def account_facts(municipality: str, platform: str, account_id: str) -> dict[str, Any] | None:
        return await ask(runtime.broker, "registry", "account_by_platform_id",
                         {"municipality": municipality, "platform": platform, "platform_account_id": account_id},
                         timeout=settings.registry_timeout_s)

    deps = service.Deps(store=store, broker=runtime.broker, connectors=connectors, default_policy=settings.default_policy,
                        account_facts=account_facts, account_cache_s=settings.account_cache_s,
                        default_tier=settings.default_tier, local_decisions=LocalDecisionStore(runtime.db))
    runtime.every(settings.tick_seconds, "moderation.tick", lambda: service.tick(deps=deps))

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

    runtime.on_start.extend([load_classifiers, store.ensure_indexes, deps.local_decisions.ensure_indexes])
    runtime.on_stop.append(close_connectors)
    handlers.register(runtime, settings, deps)
    register_local_decisions(runtime.broker, service="moderation", store=deps.local_decisions, pack=deps.pack,
                             now=deps.now)
    return settings, runtime.asgi()
