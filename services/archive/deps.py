"""What archive's handlers and use cases are given (built in main.py)."""

from __future__ import annotations

from dataclasses import dataclass

from faststream.nats import NatsBroker

from .adapters.ledger import Ledger
from .adapters.pages import PageDirectory
from .adapters.requests import RequestStore
from .adapters.snapshot_requests import SnapshotRequestStore
from .adapters.store import RecordStore
from .config import ArchiveSettings


@dataclass(frozen=True)
class Deps:
    settings: ArchiveSettings
    broker: NatsBroker
    store: RecordStore
    ledger: Ledger
    pages: PageDirectory
    requests: RequestStore
    snapshot_requests: SnapshotRequestStore
