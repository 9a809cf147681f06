"""What a dead letter carries, and how it is sent again.

A dead letter keeps everything needed to understand and replay it: the original
subject, stream position, consumer and service, every original header (as one JSON
header, since NATS headers are flat one-line strings) and the body unchanged. A replay
republishes the body to the original subject addressed to the one consumer that failed
(`x-replay-for`): every other consumer of that subject acks it unread, and the failed
one handles it like a redelivery, so deterministic ids make a repeated replay change
nothing already done.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

ORIGINAL_SUBJECT = "x-original-subject"
ORIGINAL_STREAM = "x-original-stream"
ORIGINAL_SEQUENCE = "x-original-sequence"
ORIGINAL_HEADERS = "x-original-headers"
CONSUMER = "x-consumer"
SERVICE = "x-service"
ERROR = "x-error"
DELIVERED = "x-delivered"
REPLAY_FOR = "x-replay-for"
REPLAY_OF = "x-replay-of"
MSG_ID = "Nats-Msg-Id"


def one_line(text: str, limit: int = 1000) -> str:
    """Header values must be one line: a pydantic error spans many."""
    return " ".join(text.split())[:limit]


def dead_letter_headers(*, service: str, raw: Any, error: BaseException, delivered: int) -> dict[str, str]:
    """Headers of the copy sent to `dlq.<service>` for the JetStream message `raw`."""
    metadata = raw.metadata
    original = dict(raw.headers or {})
    headers = {
        MSG_ID: f"dlq:{service}:{metadata.stream}:{metadata.sequence.stream}",
        ORIGINAL_SUBJECT: raw.subject,
        ORIGINAL_STREAM: metadata.stream,
        ORIGINAL_SEQUENCE: str(metadata.sequence.stream),
        ORIGINAL_HEADERS: json.dumps(original, ensure_ascii=False, separators=(",", ":")),
        CONSUMER: metadata.consumer,
        SERVICE: service,
        ERROR: one_line(repr(error)),
        DELIVERED: str(delivered),
    }
    if "correlation_id" in original:  # so the dead letter's own handling logs the same trace
        headers["correlation_id"] = original["correlation_id"]
    return headers


def original_headers(headers: Mapping[str, str]) -> dict[str, str]:
    try:
        found = json.loads(headers.get(ORIGINAL_HEADERS) or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def replay_headers(*, dead_letter_id: str, consumer: str, original: Mapping[str, str], attempt: int) -> dict[str, str]:
    """Headers for replaying a dead letter: the original ones, addressed to `consumer`.

    The message id is new (the original's is inside JetStream's duplicate window and would
    be dropped), one per replay attempt, so a replay after a second fix is not dropped
    either; the consumers' own deterministic ids are what make it idempotent."""
    headers = {k: v for k, v in original.items() if not k.startswith("Nats-")}
    headers.update({MSG_ID: f"replay:{dead_letter_id}:{attempt}", REPLAY_FOR: consumer, REPLAY_OF: dead_letter_id})
    return headers


def meant_for_another(headers: Mapping[str, str], consumer: str) -> bool:
    """True for a replay addressed to a different consumer than `consumer`."""
    target = headers.get(REPLAY_FOR)
    return bool(target) and target != consumer


# Who publishes each stream's events, and so replays its dead letters: a service only
# ever publishes its own events (ARCHITECTURE "Trust"; shared/runtime/nats_auth.py).
STREAM_PUBLISHER = {"SOCIAL": "ingest", "MODERATION": "moderation", "REGISTRY": "registry",
                    "ARCHIVE": "archive", "NOTIFY": "notify"}
REPLAY_COMMAND = "replay_dead_letter"


def publisher_of(subject: str) -> str | None:
    """The service that publishes `subject` (None for a subject outside the event streams)."""
    from .streams import STREAM_BY_PREFIX

    return STREAM_PUBLISHER.get(STREAM_BY_PREFIX.get(subject.split(".", 1)[0], ""))
