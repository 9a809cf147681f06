"""The subscription policy every service relies on, against a real nats-server:
failures are retried with backoff, then dead-lettered; poison goes straight to the DLQ;
a duplicate publish is dropped by JetStream."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager

import nats
import pytest

from shared import subjects
from shared.broker import PoisonMessage, declare_streams, durable_subscriber, make_broker, publish_event
from shared.config import ServiceSettings
from shared.contracts import Author, Direction, ItemKind, Platform, PlatformEvent, utcnow
from tests.support.polling import eventually


def _event(item_id: str, text: str = "hej") -> PlatformEvent:
    return PlatformEvent(
        event_id=f"ev-{item_id}", municipality="testkommun", platform=Platform.facebook, account_id="p1",
        kind=ItemKind.comment, item_id=item_id, author=Author(platform_id="a1"), text=text,
        received_at=utcnow(), direction=Direction.inkommen,
    )



@pytest.fixture
def settings(isolated_servers) -> ServiceSettings:
    return ServiceSettings(nats_url=isolated_servers.nats_url, max_deliver=3, redelivery_backoff=[0.1, 0.2])


async def _dead_letters(nats_url: str, service: str) -> list[nats.aio.msg.Msg]:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        sub = await js.pull_subscribe(subjects.dlq(service), durable=None, stream="DLQ")
        try:
            return await sub.fetch(10, timeout=1)
        except (TimeoutError, nats.errors.TimeoutError):
            return []
    finally:
        await nc.close()


async def _wait_for_dead_letters(nats_url: str, service: str, count: int) -> list:
    letters: list = []
    for _ in range(50):
        letters = await _dead_letters(nats_url, service)
        if len(letters) >= count:
            break
        await asyncio.sleep(0.1)
    return letters


@asynccontextmanager
async def _running(broker, settings: ServiceSettings):
    await broker.connect()
    await declare_streams(broker, settings)
    await broker.start()
    try:
        yield
    finally:
        await broker.stop()


async def test_transient_failure_is_retried_until_it_succeeds(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")
    attempts: Counter[str] = Counter()
    handled: list[str] = []

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="flaky", settings=settings)
    async def flaky(event: PlatformEvent) -> None:
        attempts[event.item_id] += 1
        if attempts[event.item_id] < 3:
            raise ConnectionError("database briefly away")
        handled.append(event.item_id)

    async with _running(broker, settings):
        await publish_event(broker, _event("c1"), subjects.social_received("facebook"))
        await eventually(lambda: handled)
        await asyncio.sleep(0.5)  # a wrongful extra delivery would land in this window
    assert handled == ["c1"]
    assert attempts["c1"] == 3
    assert await _dead_letters(settings.nats_url, "svc") == []


async def test_persistent_failure_is_dead_lettered_with_the_error(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")
    attempts: Counter[str] = Counter()

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="broken", settings=settings)
    async def broken(event: PlatformEvent) -> None:
        attempts[event.item_id] += 1
        raise RuntimeError("bug in handler")

    async with _running(broker, settings):
        await publish_event(broker, _event("c2"), subjects.social_received("facebook"))
        await eventually(lambda: attempts["c2"] >= settings.max_deliver)
        letters = await _wait_for_dead_letters(settings.nats_url, "svc", 1)
    assert attempts["c2"] == settings.max_deliver
    assert len(letters) == 1
    assert letters[0].headers["x-original-subject"] == "social.received.facebook"
    assert "bug in handler" in letters[0].headers["x-error"]
    assert PlatformEvent.model_validate_json(letters[0].data).item_id == "c2"


async def test_poison_message_goes_to_the_dlq_at_once(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")
    attempts: Counter[str] = Counter()

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="strict", settings=settings)
    async def strict(event: PlatformEvent) -> None:
        attempts[event.item_id] += 1
        raise PoisonMessage("cannot ever be handled")

    async with _running(broker, settings):
        # Not a PlatformEvent at all: validation fails before the handler runs.
        await broker.publish(b'{"not": "an event"}', "social.received.facebook", stream="SOCIAL")
        await publish_event(broker, _event("c3"), subjects.social_received("facebook"))
        letters = await _wait_for_dead_letters(settings.nats_url, "svc", 2)
    assert attempts["c3"] == 1
    assert len(letters) == 2
    assert {m.headers.get("x-delivered") for m in letters} == {"1"}, [m.headers for m in letters]


async def test_duplicate_publish_is_dropped_by_jetstream(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")
    await broker.connect()
    await declare_streams(broker, settings)
    try:
        first = await publish_event(broker, _event("c4"), subjects.social_received("facebook"))
        again = await publish_event(broker, _event("c4"), subjects.social_received("facebook"))
    finally:
        await broker.stop()
    assert not first.duplicate
    assert again.duplicate
    assert again.seq == first.seq


async def test_declaring_streams_twice_is_harmless(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")
    await broker.connect()
    try:
        await declare_streams(broker, settings)
        await declare_streams(broker, settings)
        names = [s.config.name for s in await broker.connection.jetstream().streams_info()]
    finally:
        await broker.stop()
    assert sorted(names) == ["ARCHIVE", "DLQ", "INGEST", "MODERATION", "NOTIFY", "REGISTRY", "SOCIAL"]
