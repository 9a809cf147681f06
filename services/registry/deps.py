"""What registry's handlers and use cases are given (built in main.py)."""

from __future__ import annotations

from dataclasses import dataclass

from faststream.nats import NatsBroker

from .config import RegistrySettings
from .adapters.store import AccountStore


@dataclass(frozen=True)
class Deps:
    settings: RegistrySettings
    broker: NatsBroker
    store: AccountStore
