"""Composition root of registry."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from . import handlers
from .config import RegistrySettings
from .service import seed_demo_accounts
from .store import AccountStore


def create_app(settings: RegistrySettings | None = None) -> tuple[RegistrySettings, Starlette]:
    settings = settings or RegistrySettings()
    runtime = ServiceRuntime("registry", settings)
    store = AccountStore(runtime.db)
    runtime.on_start.append(store.ensure_indexes)
    if settings.seed_demo:
        async def seed() -> None:
            await seed_demo_accounts(store=store)

        runtime.on_start.append(seed)
    handlers.register(runtime, settings, store)
    return settings, runtime.asgi()
