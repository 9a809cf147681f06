"""The decision log: every decision (staff's or an automatic one the pack permits) is
logged once, noted on its item, and published (`moderation.item.decided`)."""

from __future__ import annotations

from shared import subjects
from shared.broker import publish_event
from shared.contracts import ItemDecided, deterministic_id
from shared.contracts.moderation import DecisionRecord, DecisionSummary
from shared.logging import get_logger

from ..deps import Deps

log = get_logger(__name__)


async def record_decision(*, deps: Deps, decision: DecisionRecord, correlation_id: str, close: bool) -> None:
    """Log the decision once (a redelivery adds nothing), note it on the item, and publish it."""
    inserted = await deps.store.save_decision(decision)
    if inserted:
        summary = DecisionSummary(id=decision.id, decision=decision.decision, reason=decision.reason,
                                  actor_name=decision.actor_name, automatic=decision.automatic, at=decision.at)
        if close:
            await deps.store.set_status(decision.municipality, decision.item_event_id, "decided", decision=summary)
        else:
            await deps.store.push_decision(decision.item_event_id, summary)
    event = ItemDecided(
        event_id=deterministic_id("moderation.decided", decision.id), correlation_id=correlation_id,
        municipality=decision.municipality, decision_id=decision.id, item_event_id=decision.item_event_id,
        platform=decision.platform, account_id=decision.account_id, item_id=decision.item_id,
        decision=decision.decision, reason=decision.reason, actor_id=decision.actor_id,
        actor_name=decision.actor_name, actor_roles=decision.actor_roles, automatic=decision.automatic,
        consulted_id=decision.consulted_id, consulted_name=decision.consulted_name, unit=decision.unit,
        reply_text=decision.reply_text, categories=decision.categories,
    )
    await publish_event(deps.broker, event, subjects.MODERATION_DECIDED)
    log.info("item.decided", decision_id=decision.id, decision=decision.decision, automatic=event.automatic)
