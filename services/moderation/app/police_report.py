"""The police-report package (polisanmälan): everything the police need, gathered
when staff decide to report, so nobody has to collect it by hand afterwards."""

from __future__ import annotations

from typing import Any

from ..deps import Deps


async def build_police_report(*, deps: Deps, item: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    """Content, sender, times, thread context and the archive's proof, in one package."""
    municipality = item["municipality"]
    thread_id = item.get("thread_id")
    context = await deps.store.thread(municipality, thread_id) if thread_id else []
    preserved = await deps.store.preserved_record(municipality, item["platform"], item["item_id"])
    offender = await deps.store.offender(municipality, item["platform"], item["account_id"],
                                         (item.get("author") or {}).get("platform_id", ""))
    package = {
        "_id": decision["_id"], "municipality": municipality, "item_event_id": item["_id"], "created_at": deps.now(),
        "prepared_by": {"user_id": decision["actor_id"], "name": decision.get("actor_name")},
        "reason": decision["reason"],
        "content": {"text": item.get("text", ""), "platform": item["platform"], "account_id": item["account_id"],
                    "item_id": item["item_id"], "kind": item.get("kind"), "links": item.get("links", [])},
        "sender": item.get("author"),
        "times": {"published_at": item.get("published_at"), "received_at": item.get("received_at"),
                  "tagged_at": item.get("occurred_at")},
        "categories": item.get("categories", []), "tags": item.get("tags", []),
        "thread": [{"item_id": c["item_id"], "author": c.get("author"), "text": c.get("text"),
                    "received_at": c.get("received_at"), "direction": c.get("direction")} for c in context],
        "archive_proof": ({"record_id": preserved["record_id"], "preserved_at": preserved["preserved_at"]}
                          if preserved else None),
        "earlier_violations": (offender or {}).get("count", 0),
    }
    await deps.store.save_police_report(package)
    return package
