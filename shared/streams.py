"""The JetStream streams, declared once. Every service calls `ensure_streams` at start;
creating an existing stream with the same config is a no-op, so the order of starts
does not matter."""

from __future__ import annotations

from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

DAY = 24 * 3600.0


@dataclass(frozen=True)
class StreamSpec:
    name: str
    subjects: tuple[str, ...]
    description: str
    max_age_days: float
    # Meta retries a webhook for up to 36 hours, so publishes are de-duplicated over
    # 48 hours; the stores' unique indexes are the lasting guard behind it.
    duplicate_window_s: float = 2 * DAY


STREAMS: tuple[StreamSpec, ...] = (
    StreamSpec("INGEST", ("ingest.>",), "Raw deliveries as received, until ingest's store has them", 30),
    StreamSpec("SOCIAL", ("social.>",), "Items received from and posted to platforms", 30),
    StreamSpec("MODERATION", ("moderation.>",), "Verdicts, decisions and actions", 30),
    StreamSpec("REGISTRY", ("registry.>",), "Account lifecycle and reviews", 30),
    StreamSpec("ARCHIVE", ("archive.>",), "Records stored, preserved, registered, culled", 30),
    StreamSpec("NOTIFY", ("notify.>",), "Alerts and crisis broadcasts", 30),
    StreamSpec("DLQ", ("dlq.>",), "Messages that could not be handled", 90),
)

STREAM_BY_PREFIX = {spec.subjects[0].split(".")[0]: spec.name for spec in STREAMS}


def stream_for(subject: str) -> str:
    """The stream holding `subject` (by its first token)."""
    return STREAM_BY_PREFIX[subject.split(".", 1)[0]]


def stream_config(spec: StreamSpec, *, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        description=spec.description,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        num_replicas=replicas,
        max_age=spec.max_age_days * DAY,
        duplicate_window=spec.duplicate_window_s,
    )


async def ensure_streams(js: JetStreamContext, *, replicas: int = 1) -> None:
    for spec in STREAMS:
        config = stream_config(spec, replicas=replicas)
        try:
            await js.add_stream(config)
        except BadRequestError:
            # Exists with another config (e.g. an older release): bring it up to date.
            await js.update_stream(config)
