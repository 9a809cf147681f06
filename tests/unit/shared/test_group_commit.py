"""GroupCommit: each caller gets its own item's result, concurrent callers share a write,
and a failed write fails exactly the callers whose items were in it (or, refused for
one item's content, only that one)."""

from __future__ import annotations

import asyncio

import pytest

from shared.group_commit import GroupCommit


class Recorder:
    def __init__(self, fail_first: int = 0) -> None:
        self.batches: list[list[int]] = []
        self.fail_first = fail_first
        self.release = asyncio.Event()

    async def write(self, items: list[int]) -> list[object]:
        self.batches.append(list(items))
        await self.release.wait()
        if len(self.batches) <= self.fail_first:
            raise ConnectionError("database away")
        return [ValueError(f"bad {i}") if i < 0 else i * 10 for i in items]


async def test_concurrent_callers_share_one_write_and_get_their_own_results() -> None:
    recorder = Recorder()
    commit = GroupCommit(recorder.write)
    recorder.release.set()
    results = await asyncio.gather(*(commit(i) for i in range(20)))
    assert results == [i * 10 for i in range(20)]
    assert recorder.batches == [list(range(20))]


async def test_items_arriving_during_a_write_go_together_in_the_next() -> None:
    recorder = Recorder()
    commit = GroupCommit(recorder.write)
    first = asyncio.create_task(commit(1))
    while not recorder.batches:
        await asyncio.sleep(0)
    later = [asyncio.create_task(commit(i)) for i in (2, 3, 4)]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == 10
    assert [await t for t in later] == [20, 30, 40]
    assert recorder.batches == [[1], [2, 3, 4]]


async def test_a_failed_write_fails_every_caller_in_it_and_the_next_write_runs() -> None:
    recorder = Recorder(fail_first=1)
    commit = GroupCommit(recorder.write)
    recorder.release.set()
    failed = await asyncio.gather(*(commit(i) for i in range(3)), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in failed)
    assert await commit(5) == 50  # the caller's retry, as the broker's outage policy does it


async def test_an_item_that_fails_alone_fails_only_its_caller() -> None:
    recorder = Recorder()
    commit = GroupCommit(recorder.write)
    recorder.release.set()
    results = await asyncio.gather(commit(1), commit(-1), commit(2), return_exceptions=True)
    assert results[0] == 10 and results[2] == 20
    assert isinstance(results[1], ValueError)


async def test_batches_are_bounded() -> None:
    recorder = Recorder()
    commit = GroupCommit(recorder.write, max_items=4)
    recorder.release.set()
    await asyncio.gather(*(commit(i) for i in range(10)))
    assert [len(b) for b in recorder.batches] == [4, 4, 2]


async def test_a_write_that_loses_results_fails_its_callers() -> None:
    async def short(items: list[int]) -> list[int]:
        return items[:-1]

    commit = GroupCommit(short)
    with pytest.raises(RuntimeError, match="2 results for 3 items"):
        await asyncio.gather(commit(1), commit(2), commit(3))


async def test_a_write_refused_for_one_items_content_is_sent_again_item_by_item() -> None:
    """The driver refuses a whole insert_many when one document cannot be encoded (an
    integer beyond 64 bits): the others must still be written, only that caller fails."""
    batches: list[list[int]] = []

    async def write(items: list[int]) -> list[int]:
        batches.append(list(items))
        if 13 in items:
            raise OverflowError("MongoDB can only handle up to 8-byte ints")
        return [i * 10 for i in items]

    commit = GroupCommit(write)
    results = await asyncio.gather(commit(1), commit(13), commit(2), return_exceptions=True)
    assert results[0] == 10 and results[2] == 20
    assert isinstance(results[1], OverflowError)
    assert batches == [[1, 13, 2], [1], [13], [2]]


async def test_an_outage_met_while_writing_item_by_item_fails_every_caller() -> None:
    calls = 0

    async def write(items: list[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OverflowError("one bad document")
        raise ConnectionError("database away")

    commit = GroupCommit(write)
    failed = await asyncio.gather(commit(1), commit(2), return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in failed)
