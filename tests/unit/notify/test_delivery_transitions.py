"""Delivery state changes run one at a time in a process: FerretDB v1 (the embedded
default) applies a conditional update as a read and then a write, so two interleaved
claims could both win and the same crisis message would be posted twice."""

import asyncio
from datetime import UTC, datetime

from services.notify.store import BroadcastStore


class _SlowCollection:
    """Records how many state changes overlap; each takes a moment, like a real round trip."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0

    async def _op(self, *_args, **_kwargs):
        self.inside += 1
        self.most = max(self.most, self.inside)
        await asyncio.sleep(0.01)
        self.inside -= 1

    async def find_one_and_update(self, *args, **kwargs):
        await self._op()
        return None

    async def update_many(self, *args, **kwargs):
        await self._op()

    async def update_one(self, *args, **kwargs):
        await self._op()

        class Result:
            modified_count = 0

        return Result()

    def find(self, *_args, **_kwargs):
        class Cursor:
            async def to_list(self):
                return []

        return Cursor()


class _Db(dict):
    def __missing__(self, key):
        self[key] = _SlowCollection()
        return self[key]


async def test_claims_and_settles_never_overlap() -> None:
    db = _Db()
    store = BroadcastStore(db)
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    await asyncio.gather(
        store.claim("d1", now=now, lease_until=now),
        store.claim("d1", now=now, lease_until=now),
        store.claim_batch("b1", now=now, lease_until=now, token="t"),
        store.settle("d1", 1, state="confirmed"),
    )
    assert db["deliveries"].most == 1
