"""Page snapshots (Piteå: every six months and before large changes; SKR guidance):
HTML, PNG and PDF/A of an account's public page, kept as a record of source `snapshot`;
which are due, and the reminder (`archive.snapshot.due`).

The archive runs no browser. It asks the snapshot worker (services/snapshot: headless
Chromium in a process with no database settings and, in deploy/, no route to MongoDB)
over `q.snapshot.render` and keeps what comes back (shared/snapshots.py: the chunks, each
part's SHA-256 checked). Every request is written down first (`snapshot_requests`):
while the worker is away (not running, or its answer incomplete) the request waits and
the maintenance loop asks again with the dependency backoff, for as long as it takes;
it is never dropped. A page the worker refuses (not a public http(s) address) or fails
to render is marked failed with the reason, and staff are told.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any, Literal

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.clients.registry import RegistryUnavailable
from shared.contracts import deterministic_id, new_id, utcnow
from shared.contracts.archive import SnapshotDue, SnapshotDueRow
from shared.contracts.commands import Refusal
from shared.faults import is_infrastructure_fault
from shared.logging import get_logger
from shared.policy import available_packs
from shared.snapshots import NOT_WEB, REFUSED, Render, SnapshotFailed, SnapshotRequest, ask_render, web_address

from ..adapters.ledger import Ledger
from ..adapters.pages import PageDirectory
from ..adapters.snapshot_requests import PageSnapshotRequest, SnapshotRequestStore
from ..adapters.store import RecordStore
from ..config import ArchiveSettings
from ..domain.records import upstream_record_id
from .policies import policy_for
from .records import log_version, new_record

log = get_logger(__name__)
Outcome = tuple[Literal["done", "waiting", "failed"], str]


def as_media(render: Render) -> list[dict[str, str]]:
    """The PNG and PDF as data URLs on the record's media (the record holds them itself)."""
    return [
        {"url": "data:image/png;base64," + base64.b64encode(render.parts["png"]).decode(), "kind": "screenshot",
         "alt_text": "Skärmdump av kontots sida"},
        {"url": "data:application/pdf;base64," + base64.b64encode(render.parts["pdf"]).decode(), "kind": "pdf",
         "alt_text": "Sidan som PDF"},
    ]


async def render(*, broker: NatsBroker, settings: ArchiveSettings, url: str, request_id: str) -> Render:
    """The worker's render of `url`; raises `SnapshotWorkerUnavailable` or `SnapshotFailed`."""
    if not web_address(url):  # the worker's first rule: not worth asking it (a SNAPSHOT_PAGES file: URL)
        raise SnapshotFailed(REFUSED + NOT_WEB, refused=True)
    request = SnapshotRequest(url=url, request_id=request_id, timeout_s=settings.snapshot_render_timeout_s,
                              max_bytes=settings.snapshot_max_bytes)
    # Two renderings (DOM, screenshot) each within the timeout, and the transfer.
    return await ask_render(broker.connection, request, timeout=2 * request.timeout_s + 15)


async def store_snapshot(*, store: RecordStore, ledger: Ledger, municipality: str, account_id: str, url: str,
                         request_id: str, shot: Render) -> str:
    """Keep the render as an upprättad record (one per request: a retry stores nothing twice)."""
    m = shot.manifest
    taken = m.finished_at or utcnow()
    rid = upstream_record_id(municipality, "archive.snapshot", request_id)
    content = {"text": f"Skärmdump av {url}", "author": {"platform_id": "kanalvakt", "name": "Kanalvakt arkiv",
                                                          "profile_url": None},
               "media": as_media(shot), "links": [url],
               "raw": {"html": shot.html, "url": url, "final_url": m.final_url, "title": m.title,
                       "started_at": m.started_at.isoformat() if m.started_at else None,
                       "finished_at": taken.isoformat(), "request_id": request_id,
                       "sha256": {p.name: p.sha256 for p in m.parts}}}
    meta = {"platform": None, "account_id": account_id, "item_id": rid, "thread_id": f"snapshots:{account_id}",
            "parent_id": None, "kind": "snapshot", "direction": "upprattad", "published_at": taken,
            "received_at": taken, "item_event_ids": [rid]}
    now = utcnow()
    if await store.insert_record(new_record(rid, municipality=municipality, source="snapshot", content=content,
                                            meta=meta, now=now)):
        await log_version(ledger, store, municipality=municipality, rid=rid, version=1, content=content, now=now)
    return rid


def _lease(settings: ArchiveSettings) -> timedelta:
    """Longer than one attempt may take: a request being asked is not taken by another."""
    return timedelta(seconds=2 * settings.snapshot_render_timeout_s + 30)


async def request_snapshot(*, store: RecordStore, requests: SnapshotRequestStore, ledger: Ledger, broker: NatsBroker,
                           settings: ArchiveSettings, municipality: str, account_id: str, url: str,
                           requested_by: dict[str, Any]) -> Outcome:
    """Write the request down, then ask the worker at once: ("done", record id), ("waiting",
    why: asked again later) or ("failed", why)."""
    now = utcnow()
    # Held by this attempt (the maintenance loop takes it only if this one ends without an outcome).
    request = PageSnapshotRequest(id=new_id(), municipality=municipality, account_id=account_id, url=url,
                                  requested_by=requested_by, requested_at=now, status="pending", attempts=0,
                                  next_at=now + _lease(settings))
    await requests.insert(request)
    return await _attempt(store=store, requests=requests, ledger=ledger, broker=broker, settings=settings,
                          request=request)


async def _attempt(*, store: RecordStore, requests: SnapshotRequestStore, ledger: Ledger, broker: NatsBroker,
                   settings: ArchiveSettings, request: PageSnapshotRequest) -> Outcome:
    try:
        shot = await render(broker=broker, settings=settings, url=request.url, request_id=request.id)
    except SnapshotFailed as exc:
        await requests.failed(request.id, error=str(exc), refused=exc.refused, at=utcnow())
        log.warning("archive.snapshot_failed", request_id=request.id, url=request.url, error=str(exc))
        return "failed", str(exc)
    except Exception as exc:
        if not is_infrastructure_fault(exc):
            raise
        backoff = settings.dependency_backoff
        attempts = request.attempts + 1
        delay = backoff[min(attempts - 1, len(backoff) - 1)]
        await requests.waiting(request.id, attempts=attempts, next_at=utcnow() + timedelta(seconds=delay),
                               error=str(exc))
        log.warning("archive.snapshot_waiting_for_worker", request_id=request.id, attempts=attempts,
                    next_in_s=delay, error=str(exc))
        return "waiting", str(exc)
    rid = await store_snapshot(store=store, ledger=ledger, municipality=request.municipality,
                               account_id=request.account_id, url=request.url, request_id=request.id, shot=shot)
    await requests.done(request.id, record_id=rid, at=utcnow())
    log.info("archive.snapshot_stored", request_id=request.id, record_id=rid, attempts=request.attempts + 1)
    return "done", rid


async def retry_waiting(*, store: RecordStore, requests: SnapshotRequestStore, ledger: Ledger, broker: NatsBroker,
                        settings: ArchiveSettings, now: datetime | None = None) -> int:
    """Ask again for every request whose next attempt is due (one replica each: a claim
    moves its next attempt past the time a render may take)."""
    now = now or utcnow()
    lease = _lease(settings)
    done = 0
    for request in await requests.due(now):
        if not await requests.claim(request, now + lease):
            continue  # another replica has it
        outcome, _ = await _attempt(store=store, requests=requests, ledger=ledger, broker=broker, settings=settings,
                                    request=request)
        done += outcome == "done"
    return done


async def take_snapshot(*, store: RecordStore, requests: SnapshotRequestStore, ledger: Ledger, broker: NatsBroker,
                        settings: ArchiveSettings, pages: PageDirectory, municipality: str, account_id: str,
                        requested_by: dict[str, Any]) -> Outcome:
    """Staff ask for a snapshot of an account's page now: its address from the settings or
    registry (refused when registry does not answer or knows none), then `request_snapshot`."""
    try:
        url = await pages.url_for(municipality, account_id)
    except RegistryUnavailable as exc:
        raise Refusal("Kontoregistret svarar inte, så sidans adress är okänd. "
                      f"Försök igen om en stund. ({exc})") from exc
    if not url:
        raise Refusal("Kontot har ingen sidadress i kontoregistret (och ingen är inställd i SNAPSHOT_PAGES).")
    # The snapshot worker renders the page (this service runs no browser); while it is
    # away the request waits and is asked again, never dropped.
    return await request_snapshot(store=store, requests=requests, ledger=ledger, broker=broker, settings=settings,
                                  municipality=municipality, account_id=account_id, url=url,
                                  requested_by=requested_by)


async def snapshots_due(*, store: RecordStore, pages: PageDirectory, now: datetime | None = None,
                        municipality: str | None = None) -> list[SnapshotDueRow]:
    """Accounts whose half-yearly snapshot is due (or soon due), per pack: every live account
    registry gives an address for, and every account in the `SNAPSHOT_PAGES` setting."""
    now = now or utcnow()
    out = []
    for m in [municipality] if municipality else pages.municipalities(available_packs()):
        policy = policy_for(m).snapshots
        if not policy.every_months:
            continue
        for account_id, url in sorted((await pages.pages(m)).items()):
            last_at = await store.last_snapshot_at(m, account_id)
            due_at = (last_at + timedelta(days=round(policy.every_months * 30.44))) if last_at else now
            if due_at - timedelta(days=policy.remind_days_before) <= now:
                out.append(SnapshotDueRow(municipality=m, account_id=account_id, page_url=url, due_at=due_at,
                                          last_snapshot_at=last_at))
    return out


async def remind_snapshots(*, store: RecordStore, broker: NatsBroker, pages: PageDirectory) -> int:
    """Publish `archive.snapshot.due` once per account and due date."""
    due = await snapshots_due(store=store, pages=pages, now=utcnow())
    for item in due:
        event = SnapshotDue(
            event_id=deterministic_id("archive.snapshot.due", item.municipality, item.account_id,
                                      item.due_at.date().isoformat()),
            municipality=item.municipality, account_id=item.account_id, page_url=item.page_url,
            due_at=item.due_at, last_snapshot_at=item.last_snapshot_at)
        await publish_event(broker, event, subjects.ARCHIVE_SNAPSHOT_DUE)
    return len(due)
