"""The reporting projection fed real events through NATS JetStream, read back as the
report pages, the CSV and the PDF; scoped per board and municipality."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import nats
from pydantic import BaseModel

from services.dashboard.app.reports import projection
from services.dashboard.adapters.report_store import ReportStore
from services.dashboard.domain.staff import UserChanges
from shared.contracts.commands import Role
from shared import subjects
from shared.contracts import ItemDecided, ItemTagged, PlatformEvent, SlaChanged
from shared.contracts.archive import RecordCulled, RecordRegistered, RecordStored, RequestDecided
from shared.contracts.base import Envelope
from shared.contracts.moderation import ActionChanged
from shared.contracts.notify import BroadcastApproved, BroadcastContent, CheckResult, DeliveryChanged, PersonRef
from shared.contracts.registry import AccountChanged, AccountFacts, ActorRef, ChangeDetails, ReviewDue
from shared.contracts.social import Author
from tests.support.polling import eventually

from .conftest import dashboard, login

T0 = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # a Tuesday, 09:00 in Stockholm
ACTOR = ActorRef(user_id="u1", name="Kim", role="head_of_communications")


def account(account_id: str, page: str, name: str, board: str, municipality: str = "knivsta") -> AccountChanged:
    facts = AccountFacts(account_id=account_id, municipality=municipality, platform="facebook",
                         platform_account_id=page, name=name, tier="municipality_wide", state="active",
                         board=board, unit=f"{board}-enhet")
    return AccountChanged(event_id=f"acc-{account_id}", municipality=municipality, account_id=account_id,
                          verb="activated", from_state="approved", to_state="active", actor=ACTOR, sequence=3,
                          account=facts, details={})


def question(n: int, page: str, *, minutes: float, breached: bool = False, municipality: str = "knivsta"
             ) -> list[tuple[str, Envelope]]:
    """One question on `page`: received, tagged with its deadlines, its first-feedback clock met
    (after `minutes` of working time) or breached, as moderation publishes them."""
    item = f"item-{page}-{n}"
    received = T0 + timedelta(minutes=n)
    due = received + timedelta(hours=4)
    events: list[tuple[str, Envelope]] = [
        (subjects.social_received("facebook"), PlatformEvent(
            event_id=item, municipality=municipality, platform="facebook", account_id=page, kind="comment",
            item_id=f"c{n}", author=Author(platform_id=f"p{n}"), text="När öppnar biblioteket?",
            received_at=received, direction="inkommen")),
        (subjects.MODERATION_TAGGED, ItemTagged(
            event_id=f"tag-{item}", municipality=municipality, item_event_id=item, platform="facebook",
            account_id=page, item_id=f"c{n}", policy=municipality, intents=["question"], categories=[],
            first_feedback_due=due, answer_due=due + timedelta(days=2), received_at=received,
            tier="municipality_wide"))]
    clock = dict(event_id=f"sla-{item}", municipality=municipality, item_event_id=item, account_id=page,
                 platform="facebook", clock="first_feedback", deadline="first_response", due_at=due,
                 tier="municipality_wide", started_at=received)
    if breached:
        events.append((subjects.MODERATION_SLA_BREACHED, SlaChanged(**clock, state="breached")))
    else:
        events.append((subjects.MODERATION_SLA_MET, SlaChanged(
            **clock, state="met", met_at=received + timedelta(minutes=minutes), working_seconds=minutes * 60)))
    return events


async def publish(js, subject: str, event: BaseModel, msg_id: str | None = None) -> None:  # type: ignore[no-untyped-def]
    await js.publish(subject, event.model_dump_json().encode(),
                     headers={"Nats-Msg-Id": msg_id or event.event_id})  # type: ignore[attr-defined]


async def test_reports_from_real_events_scoped_by_board_and_municipality(settings, make_user, service_env) -> None:
    async with dashboard(settings) as (client, store):
        nc = await nats.connect(service_env["KANALVAKT_NATS_URL"])
        js = nc.jetstream()
        try:
            await publish(js, subjects.registry_account("activated"), account("acc-kf", "111", "Kommunen", "KS"))
            await publish(js, subjects.registry_account("activated"), account("acc-bib", "222", "Biblioteket", "KFN"))
            events = [*question(1, "111", minutes=30), *question(2, "111", minutes=90),
                      *question(3, "111", minutes=0, breached=True), *question(4, "222", minutes=10),
                      *question(5, "999", minutes=5, municipality="pitea")]
            for subject, event in events:
                await publish(js, subject, event)
            hide = ItemDecided(event_id="dec-auto", municipality="knivsta", decision_id="d-auto",
                               item_event_id="item-111-1", platform="facebook", account_id="111", item_id="c1",
                               decision="hide", reason="Automatiskt", actor_id="auto:threat", automatic=True,
                               occurred_at=T0 + timedelta(minutes=2))
            unhide = ItemDecided(event_id="dec-unhide", municipality="knivsta", decision_id="d-unhide",
                                 item_event_id="item-111-1", platform="facebook", account_id="111", item_id="c1",
                                 decision="unhide", reason="Felbedömt", actor_id="u1", automatic=False,
                                 occurred_at=T0 + timedelta(minutes=21))
            await publish(js, subjects.MODERATION_DECIDED, hide)
            await publish(js, subjects.MODERATION_DECIDED, unhide)
            await publish(js, subjects.moderation_action("executed"), ActionChanged(
                event_id="act-1", municipality="knivsta", action_id="a1", decision_id="d-auto",
                item_event_id="item-111-1", platform="facebook", account_id="111", item_id="c1", action="hide",
                state="executed", automatic=True))
            removal = ItemDecided(event_id="dec-rm", municipality="knivsta", decision_id="d-rm",
                                  item_event_id="item-111-2", platform="facebook", account_id="111", item_id="c2",
                                  decision="remove", reason="Hot", actor_id="u1",
                                  occurred_at=T0 + timedelta(minutes=30))
            await publish(js, subjects.MODERATION_DECIDED, removal)
            await publish(js, subjects.moderation_action("executed"), ActionChanged(
                event_id="act-rm", municipality="knivsta", action_id="a-rm", decision_id="d-rm",
                item_event_id="item-111-2", platform="facebook", account_id="111", item_id="c2", action="remove",
                state="executed", record_id="r2", preserved_at=T0 + timedelta(minutes=33),
                occurred_at=T0 + timedelta(minutes=35)))
            # The same fact again under another message id (a republish after JetStream's
            # duplicate window): the projection must not count it twice.
            await publish(js, subjects.MODERATION_SLA_MET, events[2][1], msg_id="again-1")
            reports = ReportStore(store.users.database)

            async def settled() -> bool:
                return (await reports.facts.count_documents({"kind": {"$in": ["met", "breached"]}}) == 5
                        and await reports.facts.find_one({"_id": "decided:d-unhide"}) is not None
                        and await reports.facts.find_one({"_id": "action:a-rm:executed"}) is not None
                        and await reports.accounts.count_documents({}) == 2)

            assert await eventually(settled)

            await make_user(store, "chef", [Role.head_of_communications])
            await make_user(store, "namnd", [Role.board_delegate])
            await store.update_user((await store.user_by_name("namnd")).user_id, UserChanges(units=["KFN"]))  # type: ignore[union-attr]
            await make_user(store, "pitea", [Role.head_of_communications], municipality="pitea")

            await login(client, "chef")
            page = await client.get("/rapporter/svarstider?manad=2026-11")
            assert page.status_code == 200, page.text[:500]
            text = page.text
            # Four Knivsta questions: three met in time (30, 90, 10 working minutes), one breached.
            assert "<dt>Frågor</dt><dd>4</dd>" in text
            assert "<dt>Första återkoppling inom målet</dt><dd>75 % (3 av 4)</dd>" in text
            assert "<dt>Första återkoppling, median</dt><dd>30 min</dd>" in text  # 10, 30, 90, over → rank 2
            assert "/moderering/item-111-3" in text  # the breach, listed with its link
            # Per board: the municipality's account (KS) 2 of 3 in time, the library (KFN) 1 of 1.
            assert '<th scope="row">KS</th><td>3</td><td>67 % (2)</td><td>1 h 30 min</td>' in text
            assert '<th scope="row">KFN</th><td>1</td><td>100 % (1)</td><td>10 min</td>' in text
            assert "<svg" in text and "<script" not in text.split("</header>", 1)[1]
            moderation = await client.get("/rapporter/moderering?manad=2026-11")
            assert "<dt>Automatiska åtgärder</dt><dd>1</dd>" in moderation.text
            assert "<dt>Varav återställda av personal</dt><dd>1</dd>" in moderation.text
            # Staff decided after 20 (unhide) and 28 minutes (remove): the median is the first of the two.
            assert "<dt>Tid till personalens beslut, median</dt><dd>högst 20 min</dd>" in moderation.text
            assert ("<dt>Borttagning genomförd efter att arkivet sparat inlägget, median</dt><dd>högst 2 min</dd>"
                    in moderation.text)
            volume = await client.get("/rapporter/volym?manad=2026-11")
            assert "<dt>Inkomna</dt><dd>4</dd>" in volume.text
            csv = await client.get("/rapporter/svarstider.csv?manad=2026-11")
            assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
            assert "Frågor;4" in csv.text and "Biblioteket;1;1" in csv.text
            pdf = await client.get("/rapporter/manadsrapport.pdf?manad=2026-11")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and b"pdfaid:part" in pdf.content
            bad = await client.get("/rapporter/svarstider?manad=2026-13")
            assert bad.status_code == 400 and "ÅÅÅÅ-MM" in bad.text
            home = await client.get("/")
            assert home.status_code == 200 and "Månaden i korthet" in home.text

            await client.post("/logout", data={})
            client.cookies.clear()
            await login(client, "namnd")  # the culture board's delegate: the library's account only
            scoped = await client.get("/rapporter/svarstider?manad=2026-11")
            assert "<dt>Frågor</dt><dd>1</dd>" in scoped.text and "item-111-3" not in scoped.text
            client.cookies.clear()
            await login(client, "pitea")  # another municipality: none of Knivsta's figures
            other = await client.get("/rapporter/svarstider?manad=2026-11")
            assert "<dt>Frågor</dt><dd>1</dd>" in other.text and "Biblioteket" not in other.text
            client.cookies.clear()
            await make_user(store, "arkiv-only", [Role.system_administrator])
            await login(client, "arkiv-only")
            refused = await client.get("/rapporter/svarstider")
            assert refused.status_code == 403
        finally:
            await nc.close()


async def test_a_bucket_counts_an_event_once_even_when_it_is_applied_again(settings) -> None:
    async with dashboard(settings) as (_, store):
        reports = ReportStore(store.users.database)
        for _ in range(2):  # the redelivery after a crash between the counters and the fact
            await reports.count(family="vol", municipality="knivsta", platform="facebook", account="111",
                                day="2026-11-03", counters={"in": 1}, event_id="e1")
        await reports.count(family="vol", municipality="knivsta", platform="facebook", account="111",
                            day="2026-11-03", counters={"in": 1}, event_id="e2")
        doc = await reports.buckets.find_one({"_id": "vol|knivsta|facebook|111|2026-11-03"})
        assert doc is not None and doc["n:in"] == 2 and doc["last_event"] == "e2"
        assert json.dumps(doc["day"]) == '"2026-11-03"'


async def test_records_crisis_and_follow_up_reports_and_the_monthly_pdf_command(settings, make_user, service_env,
                                                                                 tmp_path) -> None:
    async with dashboard(settings) as (client, store):
        nc = await nats.connect(service_env["KANALVAKT_NATS_URL"])
        js = nc.jetstream()
        try:
            lib = account("acc-bib", "222", "Biblioteket", "KFN")
            await publish(js, subjects.registry_account("activated"), lib)
            gap = lib.model_copy(update={"event_id": "acc-bib-4", "verb": "updated", "sequence": 4,
                                         "details": ChangeDetails(gaps=["no_substitute"])})
            await publish(js, subjects.registry_account("updated"), gap)
            await publish(js, subjects.REGISTRY_REVIEW_DUE, ReviewDue(
                event_id="rev-1", municipality="knivsta", account_id="acc-bib", account=lib.account,
                due_at=T0 + timedelta(days=10), overdue=False))
            stored = RecordStored(event_id="st-1", municipality="knivsta", record_id="rec-1", item_event_id="i1",
                                  platform="facebook", item_id="c1", direction="inkommen", account_id="222",
                                  occurred_at=T0)
            await publish(js, subjects.ARCHIVE_STORED, stored)
            await publish(js, subjects.ARCHIVE_REGISTERED, RecordRegistered(
                event_id="reg-1", municipality="knivsta", record_id="rec-1", diarienummer="KFN 2026/17", board="KFN",
                registrar="Rut", registered_at=T0 + timedelta(hours=2)))
            await publish(js, subjects.ARCHIVE_CULLED, RecordCulled(
                event_id="cull-1", municipality="knivsta", record_id="rec-1", run_id="run-7", decision="gb-2026-1",
                rule_id="trivial", occurred_at=T0 + timedelta(days=3)))
            for rid, hours, outcome in (("req-1", 5, "hel"), ("req-2", 30, "avslag")):  # due after 24 h
                await publish(js, subjects.ARCHIVE_REQUEST_DECIDED, RequestDecided(
                    event_id=f"{rid}-decided", municipality="knivsta", request_id=rid, outcome=outcome,
                    received_at=T0, due_at=T0 + timedelta(hours=24), decided_at=T0 + timedelta(hours=hours)))
            person = PersonRef(user_id="k1", name="Kris Ledare")
            content = BroadcastContent(title="Vattenläcka i centrum", body="Koka vattnet före användning.")
            checks = CheckResult(lix=30, lix_threshold=40)
            await publish(js, subjects.NOTIFY_BROADCAST_APPROVED, BroadcastApproved(
                event_id="bc-1", municipality="knivsta", broadcast_id="b1", kind="alert", content=content,
                drafted_by=person, approved_by=person, revision=1, checks=checks, occurred_at=T0))
            await publish(js, subjects.notify_delivery("confirmed"), DeliveryChanged(
                event_id="dl-1", municipality="knivsta", delivery_id="d1", broadcast_id="b1", channel="website",
                state="confirmed", occurred_at=T0 + timedelta(minutes=3)))
            reports = ReportStore(store.users.database)

            async def settled() -> bool:
                account_doc = await reports.accounts.find_one({"_id": "acc-bib"}) or {}
                return (account_doc.get("gaps") == ["no_substitute"] and "review_due_at" in account_doc
                        and await reports.facts.find_one({"_id": "culled:cull-1"}) is not None
                        and await reports.lists.find_one({"_id": "delivery:dl-1"}) is not None
                        and await reports.lists.find_one({"_id": "request:req-2"}) is not None)

            assert await eventually(settled)
            await make_user(store, "arkivarie", [Role.archivist])
            await login(client, "arkivarie")
            records = await client.get("/rapporter/arkiv?manad=2026-11")
            assert "<dt>Registrerade (diarieförda)</dt><dd>1</dd>" in records.text
            assert "<dt>Gallrade</dt><dd>1</dd>" in records.text and "/arkiv/gallring/run-7" in records.text
            assert "<dt>Avgjorda begäranden om allmän handling</dt><dd>2</dd>" in records.text
            assert "<dt>avgjorda för sent</dt><dd>1</dd>" in records.text
            assert "<dt>90:e percentilen, timmar</dt><dd>30.0</dd>" in records.text
            assert "/arkiv/begaran/req-1" in records.text and "<td>avslag</td><td>för sent</td>" in records.text
            crisis = await client.get("/rapporter/kris?manad=2026-11")
            assert "Vattenläcka i centrum" in crisis.text and "<td>Webbplatsen</td><td>bekräftad</td>" in crisis.text
            assert "<td>3 min</td>" in crisis.text
            follow_up = await client.get("/rapporter/konton?manad=2026-11")
            assert "ersättare saknas" in follow_up.text
            assert ('<a href="/register/acc-bib">Biblioteket</a></th><td>2026-11-13</td><td>ska göras</td>'
                    in follow_up.text)
        finally:
            await nc.close()

    out = tmp_path / "manadsrapport.pdf"
    env = {**os.environ, **service_env}
    done = subprocess.run([sys.executable, "-m", "services.dashboard", "report", "--month", "2026-11",
                           "--municipality", "knivsta", "--out", str(out)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf and "november 2026" in done.stdout
    refused = subprocess.run([sys.executable, "-m", "services.dashboard", "report", "--month", "november",
                              "--municipality", "knivsta", "--out", str(out)], env=env, capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode == 2 and "ÅÅÅÅ-MM" in refused.stderr


async def test_an_event_applied_to_its_bucket_before_a_crash_is_not_counted_again(settings) -> None:
    """The crash window: counters written, fact not yet; the redelivery must add nothing."""
    async with dashboard(settings) as (_, store):
        reports = ReportStore(store.users.database)
        [(_, event)] = question(1, "111", minutes=5)[:1]
        assert isinstance(event, PlatformEvent)
        day = "2026-11-03"
        await reports.count(family="vol", municipality="knivsta", platform="facebook", account="111", day=day,
                            counters={"in": 1, "in:comment": 1}, event_id=event.event_id)  # then the crash
        await projection.on_received(reports, event)  # the redelivery
        await projection.on_received(reports, event)  # and a duplicate later on
        doc = await reports.buckets.find_one({"_id": f"vol|knivsta|facebook|111|{day}"})
        assert doc is not None and (doc["n:in"], doc["n:in:comment"]) == (1, 1)
        assert await reports.facts.find_one({"_id": f"social:{event.event_id}"}) is not None
