"""Alerts (live over server-sent events) and the crisis console."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from shared.contracts.base import new_id
from shared.policy import PolicyError, load_pack
from shared.signed_requests import RequestSigner, alert_stream_subject

from ..adapters.live import LiveHub
from ..deps import Deps
from ..domain.labels import MEDIA_CONSENT
from ..domain.permissions import Permission
from ..web import Ctx, guard
from .common import PAGE_SIZE, params


async def proxy_stream(notify_url: str, municipality: str, hub: LiveHub,
                       signer: RequestSigner | None = None) -> AsyncIterator[str]:
    """Notify's live stream, passed on as bare "something changed" signals: the browser then
    reloads the escaped HTML fragment, so no event text reaches the page by script. When
    notify's stream cannot be reached, the dashboard's own NATS listener stands in."""
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None)) as http:
            # Signed like a command: notify opens its stream to the staff web UI only.
            headers = signer.headers(alert_stream_subject(municipality), b"") if signer else None
            async with http.stream("GET", notify_url.rstrip("/") + "/alerts/stream",
                                   params={"municipality": municipality}, headers=headers) as response:
                if response.status_code != 200:
                    raise httpx.HTTPError(f"status {response.status_code}")
                yield "retry: 3000\n\n"
                async for line in response.aiter_lines():
                    if line.startswith("event:"):
                        name = line.removeprefix("event:").strip()
                        if name == "ready":  # notify is listening for this municipality now
                            yield "event: ready\ndata: {}\n\n"
                        elif name:
                            yield f"event: change\ndata: {json.dumps({'type': name[:100]})}\n\n"
                    elif line.startswith(":"):
                        yield ": keepalive\n\n"
                return
    except (httpx.HTTPError, OSError):
        pass
    async for chunk in hub.stream(municipality):
        yield chunk


def media_fields(municipality: str) -> dict[str, Any]:
    """What the image fields of the crisis forms ask: the consent boxes where the pack requires them."""
    try:
        required = load_pack(municipality).notify.media_consent_required
    except PolicyError:
        required = False
    return {"consent_required": required, "consent_labels": MEDIA_CONSENT}


# --- alerts ----------------------------------------------------------------------

async def alerts(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    filters = params(ctx, "state", "cursor")
    answer = await gw.typed("notify", "alerts", lambda: gw.notify.alerts(
        ctx.municipality, state=filters.get("state"), limit=PAGE_SIZE))
    template = "alerts_list.html" if ctx.request.query_params.get("fragment") else "alerts.html"
    return ctx.render(template, alerts=answer.items, error=answer.error, filters=filters)


async def events(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    notify_url = ctx.deps.settings.service_urls.get("notify")
    stream = (proxy_stream(notify_url, ctx.municipality, ctx.deps.hub, gw.signer) if notify_url
              else ctx.deps.hub.stream(ctx.municipality))
    return StreamingResponse(stream, media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


# --- crisis console --------------------------------------------------------------

async def crisis(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    state = ctx.request.query_params.get("state")
    answer = await gw.typed("notify", "broadcasts", gw.notify.broadcasts(
        ctx.municipality, state=state if state in ("draft", "approved", "cancelled") else None, limit=PAGE_SIZE))
    templates = await gw.typed("notify", "templates", gw.notify.templates(ctx.municipality))
    chosen = next((t for t in templates.items if t.get("id") == ctx.request.query_params.get("mall")), None)
    return ctx.render("crisis.html", broadcasts=answer.items, error=answer.error, request_id=new_id(),
                      templates=templates, template=chosen, **media_fields(ctx.municipality))


async def broadcast(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    broadcast_id = ctx.request.path_params["broadcast_id"]
    answer = await gw.typed("notify", "broadcast", lambda: gw.notify.broadcast(ctx.municipality, broadcast_id))
    data = answer.data if answer.value is not None else None
    template = "broadcast_deliveries.html" if ctx.request.query_params.get("fragment") else "broadcast.html"
    return ctx.render(template, b=data, error=answer.error or (None if data else "Utskicket finns inte."),
                      request_id=new_id(),
                      broadcast_id=broadcast_id, **media_fields(ctx.municipality))


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/larm", guard(deps, alerts, Permission.alerts_view)),
        Route("/handelser", guard(deps, events, Permission.alerts_view)),
        Route("/kris", guard(deps, crisis, Permission.crisis_view)),
        Route("/kris/{broadcast_id:str}", guard(deps, broadcast, Permission.crisis_view)),
    ]
