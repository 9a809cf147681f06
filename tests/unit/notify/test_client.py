"""Notify's client: the replies notify sends (its stored documents through the reply
contracts) come back typed; a refusal is `NotifyRefused`, silence `NotifyUnavailable`
(a fake broker, no NATS)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import nats.errors
import pytest
from pydantic import TypeAdapter

from shared.clients.notify import NotifyClient, NotifyRefused, NotifyUnavailable
from shared.contracts.notify import Alert, BroadcastView, DeadLetter
from shared.contracts.queries import QueryError
from tests.support.requests import FakeRequester

from .factories import broadcast

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
STORED_ALERT = {"_id": "a1", "municipality": "knivsta", "rule": "severe_content", "severity": "severe",
                "title": "Hot i kommentar", "event_id": "a1", "correlation_id": "c1", "occurred_at": NOW,
                "raised_at": NOW, "last_seen_at": NOW, "state": "open", "folded_ids": ["a2"], "escalation_level": 0}


def sent(reply_type: Any, value: Any) -> bytes:
    """What notify's query subscriber sends for `value` (shared/queries.py)."""
    adapter: TypeAdapter[Any] = TypeAdapter(reply_type)
    return adapter.dump_json(adapter.validate_python(value, from_attributes=True))


async def test_alerts_come_back_as_stored_with_their_id_and_folds() -> None:
    body = sent(list[Alert], [Alert.model_validate(STORED_ALERT)])
    wire = json.loads(body)[0]
    assert wire["id"] == wire["alert_id"] == "a1" and wire["occurrences"] == 2 and "_id" not in wire
    broker = FakeRequester(lambda subject, _: body)
    [alert] = await NotifyClient(broker, timeout=0.1).alerts("knivsta", state="open")
    assert alert.id == alert.alert_id == "a1" and alert.occurrences == 2
    assert broker.asked == [("q.notify.alerts", {"municipality": "knivsta", "state": "open", "limit": 50})]


async def test_a_broadcast_with_its_deliveries_and_a_dead_letter_without_its_bytes() -> None:
    view = BroadcastView.model_validate({**broadcast().model_dump(by_alias=True), "delivery_summary": {"queued": 1}})
    broker = FakeRequester(lambda subject, _: sent(BroadcastView | None, view) if subject.endswith("broadcast")
                           else b"null")
    client = NotifyClient(broker, timeout=0.1)
    found = await client.broadcast("knivsta", "b1")
    assert found is not None and found.id == "b1" and found.delivery_summary == {"queued": 1}
    assert await client.dead_letter("knivsta", "nope") is None
    kept = {"_id": "dlq:1", "service": "archive", "subject": "social.received.x", "position": "DLQ:1", "at": NOW,
            "raw": b"{}"}
    assert "raw" not in json.loads(sent(list[DeadLetter], [DeadLetter.model_validate(kept)]))[0]


async def test_refused_and_silent() -> None:
    refusing = FakeRequester(lambda subject, _: QueryError(error="Ogiltig fråga: state").model_dump_json().encode())
    with pytest.raises(NotifyRefused):
        await NotifyClient(refusing, timeout=0.1).templates("knivsta")
    with pytest.raises(NotifyRefused):  # refused here, the way notify would
        await NotifyClient(refusing, timeout=0.1).alerts("knivsta", state="whatever")
    silent = FakeRequester(lambda subject, _: nats.errors.NoRespondersError())
    with pytest.raises(NotifyUnavailable):
        await NotifyClient(silent, timeout=0.1).broadcasts("knivsta")
