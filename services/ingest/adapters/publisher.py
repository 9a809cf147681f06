"""Publishing to JetStream with async publish and a bounded number of unacked messages.

Each event goes out with `js.publish_async` (no round trip awaited per message); the
JetStream context's semaphore bounds how many await their ack (`publish_max_in_flight`),
so a burst cannot grow memory without limit. A delivery is answered only when the raw
delivery as kept and every one of its events have been acked; `Nats-Msg-Id` = the event's
deterministic id, so a platform's retry (or a spool replay) is dropped by JetStream as a
duplicate (the raw delivery's id is its attempt's: each attempt is counted once).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from faststream.nats import NatsBroker
from nats.errors import Error as NatsError
from nats.js import JetStreamContext

from shared import subjects
from shared.broker import msg_headers
from shared.contracts import PlatformEvent, deterministic_id
from shared.contracts.ingest import DeliveryKept
from shared.logging import get_logger
from shared.streams import stream_for

log = get_logger(__name__)


class BusUnavailable(Exception):
    """JetStream did not acknowledge (NATS down, stream unavailable, timeout)."""


class Publisher:
    def __init__(self, broker: NatsBroker, *, max_in_flight: int, timeout: float) -> None:
        self.broker = broker
        self.max_in_flight = max_in_flight
        self.timeout = timeout
        self._js: JetStreamContext | None = None

    async def start(self) -> None:
        self._js = self.broker.connection.jetstream(publish_async_max_pending=self.max_in_flight)

    @property
    def connected(self) -> bool:
        try:
            return bool(self.broker.connection.is_connected)
        except Exception:  # noqa: BLE001 - not connected yet: FastStream raises on .connection
            return False

    async def publish_all(self, events: Sequence[PlatformEvent], *, kept: DeliveryKept | None = None) -> int:
        """Publish the raw delivery as `kept` (when given) and every event, and wait for all
        acks; raises BusUnavailable otherwise.

        Returns how many events JetStream reported as duplicates (already stored)."""
        if not events and kept is None:
            return 0
        if self._js is None or not self.connected:
            raise BusUnavailable("not connected to NATS")
        futures: list[asyncio.Future] = []
        try:
            # One deadline for the whole delivery (a per-message `wait_stall` would wrap every
            # publish in its own task and cost more than the publish itself).
            async with asyncio.timeout(self.timeout):
                if kept is not None:
                    subject = subjects.ingest_delivery(kept.platform)
                    futures.append(await self._js.publish_async(
                        subject, kept.model_dump_json().encode(), stream=stream_for(subject),
                        headers={"Nats-Msg-Id": deterministic_id("ingest.kept", kept.delivery_id, kept.attempt),
                                 "content-type": "application/json"}))
                first_event = len(futures)
                for event in events:
                    subject = subjects.social_received(event.platform)
                    headers = msg_headers(event) | {"content-type": "application/json"}
                    futures.append(await self._js.publish_async(
                        subject, event.model_dump_json().encode(), stream=stream_for(subject), headers=headers,
                    ))
                acks = await asyncio.gather(*futures)
        except (NatsError, TimeoutError, ConnectionError, OSError) as exc:
            for future in futures:
                future.cancel()  # frees their slots in the in-flight bound
            raise BusUnavailable(repr(exc)) from exc
        return sum(1 for ack in acks[first_event:] if getattr(ack, "duplicate", False))
