"""Use cases of registry."""

from __future__ import annotations

from shared.contracts import PlatformEvent

from .domain import load_demo_accounts
from .store import AccountStore


async def seed_demo_accounts(*, store: AccountStore) -> int:
    accounts = load_demo_accounts()
    for account in accounts:
        await store.upsert(account)
    return len(accounts)


async def note_activity(*, store: AccountStore, event: PlatformEvent) -> None:
    await store.record_activity(event_id=event.event_id, municipality=event.municipality,
                                account_id=event.account_id, kind=str(event.kind),
                                direction=str(event.direction), at=event.received_at)
