"""Composition root of the staff web UI."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from shared.contracts.base import utcnow
from shared.logging import get_logger
from shared.runtime.service import ServiceRuntime

from . import router
from .adapters.gateway import Gateway
from .adapters.live import LiveHub
from .adapters.oidc import OidcClient
from .adapters.report_store import ReportStore
from .adapters.store import DashboardStore
from .app.auth import Sessions
from .app.staff import disable_demo_users, seed_demo_users
from .config import DashboardSettings
from .deps import Deps
from .domain.throttle import LoginThrottle
from .pages import accounts, archive, common, home, moderation, notify, policy, registry, reports, requests, system
from .web import SecurityHeaders

log = get_logger(__name__)


ERROR_PAGE = ("<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Något gick fel – Kanalvakt</title>"
              "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main><h1>Något gick fel</h1>"
              "<p>Sidan kunde inte visas. Felet är loggat. Försök igen, eller gå till <a href=\"/\">startsidan</a>.</p>"
              "</main></body></html>")


async def server_error(request: Request, exc: Exception) -> Response:
    """A page in Swedish instead of a bare 500; the details go to the log, not the browser."""
    log.error("page.failed", path=request.url.path, error=type(exc).__name__, exc_info=exc)
    return HTMLResponse(ERROR_PAGE, status_code=500)


# Every page's routes, in the order they are matched.
PAGES = [home, reports, accounts, common, moderation, notify, registry, policy, requests, archive, system]


def create_app(settings: DashboardSettings | None = None, *, oidc: OidcClient | None = None
               ) -> tuple[DashboardSettings, Starlette]:
    settings = settings or DashboardSettings()
    runtime = ServiceRuntime("dashboard", settings)
    store = DashboardStore(runtime.db)
    deps = Deps(
        settings=settings, store=store, reports=ReportStore(runtime.db),
        gateway=Gateway(runtime.broker, timeout=settings.request_timeout, signer=settings.request_signer()),
        sessions=Sessions(store, settings),
        throttle=LoginThrottle(account_free=settings.login_free_attempts, account_max_s=settings.login_max_delay_s,
                               address_free=settings.login_address_free_attempts,
                               address_max_s=settings.login_address_max_delay_s),
        hub=LiveHub(), oidc=oidc or OidcClient(settings))

    async def start() -> None:
        await store.ensure_indexes()
        await deps.reports.ensure_indexes()
        if settings.seed_demo:
            await seed_demo_users(store=store, municipality=settings.municipality,
                                  password=settings.demo_password.get_secret_value())
        else:
            await disable_demo_users(store=store, password=settings.demo_password.get_secret_value())

    runtime.on_start.append(start)
    router.register(runtime, deps)
    # Expired sessions are refused when read; this removes the ones never read again.
    runtime.every(600, "dashboard.session_purge", lambda: store.purge_expired(utcnow()), immediately=True)
    for page in PAGES:
        runtime.routes.extend(page.routes(deps))
    runtime.routes.append(Mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static"))
    asgi = runtime.asgi()
    asgi.add_exception_handler(Exception, server_error)
    asgi.add_middleware(SecurityHeaders, always_https=settings.public_url.startswith("https://"))
    asgi.state.dashboard = deps
    return settings, asgi
