"""Use cases of notify."""

from __future__ import annotations

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import AlertRaised, ItemTagged

from .domain import severe_content_alert
from .store import AlertStore


async def alert_on_verdict(*, store: AlertStore, broker: NatsBroker, tagged: ItemTagged) -> AlertRaised | None:
    alert = severe_content_alert(tagged)
    if alert is None:
        return None
    await store.save(alert)
    await publish_event(broker, alert, subjects.NOTIFY_ALERT_RAISED)
    return alert
