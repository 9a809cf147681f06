"""MongoDB through PyMongo's async API (Motor is end-of-life).

Only features both MongoDB 7+ and FerretDB v1 support are used: no transactions, no
change streams, no $lookup. Idempotency comes from unique indexes on natural keys.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from .config import ServiceSettings

__all__ = ["DuplicateKeyError", "make_mongo_client", "one_at_a_time", "service_database"]


def make_mongo_client(settings: ServiceSettings) -> AsyncMongoClient:
    # tz_aware: datetimes come back as UTC-aware, like the contracts demand.
    return AsyncMongoClient(
        settings.mongodb_url.get_secret_value(),
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
        retryWrites=False,  # FerretDB v1 has no retryable writes; our writes are idempotent anyway.
        appname="kanalvakt",
    )


def service_database(client: AsyncMongoClient, settings: ServiceSettings, service: str) -> AsyncDatabase:
    """Each service owns one database; no service reads another's."""
    return client[settings.database_name(service)]


T = TypeVar("T")


def one_at_a_time(method: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """Run a store's compare-and-set method under the store's own lock.

    A conditional update ("claim this if it is still waiting") is atomic in MongoDB.
    FerretDB v1, the embedded default, reads and then writes, so two interleaved calls in
    one process can both win (a post or an action carried out twice, an update lost). The
    lock makes them one at a time per process; several replicas need MongoDB, as deployed.
    """

    @functools.wraps(method)
    async def locked(self: Any, *args: Any, **kwargs: Any) -> T:
        lock = self.__dict__.setdefault("_compare_and_set_lock", asyncio.Lock())
        async with lock:
            return await method(self, *args, **kwargs)

    return locked
