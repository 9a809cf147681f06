"""What notify's handlers and use cases are given (built in main.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from faststream.nats import NatsBroker

from shared.clients.registry import RegistryClient
from shared.connectors import PlatformConnector
from shared.policy import PolicyPack
from shared.policy.local import LocalDecisionStore

from .adapters.channels.chat import ChatSender
from .adapters.channels.email import EmailSender
from .adapters.channels.live import LiveHub
from .adapters.store import AlertStore, BroadcastStore
from .config import NotifySettings


def _nothing(broadcast_id: str) -> None:
    return None


@dataclass(frozen=True)
class Deps:
    settings: NotifySettings
    broker: NatsBroker
    alerts: AlertStore
    broadcasts: BroadcastStore
    registry: RegistryClient
    pack: Callable[[str], PolicyPack | None]
    email: EmailSender
    chat: ChatSender
    hub: LiveHub = field(default_factory=LiveHub)
    municipalities: list[str] = field(default_factory=list)
    decisions: LocalDecisionStore | None = None   # the confirmed fallback addresses (shared/policy/local.py)
    # The platforms, for what is done to a post after it went out (the holiday notice's
    # unpinning) and for the about texts.
    connectors: Mapping[str, PlatformConnector] = field(default_factory=dict)
    # Start a broadcast's queued deliveries now (the delivery worker's; its sweeper is the safety net).
    start: Callable[[str], None] = _nothing
