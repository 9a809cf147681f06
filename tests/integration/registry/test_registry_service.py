"""Registry against real NATS and FerretDB: demo accounts, the query API other services
use, commands through the whole lifecycle, the public pages, and the follow-up sweep."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import nats
import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy

from services.registry.adapters import outbox
from services.registry.adapters.store import AccountStore
from services.registry.app import demo, followup, lifecycle, views
from services.registry.app.policies import pack_for
from services.registry.config import RegistrySettings
from services.registry.main import create_app
from shared.broker import declare_streams
from shared.contracts import Author, PlatformEvent, utcnow
from shared.contracts.registry import ProposeAccount, ReviewDue
from shared.runtime.service import ServiceRuntime
from tests.support.inprocess import running
from tests.support.polling import ask
from tests.support import bus


async def events(nc, subject: str) -> list[dict]:
    js = nc.jetstream()
    sub = await js.pull_subscribe(subject, stream="REGISTRY",
                                  config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
    out: list[dict] = []
    try:
        while True:
            batch = await sub.fetch(100, timeout=1)
            out += [json.loads(m.data) | {"_subject": m.subject} for m in batch]
    except nats.errors.TimeoutError:
        pass
    await sub.unsubscribe()
    return out


def actor(municipality: str, *roles: str, user: str = "u1") -> dict:
    return {"user_id": user, "name": f"Person {user}", "municipality": municipality, "roles": list(roles)}


@pytest.fixture
async def nc(service_env):
    client = await bus.connect(service_env["KANALVAKT_NATS_URL"])
    yield client
    await client.close()


async def test_demo_accounts_and_the_queries_other_services_use(service_env, nc) -> None:
    settings = RegistrySettings(seed_demo=True, follow_up_interval_s=0)
    async with running(create_app, settings) as http:
        q = {"municipality": "knivsta"}
        found = await ask(nc, "q.registry.account_by_platform_id",
                              q | {"platform": "facebook", "platform_account_id": "100200300400"})
        assert found["account_id"] == "knivsta-fb-kommun" and found["state"] == "active"
        assert found["tier"] == "municipality_wide" and found["crisis_channel"] is True
        unknown = await nc.request("q.registry.account_by_platform_id", json.dumps(
            q | {"platform": "facebook", "platform_account_id": "nope"}).encode(), timeout=5)
        assert unknown.data == b"null"
        hostile = await ask(nc, "q.registry.account_by_platform_id",
                                q | {"platform": "facebook", "platform_account_id": {"$gt": ""}})
        assert "platform_account_id" in hostile["error"]

        people = await ask(nc, "q.registry.responsible",
                               q | {"platform": "facebook", "platform_account_id": "100200300555"})
        assert people["account_id"] == "knivsta-fb-bibliotek"
        assert [c["role"] for c in people["contacts"]] == ["administrator", "substitute", "manager"]
        assert people["contacts"][0]["email"] == "maja.demo@example.se"
        assert people["decision_roles"] == ["head_of_unit"]

        # notify asks with the platform's account id in both fields, and sometimes only a unit.
        routed = await ask(nc, "q.registry.responsible",
                               q | {"account_id": "100200300400", "platform_account_id": "100200300400"})
        assert routed["account_id"] == "knivsta-fb-kommun"
        assert [p["name"] for p in routed["people"]][:2] == ["Anna Demo", "Omar Demo"]
        by_unit = await ask(nc, "q.registry.responsible", q | {"unit": "Kommunikationsenheten"})
        assert set(by_unit["accounts"]) == {"knivsta-fb-kommun", "knivsta-ig-kommun"}
        assert len({p["email"] for p in by_unit["people"]}) == len(by_unit["people"])
        assert (await ask(nc, "q.registry.responsible", q))["error"].startswith("Ogiltig fråga")

        flagged = await ask(nc, "q.registry.accounts", q | {"crisis_channel": True, "state": "active"})
        assert {a["account_id"] for a in flagged} == {"knivsta-fb-kommun", "knivsta-ig-kommun"}
        crisis = await ask(nc, "q.registry.crisis_channels", q)
        assert {(c["platform"], c["platform_account_id"]) for c in crisis} == {
            ("facebook", "100200300400"), ("instagram", "178400500600")}

        assert await ask(nc, "q.registry.compliance", q) == []
        detail = await ask(nc, "q.registry.account", q | {"account_id": "knivsta-fb-kommun"})
        assert [h["verb"] for h in detail["history"]] == ["proposed", "assessed", "approved", "activated"]
        assert detail["activation_blockers"] == [] and len(detail["checklist"]) == 4
        assert await ask(nc, "q.registry.accounts", {"municipality": "nybro"}) == []

        # Activity arrives from ingest on social.received.<platform>; a redelivery counts once.
        js = nc.jetstream()
        for item_id, kind, direction, parent in [("c1", "comment", "inkommen", None),
                                                 ("r1", "reply", "upprattad", "c1"),
                                                 ("p1", "post", "upprattad", None)]:
            event = PlatformEvent(
                event_id=f"ev-{item_id}", municipality="knivsta", platform="facebook", account_id="100200300400",
                kind=kind, item_id=item_id, parent_id=parent, author=Author(platform_id="1"), text="Hej",
                received_at=utcnow(), direction=direction)
            for _ in range(2):
                await js.publish("social.received.facebook", event.model_dump_json().encode(),
                                 headers={"Nats-Msg-Id": event.event_id})

        async def activity() -> dict:
            found = await ask(nc, "q.registry.account", q | {"account_id": "knivsta-fb-kommun"})
            return found["activity"]

        def complete(f: dict) -> bool:  # the figures are read one by one while items still arrive
            return f["answered_last_28_days"] == 1 and f["posts_last_7_days"] == 1 and f["inbound_last_28_days"] == 1 \
                and f["last_outbound_post_at"] is not None

        for _ in range(100):
            if complete(figures := await activity()):
                break
            await asyncio.sleep(0.1)
        assert figures["inbound_last_28_days"] == 1 and figures["answered_share"] == 1.0
        assert figures["last_outbound_post_at"] is not None

        page = await http.get("/public/knivsta/sociala-medier")
        assert page.status_code == 200 and '<html lang="sv">' in page.text
        assert 'href="https://www.facebook.com/knivstakommun"' in page.text
        feed = (await http.get("/public/knivsta/sociala-medier.json")).json()
        assert len(feed["channels"]) == 3 and feed["channels"][0]["tier"] == "municipality_wide"
        csv_response = await http.get("/public/knivsta/forteckning.csv")
        assert csv_response.headers["content-type"].startswith("text/csv")
        assert csv_response.text.count("\r\n") == 4
        inventory = (await http.get("/public/knivsta/forteckning.json", params={"board": "Kommunstyrelsen"})).json()
        assert len(inventory["rows"]) == 2
        assert "Nämnd: Kultur- och fritidsnämnden" in (await http.get("/public/knivsta/forteckning.html")).text
        assert (await http.get("/public/atlantis/sociala-medier")).status_code == 404
        assert (await http.get("/public/knivsta/forteckning.pdf")).status_code == 404

    published = await events(nc, "registry.account.>")
    assert len(published) == 12
    assert {e["_subject"] for e in published} == {f"registry.account.{v}" for v in
                                                  ("proposed", "assessed", "approved", "activated")}
    assert len({e["event_id"] for e in published}) == 12
    approvals = [e for e in published if e["_subject"] == "registry.account.approved"]
    approved = approvals[0]
    assert approved["from_state"] == "assessed" and approved["to_state"] == "approved" and approved["sequence"] == 3
    # Knivsta L58: the municipality-wide accounts are Kommunstyrelsen's; L56: a unit's own, its head's.
    by_tier = {e["account"]["tier"]: e for e in approvals}
    assert by_tier["municipality_wide"]["actor"]["role"] == "board_delegate"
    assert by_tier["municipality_wide"]["details"]["decided_by"].startswith("Kommunstyrelsen")
    assert by_tier["local"]["actor"]["role"] == "head_of_unit"
    assert by_tier["local"]["details"]["decided_by"].startswith("Verksamhetschefen")
    assert approved["account"]["platform_account_id"] and approved["municipality"] == "knivsta"


async def test_commands_take_an_account_through_its_lifecycle(service_env, nc) -> None:
    settings = RegistrySettings(follow_up_interval_s=0)
    comms = actor("lidkoping", "head_of_communications", user="chefen")
    async with running(create_app, settings):
        garbage = await ask(nc, "cmd.registry.propose", b"not json")
        assert garbage["ok"] is False and garbage["message"].startswith("Ogiltigt kommando")

        refused = await ask(nc, "cmd.registry.propose", {
            "actor": actor("lidkoping", "communicator"), "platform": "x", "name": "Kulturhuset", "tier": "local"})
        assert refused["ok"] is False and "X finns inte bland de plattformar" in refused["message"]

        proposal = {"actor": actor("lidkoping", "communicator"), "platform": "instagram", "name": "Kulturhuset",
                    "tier": "local", "request_id": "form-1", "purpose": "Nå unga besökare"}
        first = await ask(nc, "cmd.registry.propose", proposal)
        again = await ask(nc, "cmd.registry.propose", proposal)
        assert first["ok"] and again["ok"] and first["id"] == again["id"]
        account_id = first["id"]
        ref = {"account_id": account_id}

        rules = await ask(nc, "q.registry.rules", {"municipality": "lidkoping"})
        criteria = [c["id"] for c in rules["decisions"]["local"]["criteria"]]
        answers = [{"criterion_id": c, "met": True, "note": ""} for c in criteria]
        wrong_role = await ask(nc, "cmd.registry.assess", ref | {
            "actor": actor("lidkoping", "communicator"), "answers": answers})
        assert wrong_role["ok"] is False and wrong_role["message"].startswith("Bara ")
        assert (await ask(nc, "cmd.registry.assess", ref | {"actor": comms, "answers": answers}))["ok"]
        approved = await ask(nc, "cmd.registry.approve", ref | {"actor": comms, "reason": "Webben räcker inte"})
        assert approved["data"]["account"]["state"] == "approved"

        people = {"board": "Kultur- och fritidsnämnden", "unit": "Kulturhuset",
                  "manager": {"name": "Kim Chef"}, "administrators": [{"name": "Alva Admin"}],
                  "routines_document": "Dnr KFN 2026/7", "sender_identity_confirmed": True,
                  "credentials_location": "Kommunikationsavdelningens lösenordshanterare"}
        assert (await ask(nc, "cmd.registry.assign", ref | {"actor": comms, "responsibilities": people}))["ok"]
        activation = ref | {"actor": comms, "platform_account_id": "17841",
                            "url": "https://www.instagram.com/kulturhuset"}
        blocked = await ask(nc, "cmd.registry.activate", activation)
        assert blocked["ok"] is False
        assert "För få administratörer: 1 av minst 2" in blocked["message"]
        assert "inte rapporterade till kommunikationsavdelningen" in blocked["message"]
        compliance = await ask(nc, "q.registry.compliance", {"municipality": "lidkoping"})
        assert {g["code"] for g in compliance[0]["gaps"]} >= {"too_few_administrators", "credentials_not_reported"}

        more = {"administrators": [{"name": "Alva Admin"}, {"name": "Bo Admin"}],
                "credentials_reported_at": utcnow().isoformat()}
        assert (await ask(nc, "cmd.registry.assign", ref | {"actor": comms, "responsibilities": more}))["ok"]
        active = await ask(nc, "cmd.registry.activate", activation)
        assert active["ok"], active["message"]
        assert active["data"]["account"]["platform_account_id"] == "17841"

        found = await ask(nc, "q.registry.account_by_platform_id",
                              {"municipality": "lidkoping", "platform": "instagram", "platform_account_id": "17841"})
        assert found["account_id"] == account_id
        other_town = await ask(nc, "q.registry.account", {"municipality": "knivsta", "account_id": account_id})
        assert other_town is None

        assert (await ask(nc, "cmd.registry.start_review", ref | {"actor": comms}))["ok"]
        closing = await ask(nc, "cmd.registry.record_review", ref | {
            "actor": comms, "outcome": "close", "close_reasons": ["low_activity"]})
        assert closing["data"]["account"]["state"] == "closing"
        illegal = await ask(nc, "cmd.registry.activate", ref | {"actor": comms})
        assert illegal["ok"] is False and "under avveckling" in illegal["message"]
        assert (await ask(nc, "cmd.registry.close", ref | {"actor": comms, "reason": "Borttaget"}))["ok"]

        detail = await ask(nc, "q.registry.account", {"municipality": "lidkoping", "account_id": account_id})
        assert [h["verb"] for h in detail["history"]] == [
            "proposed", "assessed", "approved", "updated", "updated", "activated", "review_started", "reviewed",
            "closed"]
        assert detail["history"][2]["actor"] == {"user_id": "chefen", "name": "Person chefen",
                                                 "role": "head_of_communications"}
        assert "credentials" not in json.dumps(detail["history"]).replace("credentials_", "")

    recommended = await events(nc, "registry.account.close_recommended")
    assert len(recommended) == 1
    assert recommended[0]["reasons"] == ["Kontot har ingen eller låg aktivitet."]
    assert recommended[0]["decided_by_roles"] == ["head_of_communications"]


async def test_follow_up_counts_activity_and_raises_reviews_and_recommendations(service_env, nc) -> None:
    settings = RegistrySettings(follow_up_interval_s=0)
    runtime = ServiceRuntime("registry", settings)
    await runtime.broker.connect()
    try:
        await declare_streams(runtime.broker, settings)
        store = AccountStore(runtime.db)
        await store.ensure_indexes()
        # A start interrupted after the proposal: the next start finishes the lifecycle.
        spec = json.loads(demo.DEMO_ACCOUNTS.read_text(encoding="utf-8"))[1]
        keys = ("account_id", "platform", "name", "tier", "url", "platform_account_id", "responsibilities")
        await lifecycle.propose_account(store=store, broker=runtime.broker, command=ProposeAccount(
            actor=actor("knivsta", "communicator"), **{k: spec[k] for k in keys}))
        assert await demo.seed_demo_accounts(store=store, broker=runtime.broker) == 3
        assert await demo.seed_demo_accounts(store=store, broker=runtime.broker) == 0
        resumed = await store.get("knivsta", spec["account_id"])
        assert [h.verb for h in resumed.history] == ["proposed", "assessed", "approved", "activated"]

        now = utcnow()
        page = "100200300400"
        items = [
            ("q1", "comment", "inkommen", None, now - timedelta(days=1)),
            ("q2", "direct_message", "inkommen", None, now - timedelta(days=2)),
            ("a1", "reply", "upprattad", "q1", now - timedelta(hours=20)),
            ("p1", "post", "upprattad", None, now - timedelta(days=3)),
            ("p0", "post", "upprattad", None, now - timedelta(days=12)),
        ]
        for item_id, kind, direction, parent, at in items:
            for _ in range(2):  # a redelivery changes nothing
                await store.record_activity(event_id=f"ev-{item_id}", municipality="knivsta", platform="facebook",
                                            account_id=page, kind=kind, direction=direction, item_id=item_id,
                                            parent_id=parent, at=at)
        account = await store.get("knivsta", "knivsta-fb-kommun")
        summary, flags = await followup.activity_of(store=store, account=account,
                                                   pack=pack_for("knivsta"), now=now)
        assert summary.posts_last_7_days == 1 and summary.posts_per_week == 0.5
        assert summary.inbound_last_28_days == 2 and summary.answered_last_28_days == 1
        assert summary.last_outbound_post_at == items[3][4].replace(microsecond=items[3][4].microsecond // 1000 * 1000)
        assert flags == []

        later = now + timedelta(days=400)
        first = await followup.run_follow_up(store=store, broker=runtime.broker, now=later)
        second = await followup.run_follow_up(store=store, broker=runtime.broker, now=later)
        assert first.review_due == 3 and second.review_due == 0
        due = await events(nc, "registry.review.due")
        assert len(due) == 3 and all(e["overdue"] for e in due)
        assert {e["account_id"] for e in due} == {"knivsta-fb-kommun", "knivsta-ig-kommun", "knivsta-fb-bibliotek"}
        assert due[0]["responsible"], "the review notice names who should do it"
        gaps = await views.compliance_view(store=store, municipality="knivsta", now=later)
        assert {g.code for row in gaps for g in row.gaps} == {"review_overdue"}

        # An event stored but never published (NATS was away) goes out with the next sweep.
        left = outbox.outbox_item("review_due", "registry.review.due", ReviewDue.model_validate(due[0]) \
                                    .model_copy(update={"event_id": "left-behind"}))
        await store.accounts.update_one({"_id": "knivsta-fb-kommun"}, {"$push": {"outbox": left.doc()}})
        assert (await followup.run_follow_up(store=store, broker=runtime.broker, now=later)).outbox == 1
        assert (await store.with_outbox()) == []
        assert "left-behind" in {e["event_id"] for e in await events(nc, "registry.review.due")}
    finally:
        await runtime.broker.stop()
        await runtime.mongo.close()
