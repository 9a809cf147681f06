"""Accepting a delivery (webhook or polled page) and replaying the spool: normalised,
accounts annotated, the raw delivery with its outcome and the events published with
JetStream's acks awaited; and keeping the raw deliveries in ingest's store."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from pymongo.errors import PyMongoError

from shared.contracts import PlatformEvent, deterministic_id
from shared.contracts.ingest import DeliveryKept, DeliveryStatus, RawDelivery
from shared.logging import get_logger

from ..adapters.publisher import BusUnavailable
from ..adapters.spool import SpoolEntry
from ..deps import Deps
from ..domain import Context, InvalidPayload, Normalised
from ..domain.common import MENDED
from ..metrics import DELIVERIES, EVENTS_PUBLISHED, SPOOLED
from .accounts import REGISTRY_UNAVAILABLE

log = get_logger(__name__)

Normaliser = Callable[[Context], Normalised]
DedupeKey = Callable[[PlatformEvent], str | None]


class Unavailable(Exception):
    """Kept on local disk, but not yet published or stored: answer 503 so the platform retries."""


@dataclass
class Accepted:
    delivery_id: str
    published: int
    duplicates: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def delivery_id_for(platform: str, municipality: str, body: bytes) -> str:
    """The same bytes from the same platform are the same delivery (a retry), whenever they come."""
    return deterministic_id("delivery", platform, municipality, hashlib.sha256(body).hexdigest())


async def accept_delivery(
    *, deps: Deps, platform: str, municipality: str, body: bytes, content_type: str, received_at: datetime,
    source: str | None, normalise: Normaliser, dedupe_key: DedupeKey | None = None,
) -> Accepted:
    """Normalise the delivery, publish the raw delivery as kept and its events, and wait
    for JetStream's acks (no database write on the way: ingest's consumer of the INGEST
    stream stores the raw delivery, so an outage of MongoDB does not hold a platform up).

    Raises InvalidPayload (the raw body is kept anyway) or Unavailable (spooled to disk)."""
    delivery_id = delivery_id_for(platform, municipality, body)
    raw = RawDelivery(delivery_id=delivery_id, municipality=municipality, platform=platform, body=body,
                      content_type=content_type, received_at=received_at, source=source)
    attempt = received_at.isoformat()
    ctx = Context(municipality=municipality, received_at=received_at, delivery_id=delivery_id)
    try:
        normalised = normalise(ctx)
    except InvalidPayload as exc:
        DELIVERIES.labels(platform, "rejected").inc()
        # The refusal stands (400) whether the raw body is kept now or from the spool.
        rejected = SpoolEntry(**dict(raw), status="rejected", attempt=attempt, reason=str(exc))
        with contextlib.suppress(Unavailable):
            await _publish_or_spool(deps, rejected)
        raise
    events, keys = normalised.events, {}
    if dedupe_key:
        keys = {e.event_id: k for e in events if (k := dedupe_key(e))}
        try:
            seen = await deps.store.already_published(sorted(set(keys.values())))
        except PyMongoError:
            seen = set()  # JetStream's duplicate window still drops a repeat within 48 h
        events = [e for e in events if keys.get(e.event_id) not in seen]
    events = await deps.accounts.annotate(events)
    entry = SpoolEntry(**dict(raw), status=_status(normalised.problems), attempt=attempt, events=events,
                       dedupe_keys=sorted({keys[e.event_id] for e in events if e.event_id in keys}),
                       problems=normalised.problems)
    duplicates = await _publish_or_spool(deps, entry)
    DELIVERIES.labels(platform, "published").inc()
    EVENTS_PUBLISHED.labels(platform).inc(len(events))
    return Accepted(delivery_id=delivery_id, published=len(events), duplicates=duplicates,
                    skipped=normalised.skipped, problems=normalised.problems)


def _status(problems: list[str]) -> DeliveryStatus:
    # A mended body (field names escaped) lost nothing: noted among the problems, not a rejection.
    return "published" if all(p == MENDED for p in problems) else "partly_rejected"


async def _publish_or_spool(deps: Deps, entry: SpoolEntry) -> int:
    """Publish the raw delivery as kept and its events; spool it all when NATS is away."""
    try:
        duplicates = await deps.publisher.publish_all(entry.events, kept=entry.kept())
    except BusUnavailable as exc:
        await _spool(deps, entry, reason=str(exc))
        raise Unavailable(str(exc)) from exc
    await _remember(deps, entry)
    return duplicates


async def _spool(deps: Deps, entry: SpoolEntry, *, reason: str) -> None:
    """Keep the delivery on local disk. If even that fails the platform's retry is all that is left."""
    try:
        await deps.spool.write(entry)
    except OSError as exc:
        log.critical("delivery.spool_failed", delivery_id=entry.delivery_id, platform=entry.platform,
                     reason=reason, error=repr(exc))
        raise Unavailable(f"{reason}; spool not writable") from exc
    SPOOLED.labels(entry.platform).inc()
    log.warning("delivery.spooled", delivery_id=entry.delivery_id, platform=entry.platform,
                events=len(entry.events), reason=reason)


async def _remember(deps: Deps, entry: SpoolEntry) -> None:
    """Note the ids published once and never again. The events are acked already, so a
    database hiccup here only lets a later repeat through to JetStream's duplicate window."""
    if MENDED in entry.problems:
        log.warning("delivery.mended", delivery_id=entry.delivery_id, platform=entry.platform)
    if not entry.dedupe_keys:
        return
    try:
        await deps.store.remember_published(entry.dedupe_keys, municipality=entry.municipality,
                                            source=entry.platform)
    except PyMongoError as exc:
        log.error("delivery.published_ids_not_saved", delivery_id=entry.delivery_id, error=type(exc).__name__)


async def keep_delivery(*, deps: Deps, kept: DeliveryKept) -> None:
    """An attempt at a delivery, as kept on the INGEST stream, into the deliveries collection."""
    await deps.store.keep(kept)


async def replay_spool(*, deps: Deps) -> int:
    """Publish what waits in the spool, oldest first; stop at the first failure (retried later)."""
    replayed = 0
    for path in deps.spool.pending():
        if not deps.publisher.connected:
            break
        try:
            entry = deps.spool.read(path)
        except (OSError, ValueError) as exc:
            log.error("spool.unreadable", path=str(path), error=repr(exc))
            path.rename(path.with_suffix(".unreadable"))  # kept for a person to look at, never dropped
            continue
        try:
            events = entry.events
            if any(REGISTRY_UNAVAILABLE in e.flags for e in events):
                events = await deps.accounts.annotate(events)  # registry may answer now
            await deps.publisher.publish_all(events, kept=entry.kept())
            await _remember(deps, entry)
        except BusUnavailable as exc:
            log.warning("spool.replay_paused", delivery_id=entry.delivery_id, error=repr(exc))
            break
        deps.spool.remove(path)
        replayed += 1
        log.info("spool.replayed", delivery_id=entry.delivery_id, events=len(entry.events))
    return replayed
