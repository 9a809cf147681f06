"""Composition root of archive."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from shared.clients.registry import RegistryClient
from shared.logging import get_logger
from shared.runtime.service import ServiceRuntime

from shared.contracts import utcnow
from shared.policy import load_pack
from shared.policy.local import LocalDecisionStore, register_local_decisions

from . import router
from .adapters.ledger import Ledger
from .adapters.pages import PageDirectory
from .adapters.requests import RequestStore
from .adapters.snapshot_requests import SnapshotRequestStore
from .adapters.signing import key_from_settings
from .adapters.store import RecordStore
from .app import export, requests, snapshots
from .app.registration import send_due
from .config import ArchiveSettings
from .deps import Deps

log = get_logger(__name__)
REMINDER_EVERY = 3600.0


def build(settings: ArchiveSettings) -> tuple[ServiceRuntime, RecordStore, Ledger]:
    runtime = ServiceRuntime("archive", settings)
    key = key_from_settings(settings.signing_key.get_secret_value() if settings.signing_key else None,
                            settings.signing_key_file)
    return runtime, RecordStore(runtime.db), Ledger(runtime.db, key)


def create_app(settings: ArchiveSettings | None = None) -> tuple[ArchiveSettings, Starlette]:
    settings = settings or ArchiveSettings()
    runtime, store, ledger = build(settings)
    runtime.on_start.append(store.ensure_indexes)
    runtime.on_start.append(ledger.ensure_indexes)
    async def note_demo_mode() -> None:
        allowed = await export.note_demo_mode(runtime.db, enabled=settings.seed_demo)
        if allowed:
            log.info("archive.demo_delivery_values", municipalities=allowed)
    runtime.on_start.append(note_demo_mode)
    pages = PageDirectory(RegistryClient(runtime.broker, timeout=settings.registry_timeout_s), settings.snapshot_pages)
    request_store, snapshot_requests = RequestStore(runtime.db), SnapshotRequestStore(runtime.db)
    router.register(runtime, Deps(settings=settings, broker=runtime.broker, store=store, ledger=ledger, pages=pages,
                                  requests=request_store, snapshot_requests=snapshot_requests))
    # Gallringsbeslut the municipality records in the staff UI (culling rests on them).
    decisions = LocalDecisionStore(runtime.db)
    runtime.on_start.append(decisions.ensure_indexes)
    register_local_decisions(runtime.broker, service="archive", store=decisions, pack=load_pack, now=utcnow)

    async def request_indexes() -> None:
        await request_store.ensure_indexes()
        await snapshot_requests.ensure_indexes()
    runtime.on_start.append(request_indexes)
    client = httpx.AsyncClient()
    last_reminder = float("-inf")

    async def maintenance() -> None:
        """Sequence the log, send registrations, remind of snapshots."""
        nonlocal last_reminder
        await ledger.sequence_all()
        await send_due(store=store, ledger=ledger, broker=runtime.broker, settings=settings, client=client)
        await requests.alert_at_risk(requests=request_store, broker=runtime.broker)
        # Snapshots that waited for the worker (it was away): asked again.
        await snapshots.retry_waiting(store=store, requests=snapshot_requests, ledger=ledger, broker=runtime.broker,
                                      settings=settings)
        loop_now = asyncio.get_running_loop().time()
        if loop_now - last_reminder >= REMINDER_EVERY:
            last_reminder = loop_now
            await snapshots.remind_snapshots(store=store, broker=runtime.broker, pages=pages)

    runtime.every(settings.maintenance_interval, "archive.maintenance", maintenance, immediately=True)
    runtime.on_stop.append(client.aclose)
    return settings, runtime.asgi()
