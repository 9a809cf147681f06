"""Registry's subscribers."""

from __future__ import annotations

from typing import Any

from shared import subjects
from shared.broker import durable_subscriber
from shared.contracts import Platform, PlatformEvent
from shared.queries import Query, as_reply, as_replies
from shared.runtime.service import ServiceRuntime

from .config import RegistrySettings
from .service import note_activity
from .store import AccountStore


class AccountByPlatformId(Query):
    platform: Platform
    platform_account_id: str


def register(runtime: ServiceRuntime, settings: RegistrySettings, store: AccountStore) -> None:
    broker = runtime.broker

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="registry", name="activity",
                        settings=settings, description="Follows each account's activity.")
    async def on_item_received(event: PlatformEvent) -> None:
        await note_activity(store=store, event=event)

    @broker.subscriber(subjects.query("registry", "accounts"), queue="registry")
    async def query_accounts(query: Query) -> list[dict[str, Any]]:
        return as_replies(await store.list(query.municipality, query.limit))

    @broker.subscriber(subjects.query("registry", "account_by_platform_id"), queue="registry")
    async def query_account(query: AccountByPlatformId) -> dict[str, Any] | None:
        found = await store.by_platform_id(query.municipality, query.platform, query.platform_account_id)
        return as_reply(found) if found else None
