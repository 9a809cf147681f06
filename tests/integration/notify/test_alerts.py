"""Alerts end to end inside notify, against real NATS, FerretDB, an SMTP server
(aiosmtpd) and a chat webhook receiver: raised once, sent to the responsible people,
folded, acknowledged, escalated, and streamed live over SSE."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from services.notify.config import NotifySettings
from services.notify.main import create_app
from shared.contracts import utcnow
from devtools.servers import free_port
from shared.signed_requests import alert_stream_subject

from tests.support.polling import ask, eventually
from tests.support import bus

from .support import ChatReceiver, SmtpServer, registry_stub, served

PAGE = "100200300400"
ACTOR = {"user_id": "u-anna", "name": "Anna Andersson", "municipality": "knivsta", "roles": ["communicator"]}


def tagged(item: str, *, account: str = PAGE, category: str = "threat") -> dict[str, Any]:
    return {
        "event_id": f"tagged-{item}",
        "correlation_id": f"corr-{item}",
        "municipality": "knivsta",
        "occurred_at": utcnow().isoformat(),
        "item_event_id": f"item-{item}",
        "platform": "facebook",
        "account_id": account,
        "item_id": f"{account}_{item}",
        "policy": "knivsta",
        "tags": [{"category": category, "rule_id": "r1", "spans": []}],
        "severity": "severe",
        "recommended_action": "hide",
    }


async def test_alerts_reach_the_responsible_people_once(service_env: dict[str, str]) -> None:
    nats_url = service_env["KANALVAKT_NATS_URL"]
    with SmtpServer() as smtp, ChatReceiver() as chat:
        settings = NotifySettings(
            smtp_host="127.0.0.1",
            smtp_port=smtp.port,
            municipalities=["knivsta"],
            chat_webhooks=[
                {"url": f"{chat.url}/hooks/slack", "kind": "slack"},
                {"url": f"{chat.url}/hooks/teams", "kind": "teams", "min_severity": "severe"},
            ],
            escalation_interval=0.2,
            health_interval=0.2,
            health_failures_before_alert=2,
            service_urls={"ghost": f"http://127.0.0.1:{free_port()}"},
        )
        people = {PAGE: [{"name": "Anna Andersson", "email": "anna@knivsta.se"}]}
        async with registry_stub(nats_url, people=people), served(create_app, settings, connectors={}) as url:
            nc = await bus.connect(nats_url)
            js = nc.jetstream()
            live: list[tuple[str, dict[str, Any]]] = []

            async def listen() -> None:
                async with (
                    httpx.AsyncClient(timeout=None) as client,
                    client.stream("GET", f"{url}/alerts/stream", params={"municipality": "knivsta"},
                                  headers=bus.dashboard_headers(alert_stream_subject("knivsta"))) as response,
                ):
                    event = None
                    async for line in response.aiter_lines():
                        if line.startswith("event: "):
                            event = line.removeprefix("event: ")
                        elif line.startswith("data: ") and event:
                            live.append((event, json.loads(line.removeprefix("data: "))))

            listener = asyncio.create_task(listen())
            try:
                assert await eventually(lambda: any(e == "ready" for e, _ in live))
                # A severe comment: one alert, mailed to the person registry names, posted to chat.
                await js.publish(
                    "moderation.item.tagged", json.dumps(tagged("c1")).encode(), headers={"Nats-Msg-Id": "tagged-c1"}
                )
                mails = await eventually(lambda: smtp.mailbox.to("anna@knivsta.se"))
                assert len(mails) == 1
                assert "Hot i kommentar" in mails[0]["Subject"]
                # Knivsta's document has no police rule: no police advice, only "save it first".
                assert "polisanmälas" not in mails[0].get_content()
                assert "Spara innehållet" in mails[0].get_content()

                def threat_chats() -> dict[str, Any]:
                    return {
                        kind: p for kind, p in chat.received if "Hot i kommentar" in json.dumps(p, ensure_ascii=False)
                    }

                kinds = await eventually(lambda: len(threat_chats()) == 2 and threat_chats())
                assert "Hot i kommentar" in kinds["slack"]["text"]
                assert kinds["teams"]["attachments"][0]["content"]["type"] == "AdaptiveCard"
                assert await eventually(lambda: any(e == "alert.raised" for e, _ in live))

                # The same verdict again (after JetStream's dedupe window) raises nothing new;
                # a second threat on the same account folds into the open alert.
                await js.publish(
                    "moderation.item.tagged",
                    json.dumps(tagged("c1")).encode(),
                    headers={"Nats-Msg-Id": "tagged-c1-again"},
                )
                await js.publish(
                    "moderation.item.tagged", json.dumps(tagged("c2")).encode(), headers={"Nats-Msg-Id": "tagged-c2"}
                )

                async def folded() -> Any:
                    found = await ask(nc, "q.notify.alerts", {"municipality": "knivsta", "rule": "severe_content"})
                    return found if found and found[0]["occurrences"] == 2 else None

                [alert] = await eventually(folded)
                assert alert["account_id"] == PAGE and alert["state"] == "open"
                assert len(smtp.mailbox.to("anna@knivsta.se")) == 1

                # Acknowledged by a person: refused for another municipality, then taken.
                other = await ask(
                    nc,
                    "cmd.notify.acknowledge_alert",
                    {"actor": ACTOR | {"municipality": "pitea"}, "alert_id": alert["id"]},
                )
                assert other["ok"] is False
                hostile = await ask(nc, "q.notify.alerts", {"municipality": {"$gt": ""}})
                assert "Ogiltig fråga" in hostile["error"]
                bad = await ask(nc, "cmd.notify.acknowledge_alert", {"actor": "nobody", "alert_id": alert["id"]})
                assert bad["ok"] is False and "Ogiltigt kommando" in bad["message"] and "actor" in bad["message"]
                ok = await ask(
                    nc,
                    "cmd.notify.acknowledge_alert",
                    {"actor": ACTOR, "alert_id": alert["id"], "note": "Polisanmält."},
                )
                assert ok["ok"] is True
                detail = await ask(nc, "q.notify.alert", {"municipality": "knivsta", "alert_id": alert["id"]})
                assert detail["state"] == "acknowledged"
                assert detail["acknowledged_by"]["name"] == "Anna Andersson"
                assert {n["channel"] for n in detail["notifications"]} == {"email", "chat"}
                assert await eventually(lambda: any(e == "alert.acknowledged" for e, _ in live))

                # Nobody responsible, and the pack's fallback address only a guess: the alert is
                # shown and chatted, never mailed to the guess (issue 17).
                await js.publish(
                    "moderation.item.tagged",
                    json.dumps(tagged("c8", account="998")).encode(),
                    headers={"Nats-Msg-Id": "tagged-c8"},
                )

                async def dispatched() -> Any:
                    found = await ask(nc, "q.notify.alerts", {"municipality": "knivsta", "account_id": "998"})
                    if not found:
                        return None
                    detail = await ask(nc, "q.notify.alert",
                                           {"municipality": "knivsta", "alert_id": found[0]["id"]})
                    return detail if detail.get("notifications") else None

                unconfirmed = await eventually(dispatched)
                assert {n["channel"] for n in unconfirmed["notifications"]} == {"chat"}
                assert smtp.mailbox.to("kommunikation@knivsta.se") == []
                head = ACTOR | {"roles": ["head_of_communications"]}
                for key, name, email in (
                        ("fallback_recipients", "Kommunikationsenheten", "kommunikation@knivsta.se"),
                        ("escalation_recipients", "Kommunikationschef", "kommunikationschef@knivsta.se")):
                    confirmed = await ask(nc, "cmd.notify.record_decision", {
                        "actor": head, "municipality": "knivsta", "key": key,
                        "value": {"recipients": [{"name": name, "email": email}]},
                        "decided_by": "Kommunikationschefen", "decided_on": "2026-11-30"})
                    assert confirmed["ok"], confirmed

                # Nobody responsible in registry: the confirmed communications unit gets it;
                # unacknowledged past the pack's time, it escalates to the head of communications.
                await js.publish(
                    "moderation.item.tagged",
                    json.dumps(tagged("c3", account="999")).encode(),
                    headers={"Nats-Msg-Id": "tagged-c3"},
                )
                assert await eventually(
                    lambda: ask(nc, "q.notify.alerts", {"municipality": "knivsta", "account_id": "999"})
                )
                assert await eventually(
                    lambda: [
                        m for m in smtp.mailbox.to("kommunikation@knivsta.se") if "Hot i kommentar" in m["Subject"]
                    ]
                )
                mongo = AsyncMongoClient(service_env["KANALVAKT_MONGODB_URL"], tz_aware=True)
                alerts = mongo[f"{service_env['KANALVAKT_DB_PREFIX']}_notify"]["alerts"]
                await alerts.update_many({"account_id": "999"}, {"$set": {"raised_at": utcnow() - timedelta(hours=2)}})
                escalated = await eventually(lambda: smtp.mailbox.to("kommunikationschef@knivsta.se"))
                assert escalated[0]["Subject"].startswith("[Kanalvakt] ESKALERAT: ")
                await mongo.close()
                # A person escalates the acknowledged alert by hand (it needs a decision above them).
                manual = await ask(
                    nc,
                    "cmd.notify.escalate_alert",
                    {"actor": ACTOR, "alert_id": alert["id"], "reason": "Behöver beslut om polisanmälan."},
                )
                assert manual["ok"] is True, manual
                assert await eventually(lambda: len(smtp.mailbox.to("kommunikationschef@knivsta.se")) == 2)

                # A dead-lettered message and a service that does not answer raise alerts too.
                await js.publish(
                    "dlq.ingest",
                    json.dumps({"municipality": "knivsta", "x": 1}).encode(),
                    headers={
                        "Nats-Msg-Id": "dlq:ingest:SOCIAL:7",
                        "x-original-subject": "social.received.facebook",
                        "x-error": "ValueError('bad')",
                        "x-delivered": "6",
                        "x-service": "ingest",
                    },
                )
                rules = await eventually(lambda: _rules(nc, {"dead_letter", "service_down"}))
                assert {"dead_letter", "service_down"} <= rules
                [dead] = await ask(nc, "q.notify.dead_letters", {"municipality": "knivsta"})
                assert dead["service"] == "ingest" and dead["subject"] == "social.received.facebook"
                assert dead["error"] == "ValueError('bad')"

                # A question near its deadline raises an alert; answered in time, it resolves.
                sla = {
                    "event_id": "sla-1",
                    "correlation_id": "c-sla",
                    "municipality": "knivsta",
                    "item_event_id": "item-q1",
                    "account_id": PAGE,
                    "platform": "facebook",
                    "clock": "first_feedback",
                    "deadline": "first_response",
                    "state": "at_risk",
                    "due_at": utcnow().isoformat(),
                    "tier": "municipality_wide",
                }
                await js.publish("moderation.sla.at_risk", json.dumps(sla).encode(), headers={"Nats-Msg-Id": "sla-1"})
                [risk] = await eventually(
                    lambda: ask(nc, "q.notify.alerts", {"municipality": "knivsta", "rule": "sla_at_risk"})
                )
                assert risk["state"] == "open" and "Svarstiden" in risk["title"]
                met = sla | {"event_id": "sla-2", "state": "met"}
                await js.publish("moderation.sla.met", json.dumps(met).encode(), headers={"Nats-Msg-Id": "sla-2"})
                assert await eventually(lambda: _state(nc, risk["id"], "resolved"))
            finally:
                listener.cancel()
                await nc.close()


async def _rules(nc: Any, wanted: set[str]) -> set[str] | None:
    found = {a["rule"] for a in await ask(nc, "q.notify.alerts", {"municipality": "knivsta", "limit": 200})}
    return found if wanted <= found else None


async def _state(nc: Any, alert_id: str, state: str) -> bool:
    found = await ask(nc, "q.notify.alert", {"municipality": "knivsta", "alert_id": alert_id})
    return bool(found) and found["state"] == state


async def test_a_request_for_allman_handling_near_its_due_time_is_alerted_once_per_state(
        service_env: dict[str, str]) -> None:
    nats_url = service_env["KANALVAKT_NATS_URL"]
    settings = NotifySettings(municipalities=["knivsta"], health_interval=3600)
    async with registry_stub(nats_url), served(create_app, settings, connectors={}):
        nc = await bus.connect(nats_url)
        js = nc.jetstream()
        try:
            due = utcnow() + timedelta(hours=2)
            base = {"correlation_id": "c-req", "municipality": "knivsta", "request_id": "req-1",
                    "received_at": (utcnow() - timedelta(hours=20)).isoformat(), "due_at": due.isoformat(),
                    "description": "Alla kommentarer på förskoleinlägget 3 november", "handler": "Rut Registrator"}
            for event_id, state in (("risk-1", "at_risk"), ("risk-1b", "at_risk"), ("late-1", "breached")):
                body = base | {"event_id": event_id, "state": state, "occurred_at": utcnow().isoformat()}
                await js.publish("archive.request.at_risk", json.dumps(body).encode(),
                                 headers={"Nats-Msg-Id": event_id})
            alerts = await eventually(lambda: _two(nc))
            assert len(alerts) == 2  # the repeated at_risk folded into the first: one alert per state
            by_title = {a["title"]: a for a in alerts}
            soon = by_title["Begäran om allmän handling ska avgöras snart"]
            late = by_title["Begäran om allmän handling är försenad"]
            assert soon["severity"] == "medium" and late["severity"] == "high"
            assert soon["link"] == late["link"] == "/arkiv/begaran/req-1"
            assert "förskoleinlägget" in soon["body"] and "skyndsamt" in soon["body"]
        finally:
            await nc.close()


async def _two(nc: Any) -> list[dict[str, Any]] | None:
    found = await ask(nc, "q.notify.alerts", {"municipality": "knivsta", "rule": "request_due"})
    return found if len(found) >= 2 else None
