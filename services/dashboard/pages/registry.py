"""The account register: accounts, lifecycle, compliance, inventory, link page."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.base import new_id
from shared.contracts.commands import Role
from shared.contracts.registry import (AccountDetail, AccountsQuery, AccountTier, Inventory, InventoryQuery, LinkPage,
                                       Rules, RulesQuery)
from shared.policy.sections.registry import RegistryPolicy
from shared.spreadsheet import csv_text

from ..app.commands import PEOPLE_ROWS
from ..deps import Deps
from ..domain.permissions import Permission
from ..web import Ctx, guard

REGISTRY_STATES = ["proposed", "assessed", "approved", "active", "under_review", "closing", "closed", "rejected"]
REGISTRY_ACTION_LABELS = {"assess": "Bedöm", "approve": "Godkänn", "reject": "Avslå", "activate": "Aktivera",
                          "start_review": "Påbörja översyn", "record_review": "Registrera översynens utfall",
                          "decide_close": "Besluta om avveckling", "close": "Avsluta kontot"}


def registry_roles(policy: RegistryPolicy, tier: AccountTier) -> dict[str, set[str]]:
    """Who registry lets take each step on an account of this tier (as its README and the
    pack's `registry` block say); the page shows a form only to those, registry checks again."""
    decision = policy.decisions.get(tier)
    approvers = set(decision.approver_roles) if decision else set()
    consulted = {decision.consult_role} if decision and decision.consult_role else set()
    assessors = approvers | consulted | {Role.communications_strategist, Role.head_of_communications}
    managers = approvers | set(policy.manager_roles)
    reviewers = approvers | set(policy.reviewer_roles)
    closers = approvers | set(policy.close_roles)
    by_step = {"assess": assessors, "approve": approvers, "reject": approvers, "activate": managers,
               "update": managers, "assign": managers, "start_review": reviewers, "record_review": reviewers,
               "decide_close": closers, "close": closers}
    return {step: {r.value for r in roles} for step, roles in by_step.items()}


def may_take(rules: Rules | None, tier: AccountTier, roles: set[str]) -> set[str] | None:
    """The registry steps these roles may take on the account; None when the rules are unknown
    (registry did not answer): then every form is shown and registry decides."""
    if rules is None or not rules.policy.decisions:
        return None
    return {step for step, allowed in registry_roles(rules.policy, tier).items() if allowed & roles}


# --- registry --------------------------------------------------------------------

async def registry(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    state = ctx.request.query_params.get("state", "")
    states = [state] if state in REGISTRY_STATES else None
    accounts = await gw.typed("registry", "accounts", gw.registry.accounts(
        AccountsQuery(municipality=ctx.municipality, limit=200, states=states)))
    gaps = await gw.typed("registry", "compliance", gw.registry.compliance(ctx.municipality))
    reviews = await gw.typed("registry", "reviews_due", gw.registry.reviews_due(ctx.municipality))
    return ctx.render("registry.html", accounts=accounts.items, error=accounts.error, gaps=gaps, reviews=reviews,
                      state=state, states=REGISTRY_STATES, request_id=new_id())


async def account(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    account_id = ctx.request.path_params["account_id"]
    answer = await gw.typed("registry", "account", gw.registry.account(ctx.municipality, account_id))
    detail: AccountDetail | None = answer.value
    data, error = answer.data, answer.error
    answer_rules = await gw.typed("registry", "rules", gw.registry.rules(
        RulesQuery(municipality=ctx.municipality))) if detail else None
    rules = answer_rules.data if answer_rules and answer_rules.value else {}
    roles = {str(r) for r in ctx.user.roles} if ctx.user else set()
    steps = may_take(answer_rules.value, detail.tier, roles) if detail and answer_rules else None
    # What notify wrote into the account's about text (the rules of conduct, Eskilstuna L68).
    about = await gw.typed("notify", "about_texts", lambda: gw.notify.about_texts(
        ctx.municipality, account_id=account_id)) if data else None
    return ctx.render("account.html", a=data, error=error or (None if data else "Kontot finns inte."),
                      account_id=account_id, rules=rules, labels=REGISTRY_ACTION_LABELS,
                      people_rows=PEOPLE_ROWS, steps=steps,
                      about=(about.items[0] if about and about.items else None),
                      about_error=about.error if about else None)


async def inventory(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    answer = await gw.typed("registry", "inventory", gw.registry.inventory(
        InventoryQuery(municipality=ctx.municipality)))
    found: Inventory | None = answer.value
    if found is None:
        return ctx.render("error.html", status=502, title="Förteckningen kan inte hämtas",
                          message=answer.error or "Registret skickade ingen förteckning.")
    text = csv_text([[c.heading for c in found.columns],
                     *([row.get(c.id, "") for c in found.columns] for row in found.rows)])
    await ctx.audit("registry.inventory_export", outcome="ok", details={"rows": len(found.rows)})
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="kontoforteckning.csv"'})


async def link_page(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    answer = await gw.typed("registry", "link_page", gw.registry.link_page(ctx.municipality))
    return ctx.render("link_page.html", page=answer.data, error=answer.error)


async def link_page_html(ctx: Ctx) -> Response:
    """The page exactly as registry renders it for the website, shown in a sandbox:
    a unique origin with no script, so nothing in it can act as the staff member."""
    gw = ctx.deps.gateway
    answer = await gw.typed("registry", "link_page", gw.registry.link_page(ctx.municipality))
    found: LinkPage | None = answer.value
    html = found.html if found else None
    if html is None:
        return ctx.render("error.html", status=502, title="Länksidan kan inte visas",
                          message=answer.error or "Registret skickade ingen sida.")
    return Response(html, media_type="text/html; charset=utf-8", headers={
        "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"})


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/register", guard(deps, registry, Permission.registry_view)),
        Route("/register/forteckning.csv", guard(deps, inventory, Permission.registry_view)),
        Route("/register/lankssida", guard(deps, link_page, Permission.registry_view)),
        Route("/register/lankssida/visning", guard(deps, link_page_html, Permission.registry_view)),
        Route("/register/{account_id:str}", guard(deps, account, Permission.registry_view)),
    ]
