"""What the snapshot worker's subscriber and use case are given (built in main.py)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from faststream.nats import NatsBroker

from .adapters.resolver import Resolver, system_resolve
from .config import SnapshotSettings


@dataclass(frozen=True)
class Deps:
    settings: SnapshotSettings
    broker: NatsBroker
    client: httpx.AsyncClient  # the redirect walk's requests (through the proxy when one is set)
    resolve: Resolver = system_resolve
