"""MongoDB through PyMongo's async API (Motor is end-of-life).

Only behaviour the conformance suite (tests/integration/shared/test_server_conformance.py)
proves on the server in use: single-document atomic writes (unique-key inserts,
conditional updates, `$push`/`$inc`), no transactions, no change streams, no $lookup.
Idempotency comes from deterministic ids and unique indexes on natural keys.
"""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from .config import ServiceSettings
from .metrics import DB_COMMAND_SECONDS, DB_COMMANDS

__all__ = ["IS_SET", "DuplicateKeyError", "contains", "lacks", "make_mongo_client", "service_database"]


class CommandMetrics(monitoring.CommandListener):
    """Counts every command a service sends and the time it waited, per collection
    (`/metrics`): what a handler costs the database, which the pipeline benchmark prints."""

    def __init__(self) -> None:
        self._started: dict[int, tuple[str, str]] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        target = event.command.get(event.command_name)
        self._started[event.request_id] = (event.command_name, target if isinstance(target, str) else "")

    def _finished(self, event: monitoring.CommandSucceededEvent | monitoring.CommandFailedEvent) -> None:
        name, collection = self._started.pop(event.request_id, (event.command_name, ""))
        DB_COMMANDS.labels(name, collection).inc()
        DB_COMMAND_SECONDS.labels(name, collection).inc(event.duration_micros / 1e6)

    succeeded = _finished
    failed = _finished


def make_mongo_client(settings: ServiceSettings) -> AsyncMongoClient:
    # tz_aware: datetimes come back as UTC-aware, like the contracts demand.
    return AsyncMongoClient(
        settings.mongodb_url.get_secret_value(),
        event_listeners=[CommandMetrics()],
        tz_aware=True,
        serverSelectionTimeoutMS=5000,
        retryWrites=False,  # nx-27017 has no retryable writes; our writes are idempotent anyway.
        appname="kanalvakt",
    )


def service_database(client: AsyncMongoClient, settings: ServiceSettings, service: str) -> AsyncDatabase:
    """Each service owns one database; no service reads another's."""
    return client[settings.database_name(service)]


# Query shapes that are right on every server the project runs on. On nx-27017 0.8.1
# (the embedded default) equality against an indexed array field finds nothing,
# `$ne` on an array or a missing field matches wrongly and `{f: {$ne: null}}` matches
# documents without `f`; the forms below are exact there and mean the same in MongoDB.
# tests/integration/shared/test_server_conformance.py proves each of them.


def contains(value: Any) -> dict[str, Any]:
    """Filter for "this array field holds `value`"."""
    return {"$in": [value]}


def lacks(value: Any) -> dict[str, Any]:
    """Filter for "this (array) field does not hold `value`, or is missing": the guard
    of an idempotent append (`{"event_keys": lacks(key)}` + `$push` of the key)."""
    return {"$nin": [value]}


IS_SET: dict[str, Any] = {"$nin": [None]}
"""Filter for "this field exists and is not null"."""
