"""The reports section (`/rapporter`), its CSV and PDF downloads, and the home page that
starts where each person's work is."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from shared.spreadsheet import csv_text

from ..domain import Permission, STOCKHOLM, parse_time
from ..schemas import Role
from ..web import App, Ctx, guard
from . import charts, service
from .domain import Period, Scope, account_key
from .labels import pack_for
from .model import Link, Report
from .pdf import render as render_pdf
from .projection import ReportStore

FILTERS = ("manad", "fran", "till", "konto", "enhet", "namnd")


async def scope_for(store: ReportStore, *, municipality: str, units: list[str], konto: str = "", enhet: str = "",
                    namnd: str = "") -> tuple[Scope, list[dict[str, Any]]]:
    """The accounts a person may see (their units: a board, a unit or accounts; none: the
    whole municipality), narrowed by what they chose. Also the accounts for the form."""
    mine = []
    for acc in await store.registry_accounts(municipality):
        if not acc.get("name"):
            continue
        tags = {acc.get("_id"), acc.get("platform_account_id"), acc.get("unit"), acc.get("board"),
                acc.get("administration")} - {None, ""}
        if not units or tags & set(units):
            mine.append(acc)
    names = {account_key(a["platform"], a.get("platform_account_id", "")): a["name"] for a in mine}
    chosen, label = mine, "hela kommunen" if not units else "dina konton"
    if konto:
        chosen, label = [a for a in mine if a["_id"] == konto], "kontot " + next(
            (a["name"] for a in mine if a["_id"] == konto), konto)
    elif enhet:
        chosen, label = [a for a in mine if a.get("unit") == enhet], f"enheten {enhet}"
    elif namnd:
        chosen, label = [a for a in mine if a.get("board") == namnd], f"nämnden {namnd}"
    narrowed = bool(units or konto or enhet or namnd)
    accounts = frozenset(account_key(a["platform"], a.get("platform_account_id", "")) for a in chosen)
    keys = {account_key(a["platform"], a.get("platform_account_id", "")): a for a in mine}
    return Scope(municipality=municipality, accounts=accounts if narrowed else None, label=label, names=names,
                 boards={k: a["board"] for k, a in keys.items() if a.get("board")},
                 units={k: a["unit"] for k, a in keys.items() if a.get("unit")}), mine


def routes(app: App, store: ReportStore) -> list[Route]:
    async def context(ctx: Ctx) -> tuple[Scope, Period, list[dict[str, Any]], dict[str, str]] | Response:
        assert ctx.user
        q = {k: ctx.request.query_params.get(k, "").strip()[:100] for k in FILTERS}
        try:
            period = Period.parse(month=q["manad"], start=q["fran"], end=q["till"],
                                  today=ctx.now.astimezone(STOCKHOLM).date())
        except ValueError as exc:
            return ctx.render("error.html", status=400, title="Felaktig period", message=str(exc))
        scope, mine = await scope_for(store, municipality=ctx.municipality, units=list(ctx.user.units),
                                      konto=q["konto"], enhet=q["enhet"], namnd=q["namnd"])
        return scope, period, mine, {k: v for k, v in q.items() if v}

    def choices(mine: list[dict[str, Any]]) -> dict[str, Any]:
        return {"enheter": sorted({a["unit"] for a in mine if a.get("unit")}),
                "namnder": sorted({a["board"] for a in mine if a.get("board")})}

    async def overview(ctx: Ctx) -> Response:
        found = await context(ctx)
        if isinstance(found, Response):
            return found
        scope, period, mine, query = found
        figures = await service.glance(store, scope, period)
        return ctx.render("reports.html", reports=service.REPORTS, figures=figures, period=period, scope=scope,
                          accounts=mine, query=query, qs=urlencode(query), month=period.first.strftime("%Y-%m"),
                          **choices(mine))

    async def built(ctx: Ctx) -> Response | tuple[str, Report, Any]:
        """The report the path names, for the asker's scope and period; or the page saying why not."""
        slug = ctx.request.path_params["slug"]
        if slug not in service.REPORTS:
            return ctx.render("error.html", status=404, title="Rapporten finns inte",
                              message="Välj en rapport i listan.")
        found = await context(ctx)
        if isinstance(found, Response):
            return found
        scope, period, _, _ = found
        return slug, await service.build(slug, store, scope, period), found

    async def report_page(ctx: Ctx) -> Response:
        answer = await built(ctx)
        if isinstance(answer, Response):
            return answer
        _, report, (scope, period, mine, query) = answer
        svgs = {i: charts.render(s.chart, f"chart-{i}") for i, s in enumerate(report.sections) if s.chart}
        return ctx.render("report.html", report=report, svgs=svgs, reports=service.REPORTS, period=period,
                          scope=scope, accounts=mine, query=query, qs=urlencode(query),
                          month=period.first.strftime("%Y-%m"), Link=Link, **choices(mine))

    async def report_csv(ctx: Ctx) -> Response:
        answer = await built(ctx)
        if isinstance(answer, Response):
            return answer
        slug, report, (scope, period, _, _) = answer
        await ctx.audit("reports.export_csv", target=slug, outcome="ok",
                        details={"from": period.first.isoformat(), "to": period.last.isoformat(), "scope": scope.label})
        filename = f"{slug}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
        return Response(csv_text(csv_rows(report)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    async def monthly_pdf(ctx: Ctx) -> Response:
        found = await context(ctx)
        if isinstance(found, Response):
            return found
        scope, period, _, _ = found
        if not period.is_month:
            return ctx.render("error.html", status=400, title="Välj en månad",
                              message="Månadsrapporten gäller en hel månad: välj månad.")
        data = await monthly_report(store, scope, period, generated_at=ctx.now)
        await ctx.audit("reports.export_pdf", target=period.first.strftime("%Y-%m"), outcome="ok",
                        details={"scope": scope.label})
        return Response(data, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="manadsrapport-{period.first.strftime("%Y-%m")}.pdf"'})

    return [
        Route("/rapporter", guard(app, overview, Permission.reports_view)),
        Route("/rapporter/manadsrapport.pdf", guard(app, monthly_pdf, Permission.reports_view)),
        Route("/rapporter/{slug:str}.csv", guard(app, report_csv, Permission.reports_view)),
        Route("/rapporter/{slug:str}", guard(app, report_page, Permission.reports_view)),
    ]


def csv_rows(report: Report) -> list[list[Any]]:
    """Every table of the report one after another, each under its title."""
    rows: list[list[Any]] = [[report.title, report.period.label, report.scope.label]]
    for table in report.all_tables():
        rows += [[], [table.title], table.headers, *([str(c) for c in row] for row in table.rows)]
    return rows


async def monthly_report(store: ReportStore, scope: Scope, period: Period, *, generated_at: Any) -> bytes:
    reports = [await service.build(slug, store, scope, period) for slug in service.REPORTS]
    pack = pack_for(scope.municipality)
    return render_pdf(reports, municipality_name=pack.municipality if pack else scope.municipality, period=period,
                      generated_at=generated_at)


# ---- the home page ---------------------------------------------------------------------


def home_route(app: App, store: ReportStore) -> Route:
    gw = app.gateway

    async def home(ctx: Ctx) -> Response:
        """One panel per kind of work the person has, most urgent first."""
        assert ctx.user
        roles = set(ctx.user.roles)
        panels: dict[str, Any] = {}
        if ctx.can(Permission.moderate_decide):
            answer = await gw.query("moderation", "queue", ctx.municipality, limit=200, status="open")
            items = answer.data if isinstance(answer.data, list) else []
            deadlines = sorted(d for i in items if isinstance(i, dict) and (d := parse_time(i.get("due_at"))))
            panels["queue"] = {"count": len(items), "oldest": deadlines[0] if deadlines else None,
                               "error": answer.error}
        if ctx.can(Permission.crisis_view):
            answer = await gw.query("notify", "broadcasts", ctx.municipality, state="draft")
            panels["drafts"] = {"broadcasts": [b for b in (answer.data or []) if isinstance(b, dict)][:10]
                                if isinstance(answer.data, list) else [], "error": answer.error}
        if roles & {Role.archivist, Role.registrar}:
            # Due registrations: records waiting for the case-management system, or refused by it.
            due = {state: await gw.query("archive", "search", ctx.municipality, registration_status=state, limit=20)
                   for state in ("failed", "pending")}
            snaps = await gw.query("archive", "snapshots_due", ctx.municipality)
            runs = await gw.query("archive", "culling_runs", ctx.municipality, limit=5)
            panels["archive"] = {
                "registrations": {state: (a.data or {}).get("records", []) if isinstance(a.data, dict) else []
                                  for state, a in due.items()},
                "snapshots": snaps.data if isinstance(snaps.data, list) else [],
                "runs": runs.data if isinstance(runs.data, list) else [],
                "error": next((a.error for a in (*due.values(), snaps, runs) if a.error), None)}
        if ctx.can(Permission.reports_view) and roles & {Role.head_of_communications, Role.communications_strategist,
                                                         Role.head_of_unit, Role.head_of_administration,
                                                         Role.responsible_manager, Role.board_delegate}:
            today: date = ctx.now.astimezone(STOCKHOLM).date()
            period = Period.month(today.strftime("%Y-%m"))
            scope, _ = await scope_for(store, municipality=ctx.municipality, units=list(ctx.user.units))
            panels["month"] = {"period": period, "scope": scope, "figures": await service.glance(store, scope, period)}
        if ctx.can(Permission.system_view):
            panels["system"] = True
        if not panels:
            return ctx.render("error.html", status=403, title="Inga roller",
                              message="Ditt konto har inga roller ännu. Be en systemadministratör om behörighet.")
        return ctx.render("home.html", panels=panels)

    return Route("/", guard(app, home))
