"""Composition root of the staff web UI."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.runtime.service import ServiceRuntime

from .config import DashboardSettings
from .http import page_routes


def create_app(settings: DashboardSettings | None = None) -> tuple[DashboardSettings, Starlette]:
    settings = settings or DashboardSettings()
    runtime = ServiceRuntime("dashboard", settings)
    runtime.routes.extend(page_routes(settings=settings, broker=runtime.broker))
    return settings, runtime.asgi()
