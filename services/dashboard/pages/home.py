"""The home page: it starts where each person's work is, a panel per kind of work."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.archive import SearchQuery
from shared.contracts.commands import Role
from shared.contracts.moderation import QueueQuery, Verdict
from shared.contracts.queries import MunicipalityQuery

from ..app.reports import builders
from ..deps import Deps
from ..domain.labels import STOCKHOLM
from ..domain.permissions import Permission
from ..domain.reports import Period
from ..web import Ctx, guard
from .common import records


async def home(ctx: Ctx) -> Response:
    """One panel per kind of work the person has, most urgent first."""
    assert ctx.user
    gw, reports = ctx.deps.gateway, ctx.deps.reports
    roles = set(ctx.user.roles)
    panels: dict[str, Any] = {}
    if ctx.can(Permission.moderate_decide):
        answer = await gw.typed("moderation", "queue", gw.moderation.queue(
            QueueQuery(municipality=ctx.municipality, limit=200, status="open")))
        verdicts: list[Verdict] = answer.value or []
        deadlines = sorted(v.due_at for v in verdicts if v.due_at)
        panels["queue"] = {"count": len(verdicts), "oldest": deadlines[0] if deadlines else None,
                           "error": answer.error}
    if ctx.can(Permission.crisis_view):
        answer = await gw.typed("notify", "broadcasts", gw.notify.broadcasts(ctx.municipality, state="draft"))
        panels["drafts"] = {"broadcasts": answer.items[:10], "error": answer.error}
    if roles & {Role.archivist, Role.registrar}:
        # Due registrations: records waiting for the case-management system, or refused by it.
        due = {state: await gw.typed("archive", "search", gw.archive.search(SearchQuery(
            municipality=ctx.municipality, registration_status=state, limit=20))) for state in ("failed", "pending")}
        snaps = await gw.typed("archive", "snapshots_due", gw.archive.snapshots_due(ctx.municipality))
        runs = await gw.typed("archive", "culling_runs", gw.archive.culling_runs(
            MunicipalityQuery(municipality=ctx.municipality, limit=5)))
        panels["archive"] = {
            "registrations": {state: records(a) for state, a in due.items()},
            "snapshots": snaps.items, "runs": runs.items,
            "error": next((a.error for a in (*due.values(), snaps, runs) if a.error), None)}
    if ctx.can(Permission.reports_view) and roles & {Role.head_of_communications, Role.communications_strategist,
                                                     Role.head_of_unit, Role.head_of_administration,
                                                     Role.responsible_manager, Role.board_delegate}:
        today: date = ctx.now.astimezone(STOCKHOLM).date()
        period = Period.month(today.strftime("%Y-%m"))
        scope, _ = await builders.scope_for(reports, municipality=ctx.municipality, units=list(ctx.user.units))
        panels["month"] = {"period": period, "scope": scope, "figures": await builders.glance(reports, scope, period)}
    if ctx.can(Permission.system_view):
        panels["system"] = True
    if not panels:
        return ctx.render("error.html", status=403, title="Inga roller",
                          message="Ditt konto har inga roller ännu. Be en systemadministratör om behörighet.")
    return ctx.render("home.html", panels=panels)


def routes(deps: Deps) -> list[Route]:
    return [Route("/", guard(deps, home))]
