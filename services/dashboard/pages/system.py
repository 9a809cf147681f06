"""System health: every service's /readyz, NATS, the database, dead letters."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.ingest import DeliveriesQuery

from ..app.dead_letters import replay_all, replay_one
from ..deps import Deps
from ..domain.permissions import Permission
from ..web import Ctx, guard
from .common import PAGE_SIZE


# --- system ----------------------------------------------------------------------

async def system(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    async def ready(name: str, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=2.0) as http:
                response = await http.get(url.rstrip("/") + "/readyz")
            body = response.json()
            return {"name": name, "ok": response.status_code == 200, "checks": body.get("checks", {})}
        except Exception as exc:  # noqa: BLE001 - whatever the failure, the service shows as down, with its name
            return {"name": name, "ok": False, "checks": {"http": f"down: {type(exc).__name__}"}}

    urls = ctx.deps.settings.service_urls
    services = await asyncio.gather(*(ready(n, u) for n, u in sorted(urls.items())))
    nats_ok = gw.broker.connection.is_connected
    try:
        await asyncio.wait_for(ctx.deps.store.ping(), timeout=1.0)
        db_ok = True
    except Exception:  # noqa: BLE001 - any failure of the ping: the database shows as down
        db_ok = False
    missing = missing_dependencies(services, nats_ok=nats_ok, db_ok=db_ok)
    dead = await gw.typed("notify", "dead_letters", gw.notify.dead_letters(ctx.municipality, limit=PAGE_SIZE))
    # Deliveries accepted with a change mended or refused (their raw bytes are kept).
    odd = await gw.typed("ingest", "deliveries", gw.ingest.deliveries(
        DeliveriesQuery(municipality=ctx.municipality, with_problems=True, limit=PAGE_SIZE)))
    return ctx.render("system.html", services=services, nats_ok=nats_ok, db_ok=db_ok, dead=dead, missing=missing,
                      odd=odd)


async def replay(ctx: Ctx) -> Response:
    """Replay one dead letter (`id`) or every one not replayed yet (`all`)."""
    actor = ctx.user.actor()  # type: ignore[union-attr]
    if ctx.field("all"):
        outcome = await replay_all(gw=ctx.deps.gateway, actor=actor)
        message = f"{outcome.replayed} meddelanden skickades igen."
        if outcome.failed:
            message += " Misslyckades: " + "; ".join(outcome.failed[:5])
    else:
        result = await replay_one(gw=ctx.deps.gateway, actor=actor, dead_letter_id=ctx.field("id", 200))
        message = result.message
    await ctx.audit("dead_letter.replay", target=ctx.field("id", 200) or "alla", outcome="ok")
    await ctx.flash(message)
    return ctx.redirect("/system")


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/system", guard(deps, system, Permission.system_view)),
        Route("/system/dead-letters/replay", guard(deps, replay, Permission.system_view), methods=["POST"]),
    ]


DEPENDENCY_NAMES = {"nats": "NATS (meddelandebussen)", "mongodb": "databasen"}


def missing_dependencies(services: list[dict[str, Any]], *, nats_ok: bool, db_ok: bool) -> list[str]:
    """Each dependency that is down, in Swedish, with the services that miss it."""
    missing: dict[str, list[str]] = {}
    if not nats_ok:
        missing.setdefault("nats", []).append("dashboard")
    if not db_ok:
        missing.setdefault("mongodb", []).append("dashboard")
    for s in services:
        for check, state in s["checks"].items():
            if state != "ok":
                missing.setdefault(check, []).append(s["name"])
    return [f"{', '.join(v)} svarar inte" if k == "http" else f"{DEPENDENCY_NAMES.get(k, k)} saknas för {', '.join(v)}"
            for k, v in missing.items()]
