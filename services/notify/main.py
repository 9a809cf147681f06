"""Composition root of notify."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from . import handlers
from .config import NotifySettings
from .store import AlertStore


def create_app(settings: NotifySettings | None = None) -> tuple[NotifySettings, Starlette]:
    settings = settings or NotifySettings()
    runtime = ServiceRuntime("notify", settings)
    store = AlertStore(runtime.db)
    runtime.on_start.append(store.ensure_indexes)
    handlers.register(runtime, settings, store)
    return settings, runtime.asgi()
