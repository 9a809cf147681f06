"""What staff read: the review queue in the order to work it, and one item with
everything decided and done about it."""

from __future__ import annotations

from typing import Any

from ..domain.review import queue_sort_key
from .deps import Deps


async def review_queue(*, deps: Deps, municipality: str, status: str, account_id: str | None, category: str | None,
                       limit: int) -> list[dict[str, Any]]:
    """Items in one status, most severe and most urgent first."""
    items = await deps.store.queue(municipality, status=status, account_id=account_id, category=category, limit=limit)
    return sorted(items, key=queue_sort_key)


def police_decision(item: dict[str, Any], log: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The recorded decision to report or not to report; `{"state": "missing"}` while the pack asks for one."""
    taken = [d for d in log if d.get("decision") in ("police_report", "police_not_reported")]
    if taken:
        last = taken[-1]
        return {"state": "reported" if last["decision"] == "police_report" else "not_reported",
                "reason": last.get("reason"), "by": last.get("actor_name"), "at": last.get("at")}
    return {"state": "missing"} if item.get("police_report") else None


async def item_detail(*, deps: Deps, municipality: str, item_event_id: str) -> dict[str, Any] | None:
    """One item with its decision log, platform actions, clocks, author history and archive receipt."""
    item = await deps.store.get(municipality, item_event_id)
    if item is None:
        return None
    author = (item.get("author") or {}).get("platform_id", "")
    offender = await deps.store.offender(municipality, item["platform"], item["account_id"], author)
    actions = await deps.store.actions_for_item(municipality, item["platform"], item["item_id"])
    log = await deps.store.decisions_for(municipality, item_event_id)
    return item | {
        "decision_log": log,
        # Where the pack says "ska polisanmälas" (Eskilstuna L118): report or not, with a reason, is a decision.
        "police_decision": police_decision(item, log),
        "platform_actions": actions,
        "clocks": await deps.store.clocks_for(municipality, item_event_id=item_event_id),
        "author_history": {"count": (offender or {}).get("count", 0),
                           "violations": (offender or {}).get("violations", [])[-10:]},
        "preserved": await deps.store.preserved_record(municipality, item["platform"], item["item_id"]),
    }
