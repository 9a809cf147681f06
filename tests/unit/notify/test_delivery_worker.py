"""The delivery worker against a connector double and an in-memory store double."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from services.notify.app import delivery as delivery_module
from services.notify.app.delivery import DeliveryWorker
from services.notify.config import NotifySettings
from services.notify.domain.broadcasts import Outcome
from shared.connectors import ConnectorError, OutboundPost, PostResult
from shared.contracts.notify import Broadcast, Delivery
from shared.policy import load_pack

from .factories import broadcast


class DoubleConnector:
    platform = "x"

    def __init__(self, failures: list[ConnectorError] | None = None) -> None:
        self.failures = list(failures or [])
        self.calls: list[tuple[str, OutboundPost]] = []

    async def _call(self, kind: str, post: OutboundPost) -> PostResult:
        self.calls.append((kind, post))
        if self.failures:
            raise self.failures.pop(0)
        return PostResult(platform_post_id=f"p-{len(self.calls)}", url="https://x.test/p")

    async def post(self, post: OutboundPost) -> PostResult:
        return await self._call("post", post)

    async def reply(self, post: OutboundPost) -> PostResult:
        return await self._call("reply", post)


class StoreDouble:
    def __init__(self, broadcast: Broadcast, delivery: Delivery) -> None:
        self.broadcast = broadcast
        self.delivery = delivery

    async def claim(self, delivery_id: str, *, now: datetime, lease_until: datetime) -> Delivery | None:
        if self.delivery.state not in ("queued", "retrying"):
            return None
        self.delivery = self.delivery.model_copy(update={"state": "sent", "attempt": self.delivery.attempt + 1})
        return self.delivery

    async def get(self, municipality: str, broadcast_id: str) -> Broadcast:
        return self.broadcast

    async def settle(self, delivery_id: str, attempt: int, outcome: Outcome) -> bool:
        if self.delivery.state != "sent" or self.delivery.attempt != attempt:
            return False
        self.delivery = self.delivery.model_copy(update=outcome.fields())
        return True


BROADCAST: dict[str, Any] = {
    "_id": "b1",
    "municipality": "knivsta",
    "kind": "update",
    "state": "approved",
    "content": {
        "title": "Inget vatten",
        "body": "Vi lagar felet. " * 30,
        "short_text": "Inget vatten i Alsike.",
        "severity": "warning",
        "links": [],
        "translations": [],
        "language": "sv",
    },
}


def make(
    connector: DoubleConnector, *, reply_to: str | None = None, state: str = "approved", monkeypatch: pytest.MonkeyPatch
) -> tuple[DeliveryWorker, StoreDouble, list[str]]:
    published: list[str] = []

    async def record(broker: Any, delivery: Delivery, *, municipality: str) -> None:
        published.append(delivery.state)

    monkeypatch.setattr(delivery_module, "publish_delivery", record)
    store = StoreDouble(
        broadcast(**BROADCAST | {"state": state}),
        Delivery.model_validate({
            "_id": "d1",
            "broadcast_id": "b1",
            "municipality": "knivsta",
            "channel": "account:kn-x",
            "platform": "x",
            "account_id": "kn-x",
            "platform_account_id": "4455",
            "reply_to": reply_to,
            "state": "queued",
            "attempt": 0,
        }),
    )
    settings = NotifySettings(delivery_backoff=[1.0, 5.0], delivery_max_attempts=3)
    worker = DeliveryWorker(settings=settings, store=store, broker=None, pack=load_pack,  # type: ignore[arg-type]
                            connectors={"x": connector}, client=None)  # type: ignore[arg-type,dict-item]
    return worker, store, published


async def test_confirmed_with_the_platform_post_id_threaded_and_short(monkeypatch: pytest.MonkeyPatch) -> None:
    connector = DoubleConnector()
    worker, _store, published = make(connector, reply_to="orig-1", monkeypatch=monkeypatch)
    result = await worker.attempt("d1")
    assert result.state == "confirmed" and result.platform_post_id == "p-1"
    [(kind, post)] = connector.calls
    assert kind == "reply" and post.reply_to == "orig-1"
    assert post.idempotency_key == "d1" and post.account_id == "4455"
    assert post.text == "UPPDATERING: Inget vatten i Alsike."
    assert published == ["sent", "confirmed"]
    assert await worker.attempt("d1") is None  # done: never posted twice


async def test_retryable_failure_waits_with_backoff_then_gives_up(monkeypatch: pytest.MonkeyPatch) -> None:
    errors = [ConnectorError("503", retryable=True, status=503) for _ in range(3)]
    worker, _store, published = make(DoubleConnector(errors), monkeypatch=monkeypatch)
    before = datetime.now(UTC)
    first = await worker.attempt("d1")
    assert first.state == "retrying" and first.reason == "503"
    assert 0.5 < (first.next_attempt_at - before).total_seconds() < 3
    await worker.attempt("d1")
    last = await worker.attempt("d1")
    assert last.state == "failed" and last.attempt == 3
    assert published == ["sent", "retrying", "sent", "retrying", "sent", "failed"]


async def test_refused_by_the_platform_fails_at_once_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    worker, _store, _ = make(
        DoubleConnector([ConnectorError("Token utgången", retryable=False)]), monkeypatch=monkeypatch
    )
    result = await worker.attempt("d1")
    assert result.state == "failed" and result.reason == "Token utgången"


async def test_a_cancelled_broadcast_posts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    connector = DoubleConnector()
    worker, _store, _published = make(connector, state="cancelled", monkeypatch=monkeypatch)
    result = await worker.attempt("d1")
    assert result.state == "cancelled" and connector.calls == []
