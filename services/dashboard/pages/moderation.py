"""The moderation queue and the item view."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from shared.contracts.base import new_id
from shared.contracts.archive import SearchQuery
from shared.contracts.moderation import ItemDetail, QueueQuery
from shared.contracts.registry import AccountsQuery

from ..adapters.gateway import Answer
from ..deps import Deps
from ..domain.labels import CATEGORY_LABELS, SEVERITY_ORDER
from ..domain.permissions import Permission
from ..web import Ctx, guard
from .common import given, nothing, params, records


# --- moderation ------------------------------------------------------------------

async def queue(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    filters = params(ctx, "account_id", "category", "intent", "status")
    status = filters.get("status") if filters.get("status") in ("open", "decided", "no_action") else "open"
    category = filters.get("category") if filters.get("category") in CATEGORY_LABELS else None
    answer = await gw.typed("moderation", "queue", lambda: gw.moderation.queue(gw.moderation.build(
        "queue", QueueQuery, municipality=ctx.municipality, limit=200, status=status,
        **given(account_id=filters.get("account_id"), category=category))))
    items = answer.items
    if intent := filters.get("intent"):  # moderation filters by account and category; intent here, per page
        items = [i for i in items if intent in (i.get("intents") or [])]
    items.sort(key=lambda i: (SEVERITY_ORDER.get(str(i.get("severity")), 9), str(i.get("due_at") or "9999")))
    accounts, notice = await asyncio.gather(
        gw.typed("registry", "accounts", gw.registry.accounts(AccountsQuery(municipality=ctx.municipality,
                                                                            limit=200))),
        gw.typed("moderation", "notice", gw.moderation.notice(ctx.municipality)))
    names = {a.platform_account_id: a.name for a in accounts.value or [] if a.platform_account_id}
    return ctx.render("queue.html", items=items, error=answer.error, filters=filters | {"status": status},
                      accounts=accounts.items, account_names=names, full=len(answer.items) >= 200,
                      notice=notice.data if isinstance(notice.data, dict) else {})


async def item(ctx: Ctx) -> Response:
    gw = ctx.deps.gateway
    item_id = ctx.request.path_params["item_id"]
    answer = await gw.typed("moderation", "item", lambda: gw.moderation.item(ctx.municipality, item_id))
    detail: ItemDetail | None = answer.value
    data = answer.data if detail is not None else None
    thread: list[dict] = []
    thread_error = history_error = None
    history_items: list[dict] = []
    police_report = None
    if detail is not None:
        thread_id = detail.thread_id or detail.parent_id
        author_id = detail.author.platform_id
        pivot = detail.published_at or detail.received_at
        # The thread around the item: the ten before it and the ten from it on (a busy
        # post can have thousands of comments; never ask for them all).
        def search(**fields: Any) -> Awaitable[Answer]:
            return gw.typed("archive", "search", lambda: gw.archive.search(gw.archive.build(
                "search", SearchQuery, municipality=ctx.municipality, **given(**fields))))

        before, after, history = await asyncio.gather(
            search(thread_id=thread_id, date_to=pivot, newest_first=True, limit=10) if thread_id else nothing(),
            search(thread_id=thread_id, date_from=pivot, limit=11) if thread_id else nothing(),
            search(author_id=author_id, account_id=detail.account_id, newest_first=True, limit=11)
            if author_id else nothing())
        seen: set[str] = set()
        for record in [*reversed(records(before)), *records(after)]:
            if str(record.get("id")) not in seen:
                seen.add(str(record.get("id")))
                thread.append(record)
        thread_error = (before.error if before else None) or (after.error if after else None)
        history_error = history.error if history else None
        if any(d.decision == "police_report" for d in detail.decision_log):
            report = await gw.typed("moderation", "police_report", lambda: gw.moderation.police_report(
                ctx.municipality, item_id))
            police_report = report.data if report.value is not None else None
        history_items = [r for r in records(history) if r.get("item_id") != detail.item_id]
    return ctx.render("item.html", item=data, error=answer.error or (None if data else "Ärendet finns inte."),
                      thread=thread, thread_error=thread_error, history=history_items[:10],
                      history_error=history_error, item_id=item_id, police_report=police_report,
                      command_id=new_id())


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/moderering", guard(deps, queue, Permission.moderate_view)),
        Route("/moderering/{item_id:str}", guard(deps, item, Permission.moderate_view)),
    ]
