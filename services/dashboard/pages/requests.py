"""Requests for allmän handling (begäran om utlämnande): the list with the "skyndsamt"
clock, intake, and one request's examination, decision and delivery. The archive does the
work (`cmd.archive.request_*`); every step is audited here as well."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.archive import (
    AttachRecords,
    DecideRequest,
    DeliverRequest,
    MarkPassages,
    RegisterRequest,
    RequestDelivered,
    RequestExamination,
    RequestsQuery,
    SearchQuery,
)

from ..app.commands import command_of, send
from ..deps import Deps
from ..domain.labels import STOCKHOLM
from ..domain.permissions import Permission
from ..web import Ctx, guard
from .common import records

CLOCK = {"running": "I tid", "at_risk": "Snart försenad", "breached": "Försenad", "decided": "Beslutad"}
CHANNELS = {"e-post": "E-post", "telefon": "Telefon", "besok": "Besök", "brev": "Brev",
            "sociala-medier": "Sociala medier", "webbformular": "Webbformulär"}
OUTCOMES = {"hel": "Lämnas ut i sin helhet", "delvis": "Lämnas ut delvis (med maskeringar)", "avslag": "Avslag"}
_KEY = re.compile(r"^[0-9a-f]{6,64}:(\d{1,4}|sender)$")


def _received(ctx: Ctx) -> str | None:
    """The form's date and time of receipt (Swedish time) as UTC ISO; empty: now."""
    day, clock = ctx.field("received_date", 10), ctx.field("received_time", 5) or "00:00"
    if not day:
        return None
    try:
        return datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M").replace(tzinfo=STOCKHOLM).isoformat()
    except ValueError:
        return None


async def listing(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    answer = await gw.typed("archive", "requests", gw.archive.requests(
        RequestsQuery(municipality=ctx.municipality, limit=100)))
    return ctx.render("requests.html", requests=answer.items, error=answer.error, clock=CLOCK,
                      channels=CHANNELS)


async def register(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    assert ctx.user
    description = ctx.field("description", 4000)
    if len(description) < 3:
        return ctx.render("error.html", status=400, title="Uppgifter saknas",
                          message="Skriv vad den som begär vill ta del av.")
    result = await send(gw, "archive", "request_register", command_of(RegisterRequest, ctx.user.actor(), {
        "description": description, "channel": ctx.field("channel", 30) or "e-post",
        "requester_name": ctx.field("requester_name", 300) or None,
        "requester_contact": ctx.field("requester_contact", 300) or None,
        "received_at": _received(ctx), "wants_json": ctx.field("wants_json") == "ja"}))
    await ctx.audit("archive.request_register", target=result.id or "", result=result,
                    details={"channel": ctx.field("channel", 30)})
    await ctx.flash(f"Begäran: {result.message}")
    return ctx.redirect(f"/arkiv/begaran/{result.id}" if result.ok and result.id else "/arkiv/begaran")


async def detail(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    request_id = ctx.request.path_params["request_id"]
    answer = await gw.typed("archive", "request", lambda: gw.archive.request(ctx.municipality, request_id))
    examination: RequestExamination | None = answer.value
    data = answer.data if examination is not None else None
    q = ctx.request.query_params.get("q", "")[:200]
    found = None
    if q and examination is not None and examination.state == "open":
        search = await gw.typed("archive", "search", lambda: gw.archive.search(gw.archive.build(
            "search", SearchQuery, municipality=ctx.municipality, text=q, limit=20, newest_first=True)))
        found = [r for r in records(search) if r.get("id") not in examination.records]
    return ctx.render("request.html", r=data, error=answer.error or (None if data else "Begäran finns inte."),
                      clock=CLOCK, channels=CHANNELS, outcomes=OUTCOMES, q=q, found=found)


async def step(ctx: Ctx, what: str, model: type[BaseModel], fields: dict[str, Any]) -> Response:
    """One step of the examination (`cmd.archive.<what>` as `model`), audited, then back to the request."""
    gw = ctx.deps.gateway
    assert ctx.user
    request_id = ctx.request.path_params["request_id"]
    result = await send(gw, "archive", what, command_of(model, ctx.user.actor(), {"request_id": request_id,
                                                                                  **fields}))
    await ctx.audit(f"archive.{what}", target=request_id, result=result, details=fields)
    await ctx.flash(result.message or ("Klart." if result.ok else "Åtgärden utfördes inte."))
    return ctx.redirect(f"/arkiv/begaran/{request_id}")


async def attach(ctx: Ctx) -> Response:
    assert ctx.form is not None
    ids = [v for v in ctx.form.getlist("record_ids") if isinstance(v, str) and v][:200]
    if not ids:
        await ctx.flash("Välj minst en handling.")
        return ctx.redirect(f"/arkiv/begaran/{ctx.request.path_params['request_id']}")
    return await step(ctx, "request_attach", AttachRecords, {"record_ids": ids, "detach": ctx.field("detach") == "ja"})


async def examine(ctx: Ctx) -> Response:
    assert ctx.form is not None
    marks = []
    for key in ctx.form.getlist("passage"):
        if not isinstance(key, str) or not _KEY.match(key):
            continue
        action = ctx.field(f"action_{key}", 10)
        if action in ("release", "mask"):
            marks.append({"key": key, "action": action, "provision": ctx.field(f"provision_{key}", 64) or None})
    if not marks:
        await ctx.flash("Ingen passage är prövad: välj Lämnas ut eller Maskas.")
        return ctx.redirect(f"/arkiv/begaran/{ctx.request.path_params['request_id']}")
    return await step(ctx, "request_mark", MarkPassages, {"marks": marks})


async def decide(ctx: Ctx) -> Response:
    return await step(ctx, "request_decide", DecideRequest, {"outcome": ctx.field("outcome", 10),
                                                             "reasons": ctx.field("reasons", 4000)})


async def deliver(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    assert ctx.user
    request_id = ctx.request.path_params["request_id"]
    as_json = ctx.field("format", 10) == "json"
    result = await send(gw, "archive", "request_deliver", command_of(DeliverRequest, ctx.user.actor(), {
        "request_id": request_id, "as_json": as_json}), RequestDelivered)
    await ctx.audit("archive.request_deliver", target=request_id, result=result,
                    details={"format": "json" if as_json else "pdf"})
    handed = result.data if result.ok else None
    if handed is None or not handed.pdf_base64:
        await ctx.flash(f"Utlämnande: {result.message or 'kunde inte skapas.'}")
        return ctx.redirect(f"/arkiv/begaran/{request_id}")
    if as_json and handed.json_text:
        return Response(handed.json_text.encode(), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="begaran-{request_id}.json"'})
    return Response(base64.b64decode(handed.pdf_base64), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="begaran-{request_id}.pdf"'})

perm = Permission.archive_disclose


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/arkiv/begaran", guard(deps, listing, perm)),
        Route("/arkiv/begaran", guard(deps, register, perm), methods=["POST"]),
        Route("/arkiv/begaran/{request_id:str}", guard(deps, detail, perm)),
        Route("/arkiv/begaran/{request_id:str}/handlingar", guard(deps, attach, perm), methods=["POST"]),
        Route("/arkiv/begaran/{request_id:str}/provning", guard(deps, examine, perm), methods=["POST"]),
        Route("/arkiv/begaran/{request_id:str}/beslut", guard(deps, decide, perm), methods=["POST"]),
        Route("/arkiv/begaran/{request_id:str}/utlamnande", guard(deps, deliver, perm), methods=["POST"]),
    ]
