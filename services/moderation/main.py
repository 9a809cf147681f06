"""Composition root of moderation."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from . import handlers
from .config import ModerationSettings
from .store import VerdictStore


def create_app(settings: ModerationSettings | None = None) -> tuple[ModerationSettings, Starlette]:
    settings = settings or ModerationSettings()
    runtime = ServiceRuntime("moderation", settings)
    store = VerdictStore(runtime.db)
    runtime.on_start.append(store.ensure_indexes)
    handlers.register(runtime, settings, store)
    return settings, runtime.asgi()
