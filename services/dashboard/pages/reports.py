"""The reports section (`/rapporter`) and its CSV and PDF downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from shared.spreadsheet import csv_text

from ..adapters.report_store import RegistryAccount
from ..app.reports import builders, charts
from ..app.reports.labels import REPORTS
from ..app.reports.model import Link, Report
from ..deps import Deps
from ..domain.labels import STOCKHOLM
from ..domain.permissions import Permission
from ..domain.reports import Period, Scope
from ..web import Ctx, guard

FILTERS = ("manad", "fran", "till", "konto", "enhet", "namnd")


async def context(ctx: Ctx) -> tuple[Scope, Period, list[RegistryAccount], dict[str, str]] | Response:
    assert ctx.user
    q = {k: ctx.request.query_params.get(k, "").strip()[:100] for k in FILTERS}
    try:
        period = Period.parse(month=q["manad"], start=q["fran"], end=q["till"],
                              today=ctx.now.astimezone(STOCKHOLM).date())
    except ValueError as exc:
        return ctx.render("error.html", status=400, title="Felaktig period", message=str(exc))
    scope, mine = await builders.scope_for(ctx.deps.reports, municipality=ctx.municipality,
                                           units=list(ctx.user.units), konto=q["konto"], enhet=q["enhet"],
                                           namnd=q["namnd"])
    return scope, period, mine, {k: v for k, v in q.items() if v}


def choices(mine: list[RegistryAccount]) -> dict[str, Any]:
    return {"enheter": sorted({a.unit for a in mine if a.unit}), "namnder": sorted({a.board for a in mine if a.board})}


async def overview(ctx: Ctx) -> Response:
    found = await context(ctx)
    if isinstance(found, Response):
        return found
    scope, period, mine, query = found
    figures = await builders.glance(ctx.deps.reports, scope, period)
    return ctx.render("reports.html", reports=REPORTS, figures=figures, period=period, scope=scope,
                      accounts=mine, query=query, qs=urlencode(query), month=period.first.strftime("%Y-%m"),
                      **choices(mine))


async def built(ctx: Ctx) -> Response | tuple[str, Report, Any]:
    """The report the path names, for the asker's scope and period; or the page saying why not."""
    slug = ctx.request.path_params["slug"]
    if slug not in REPORTS:
        return ctx.render("error.html", status=404, title="Rapporten finns inte",
                          message="Välj en rapport i listan.")
    found = await context(ctx)
    if isinstance(found, Response):
        return found
    scope, period, _, _ = found
    return slug, await builders.build(slug, ctx.deps.reports, scope, period), found


async def report_page(ctx: Ctx) -> Response:
    answer = await built(ctx)
    if isinstance(answer, Response):
        return answer
    _, report, (scope, period, mine, query) = answer
    svgs = {i: charts.render(s.chart, f"chart-{i}") for i, s in enumerate(report.sections) if s.chart}
    return ctx.render("report.html", report=report, svgs=svgs, reports=REPORTS, period=period,
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
    data = await builders.monthly_report(ctx.deps.reports, scope, period, generated_at=ctx.now)
    await ctx.audit("reports.export_pdf", target=period.first.strftime("%Y-%m"), outcome="ok",
                    details={"scope": scope.label})
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="manadsrapport-{period.first.strftime("%Y-%m")}.pdf"'})


def csv_rows(report: Report) -> list[list[Any]]:
    """Every table of the report one after another, each under its title."""
    rows: list[list[Any]] = [[report.title, report.period.label, report.scope.label]]
    for table in report.all_tables():
        rows += [[], [table.title], table.headers, *([str(c) for c in row] for row in table.rows)]
    return rows


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/rapporter", guard(deps, overview, Permission.reports_view)),
        Route("/rapporter/manadsrapport.pdf", guard(deps, monthly_pdf, Permission.reports_view)),
        Route("/rapporter/{slug:str}.csv", guard(deps, report_csv, Permission.reports_view)),
        Route("/rapporter/{slug:str}", guard(deps, report_page, Permission.reports_view)),
    ]
