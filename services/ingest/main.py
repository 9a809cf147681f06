"""Composition root of ingest: wires settings, store, broker and the HTTP edge."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from .config import IngestSettings
from .http import webhook_routes
from .store import DeliveryStore


def create_app(settings: IngestSettings | None = None) -> tuple[IngestSettings, Starlette]:
    settings = settings or IngestSettings()
    runtime = ServiceRuntime("ingest", settings)
    store = DeliveryStore(runtime.db)
    runtime.on_start.append(store.ensure_indexes)
    runtime.routes.extend(webhook_routes(settings=settings, store=store, broker=runtime.broker))
    return settings, runtime.asgi()
