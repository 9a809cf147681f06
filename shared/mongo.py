"""MongoDB through PyMongo's async API (Motor is end-of-life).

Only features both MongoDB 7+ and FerretDB v1 support are used: no transactions, no
change streams, no $lookup. Idempotency comes from unique indexes on natural keys.
"""

from __future__ import annotations

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from .config import ServiceSettings

__all__ = ["DuplicateKeyError", "make_mongo_client", "service_database"]


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
