"""A dead letter as notify keeps it: origin, the item it concerns, the whole message, and
what a replay sends (to the publisher of the original event)."""

from __future__ import annotations

import base64
import json

from services.notify.domain.dead_letters import concerns, dead_letter_document, replay_request
from shared.contracts import utcnow
from shared.dead_letters import publisher_of, replay_headers

BODY = json.dumps({"event_id": "ev1", "municipality": "knivsta", "platform": "facebook", "kind": "comment",
                   "item_id": "c1", "account_id": "p1", "text": "Hej"}).encode()
HEADERS = {
    "Nats-Msg-Id": "dlq:archive:SOCIAL:7", "x-original-subject": "social.received.facebook",
    "x-original-stream": "SOCIAL", "x-original-sequence": "7", "x-consumer": "archive-items",
    "x-service": "archive", "x-error": "KeyError('x')", "x-delivered": "6",
    "x-original-headers": json.dumps({"Nats-Msg-Id": "ev1", "correlation_id": "corr1"}),
}


def test_the_document_keeps_origin_item_and_the_whole_message() -> None:
    doc = dead_letter_document(subject="dlq.archive", headers=HEADERS, data=BODY, position="DLQ:3",
                               municipality="knivsta", at=utcnow())
    assert doc.id == "dlq:archive:SOCIAL:7"
    assert (doc.service, doc.subject, doc.consumer) == ("archive", "social.received.facebook", "archive-items")
    assert doc.original_position == "SOCIAL:7"
    assert doc.original_headers == {"Nats-Msg-Id": "ev1", "correlation_id": "corr1"}
    assert doc.concerns == {"platform": "facebook", "kind": "comment", "item_id": "c1", "item_event_id": "ev1",
                               "account_id": "p1"}
    assert doc.raw == BODY


def test_a_replay_goes_to_the_publisher_addressed_to_the_failed_consumer() -> None:
    doc = dead_letter_document(subject="dlq.archive", headers=HEADERS, data=BODY, position="DLQ:3",
                               municipality="knivsta", at=utcnow()).model_copy(update={"replays": 1})
    request = replay_request(doc)
    assert request.publisher == "ingest"  # only ingest publishes social.received.*
    assert base64.b64decode(request.body_b64) == BODY
    assert request.attempt == 2
    headers = replay_headers(dead_letter_id=doc.id, consumer=request.consumer, original=request.headers,
                             attempt=request.attempt)
    assert headers == {"correlation_id": "corr1", "Nats-Msg-Id": "replay:dlq:archive:SOCIAL:7:2",
                       "x-replay-for": "archive-items", "x-replay-of": "dlq:archive:SOCIAL:7"}


def test_publishers_and_unreadable_bodies() -> None:
    assert publisher_of("moderation.item.tagged") == "moderation"
    assert publisher_of("dlq.archive") is None
    assert concerns("social.received.x", b"not json") == {}
