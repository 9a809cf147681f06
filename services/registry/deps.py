"""What registry's handlers and use cases are given (built in main.py)."""

from __future__ import annotations

from dataclasses import dataclass

from faststream.nats import NatsBroker

from shared.policy.local import LocalDecisionStore

from .adapters.store import AccountStore
from .config import RegistrySettings


@dataclass(frozen=True)
class Deps:
    settings: RegistrySettings
    broker: NatsBroker
    store: AccountStore
    decisions: LocalDecisionStore  # what the municipality entered itself (the link page's parties, GDPR contact)
