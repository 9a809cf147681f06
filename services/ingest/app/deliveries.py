"""Accepting a delivery (webhook or polled page) and replaying the spool: raw kept,
normalised, accounts annotated, published with JetStream's acks awaited, outcome noted."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from pymongo.errors import PyMongoError

from shared.contracts import PlatformEvent, deterministic_id
from shared.contracts.ingest import DeliveryStatus
from shared.logging import get_logger

from ..adapters.publisher import BusUnavailable
from ..adapters.spool import SpoolEntry
from ..adapters.store import RawDelivery
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
    """Keep the raw delivery, normalise it, publish its events and wait for JetStream's acks.

    Raises InvalidPayload (the raw body is kept anyway) or Unavailable (spooled to disk)."""
    delivery_id = delivery_id_for(platform, municipality, body)
    raw = RawDelivery(delivery_id=delivery_id, municipality=municipality, platform=platform, body=body,
                      content_type=content_type, received_at=received_at, source=source)
    try:
        await deps.store.save_raw(raw)
        raw_saved = True
    except PyMongoError as exc:
        log.error("delivery.store_failed", delivery_id=delivery_id, error=type(exc).__name__)
        raw_saved = False
    ctx = Context(municipality=municipality, received_at=received_at, delivery_id=delivery_id)
    try:
        normalised = normalise(ctx)
    except InvalidPayload as exc:
        DELIVERIES.labels(platform, "rejected").inc()
        if raw_saved:
            with contextlib.suppress(PyMongoError):  # the refusal stands even if its note is lost
                await deps.store.mark(delivery_id, "rejected", reason=str(exc))
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
    entry = SpoolEntry(**dict(raw), raw_saved=raw_saved, events=events,
                       dedupe_keys=sorted({keys[e.event_id] for e in events if e.event_id in keys}),
                       problems=normalised.problems)
    if not raw_saved:
        await _spool(deps, entry, reason="database unavailable")
        raise Unavailable("database unavailable")
    try:
        duplicates = await deps.publisher.publish_all(events)
    except BusUnavailable as exc:
        await _spool(deps, entry, reason=str(exc))
        raise Unavailable(str(exc)) from exc
    await _finish(deps, entry)
    DELIVERIES.labels(platform, "published").inc()
    EVENTS_PUBLISHED.labels(platform).inc(len(events))
    return Accepted(delivery_id=delivery_id, published=len(events), duplicates=duplicates,
                    skipped=normalised.skipped, problems=normalised.problems)


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


async def _finish(deps: Deps, entry: SpoolEntry) -> None:
    """Record the outcome. The events are acked already, so a database hiccup here only
    costs the status line (a retry is dropped by JetStream's duplicate window)."""
    # A mended body (field names escaped) lost nothing: noted among the problems, not a rejection.
    status: DeliveryStatus = "published" if all(p == MENDED for p in entry.problems) else "partly_rejected"
    if MENDED in entry.problems:
        log.warning("delivery.mended", delivery_id=entry.delivery_id, platform=entry.platform)
    try:
        await deps.store.mark(entry.delivery_id, status, events=len(entry.events), problems=entry.problems)
        if entry.dedupe_keys:
            await deps.store.remember_published(entry.dedupe_keys, municipality=entry.municipality,
                                                  source=entry.platform)
    except PyMongoError as exc:
        log.error("delivery.status_not_saved", delivery_id=entry.delivery_id, error=type(exc).__name__)


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
            if not entry.raw_saved:
                await deps.store.save_raw(entry)
            events = entry.events
            if any(REGISTRY_UNAVAILABLE in e.flags for e in events):
                events = await deps.accounts.annotate(events)  # registry may answer now
            await deps.publisher.publish_all(events)
            await _finish(deps, entry)
        except (BusUnavailable, PyMongoError) as exc:
            log.warning("spool.replay_paused", delivery_id=entry.delivery_id, error=repr(exc))
            break
        deps.spool.remove(path)
        replayed += 1
        log.info("spool.replayed", delivery_id=entry.delivery_id, events=len(entry.events))
    return replayed
