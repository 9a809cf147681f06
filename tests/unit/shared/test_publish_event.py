"""publish_event when nats-py is handed an empty JetStream ack (nats-io/nats.py#639)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shared.broker import PUBLISH_ATTEMPTS, PublishAckUnreadable, publish_event
from shared.contracts import RecordPreserved
from shared.faults import is_infrastructure_fault

EVENT = RecordPreserved(municipality="knivsta", record_id="rec-1", platform="facebook", item_id="PAGE_c1")


class FlakyAckBroker:
    """Reads `unreadable` acks as nats-py does (json.loads of an empty reply), then acks."""

    def __init__(self, unreadable: int) -> None:
        self.unreadable = unreadable
        self.sent: list[dict[str, Any]] = []

    async def publish(self, event: Any, subject: str, **kwargs: Any) -> dict[str, Any]:
        self.sent.append({"subject": subject, **kwargs})
        if len(self.sent) <= self.unreadable:
            json.loads(b"")
        return {"stream": "ARCHIVE", "seq": len(self.sent)}


async def test_an_unreadable_ack_is_published_again_under_the_same_message_id() -> None:
    broker = FlakyAckBroker(unreadable=1)
    ack = await publish_event(broker, EVENT, "archive.record.preserved")  # type: ignore[arg-type]
    assert ack == {"stream": "ARCHIVE", "seq": 2}
    ids = [sent["headers"]["Nats-Msg-Id"] for sent in broker.sent]
    assert len(ids) == 2 and ids[0] == ids[1] == EVENT.event_id  # a kept first one is a duplicate


async def test_acks_that_stay_unreadable_are_an_outage_not_a_content_failure() -> None:
    broker = FlakyAckBroker(unreadable=PUBLISH_ATTEMPTS)
    with pytest.raises(PublishAckUnreadable) as raised:
        await publish_event(broker, EVENT, "archive.record.preserved")  # type: ignore[arg-type]
    assert len(broker.sent) == PUBLISH_ATTEMPTS
    assert is_infrastructure_fault(raised.value)  # the message waits, it is never dead-lettered
