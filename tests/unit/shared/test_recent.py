"""shared.recent: a value read at most a few seconds ago; misses at the same moment share one read."""

from __future__ import annotations

import asyncio

import pytest

from shared.recent import Recent


async def test_handlers_missing_at_once_share_one_read() -> None:
    recent: Recent[str, int] = Recent()
    reads = 0
    release = asyncio.Event()

    async def read() -> int:
        nonlocal reads
        reads += 1
        await release.wait()
        return 7

    waiting = [asyncio.ensure_future(recent.get("knivsta", read)) for _ in range(20)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*waiting) == [7] * 20
    assert reads == 1
    assert await recent.get("knivsta", read) == 7 and reads == 1  # kept


async def test_a_change_during_a_read_is_not_hidden_by_it() -> None:
    recent: Recent[str, int] = Recent()
    stored = {"k": 1}
    release, started = asyncio.Event(), asyncio.Event()

    async def read() -> int:
        value = stored["k"]  # what the database holds when the read is made
        started.set()
        await release.wait()
        return value

    first = asyncio.ensure_future(recent.get("k", read))
    await started.wait()
    stored["k"] = 2
    recent.changed("k")  # this process changed it while the first read was in flight
    second = asyncio.ensure_future(recent.get("k", read))  # a new read, not a share of the stale one
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(first, second) == [1, 2]
    assert await recent.get("k", read) == 2  # the stale read was not kept


async def test_a_failed_read_fails_its_waiters_and_is_not_kept() -> None:
    recent: Recent[str, int] = Recent()
    calls = 0

    async def read() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database away")
        return 3

    with pytest.raises(ConnectionError):
        await recent.get("k", read)
    assert await recent.get("k", read) == 3


async def test_a_cancelled_waiter_does_not_cancel_the_others_read() -> None:
    recent: Recent[str, int] = Recent()
    release = asyncio.Event()

    async def read() -> int:
        await release.wait()
        return 5

    cancelled = asyncio.ensure_future(recent.get("k", read))
    other = asyncio.ensure_future(recent.get("k", read))
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    assert await other == 5
