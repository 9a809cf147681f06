"""Outages are not poison, against a real nats-server: a handler failing because a
dependency is away is retried in place until it is back, however long that takes
compared with `max_deliver`, and never dead-lettered; a dead letter keeps its origin;
a replay reaches only the consumer that failed; stopping ends a wait at once."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter

import nats
import pytest
from nats.errors import NoRespondersError
from pymongo.errors import AutoReconnect, ServerSelectionTimeoutError

from shared import subjects
from shared.broker import durable_subscriber, make_broker, publish_event
from shared.config import ServiceSettings
from shared.dead_letters import REPLAY_FOR, original_headers
from shared.faults import DependencyUnavailable
from shared.outage import Stopping
from tests.integration.shared.test_broker_policy import _dead_letters, _event, _running, _wait_for_dead_letters
from tests.support.polling import eventually


@pytest.fixture
def settings(isolated_servers) -> ServiceSettings:
    # The whole content-retry schedule is a fraction of a second; the outages below last longer.
    return ServiceSettings(nats_url=isolated_servers.nats_url, max_deliver=2, redelivery_backoff=[0.05],
                           dependency_backoff=[0.05, 0.1], ack_wait_s=1.5)


async def _consumer_info(nats_url: str, stream: str, durable: str):
    nc = await nats.connect(nats_url)
    try:
        return await nc.jetstream().consumer_info(stream, durable)
    finally:
        await nc.close()


@pytest.mark.parametrize("fault", [
    ServerSelectionTimeoutError("database away"), AutoReconnect("connection reset"),
    NoRespondersError(), DependencyUnavailable("registry did not answer"),
])
async def test_an_outage_longer_than_every_retry_is_waited_out_not_dead_lettered(
    settings: ServiceSettings, fault: Exception
) -> None:
    broker = make_broker(settings, service="svc")
    attempts: Counter[str] = Counter()
    handled: list[str] = []
    outage_until = time.monotonic() + 4 * settings.ack_wait_s  # several ack waits, many times max_deliver

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="patient", settings=settings)
    async def patient(event) -> None:
        attempts[event["item_id"]] += 1
        if time.monotonic() < outage_until:
            raise fault
        handled.append(event["item_id"])

    async with _running(broker, settings):
        for n in range(3):
            await publish_event(broker, _event(f"o{n}"), subjects.social_received("facebook"))
        await eventually(lambda: len(handled) == 3, attempts=600)
        info = await _consumer_info(settings.nats_url, "SOCIAL", "svc-patient")
    assert sorted(handled) == ["o0", "o1", "o2"]
    assert attempts["o0"] > settings.max_deliver  # retried far beyond the poison limit
    # Held in progress the whole time: never redelivered, so nothing counted towards max_deliver.
    assert info.num_redelivered == 0 and info.num_ack_pending == 0
    assert await _dead_letters(settings.nats_url, "svc") == []


async def test_a_dead_letter_keeps_subject_stream_position_consumer_headers_and_body(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="buggy", settings=settings)
    async def buggy(event) -> None:
        raise KeyError("a bug, not an outage")

    event = _event("d1")
    async with _running(broker, settings):
        ack = await publish_event(broker, event, subjects.social_received("facebook"))
        [letter] = await _wait_for_dead_letters(settings.nats_url, "svc", 1)
    headers = letter.headers
    assert headers["x-original-subject"] == "social.received.facebook"
    assert headers["x-original-stream"] == "SOCIAL" and headers["x-original-sequence"] == str(ack.seq)
    assert headers["x-consumer"] == "svc-buggy" and headers["x-service"] == "svc"
    assert "a bug, not an outage" in headers["x-error"] and headers["x-delivered"] == "2"
    kept = original_headers(headers)
    assert kept["Nats-Msg-Id"] == event.event_id and kept["correlation_id"] == event.correlation_id
    assert headers["correlation_id"] == event.correlation_id
    assert json.loads(letter.data)["item_id"] == "d1"


async def test_a_dead_letter_consumer_that_fails_never_dead_letters_again(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="keeper")
    attempts: Counter[str] = Counter()

    @durable_subscriber(broker, subjects.DLQ_ALL, service="keeper", name="dead-letters", settings=settings)
    async def keep(body: dict) -> None:
        attempts["x"] += 1
        raise RuntimeError("cannot keep it")

    async with _running(broker, settings):
        await broker.publish(b'{"a": 1}', subjects.dlq("other"), headers={"x-service": "other"}, stream="DLQ")
        assert await eventually(lambda: attempts["x"] >= settings.max_deliver)
        await asyncio.sleep(0.5)  # a dead letter of the dead letter would appear in this window
        nested = await _dead_letters(settings.nats_url, "keeper")
    assert nested == []


async def test_a_replay_reaches_only_the_consumer_it_is_addressed_to(settings: ServiceSettings) -> None:
    broker = make_broker(settings, service="svc")
    seen: dict[str, list[str]] = {"first": [], "second": []}

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="first", settings=settings)
    async def first(event) -> None:
        seen["first"].append(event["item_id"])

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="second", settings=settings)
    async def second(event) -> None:
        seen["second"].append(event["item_id"])

    async with _running(broker, settings):
        await broker.publish(_event("r1").model_dump_json().encode(), "social.received.facebook", stream="SOCIAL",
                             headers={"Nats-Msg-Id": "replay:x:1", REPLAY_FOR: "svc-second"})
        await publish_event(broker, _event("r2"), subjects.social_received("facebook"))
        await eventually(lambda: "r2" in seen["first"] and "r2" in seen["second"])
    assert seen["second"] == ["r1", "r2"]
    assert seen["first"] == ["r2"]


async def test_stopping_ends_a_wait_at_once_and_leaves_the_message_for_redelivery(settings: ServiceSettings) -> None:
    stopping = Stopping()
    broker = make_broker(settings, service="svc", stopping=stopping)
    attempts: Counter[str] = Counter()

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="waiting", settings=settings)
    async def waiting(event) -> None:
        attempts["w"] += 1
        raise ServerSelectionTimeoutError("database away for good")

    await broker.connect()
    from shared.broker import declare_streams

    await declare_streams(broker, settings)
    await broker.start()
    await publish_event(broker, _event("w1"), subjects.social_received("facebook"))
    await eventually(lambda: attempts["w"] >= 3)
    stopping.set()
    started = time.monotonic()
    await broker.stop()
    took = time.monotonic() - started
    print(f"\nbroker stopped {took:.2f} s after the stop request, with a message waiting for the database")
    info = await _consumer_info(settings.nats_url, "SOCIAL", "svc-waiting")
    # Nacked, not acked or terminated: the next start handles it.
    assert info.num_pending + info.num_ack_pending + info.num_redelivered >= 1
    assert await _dead_letters(settings.nats_url, "svc") == []


async def test_a_consumer_an_older_release_created_gets_no_server_side_delivery_limit(
        settings: ServiceSettings) -> None:
    from nats.js.api import AckPolicy, ConsumerConfig

    from shared.broker import declare_streams, update_consumers

    broker = make_broker(settings, service="svc")

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="svc", name="old", settings=settings)
    async def old(event) -> None:
        pass

    await broker.connect()
    try:
        await declare_streams(broker, settings)
        js = broker.connection.jetstream()
        # What the release before issue 15 created: the server dropped a message after 7 deliveries.
        await js.add_consumer("SOCIAL", ConsumerConfig(durable_name="svc-old", ack_policy=AckPolicy.EXPLICIT,
                                                       max_deliver=7, filter_subject=subjects.SOCIAL_RECEIVED_ALL))
        await update_consumers(broker)
        info = await js.consumer_info("SOCIAL", "svc-old")
    finally:
        await broker.stop()
    assert info.config.max_deliver == -1
