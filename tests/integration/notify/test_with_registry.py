"""Notify with the real registry service (demo accounts) instead of a stand-in: the
agreed queries `q.registry.responsible` and `q.registry.crisis_channels` route an alert
to the account's people and a broadcast to the flagged accounts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.notify.config import NotifySettings
from services.notify.main import create_app
from services.registry.config import RegistrySettings
from services.registry.main import create_app as create_registry
from shared.contracts import utcnow
from tests.support import bus
from tests.support.inprocess import running
from tests.support.platforms import connected_platforms
from tests.support.polling import ask, eventually

from .support import SmtpServer, served

CRISIS = [
    {"user_id": u, "name": n, "municipality": "knivsta", "roles": ["crisis_team"]}
    for u, n in (("u-kim", "Kim"), ("u-sam", "Sam"))
]


async def test_registry_names_the_people_and_the_crisis_channels(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with SmtpServer() as smtp, connected_platforms(monkeypatch):
        settings = NotifySettings(smtp_host="127.0.0.1", smtp_port=smtp.port, municipalities=["knivsta"])
        async with (
            running(create_registry, RegistrySettings(seed_demo=True, follow_up_interval_s=0)),
            served(create_app, settings),
        ):
            nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])
            try:
                tagged = {
                    "event_id": "t1",
                    "municipality": "knivsta",
                    "item_event_id": "i1",
                    "platform": "facebook",
                    "account_id": "100200300400",
                    "item_id": "100200300400_9",
                    "policy": "knivsta",
                    "severity": "severe",
                    "occurred_at": utcnow().isoformat(),
                    "tags": [{"category": "threat", "rule_id": "r"}],
                }
                await nc.jetstream().publish(
                    "moderation.item.tagged", json.dumps(tagged).encode(), headers={"Nats-Msg-Id": "t1"}
                )
                # The account's administrators get it, not the fallback mailbox.
                assert await eventually(lambda: smtp.mailbox.to("anna.demo@example.se"))
                assert smtp.mailbox.to("kommunikation@knivsta.se") == []

                draft = await ask(
                    nc,
                    "cmd.notify.draft_broadcast",
                    {
                        "actor": CRISIS[0],
                        "template_id": "power",
                        "values": {"omrade": "Alsike", "klart": "i kväll", "telefon": "018-34 70 00"},
                    },
                )
                assert draft["ok"], draft
                checks = draft["data"]["checks"]
                assert set(checks["lengths"]) == {"facebook", "instagram", "web"}
                assert any("Instagram" in w for w in checks["warnings"])
                approved = await ask(
                    nc,
                    "cmd.notify.approve_broadcast",
                    {"actor": CRISIS[1], "broadcast_id": draft["id"], "accept_warnings": True},
                )
                assert approved["ok"], approved

                async def done() -> Any:
                    found = await ask(
                        nc, "q.notify.broadcast", {"municipality": "knivsta", "broadcast_id": draft["id"]}
                    )
                    states = {d["channel"]: d["state"] for d in found["deliveries"]}
                    return (
                        states
                        if len(states) == 3 and "queued" not in states.values() and "sent" not in states.values()
                        else None
                    )

                states = await eventually(done)
                assert states["website"] == "confirmed"
                assert states["account:knivsta-fb-kommun"] == "confirmed"
                # Instagram takes only images: without one the receipt says why nothing went there.
                assert states["account:knivsta-ig-kommun"] == "failed"
                # ...and the failure is an alert, so someone publishes it there by hand.
                failed = await eventually(
                    lambda: ask(nc, "q.notify.alerts", {"municipality": "knivsta", "rule": "delivery_failed"})
                )
                assert "Instagram" in failed[0]["body"]
            finally:
                await nc.close()
