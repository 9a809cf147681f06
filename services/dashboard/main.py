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

from .auth import Sessions
from .config import DashboardSettings
from .gateway import Gateway
from .live import LiveHub
from .oidc import OidcClient
from .pages import accounts, archive, common, moderation, notify, policy, registry, requests, system
from .reports import handlers as report_handlers
from .reports import pages as report_pages
from .reports.projection import ReportStore
from .service import disable_demo_users, seed_demo_users
from .store import DashboardStore
from .throttle import LoginThrottle
from .web import App, SecurityHeaders

log = get_logger(__name__)


ERROR_PAGE = ("<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Något gick fel – Kanalvakt</title>"
              "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main><h1>Något gick fel</h1>"
              "<p>Sidan kunde inte visas. Felet är loggat. Försök igen, eller gå till <a href=\"/\">startsidan</a>.</p>"
              "</main></body></html>")


async def server_error(request: Request, exc: Exception) -> Response:
    """A page in Swedish instead of a bare 500; the details go to the log, not the browser."""
    log.error("page.failed", path=request.url.path, error=type(exc).__name__, exc_info=exc)
    return HTMLResponse(ERROR_PAGE, status_code=500)


def create_app(settings: DashboardSettings | None = None, *, oidc: OidcClient | None = None
               ) -> tuple[DashboardSettings, Starlette]:
    settings = settings or DashboardSettings()
    runtime = ServiceRuntime("dashboard", settings)
    store = DashboardStore(runtime.db)
    reports = ReportStore(runtime.db)  # the reporting projection, fed from JetStream
    report_handlers.register(runtime, reports, settings)
    app = App(settings=settings, store=store, gateway=Gateway(runtime.broker, timeout=settings.request_timeout,
                                                            signer=settings.request_signer()),
              sessions=Sessions(store, settings),
              throttle=LoginThrottle(account_free=settings.login_free_attempts,
                                     account_max_s=settings.login_max_delay_s,
                                     address_free=settings.login_address_free_attempts,
                                     address_max_s=settings.login_address_max_delay_s))
    hub = LiveHub()
    oidc = oidc or OidcClient(settings)

    async def start() -> None:
        await store.ensure_indexes()
        await reports.ensure_indexes()
        if settings.seed_demo:
            await seed_demo_users(store=store, municipality=settings.municipality,
                                  password=settings.demo_password.get_secret_value())
        else:
            await disable_demo_users(store=store, password=settings.demo_password.get_secret_value())
        await hub.start(runtime.broker)

    runtime.on_start.append(start)
    runtime.on_stop.append(hub.stop)
    # Expired sessions are refused when read; this removes the ones never read again.
    runtime.every(600, "dashboard.session_purge", lambda: store.purge_expired(utcnow()), immediately=True)
    runtime.routes.append(report_pages.home_route(app, reports))
    runtime.routes.extend(report_pages.routes(app, reports))
    runtime.routes.extend(accounts.routes(app, oidc))
    runtime.routes.extend(common.routes(app))
    runtime.routes.extend(moderation.routes(app))
    runtime.routes.extend(notify.routes(app, hub))
    runtime.routes.extend(registry.routes(app))
    runtime.routes.extend(policy.routes(app))
    runtime.routes.extend(requests.routes(app))
    runtime.routes.extend(archive.routes(app))
    runtime.routes.extend(system.routes(app))
    runtime.routes.append(Mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static"))
    asgi = runtime.asgi()
    asgi.add_exception_handler(Exception, server_error)
    asgi.add_middleware(SecurityHeaders, always_https=settings.public_url.startswith("https://"))
    asgi.state.dashboard = app
    return settings, asgi
