"""`cmd.<service>.replay_dead_letter` against a real nats-server, signed like the web UI:
the publisher sends its own event again to the one consumer that failed it; a repeated
replay of the same attempt is dropped by JetStream; only a system administrator may ask,
and a service replays only what it publishes."""

from __future__ import annotations

import asyncio
import base64
import json

from shared import subjects
from shared.broker import declare_streams, durable_subscriber, make_broker
from shared.config import ServiceSettings
from shared.contracts.commands import Actor, Role
from shared.replay import register_replay
from tests.support import bus
from tests.support.polling import eventually

BODY = json.dumps({"municipality": "knivsta", "item_event_id": "ev9"}).encode()


def _command(*, roles: list[Role], subject: str = subjects.MODERATION_TAGGED, attempt: int = 1) -> bytes:
    actor = Actor(user_id="u1", name="Ada Admin", municipality="knivsta", roles=roles)
    return json.dumps({"municipality": "knivsta", "actor": actor.model_dump(mode="json"), "dead_letter_id": "dlq:x:1",
                       "subject": subject, "consumer": "moderation-second", "headers": {"correlation_id": "c9"},
                       "body_b64": base64.b64encode(BODY).decode(), "attempt": attempt}).encode()


async def test_a_replay_reaches_the_failed_consumer_once_and_only_an_administrator_may_ask(service_env) -> None:
    settings = ServiceSettings(nats_user="harness")
    broker = make_broker(settings, service="moderation")
    register_replay(broker, "moderation")
    seen: dict[str, list[bytes]] = {"first": [], "second": []}

    @durable_subscriber(broker, subjects.MODERATION_TAGGED, service="moderation", name="first", settings=settings)
    async def first(body: dict) -> None:
        seen["first"].append(json.dumps(body).encode())

    @durable_subscriber(broker, subjects.MODERATION_TAGGED, service="moderation", name="second", settings=settings)
    async def second(body: dict) -> None:
        seen["second"].append(json.dumps(body).encode())

    await broker.connect()
    await declare_streams(broker, settings)
    await broker.start()
    nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])
    try:
        subject = subjects.command("moderation", "replay_dead_letter")
        answers = [json.loads((await nc.request(subject, _command(roles=roles, subject=s), timeout=5)).data)
                   for roles, s in (([Role.system_administrator], subjects.MODERATION_TAGGED),
                                    ([Role.system_administrator], subjects.MODERATION_TAGGED),  # a double click
                                    ([Role.communicator], subjects.MODERATION_TAGGED),
                                    ([Role.system_administrator], "archive.record.stored"))]
        assert await eventually(lambda: seen["second"])
        await asyncio.sleep(0.5)  # a second delivery would land in this window
    finally:
        await nc.close()
        await broker.stop()
    assert [a["ok"] for a in answers] == [True, True, False, False], answers
    assert "Behörighet saknas" in answers[2]["message"]
    assert "inte en händelse som moderation publicerar" in answers[3]["message"]
    assert [json.loads(b) for b in seen["second"]] == [json.loads(BODY)]  # once, though asked twice
    assert seen["first"] == []  # the other consumer of the subject never saw it
