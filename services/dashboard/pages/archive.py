"""The archive: search, records, disclosure, holds, culling, E-ARK."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.archive import (
    CullingRun,
    DisclosureMade,
    DisclosurePreview,
    ExportDisclosure,
    HoldsQuery,
    SearchQuery,
)
from shared.contracts.queries import MunicipalityQuery
from shared.contracts.registry import AccountsQuery

from ..adapters.gateway import Answer
from ..app.commands import Form, command_of, send
from ..deps import Deps
from ..domain.permissions import Permission
from ..web import Ctx, guard, safe_next
from .common import PAGE_SIZE, given, params, records

MAX_DISCLOSURE = 50
PROTOCOL_PAGE = 200  # rows of a culling protocol per page (a run can cull many thousands)


def _page(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


def phrase_spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of each phrase staff asked to mask (case-insensitive)."""
    spans, lowered = [], text.lower()
    for phrase in phrases:
        needle, start = phrase.lower(), 0
        while needle and (at := lowered.find(needle, start)) >= 0:
            spans.append((at, at + len(needle)))
            start = at + len(needle)
    return sorted(spans)
REGISTRY_STATES = ["proposed", "assessed", "approved", "active", "under_review", "closing", "closed", "rejected"]
REGISTRY_ACTION_LABELS = {"assess": "Bedöm", "approve": "Godkänn", "reject": "Avslå", "activate": "Aktivera",
                          "start_review": "Påbörja översyn", "record_review": "Registrera översynens utfall",
                          "decide_close": "Besluta om avveckling", "close": "Avsluta kontot"}


# --- archive ---------------------------------------------------------------------

DIRECTIONS = ("inkommen", "upprattad")


def search_fields(filters: dict[str, str], *, token_name: str = "cursor") -> tuple[dict[str, Any], list[str]]:
    """The archive query's fields from the search form, and what in it is wrong (in Swedish,
    naming the filter): a filter that cannot be used is said so, never silently dropped,
    or staff would read an unfiltered result as the filtered one."""
    days = Form(lambda n: filters.get(n, ""), lambda n: [])
    fields = given(text=filters.get("q"), account_id=filters.get("account_id"), direction=filters.get("direction"),
                   date_from=days.day("from_date"), date_to=days.day("to_date", end=True),
                   page_token=filters.get("cursor"))
    problems = [f"Datumet i ”{label}” ({filters[name]}) finns inte. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."
                for name, label in (("from_date", "Från"), ("to_date", "Till"))
                if filters.get(name) and days.day(name) is None]
    if filters.get("direction") and filters["direction"] not in DIRECTIONS:
        problems.append(f"Riktningen ”{filters['direction']}” finns inte. Välj Inkommen, Upprättad eller Alla.")
    if "date_from" in fields and "date_to" in fields and fields["date_from"] > fields["date_to"]:
        problems.append("Datumet i ”Från” ligger efter datumet i ”Till”.")
    if filters.get("cursor"):
        try:
            SearchQuery(municipality="knivsta", page_token=filters["cursor"])
        except ValueError:  # pydantic's ValidationError: archive would refuse the token too
            problems.append(f"Sidmarkören ({token_name}) är ogiltig. Börja om från första sidan.")
    return fields, problems


async def archive(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    filters = params(ctx, "q", "account_id", "direction", "from_date", "to_date", "cursor", "page_token")
    token_name = "page_token" if "page_token" in filters and "cursor" not in filters else "cursor"
    if "page_token" in filters:  # archive's own name for the pager's cursor
        filters.setdefault("cursor", filters.pop("page_token"))
    answer: Answer | None = None
    problems: list[str] = []
    if filters:
        fields, problems = search_fields(filters, token_name=token_name)
        if not problems:
            answer = await gw.typed("archive", "search", lambda: gw.archive.search(gw.archive.build(
                "search", SearchQuery, municipality=ctx.municipality, limit=PAGE_SIZE, newest_first=True,
                **fields)))
    error = " ".join(problems) or (answer.error if answer else None)
    accounts = await gw.typed("registry", "accounts", gw.registry.accounts(
        AccountsQuery(municipality=ctx.municipality, limit=200)))
    manage = ctx.can(Permission.archive_manage)
    holds = await gw.typed("archive", "holds", gw.archive.holds(
        HoldsQuery(municipality=ctx.municipality, limit=PAGE_SIZE, active=True))) if manage else None
    cullings = await gw.typed("archive", "culling_runs", gw.archive.culling_runs(
        MunicipalityQuery(municipality=ctx.municipality, limit=10))) if manage else None
    package = await gw.typed("archive", "package_profile", gw.archive.package_profile(ctx.municipality)) \
        if manage else None
    return ctx.render("archive.html", status=400 if problems else 200, results=records(answer), error=error,
                      searched=bool(filters) and not problems, filters=filters,
                      next_cursor=answer.value.next_page_token if answer and answer.value else None,
                      holds=holds, cullings=cullings, accounts=accounts.items,
                      package=package.data if package and not package.error else None)


async def record(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    record_id = ctx.request.path_params["record_id"]
    answer = await gw.typed("archive", "record", lambda: gw.archive.record(ctx.municipality, record_id))
    data = answer.data if answer.value is not None else None
    return ctx.render("record.html", r=data, error=answer.error or (None if data else "Handlingen finns inte."),
                      record_id=record_id)


async def originals(ctx: Ctx, record_ids: list[str]) -> list[dict[str, Any]]:
    gw = ctx.deps.gateway
    async def one(record_id: str) -> Answer:
        return await gw.typed("archive", "record", lambda: gw.archive.record(ctx.municipality, record_id))

    answers = await asyncio.gather(*(one(rid) for rid in record_ids))
    return [a.data for a in answers if a.value is not None]


def selected(ctx: Ctx) -> list[str]:
    return [v for v in ctx.form.getlist("record_ids") if isinstance(v, str) and v][:MAX_DISCLOSURE]  # type: ignore[union-attr]


async def disclosure_preview(ctx: Ctx) -> Response:
    """Step 1: the records with archive's pre-marked personal data; staff adjust."""
    gw = ctx.deps.gateway
    record_ids = selected(ctx)
    if not record_ids:
        await ctx.flash("Utlämnande: välj minst en handling.")
        return ctx.redirect(safe_next(ctx.field("back", 2000)) or "/arkiv")
    assert ctx.user
    result = await send(gw, "archive", "disclose", command_of(ExportDisclosure, ctx.user.actor(), {
        "record_ids": record_ids, "preview": True}), DisclosurePreview)
    previews = {p.id: p for p in result.data.records} if result.data else {}
    found = await originals(ctx, record_ids)
    return ctx.render("disclosure.html", ok=result.ok, message=result.message, records=found,
                      previews=previews, record_ids=record_ids)


async def disclosure_export(ctx: Ctx) -> Response:
    """Step 2: the disclosure itself; the PDF (PDF/A) comes back as a download."""
    gw = ctx.deps.gateway
    record_ids, reason = selected(ctx), ctx.field("reason", 2000)
    if not record_ids or not reason:
        return ctx.render("error.html", status=400, title="Uppgifter saknas",
                          message="Välj handlingar och ange ett skäl för utlämnandet.")
    assert ctx.user and ctx.form is not None
    texts = {str(r.get("id")): str(r.get("text") or "") for r in await originals(ctx, record_ids)}
    redactions = []
    for rid in record_ids:
        release = [int(v.split(":", 1)[1]) for v in ctx.form.getlist("release")
                   if isinstance(v, str) and v.startswith(rid + ":") and v.split(":", 1)[1].isdigit()]
        phrases = [p.strip() for p in ctx.field(f"mask_{rid}", 5000).splitlines() if p.strip()]
        add = [{"start": start, "end": end, "reason": "manuell"}
               for start, end in phrase_spans(texts.get(rid, ""), phrases)]
        if release or add:
            redactions.append({"record_id": rid, "add": add, "remove_premarked": release})
    result = await send(gw, "archive", "disclose", command_of(ExportDisclosure, ctx.user.actor(), {
        "record_ids": record_ids, "redactions": redactions, "requester": ctx.field("requester", 300),
        "reference": ctx.field("reference", 200)}), DisclosureMade)
    await ctx.audit("archive.disclose", target=ctx.field("reference", 200) or (result.id or ""), reason=reason,
                    result=result, details={"record_ids": record_ids, "redactions": redactions})
    pdf = result.data.pdf_base64 if result.ok and result.data else None
    if not pdf:
        await ctx.flash(f"Utlämnande: {result.message or 'utlämnandet kunde inte skapas.'}")
        return ctx.redirect("/arkiv")
    name = f"utlamnande-{result.id or 'kanalvakt'}.pdf"
    return Response(base64.b64decode(pdf), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def culling_run(ctx: Ctx) -> Response:
    """The gallringsprotokoll of one run (or, for `forhandsvisning`, what a run now would cull)."""
    gw = ctx.deps.gateway
    run_id = ctx.request.path_params["run_id"]
    if run_id == "forhandsvisning":
        answer = await gw.typed("archive", "culling_preview", gw.archive.culling_preview(ctx.municipality))
    else:
        answer = await gw.typed("archive", "culling_run", lambda: gw.archive.culling_run(ctx.municipality, run_id))
    found: CullingRun | None = answer.value
    run = answer.data if found is not None else None
    error = answer.error
    entries = (run or {}).get("entries") or []
    page = max(_page(ctx.request.query_params.get("sida")), 1)
    shown = entries[(page - 1) * PROTOCOL_PAGE:page * PROTOCOL_PAGE]
    decisions = (run or {}).get("decisions") or {}  # the JSON the protocol's template reads
    return ctx.render("culling_run.html", run=run, run_id=run_id, preview=run_id == "forhandsvisning",
                      error=error or (None if run else "Gallringskörningen finns inte."), entries=shown,
                      total=len(entries), page=page, more=len(entries) > page * PROTOCOL_PAGE,
                      first=(page - 1) * PROTOCOL_PAGE,
                      decisions=decisions if isinstance(decisions, dict) else {})


async def exports(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    answer = await gw.typed("archive", "disclosures", gw.archive.disclosures(
        MunicipalityQuery(municipality=ctx.municipality, limit=PAGE_SIZE)))
    return ctx.render("exports.html", exports=answer.items, error=answer.error)


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/arkiv", guard(deps, archive, Permission.archive_view)),
        Route("/arkiv/exporter", guard(deps, exports, Permission.archive_view)),
        Route("/arkiv/utlamnande", guard(deps, disclosure_preview, Permission.archive_disclose), methods=["POST"]),
        Route("/arkiv/utlamnande/pdf", guard(deps, disclosure_export, Permission.archive_disclose), methods=["POST"]),
        Route("/arkiv/gallring/{run_id:str}", guard(deps, culling_run, Permission.archive_manage)),
        Route("/arkiv/{record_id:str}", guard(deps, record, Permission.archive_view)),
    ]
