"""Dead letters as the system page shows them: where the message came from, which item
it concerns, why it failed, and whether an administrator has replayed it.

The whole message is kept (body bytes and original headers), so a replay sends exactly
what failed; the page shows a preview."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from shared import dead_letters as dl
from shared.contracts.notify import DeadLetter, ReplayRequest

BODY_PREVIEW_CHARS = 20_000
# Fields of an event that name what it is about, in the order they are worth showing.
ITEM_FIELDS = ("platform", "kind", "item_id", "item_event_id", "record_id", "account_id", "alert_id",
               "broadcast_id")


def concerns(subject: str, data: bytes) -> dict[str, str]:
    """What the failed message is about (item, record, account…), read from its body."""
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(body, dict):
        return {}
    found = {k: str(body[k]) for k in ITEM_FIELDS if isinstance(body.get(k), str | int) and body.get(k) != ""}
    if "item_event_id" not in found and subject.startswith("social.") and isinstance(body.get("event_id"), str):
        found["item_event_id"] = body["event_id"]  # an item's own event: its id is the item's
    return found


class KeptDeadLetter(DeadLetter):
    """A dead letter as stored: with the message's bytes (`raw`), which the replies leave out."""

    raw: bytes | None = None


def dead_letter_document(*, subject: str, headers: dict[str, str], data: bytes, position: str,
                         municipality: str | None, at: datetime) -> KeptDeadLetter:
    original = headers.get(dl.ORIGINAL_SUBJECT, "?")
    return KeptDeadLetter.model_validate({
        "_id": headers.get(dl.MSG_ID) or position,
        "municipality": municipality,
        "service": headers.get(dl.SERVICE, subject.split(".", 1)[-1]),
        "subject": original,
        "consumer": headers.get(dl.CONSUMER),
        "original_position": f"{headers.get(dl.ORIGINAL_STREAM, '?')}:{headers.get(dl.ORIGINAL_SEQUENCE, '?')}",
        "original_headers": dl.original_headers(headers),
        "error": headers.get(dl.ERROR, "")[:1000],
        "delivered": headers.get(dl.DELIVERED),
        "position": position,
        "at": at,
        "concerns": concerns(original, data),
        "body": data[:BODY_PREVIEW_CHARS].decode("utf-8", errors="replace"),
        "raw": data,
        "replays": 0,
    })


def replay_request(doc: KeptDeadLetter) -> ReplayRequest:
    """What the dashboard sends to the publisher (`cmd.<publisher>.replay_dead_letter`)."""
    return ReplayRequest(
        dead_letter_id=doc.id,
        subject=doc.subject,
        consumer=doc.consumer or "",
        headers=doc.original_headers,
        body_b64=base64.b64encode(bytes(doc.raw or doc.body.encode())).decode(),
        attempt=doc.replays + 1,
        publisher=dl.publisher_of(doc.subject),
    )
