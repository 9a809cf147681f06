"""Group commit: the writes of many concurrent handlers as one database command.

A durable consumer handles up to `KANALVAKT_CONSUMER_CONCURRENCY` messages at once, each
acked only after its own write. Sent one by one, those writes cost the embedded database
a command each (the pipeline's bottleneck, issue 13); here every handler still awaits
*its* write, but the writes that arrive while one command is in flight go together in the
next. Nothing waits for a timer: an idle system writes at once, a busy one in batches as
large as the load makes them. A command that fails for an outage fails every write in
it, so each handler sees the fault and the broker's policy applies to it unchanged (the
outage is waited out and the message written again). One that fails for its content
(a document the driver cannot encode: an integer beyond 64 bits, one over 16 MB) is sent
again one write at a time, so only the write at fault fails and is retried or
dead-lettered; the others are kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from .faults import is_infrastructure_fault

T = TypeVar("T")
R = TypeVar("R")

DUPLICATE_KEY = 11000


class GroupCommit(Generic[T, R]):
    """`await commit(item)` → the result `write` gave for it. `write(items)` returns one
    result per item, in order, or an exception instance for an item that failed alone."""

    def __init__(self, write: Callable[[list[T]], Awaitable[Sequence[R | BaseException]]], *,
                 max_items: int = 256) -> None:
        self._write = write
        self._max_items = max_items
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def __call__(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        # One command in flight at a time; what arrives meanwhile forms the next batch.
        await asyncio.sleep(0)  # let handlers woken in the same turn join the first batch
        while self._pending:
            batch, self._pending = self._pending[:self._max_items], self._pending[self._max_items:]
            try:
                results = await self._write_all([item for item, _ in batch])
            except BaseException as exc:  # handed to every waiting handler
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    raise
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue  # its handler was cancelled (shutdown); the write stands, it is idempotent
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)


    async def _write_all(self, items: list[T]) -> Sequence[R | BaseException]:
        try:
            results = await self._write(items)
        except Exception as exc:
            if len(items) == 1 or is_infrastructure_fault(exc):
                raise
            # The command as a whole was refused for what one of its writes holds: each alone.
            return [await self._write_alone(item) for item in items]
        if len(results) != len(items):
            raise RuntimeError(f"group write gave {len(results)} results for {len(items)} items")
        return results

    async def _write_alone(self, item: T) -> R | BaseException:
        try:
            [result] = await self._write([item])
        except Exception as exc:
            if is_infrastructure_fault(exc):
                raise
            return exc
        return result


def insert_once(collection: AsyncCollection) -> GroupCommit[dict[str, Any], bool]:
    """Insert each document unless its `_id` (or another unique key) is taken; True where
    this write created it. One unordered `insert_many` per batch: a duplicate-key error
    names its document and means "there already" (a redelivery), any other error fails
    only the documents it names (tests/integration/shared/test_server_conformance.py
    proves both on the server in use)."""

    async def write(docs: list[dict[str, Any]]) -> list[bool | BaseException]:
        try:
            await collection.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            outcome: list[bool | BaseException] = [True] * len(docs)
            for error in exc.details.get("writeErrors", []):
                index = error["index"]
                outcome[index] = False if error.get("code") == DUPLICATE_KEY else \
                    RuntimeError(f"insert into {collection.name} refused: {error.get('errmsg')}")
            return outcome
        return [True] * len(docs)

    return GroupCommit(write)


def each_update(collection: AsyncCollection) -> GroupCommit[UpdateOne, bool]:
    """Apply each `UpdateOne` (upserting ones too); True where it created the document.
    One unordered `bulk_write` per batch: the ops are independent single-document writes,
    each atomic as on its own; an op the server refuses fails only its own caller."""

    async def write(ops: list[UpdateOne]) -> list[bool | BaseException]:
        try:
            result = await collection.bulk_write(ops, ordered=False)
        except BulkWriteError as exc:
            upserted = {u["index"] for u in exc.details.get("upserted", [])}
            outcome: list[bool | BaseException] = [i in upserted for i in range(len(ops))]
            for error in exc.details.get("writeErrors", []):
                outcome[error["index"]] = RuntimeError(
                    f"update of {collection.name} refused: {error.get('errmsg')}")
            return outcome
        return [i in (result.upserted_ids or {}) for i in range(len(ops))]

    return GroupCommit(write)


def by_id(collection: AsyncCollection) -> GroupCommit[str, dict[str, Any] | None]:
    """`await read(_id)` → the document or None; the reads asked for while one is in flight
    go as one `_id` `$in` (index-served on every server) in the next. Each read is sent after
    it was asked, so it sees every write finished before."""

    async def read(ids: list[str]) -> list[dict[str, Any] | None]:
        found = {doc["_id"]: doc for doc in await collection.find({"_id": {"$in": sorted(set(ids))}}).to_list()}
        return [found.get(_id) for _id in ids]

    return GroupCommit(read)
