"""Use cases of ingest."""

from __future__ import annotations

import json
from datetime import datetime

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import PlatformEvent

from .domain import InvalidPayload, normalise_meta_feed
from .store import DeliveryStore


async def accept_meta_delivery(
    *, store: DeliveryStore, broker: NatsBroker, municipality: str, body: bytes,
    delivery_id: str, received_at: datetime,
) -> list[PlatformEvent]:
    """Store the raw delivery, normalise it, publish each event and wait for JetStream's ack.

    Raises InvalidPayload for a body Meta would never send; the raw body is kept anyway.
    """
    await store.save_raw(delivery_id=delivery_id, municipality=municipality, platform="facebook",
                         body=body, received_at=received_at)
    try:
        payload = json.loads(body)
    except json.JSONDecodeError as exc:
        await store.mark(delivery_id, "rejected", reason=str(exc))
        raise InvalidPayload(f"body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    try:
        events = normalise_meta_feed(payload, municipality=municipality, received_at=received_at,
                                     delivery_id=delivery_id)
    except InvalidPayload as exc:
        await store.mark(delivery_id, "rejected", reason=str(exc))
        raise
    for event in events:
        await publish_event(broker, event, subjects.social_received(event.platform))
    await store.mark(delivery_id, "published", events=len(events))
    return events
