"""What ingest's handlers and use cases are given (built in main.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .adapters.publisher import Publisher
from .adapters.spool import Spool
from .adapters.store import DeliveryStore
from .app.accounts import AccountRegistration
from .config import IngestSettings


@dataclass(frozen=True)
class Deps:
    settings: IngestSettings
    store: DeliveryStore
    publisher: Publisher
    spool: Spool
    accounts: AccountRegistration
