"""What every working page shares: the one command endpoint (permission, reason,
payload, audit and flash the same way for every action), query-string filters, and the
aliases other services put in their links."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.archive import SipExported

from ..adapters.gateway import Answer
from ..app.commands import ACTIONS, Form, command_of, send
from ..deps import Deps
from ..web import Ctx, forbidden, guard, safe_next

PAGE_SIZE = 50


def params(ctx: Ctx, *names: str, max_length: int = 200) -> dict[str, str]:
    """The named query-string values that are set, trimmed and bounded."""
    out = {}
    for name in names:
        value = ctx.request.query_params.get(name, "").strip()[:max_length]
        if value:
            out[name] = value
    return out


def given(**fields: Any) -> dict[str, Any]:
    """The fields a form or the query string filled in (a query leaves the rest at its defaults)."""
    return {k: v for k, v in fields.items() if v not in (None, "")}


def records(answer: Answer | None) -> list[dict[str, Any]]:
    """The records of archive's `search` answer (`SearchResult`) as the templates read them."""
    return answer.data["records"] if answer is not None and answer.value is not None else []


async def nothing() -> None:
    return None


async def command(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    service, what = ctx.request.path_params["service"], ctx.request.path_params["what"]
    if service == "moderation" and what == "decide":  # one form, the decision chosen in it
        what = ctx.field("decision", 40)
    key = f"{service}.{what}"
    action = ACTIONS.get(key)
    back = safe_next(ctx.field("back", 2000))
    if action is None:
        return ctx.render("error.html", status=404, title="Okänd åtgärd", message="Åtgärden finns inte.")
    if not ctx.can(action.permission):
        await ctx.audit(key, outcome="refused", details={"permission": str(action.permission)})
        return forbidden(ctx)
    assert ctx.user and ctx.form is not None
    form = Form(lambda name: ctx.field(name, 10_000),
                lambda name: [v.strip()[:2000] for v in ctx.form.getlist(name)  # type: ignore[union-attr]
                              if isinstance(v, str) and v.strip()][:5000])
    reason = ctx.field("reason", 2000)
    missing = [name for name in action.required if not (form.get(name) or form.getlist(name))]
    if action.reason_required and not reason:
        await ctx.flash(f"{action.label}: ange ett skäl. Inget har ändrats.")
        return ctx.redirect(back)
    if missing:
        await ctx.flash(f"{action.label}: uppgifter saknas. Inget har ändrats.")
        return ctx.redirect(back)
    payload = action.build(form, reason)
    result = await send(gw, action.service, action.what, command_of(action.model, ctx.user.actor(), payload),
                        action.reply, timeout=action.timeout_s)
    target = ",".join(form.getlist(action.target)[:20]) or form.get(action.target) or result.id or ""
    await ctx.audit(key, target=target[:500], reason=reason, result=result,
                    details={k: v for k, v in payload.items() if k != "reason"})
    message = result.message or ("Klart." if result.ok else "Åtgärden utfördes inte.")
    if result.ok and isinstance(result.data, SipExported):
        message += f" Filen finns på servern: {result.data.path}"
    await ctx.flash(f"{action.label}: {message}")
    then = ctx.field("then", 50)
    if result.ok and result.id and then == "broadcast":
        return ctx.redirect(f"/kris/{result.id}")
    if result.ok and result.id and then == "culling_run" and not form.flag("dry_run"):
        return ctx.redirect(f"/arkiv/gallring/{quote(result.id, safe='')}")  # its protocol
    if result.ok and then == "exports":
        return ctx.redirect("/arkiv/exporter")
    return ctx.redirect(back)


async def favicon(_: Request) -> Response:
    return Response(status_code=204)


async def alias(request: Request) -> Response:
    """Paths other services put in alerts and e-mails, mapped to this UI's pages."""
    kind, key = request.path_params["kind"], quote(request.path_params["key"], safe="")
    target = {"items": f"/moderering/{key}", "accounts": f"/register/{key}"}.get(kind, "/")
    return Response(status_code=303, headers={"Location": target})


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/favicon.ico", favicon),
        Route("/moderation/{kind:str}/{key:str}", alias),
        Route("/registry/{kind:str}/{key:str}", alias),
        Route("/atgard/{service:str}/{what:str}", guard(deps, command), methods=["POST"]),
    ]
