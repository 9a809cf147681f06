"""The working pages: moderation queue, alerts, crisis console, registry, archive, system."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import csv
import io
import json
from typing import Any

import httpx
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from shared.contracts.base import new_id

from ..commands import ACTIONS, Form
from ..domain import CATEGORY_LABELS, SEVERITY_ORDER, Permission
from ..live import LiveHub
from ..web import App, Ctx, forbidden, guard, safe_next

PAGE_SIZE = 50
MAX_DISCLOSURE = 50


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


def _params(ctx: Ctx, *names: str, max_length: int = 200) -> dict[str, str]:
    out = {}
    for name in names:
        value = ctx.request.query_params.get(name, "").strip()[:max_length]
        if value:
            out[name] = value
    return out


async def proxy_stream(notify_url: str, municipality: str, hub: LiveHub) -> AsyncIterator[str]:
    """Notify's live stream, passed on as bare "something changed" signals: the browser then
    reloads the escaped HTML fragment, so no event text reaches the page by script. When
    notify's stream cannot be reached, the dashboard's own NATS listener stands in."""
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None)) as http:
            async with http.stream("GET", notify_url.rstrip("/") + "/alerts/stream",
                                   params={"municipality": municipality}) as response:
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


async def _none() -> None:
    return None


def routes(app: App, hub: LiveHub) -> list[Route]:
    gw = app.gateway

    # --- generic command endpoint --------------------------------------------------
    async def command(ctx: Ctx) -> Response:
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
        result = await gw.command(action.service, action.what, ctx.user.actor(), **payload)
        target = ",".join(form.getlist(action.target)[:20]) or form.get(action.target) or result.id or ""
        await ctx.audit(key, target=target[:500], reason=reason, result=result,
                        details={k: v for k, v in payload.items() if k != "reason"})
        message = result.message or ("Klart." if result.ok else "Åtgärden utfördes inte.")
        await ctx.flash(f"{action.label}: {message}")
        then = ctx.field("then", 50)
        if result.ok and result.id and then == "broadcast":
            return ctx.redirect(f"/kris/{result.id}")
        if result.ok and then == "exports":
            return ctx.redirect("/arkiv/exporter")
        return ctx.redirect(back)

    # --- moderation ------------------------------------------------------------------
    async def queue(ctx: Ctx) -> Response:
        filters = _params(ctx, "account_id", "category", "intent", "status")
        status = filters.get("status") if filters.get("status") in ("open", "decided", "no_action") else "open"
        category = filters.get("category") if filters.get("category") in CATEGORY_LABELS else None
        answer = await gw.query("moderation", "queue", ctx.municipality, limit=200, status=status,
                                account_id=filters.get("account_id"), category=category)
        items = answer.items
        if intent := filters.get("intent"):  # moderation filters by account and category; intent here, per page
            items = [i for i in items if intent in (i.get("intents") or [])]
        items.sort(key=lambda i: (SEVERITY_ORDER.get(str(i.get("severity")), 9), str(i.get("due_at") or "9999")))
        accounts = await gw.query("registry", "accounts", ctx.municipality, limit=200)
        names = {str(a.get("platform_account_id")): a.get("name") for a in accounts.items if a.get("platform_account_id")}
        return ctx.render("queue.html", items=items, error=answer.error, filters=filters | {"status": status},
                          accounts=accounts.items, account_names=names, full=len(answer.items) >= 200)

    async def item(ctx: Ctx) -> Response:
        item_id = ctx.request.path_params["item_id"]
        answer = await gw.query("moderation", "item", ctx.municipality, item_event_id=item_id)
        data = answer.data if isinstance(answer.data, dict) and "error" not in answer.data else None
        thread = history = None
        if data:
            thread_id = data.get("thread_id") or data.get("parent_id")
            author_id = (data.get("author") or {}).get("platform_id")
            thread, history = await asyncio.gather(
                gw.query("archive", "search", ctx.municipality, thread_id=thread_id, limit=50)
                if thread_id else _none(),
                gw.query("archive", "search", ctx.municipality, author_id=author_id, account_id=data.get("account_id"),
                         newest_first=True, limit=10) if author_id else _none())
        return ctx.render("item.html", item=data, error=answer.error or (None if data else "Ärendet finns inte."),
                          thread=thread, history=history, item_id=item_id, command_id=new_id())

    # --- alerts ----------------------------------------------------------------------
    async def alerts(ctx: Ctx) -> Response:
        filters = _params(ctx, "state", "cursor")
        answer = await gw.query("notify", "alerts", ctx.municipality, limit=PAGE_SIZE, **filters)
        template = "alerts_list.html" if ctx.request.query_params.get("fragment") else "alerts.html"
        return ctx.render(template, alerts=answer.items, error=answer.error, filters=filters,
                          next_cursor=answer.field("next_cursor"))

    async def events(ctx: Ctx) -> Response:
        notify_url = app.settings.service_urls.get("notify")
        stream = proxy_stream(notify_url, ctx.municipality, hub) if notify_url else hub.stream(ctx.municipality)
        return StreamingResponse(stream, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    # --- crisis console --------------------------------------------------------------
    async def crisis(ctx: Ctx) -> Response:
        state = ctx.request.query_params.get("state")
        answer = await gw.query("notify", "broadcasts", ctx.municipality, limit=PAGE_SIZE,
                                state=state if state in ("draft", "approved", "cancelled") else None)
        templates = await gw.query("notify", "templates", ctx.municipality)
        chosen = next((t for t in templates.items if t.get("id") == ctx.request.query_params.get("mall")), None)
        return ctx.render("crisis.html", broadcasts=answer.items, error=answer.error, request_id=new_id(),
                          templates=templates, template=chosen,
                          next_cursor=answer.field("next_cursor"))

    async def broadcast(ctx: Ctx) -> Response:
        broadcast_id = ctx.request.path_params["broadcast_id"]
        answer = await gw.query("notify", "broadcast", ctx.municipality, broadcast_id=broadcast_id)
        data = answer.data if isinstance(answer.data, dict) else None
        template = "broadcast_deliveries.html" if ctx.request.query_params.get("fragment") else "broadcast.html"
        return ctx.render(template, b=data, error=answer.error or (None if data else "Utskicket finns inte."),
                          request_id=new_id(),
                          broadcast_id=broadcast_id)

    # --- registry --------------------------------------------------------------------
    async def registry(ctx: Ctx) -> Response:
        state = ctx.request.query_params.get("state", "")
        states = [state] if state in REGISTRY_STATES else None
        accounts = await gw.query("registry", "accounts", ctx.municipality, limit=200, states=states)
        gaps = await gw.query("registry", "compliance", ctx.municipality)
        reviews = await gw.query("registry", "reviews_due", ctx.municipality)
        return ctx.render("registry.html", accounts=accounts.items, error=accounts.error, gaps=gaps, reviews=reviews,
                          state=state, states=REGISTRY_STATES, request_id=new_id())

    async def account(ctx: Ctx) -> Response:
        account_id = ctx.request.path_params["account_id"]
        answer = await gw.query("registry", "account", ctx.municipality, account_id=account_id)
        data = answer.data if isinstance(answer.data, dict) and "error" not in answer.data else None
        error = answer.error or (answer.data.get("error") if isinstance(answer.data, dict) else None)
        rules = await gw.query("registry", "rules", ctx.municipality) if data else None
        return ctx.render("account.html", a=data, error=error or (None if data else "Kontot finns inte."),
                          account_id=account_id, rules=rules.data if rules and isinstance(rules.data, dict) else {},
                          labels=REGISTRY_ACTION_LABELS)

    async def inventory(ctx: Ctx) -> Response:
        answer = await gw.query("registry", "inventory", ctx.municipality)
        if answer.error or not isinstance(answer.data, dict):
            return ctx.render("error.html", status=502, title="Förteckningen kan inte hämtas",
                              message=answer.error or "Registret skickade ingen förteckning.")
        columns = [c for c in answer.data.get("columns", []) if isinstance(c, dict)]
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")  # Swedish Excel opens ;-separated UTF-8 with BOM
        writer.writerow([str(c.get("heading", c.get("id"))) for c in columns])
        for row in answer.data.get("rows", []):
            values = [str(row.get(c.get("id"), "") or "") for c in columns]
            # A leading = + - @ would make a spreadsheet run the cell as a formula.
            writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v for v in values])
        await ctx.audit("registry.inventory_export", outcome="ok", details={"rows": len(answer.data.get("rows", []))})
        return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="kontoforteckning.csv"'})

    async def link_page(ctx: Ctx) -> Response:
        answer = await gw.query("registry", "link_page", ctx.municipality)
        page = answer.data if isinstance(answer.data, dict) else None
        return ctx.render("link_page.html", page=page, error=answer.error or (page or {}).get("error"))

    async def link_page_html(ctx: Ctx) -> Response:
        """The page exactly as registry renders it for the website, shown in a sandbox:
        a unique origin with no script, so nothing in it can act as the staff member."""
        answer = await gw.query("registry", "link_page", ctx.municipality)
        html = answer.data.get("html") if isinstance(answer.data, dict) else None
        if not isinstance(html, str):
            return ctx.render("error.html", status=502, title="Länksidan kan inte visas",
                              message=answer.error or "Registret skickade ingen sida.")
        return Response(html, media_type="text/html; charset=utf-8", headers={
            "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"})

    # --- archive ---------------------------------------------------------------------
    async def archive(ctx: Ctx) -> Response:
        filters = _params(ctx, "q", "account_id", "direction", "from_date", "to_date", "cursor")
        answer = None
        if filters:
            days = Form(lambda n: filters.get(n, ""), lambda n: [])
            direction = filters.get("direction") if filters.get("direction") in ("inkommen", "upprattad") else None
            answer = await gw.query("archive", "search", ctx.municipality, limit=PAGE_SIZE, newest_first=True,
                                    text=filters.get("q"), account_id=filters.get("account_id"), direction=direction,
                                    date_from=days.day("from_date"), date_to=days.day("to_date", end=True),
                                    page_token=filters.get("cursor"))
        error = answer.error or answer.field("error") if answer else None
        manage = ctx.can(Permission.archive_manage)
        holds = await gw.query("archive", "holds", ctx.municipality, limit=PAGE_SIZE, active=True) if manage else None
        cullings = await gw.query("archive", "culling_runs", ctx.municipality, limit=10) if manage else None
        return ctx.render("archive.html", results=answer.items if answer and not error else [], error=error,
                          searched=bool(filters), filters=filters,
                          next_cursor=answer.field("next_page_token") if answer else None,
                          holds=holds, cullings=cullings)

    async def record(ctx: Ctx) -> Response:
        record_id = ctx.request.path_params["record_id"]
        answer = await gw.query("archive", "record", ctx.municipality, record_id=record_id)
        data = answer.data if isinstance(answer.data, dict) and "error" not in answer.data else None
        return ctx.render("record.html", r=data, error=answer.error or (None if data else "Handlingen finns inte."),
                          record_id=record_id)

    async def originals(ctx: Ctx, record_ids: list[str]) -> list[dict[str, Any]]:
        answers = await asyncio.gather(*(gw.query("archive", "record", ctx.municipality, record_id=rid)
                                         for rid in record_ids))
        return [a.data for a in answers if isinstance(a.data, dict) and "error" not in a.data]

    def selected(ctx: Ctx) -> list[str]:
        return [v for v in ctx.form.getlist("record_ids") if isinstance(v, str) and v][:MAX_DISCLOSURE]  # type: ignore[union-attr]

    async def disclosure_preview(ctx: Ctx) -> Response:
        """Step 1: the records with archive's pre-marked personal data; staff adjust."""
        record_ids = selected(ctx)
        if not record_ids:
            await ctx.flash("Utlämnande: välj minst en handling.")
            return ctx.redirect(safe_next(ctx.field("back", 2000)) or "/arkiv")
        assert ctx.user
        result = await gw.command("archive", "disclose", ctx.user.actor(), record_ids=record_ids, preview=True)
        previews = {str(p.get("id")): p for p in (result.data or {}).get("records", []) if isinstance(p, dict)}
        records = await originals(ctx, record_ids)
        return ctx.render("disclosure.html", ok=result.ok, message=result.message, records=records,
                          previews=previews, record_ids=record_ids)

    async def disclosure_export(ctx: Ctx) -> Response:
        """Step 2: the disclosure itself; the PDF (PDF/A) comes back as a download."""
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
        result = await gw.command("archive", "disclose", ctx.user.actor(), record_ids=record_ids,
                                  redactions=redactions, requester=ctx.field("requester", 300),
                                  reference=ctx.field("reference", 200))
        await ctx.audit("archive.disclose", target=ctx.field("reference", 200) or (result.id or ""), reason=reason,
                        result=result, details={"record_ids": record_ids, "redactions": redactions})
        pdf = (result.data or {}).get("pdf_base64") if result.ok else None
        if not pdf:
            await ctx.flash(f"Utlämnande: {result.message or 'utlämnandet kunde inte skapas.'}")
            return ctx.redirect("/arkiv")
        import base64
        name = f"utlamnande-{result.id or 'kanalvakt'}.pdf"
        return Response(base64.b64decode(pdf), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    async def exports(ctx: Ctx) -> Response:
        answer = await gw.query("archive", "disclosures", ctx.municipality, limit=PAGE_SIZE)
        return ctx.render("exports.html", exports=answer.items, error=answer.error)

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

    async def favicon(_: Any) -> Response:
        return Response(status_code=204)

    async def alias(request: Any) -> Response:
        """Paths other services put in alerts and e-mails, mapped to this UI's pages."""
        from urllib.parse import quote
        kind, key = request.path_params["kind"], quote(request.path_params["key"], safe="")
        target = {"items": f"/moderering/{key}", "accounts": f"/register/{key}"}.get(kind, "/")
        return Response(status_code=303, headers={"Location": target})

    return [
        Route("/favicon.ico", favicon),
        Route("/moderation/{kind:str}/{key:str}", alias),
        Route("/registry/{kind:str}/{key:str}", alias),
        Route("/atgard/{service:str}/{what:str}", guard(app, command), methods=["POST"]),
        Route("/moderering", guard(app, queue, Permission.moderate_view)),
        Route("/moderering/{item_id:str}", guard(app, item, Permission.moderate_view)),
        Route("/larm", guard(app, alerts, Permission.alerts_view)),
        Route("/handelser", guard(app, events, Permission.alerts_view)),
        Route("/kris", guard(app, crisis, Permission.crisis_view)),
        Route("/kris/{broadcast_id:str}", guard(app, broadcast, Permission.crisis_view)),
        Route("/register", guard(app, registry, Permission.registry_view)),
        Route("/register/forteckning.csv", guard(app, inventory, Permission.registry_view)),
        Route("/register/lankssida", guard(app, link_page, Permission.registry_view)),
        Route("/register/lankssida/visning", guard(app, link_page_html, Permission.registry_view)),
        Route("/register/{account_id:str}", guard(app, account, Permission.registry_view)),
        Route("/arkiv", guard(app, archive, Permission.archive_view)),
        Route("/arkiv/exporter", guard(app, exports, Permission.archive_view)),
        Route("/arkiv/utlamnande", guard(app, disclosure_preview, Permission.archive_disclose), methods=["POST"]),
        Route("/arkiv/utlamnande/pdf", guard(app, disclosure_export, Permission.archive_disclose), methods=["POST"]),
        Route("/arkiv/{record_id:str}", guard(app, record, Permission.archive_view)),
        Route("/system", guard(app, system, Permission.system_view)),
    ]


__all__ = ["json", "routes"]
