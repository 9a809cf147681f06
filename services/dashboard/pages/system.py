"""System health: every service's /readyz, NATS, the database, dead letters."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.responses import Response
from starlette.routing import Route

from ..domain import Permission
from ..web import App, Ctx, guard
from .common import PAGE_SIZE


def routes(app: App) -> list[Route]:
    gw = app.gateway

    # --- system ----------------------------------------------------------------------
    async def system(ctx: Ctx) -> Response:
        async def ready(name: str, url: str) -> dict[str, Any]:
            try:
                async with httpx.AsyncClient(timeout=2.0) as http:
                    response = await http.get(url.rstrip("/") + "/readyz")
                body = response.json()
                return {"name": name, "ok": response.status_code == 200, "checks": body.get("checks", {})}
            except Exception as exc:
                return {"name": name, "ok": False, "checks": {"http": f"down: {type(exc).__name__}"}}

        urls = app.settings.service_urls
        services = await asyncio.gather(*(ready(n, u) for n, u in sorted(urls.items())))
        nats_ok = gw.broker.connection.is_connected
        try:
            await app.store.users.database.command("ping")
            db_ok = True
        except Exception:
            db_ok = False
        dead = await gw.query("notify", "dead_letters", ctx.municipality, limit=PAGE_SIZE)
        return ctx.render("system.html", services=services, nats_ok=nats_ok, db_ok=db_ok, dead=dead)

    return [
        Route("/system", guard(app, system, Permission.system_view)),
    ]
