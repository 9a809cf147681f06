"""Use cases of moderation."""

from __future__ import annotations

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import ItemTagged, PlatformEvent, deterministic_id

from .domain import classify
from .store import VerdictStore


async def tag_item(*, store: VerdictStore, broker: NatsBroker, event: PlatformEvent, policy: str) -> ItemTagged:
    """Tag one item, store the verdict, then publish it (same id on every redelivery)."""
    verdict = classify(event.text)
    tagged = ItemTagged(
        event_id=deterministic_id("moderation.tagged", event.event_id),
        correlation_id=event.correlation_id,
        municipality=event.municipality,
        item_event_id=event.event_id,
        platform=event.platform,
        account_id=event.account_id,
        item_id=event.item_id,
        policy=policy,
        tags=verdict.tags,
        severity=verdict.severity,
        recommended_action=verdict.recommended_action,
    )
    await store.save(tagged)
    await publish_event(broker, tagged, subjects.MODERATION_TAGGED)
    return tagged
