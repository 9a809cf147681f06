"""Composition root of moderation."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.applications import Starlette

from shared.logging import get_logger
from shared.policy import available_packs, load_pack
from shared.policy.local import LocalDecisionStore, register_local_decisions
from shared.queries import ask
from shared.runtime.service import ServiceRuntime

from . import handlers, service
from .config import ModerationSettings
from .domain import get_classifier
from .store import ModerationStore

log = get_logger(__name__)


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
    ticker: dict[str, asyncio.Task[None]] = {}

    async def run_ticks() -> None:
        while True:
            await asyncio.sleep(settings.tick_seconds)
            try:
                await service.tick(deps=deps)
            except Exception as exc:  # the next tick tries again; a crash here must not stop the clocks
                log.error("tick.failed", error=repr(exc))

    async def load_classifiers() -> None:
        # Load every pack's classifiers now (the model file, a municipality's own module), so a
        # missing one stops the service at start instead of failing each item later.
        for name in available_packs():
            for classifier in load_pack(name).moderation.classifiers:
                get_classifier(classifier)

    async def start_ticker() -> None:
        ticker["task"] = asyncio.create_task(run_ticks(), name="moderation-tick")

    async def stop_ticker() -> None:
        task = ticker.pop("task", None)
        if task:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        close = getattr(connectors, "aclose", None)
        if close:
            await close()

    runtime.on_start.extend([load_classifiers, store.ensure_indexes, deps.local_decisions.ensure_indexes, start_ticker])
    runtime.on_stop.append(stop_ticker)
    handlers.register(runtime, settings, deps)
    register_local_decisions(runtime.broker, service="moderation", store=deps.local_decisions, pack=deps.pack,
                             now=deps.now)
    return settings, runtime.asgi()
