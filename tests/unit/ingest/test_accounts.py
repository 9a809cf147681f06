"""Registry lookups: one question per account, and a hung registry paused, not asked per event."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import nats.errors

from services.ingest.accounts import AccountResolver
from services.ingest.domain import Context, normalise_meta
from tests.support.webhooks import meta_feed

CTX = Context("knivsta", datetime(2026, 11, 21, tzinfo=UTC), "d")


class FakeConnection:
    is_connected = True

    def __init__(self, answer) -> None:
        self.answer = answer
        self.asked: list[dict] = []

    async def request(self, subject: str, data: bytes, timeout: float):
        self.asked.append(json.loads(data))
        return self.answer(self.asked[-1])


def events(count: int, page: str = "1"):
    values = [{"item": "comment", "verb": "add", "comment_id": f"c{i}", "post_id": "p", "from": {"id": "9"}}
              for i in range(count)]
    return normalise_meta(meta_feed(page, values), CTX).events


async def test_a_batch_asks_once_per_account_and_caches() -> None:
    connection = FakeConnection(lambda q: SimpleNamespace(data=json.dumps({"id": "acc-1", **q}).encode()))
    resolver = AccountResolver(SimpleNamespace(connection=connection), timeout=0.1, cache_s=60)
    out = await resolver.annotate(events(50))
    await resolver.annotate(events(5))
    assert len(connection.asked) == 1
    assert all(e.registry_account_id == "acc-1" and e.flags == [] for e in out)


async def test_a_hung_registry_is_paused_after_one_timeout() -> None:
    def hang(_q):
        raise nats.errors.TimeoutError

    connection = FakeConnection(hang)
    resolver = AccountResolver(SimpleNamespace(connection=connection), timeout=0.1, cache_s=60)
    first = await resolver.annotate(events(3, page="1"))
    second = await resolver.annotate(events(3, page="2"))
    assert len(connection.asked) == 1
    assert all(e.flags == ["registry_unavailable"] and e.account_registered for e in first + second)


async def test_null_means_unregistered() -> None:
    connection = FakeConnection(lambda q: SimpleNamespace(data=b"null"))
    resolver = AccountResolver(SimpleNamespace(connection=connection), timeout=0.1, cache_s=60)
    [event] = await resolver.annotate(events(1))
    assert event.account_registered is False and event.flags == ["unregistered_account"]
