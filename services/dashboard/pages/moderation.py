"""The moderation queue and the item view."""

from __future__ import annotations

import asyncio

from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.base import new_id

from ..domain import CATEGORY_LABELS, SEVERITY_ORDER, Permission
from ..web import App, Ctx, guard
from .common import nothing, params


def routes(app: App) -> list[Route]:
    gw = app.gateway

    # --- moderation ------------------------------------------------------------------
    async def queue(ctx: Ctx) -> Response:
        filters = params(ctx, "account_id", "category", "intent", "status")
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
                if thread_id else nothing(),
                gw.query("archive", "search", ctx.municipality, author_id=author_id, account_id=data.get("account_id"),
                         newest_first=True, limit=10) if author_id else nothing())
        return ctx.render("item.html", item=data, error=answer.error or (None if data else "Ärendet finns inte."),
                          thread=thread, history=history, item_id=item_id, command_id=new_id())

    return [
        Route("/moderering", guard(app, queue, Permission.moderate_view)),
        Route("/moderering/{item_id:str}", guard(app, item, Permission.moderate_view)),
    ]
