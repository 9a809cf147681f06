"""Composition root of archive."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from . import handlers
from .config import ArchiveSettings
from .store import RecordStore


def create_app(settings: ArchiveSettings | None = None) -> tuple[ArchiveSettings, Starlette]:
    settings = settings or ArchiveSettings()
    runtime = ServiceRuntime("archive", settings)
    store = RecordStore(runtime.db)
    runtime.on_start.append(store.ensure_indexes)
    handlers.register(runtime, settings, store)
    return settings, runtime.asgi()
