"""Registry lookups: one question per account, and a hung registry paused, not asked per event."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import nats.errors

from services.ingest.app.accounts import AccountRegistration
from services.ingest.domain import Context, normalise_meta
from shared.clients.registry import RegistryClient
from shared.contracts.registry import AccountView
from tests.support.webhooks import meta_feed

CTX = Context("knivsta", datetime(2026, 11, 21, tzinfo=UTC), "d")


class FakeBroker:
    def __init__(self, answer) -> None:
        self.answer = answer
        self.asked: list[dict] = []

    async def request(self, data: bytes, subject: str, headers=None, timeout: float = 0.5):
        self.asked.append(json.loads(data))
        return self.answer(self.asked[-1])


def registration(broker: FakeBroker) -> AccountRegistration:
    return AccountRegistration(RegistryClient(broker, timeout=0.1, cache_s=60))


def account(q: dict) -> SimpleNamespace:
    found = AccountView(account_id="acc-1", municipality=q["municipality"], platform=q["platform"],
                        platform_account_id=q["platform_account_id"], name="Sidan", tier="local", state="active")
    return SimpleNamespace(body=found.model_dump_json().encode())


def events(count: int, page: str = "1"):
    values = [{"item": "comment", "verb": "add", "comment_id": f"c{i}", "post_id": "p", "from": {"id": "9"}}
              for i in range(count)]
    return normalise_meta(meta_feed(page, values), CTX).events


async def test_a_batch_asks_once_per_account_and_caches() -> None:
    connection = FakeBroker(account)
    resolver = registration(connection)
    out = await resolver.annotate(events(50))
    await resolver.annotate(events(5))
    assert len(connection.asked) == 1
    assert all(e.registry_account_id == "acc-1" and e.flags == [] for e in out)


async def test_a_hung_registry_is_paused_after_one_timeout() -> None:
    def hang(_q):
        raise nats.errors.TimeoutError

    connection = FakeBroker(hang)
    resolver = registration(connection)
    first = await resolver.annotate(events(3, page="1"))
    second = await resolver.annotate(events(3, page="2"))
    assert len(connection.asked) == 1
    assert all(e.flags == ["registry_unavailable"] and e.account_registered for e in first + second)


async def test_null_means_unregistered() -> None:
    connection = FakeBroker(lambda q: SimpleNamespace(body=b"null"))
    resolver = registration(connection)
    [event] = await resolver.annotate(events(1))
    assert event.account_registered is False and event.flags == ["unregistered_account"]
