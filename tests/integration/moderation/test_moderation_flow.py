"""Moderation against real NATS + FerretDB and the fake platforms: the archive-first
invariant, SLA clocks stopped by a staff reply, and the two-person block."""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from services.moderation.config import ModerationSettings
from services.moderation.main import create_app
from shared.clients.moderation import ModerationClient, ModerationRefused
from shared.connectors.factory import build_connectors
from shared.contracts import Author, PlatformEvent, RecordPreserved, deterministic_id
from shared.contracts.moderation import ClockQuery, QueueQuery, Verdict, VerdictQuery
from tests.support.inprocess import running
from tests.support.platforms import FakePlatforms
from tests.support import bus as signing_bus
from tests.support.polling import ask, eventually, request_when_served

MUNI = "eskilstuna"
PAGE = "PAGE1"


def actor(user: str, *roles: str) -> dict[str, Any]:
    return {"user_id": user, "name": user.title(), "municipality": MUNI, "roles": list(roles)}


def comment(item_id: str, text: str, *, author: str = "777", thread: str = "PAGE1_p1", direction: str = "inkommen",
            at: datetime | None = None, municipality: str = MUNI) -> PlatformEvent:
    return PlatformEvent(
        event_id=deterministic_id("test", item_id), municipality=municipality, platform="facebook", account_id=PAGE,
        kind="comment", item_id=item_id, parent_id=thread, thread_id=thread,
        author=Author(platform_id=author, name="Kommunen" if direction == "upprattad" else "Troll Trollsson"),
        text=text, received_at=at or datetime.now(UTC), direction=direction,
    )


class Bus:
    def __init__(self, nc: Any) -> None:
        self.nc, self.js = nc, nc.jetstream()

    async def publish(self, subject: str, event: Any) -> None:
        await self.js.publish(subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.event_id})

    async def ask(self, subject: str, body: dict[str, Any]) -> Any:
        return await ask(self.nc, subject, body)

    async def judged(self, item: Any) -> dict[str, Any]:
        """Publish a received item (of MUNI, on Facebook) and wait for moderation's verdict on it."""
        await self.publish("social.received.facebook", item)
        query = {"municipality": MUNI, "item_event_id": item.event_id}
        [verdict] = await self.reply_when("q.moderation.verdicts", query, lambda r: len(r) == 1)
        return verdict

    async def collected(self, subject: str) -> list[dict[str, Any]]:
        """Every message published on `subject` from now on, decoded, as it arrives."""
        messages: list[dict[str, Any]] = []

        async def collect(msg: Any) -> None:
            messages.append(json.loads(msg.data))

        await self.nc.subscribe(subject, cb=collect)
        return messages

    async def reply_when(self, subject: str, body: dict[str, Any], ok: Any, attempts: int = 150) -> Any:
        """Ask until the reply satisfies `ok`; the reply, or an AssertionError naming the last one."""
        replies: list[Any] = []

        async def satisfied() -> Any:
            replies.append(await self.ask(subject, body))
            return ok(replies[-1])

        if not await eventually(satisfied, attempts=attempts):
            raise AssertionError(f"{subject} never satisfied the condition; last answer: {replies[-1]!r}")
        return replies[-1]

    async def drained(self, stream: str, durable: str) -> None:
        """Wait until a durable consumer has handled everything (nothing pending or unacked)."""
        async def idle() -> bool:
            info = await self.js.consumer_info(stream, durable)
            return info.num_pending == 0 and info.num_ack_pending == 0

        if not await eventually(idle, attempts=150):
            raise AssertionError(f"{durable} did not drain")


@pytest.fixture
async def platforms() -> AsyncIterator[FakePlatforms]:
    async with FakePlatforms() as fake:
        yield fake


@pytest.fixture
async def bus(service_env: dict[str, str]) -> AsyncIterator[Bus]:
    nc = await signing_bus.connect(service_env["KANALVAKT_NATS_URL"])
    try:
        yield Bus(nc)
    finally:
        await nc.close()


def moderation(platforms: FakePlatforms, *, tick_seconds: float = 3600) -> Any:
    settings = ModerationSettings(tick_seconds=tick_seconds, registry_timeout_s=0.2, default_policy=MUNI)
    connectors = build_connectors(platforms.connector_settings())
    return running(functools.partial(create_app, connectors=connectors), settings)


async def test_removal_waits_for_the_archive_and_runs_once_when_it_returns(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus, tmp_path: Path) -> None:
    from services.archive.config import ArchiveSettings
    from services.archive.main import create_app as create_archive

    async with moderation(platforms):
        item = comment("PAGE1_c1", "Jag ska döda dig, jävla idiot")
        verdict = await bus.judged(item)
        q = {"municipality": MUNI, "item_event_id": item.event_id}
        assert {"threat", "personal_attack", "profanity"} <= set(verdict["categories"])

        command = {"actor": actor("eva", "responsible_editor"), "municipality": MUNI, "item_event_id": item.event_id,
                   "reason": "Olaga hot mot handläggare", "command_id": "cmd-1"}
        # Eskilstuna L118: the report-or-not decision comes before the removal.
        refused = await bus.ask("cmd.moderation.remove", command)
        assert refused["ok"] is False and "polisanmälan" in refused["message"]
        decided = await bus.ask("cmd.moderation.police_report", command | {"command_id": "cmd-0",
                                                                           "reason": "Olaga hot, polisanmäls"})
        assert decided["ok"] and decided["data"]["package"]["archive_proof"] is None  # not preserved yet
        result = await bus.ask("cmd.moderation.remove", command)
        assert result["ok"] and result["data"]["action_state"] == "waiting"
        # The archive is not running: nothing may leave the platform.
        detail = await bus.ask("q.moderation.item", q)
        assert [a["state"] for a in detail["platform_actions"]] == ["waiting"]
        assert platforms.requests_for("facebook", method="DELETE") == []

        archive_settings = ArchiveSettings(signing_key_file=tmp_path / "signing.key", export_dir=tmp_path / "exports")
        async with running(create_archive, archive_settings):
            detail = await bus.reply_when("q.moderation.item", q,
                                          lambda r: r["platform_actions"][0]["state"] == "executed")
        assert detail["platform_actions"][0]["record_id"]
        assert detail["preserved"]["record_id"] == detail["platform_actions"][0]["record_id"]
        assert [r.path for r in platforms.requests_for("facebook", method="DELETE")] == ["/v21.0/PAGE1_c1"]

        # The same command again, and the archive's receipt again: still one removal.
        again = await bus.ask("cmd.moderation.remove", command)
        assert again["ok"] and again["data"]["action_state"] == "executed"
        duplicate = RecordPreserved(municipality=MUNI, record_id=detail["preserved"]["record_id"], platform="facebook",
                                    item_id="PAGE1_c1")
        await bus.publish("archive.record.preserved", duplicate)
        await bus.drained("ARCHIVE", "moderation-preserved")
        assert len(platforms.requests_for("facebook", method="DELETE")) == 1

        # Content that breaks the law: prepared again once preserved, the package carries the archive's proof.
        report = await bus.ask("cmd.moderation.police_report", command | {"command_id": "cmd-2",
                                                                          "reason": "Olaga hot, polisanmäls"})
        package = report["data"]["package"]
        assert package["content"]["text"] == "Jag ska döda dig, jävla idiot"
        assert package["sender"]["platform_id"] == "777"
        assert package["archive_proof"]["record_id"] == detail["preserved"]["record_id"]
        stored = await bus.ask("q.moderation.police_report", q)
        assert stored["reason"] == "Olaga hot, polisanmäls"


async def test_a_very_long_text_is_tagged_on_its_beginning_and_goes_to_a_person(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    async with moderation(platforms):
        long_one = comment("PAGE1_long", "Jag ska döda dig, jävla idiot. " + "Och så vidare om detaljplanen. " * 2_000)
        verdict = await bus.judged(long_one)
        assert "threat" in verdict["categories"] and "long_text" in verdict["signals"]
        calm = comment("PAGE1_long2", "Tack för ett bra samråd om detaljplanen. " * 1_000)
        tagged = await bus.judged(calm)
        assert tagged["categories"] == [] and "long_text" in tagged["signals"]
        queue = await bus.ask("q.moderation.queue", {"municipality": MUNI})
        assert calm.event_id in {v["item_event_id"] for v in queue}  # a person reads what the engine did not


async def test_a_staff_reply_meets_the_clocks(service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    events: list[tuple[str, dict[str, Any]]] = []

    async def collect(msg: Any) -> None:
        events.append((msg.subject, json.loads(msg.data)))

    await bus.nc.subscribe("moderation.sla.>", cb=collect)
    await bus.nc.subscribe("moderation.feedback.routed", cb=collect)
    await bus.nc.subscribe("moderation.holiday.changed", cb=collect)
    async with moderation(platforms):
        asked = datetime.now(UTC) - timedelta(minutes=5)
        question = comment("PAGE1_q1", "Hej! När öppnar biblioteket på lördag?", thread="PAGE1_p2", at=asked)
        await bus.publish("social.received.facebook", question)
        clocks = await bus.reply_when("q.moderation.clocks", {"municipality": MUNI, "item_event_id": question.event_id},
                                      lambda r: len(r) == 2)
        assert {c["clock"] for c in clocks} == {"first_feedback", "answer"}
        assert all(c["state"] == "running" for c in clocks)
        [verdict] = await bus.ask("q.moderation.verdicts", {"municipality": MUNI, "item_event_id": question.event_id})
        assert verdict["intents"] == ["question"] and verdict["first_feedback_due"]

        reply = comment("PAGE1_r1", "Hej! Biblioteket öppnar klockan 10 på lördag.", author=PAGE, thread="PAGE1_p2",
                        direction="upprattad")
        await bus.publish("social.received.facebook", reply)
        clocks = await bus.reply_when("q.moderation.clocks", {"municipality": MUNI, "item_event_id": question.event_id},
                                      lambda r: all(c["state"] == "met" for c in r))
        assert {c["met_by"] for c in clocks} == {reply.event_id}
        answered = await bus.reply_when("q.moderation.queue", {"municipality": MUNI, "status": "answered"},
                                        lambda r: len(r) == 1)
        assert answered[0]["item_event_id"] == question.event_id
        await eventually(lambda: len(events) >= 2, attempts=100, pause=0.05)
        assert sorted((s, e["clock"]) for s, e in events if s.startswith("moderation.sla")) == [
            ("moderation.sla.met", "answer"), ("moderation.sla.met", "first_feedback")]

        # A critical view goes to the unit concerned.
        await bus.publish("social.received.facebook",
                          comment("PAGE1_q2", "Snön har inte plogats på vår gata, oacceptabelt",
                                  thread="PAGE1_p3"))
        # Holiday mode: longer targets and a visible notice.
        turned_on = await bus.ask("cmd.moderation.holiday_mode", {"actor": actor("kim", "head_of_communications"),
                                                                  "municipality": MUNI, "enabled": True})
        assert turned_on["ok"]
        shown = await bus.ask("q.moderation.notice", {"municipality": MUNI})
        assert shown["holiday_mode"] and "semestertider" in shown["notice"]
        await eventually(lambda: {"moderation.feedback.routed", "moderation.holiday.changed"} <= {s for s, _ in events},
                         attempts=100, pause=0.05)
        [routed] = [e for s, e in events if s == "moderation.feedback.routed"]
        assert (routed["unit"], routed["kind"]) == ("samhallsbyggnad", "critical")


async def test_blocking_a_repeat_offender_needs_two_people(service_env: dict[str, str], platforms: FakePlatforms,
                                                           bus: Bus) -> None:
    async with moderation(platforms):
        first = comment("PAGE1_c7", "Ni är ett gäng idioter", author="999")
        second = comment("PAGE1_c8", "Jag ska döda er", author="999")
        clean = comment("PAGE1_c9", "Tack för en fin konsert!", author="111")
        for event in (first, second, clean):
            await bus.publish("social.received.facebook", event)
        await bus.reply_when("q.moderation.offenders", {"municipality": MUNI}, lambda r: r and r[0]["count"] == 2)

        queue = await bus.reply_when("q.moderation.queue", {"municipality": MUNI}, lambda r: len(r) == 2)
        assert [q["item_id"] for q in queue] == ["PAGE1_c8", "PAGE1_c7"]  # the threat first

        base = {"municipality": MUNI, "item_event_id": second.event_id, "reason": "Upprepade hot och förolämpningar"}
        refused = await bus.ask("cmd.moderation.block", base | {"actor": actor("olle", "communicator")})
        assert not refused["ok"] and "kräver" in refused["message"]
        pending = await bus.ask("cmd.moderation.block", base | {"actor": actor("eva", "responsible_editor")})
        assert pending["ok"] and pending["data"]["ready"] is False and "kommunikationsstrateg" in pending["message"]
        same_person = await bus.ask("cmd.moderation.block", base | {"actor": actor("eva", "communications_strategist")})
        assert same_person["data"]["ready"] is False
        done = await bus.ask("cmd.moderation.block", base | {"actor": actor("sam", "communications_strategist")})
        assert done["ok"] and done["data"]["ready"] is True and done["data"]["action_state"] == "waiting"
        assert platforms.state.blocked == set()

        await bus.publish("archive.record.preserved", RecordPreserved(
            municipality=MUNI, record_id="rec-c8", platform="facebook", item_id="PAGE1_c8"))
        detail = await bus.reply_when("q.moderation.item", {"municipality": MUNI, "item_event_id": second.event_id},
                                      lambda r: any(a["state"] == "executed" for a in r["platform_actions"]))
        assert platforms.state.blocked == {(PAGE, "999")}
        [block] = [d for d in detail["decision_log"] if d["decision"] == "block"]
        assert (block["actor_id"], block["consulted_id"]) == ("eva", "sam")


async def test_bad_commands_get_a_clear_answer(service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    async with moderation(platforms):
        bad = await bus.ask("cmd.moderation.hide", {"actor": actor("eva", "responsible_editor"), "municipality": MUNI,
                                                    "item_event_id": {"$gt": ""}, "reason": "x"})
        assert not bad["ok"] and "item_event_id" in bad["message"]
        missing = await bus.ask("cmd.moderation.hide", {"actor": actor("eva", "responsible_editor"),
                                                        "municipality": MUNI, "item_event_id": "nope",
                                                        "reason": "Spam"})
        assert not missing["ok"] and "Hittar" in missing["message"]


async def test_overdue_questions_breach_and_automatic_hides_are_logged_and_reversible(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    breached = await bus.collected("moderation.sla.breached")
    async with moderation(platforms, tick_seconds=0.2):
        old = comment("PAGE1_q9", "Hur söker man bygglov för en altan?", thread="PAGE1_p9",
                      at=datetime.now(UTC) - timedelta(days=10))
        await bus.publish("social.received.facebook", old)
        clocks = await bus.reply_when("q.moderation.clocks", {"municipality": MUNI, "item_event_id": old.event_id},
                                      lambda r: len(r) == 2 and all(c["state"] == "breached" for c in r))
        assert all(c["breached_at"] for c in clocks)
        await eventually(lambda: len(breached) == 2, attempts=100, pause=0.05)
        assert sorted(e["deadline"] for e in breached) == ["answer", "first_response"]

        # Knivsta's document sets no response times: its clock counts but never breaches
        # until the municipality records targets (issue 17: guesses do not act).
        knivsta = {**actor("kia", "head_of_communications"), "municipality": "knivsta"}
        quiet = comment("PAGE1_k1", "När öppnar återvinningscentralen?", thread="PAGE1_pk", municipality="knivsta",
                        at=datetime.now(UTC) - timedelta(days=10))
        await bus.publish("social.received.facebook", quiet)
        counting = await bus.reply_when("q.moderation.clocks",
                                        {"municipality": "knivsta", "item_event_id": quiet.event_id},
                                        lambda r: len(r) == 2)
        assert all(c["due_at"] is None and c["targets_decided"] is False and c["started_at"] for c in counting)
        refused = await bus.ask("cmd.moderation.record_decision", {
            "actor": {**knivsta, "roles": ["communicator"]}, "municipality": "knivsta", "key": "response_times",
            "value": {}, "decided_by": "Kommunstyrelsen", "decided_on": "2026-01-12"})
        assert refused["ok"] is False and "Behörighet" in refused["message"]
        targets = {"first_feedback": {"working_hours": 8}, "answer": {"working_days": 3}}
        recorded = await bus.ask("cmd.moderation.record_decision", {
            "actor": knivsta, "municipality": "knivsta", "key": "response_times",
            "value": {"municipality_wide": targets, "local": targets}, "decided_by": "Kommunstyrelsen",
            "decided_on": "2026-01-12", "reference": "KS 2026/3 § 7"})
        assert recorded["ok"], recorded
        decided = comment("PAGE1_k2", "När öppnar simhallen?", thread="PAGE1_pk2", municipality="knivsta",
                          at=datetime.now(UTC) - timedelta(days=10))
        await bus.publish("social.received.facebook", decided)
        late = await bus.reply_when("q.moderation.clocks",
                                    {"municipality": "knivsta", "item_event_id": decided.event_id},
                                    lambda r: len(r) == 2 and all(c["state"] == "breached" for c in r))
        assert all(c["targets_decided"] for c in late)
        # The tick that breached the decided question left the undecided one counting.
        still = await bus.ask("q.moderation.clocks", {"municipality": "knivsta", "item_event_id": quiet.event_id})
        assert [c["state"] for c in still] == ["running", "running"]

        # Piteå's pack lets obvious spam be hidden automatically: still only after the archive.
        spam = comment("PAGE1_s1", "Köp nu! 50% rabatt, klicka på länken och vinn en iPhone", thread="PAGE1_p9",
                       municipality="pitea")
        await bus.publish("social.received.facebook", spam)
        q = {"municipality": "pitea", "item_event_id": spam.event_id}
        detail = await bus.reply_when("q.moderation.item", q, lambda r: r and r["platform_actions"])
        [auto] = detail["decision_log"]
        assert auto["automatic"] and auto["actor_id"] == "auto:commercial" and "policypaketet" in auto["reason"]
        assert detail["platform_actions"][0]["state"] == "waiting" and platforms.state.hidden == {}
        await bus.publish("archive.record.preserved", RecordPreserved(
            municipality="pitea", record_id="rec-s1", platform="facebook", item_id="PAGE1_s1"))
        await bus.reply_when("q.moderation.item", q, lambda r: r["platform_actions"][0]["state"] == "executed")
        assert platforms.state.hidden == {"PAGE1_s1": True}

        undo = await bus.ask("cmd.moderation.unhide", {
            "actor": {**actor("pia", "administrator"), "municipality": "pitea"},
            "municipality": "pitea", "item_event_id": spam.event_id,
            "reason": "Ett riktigt tips från en lokal förening"})
        assert undo["ok"] and undo["data"]["action_state"] == "executed"
        assert platforms.state.hidden == {"PAGE1_s1": False}


async def test_knivsta_questions_to_the_political_leadership_go_to_it_with_a_clock(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    # Knivsta L18: "allmänheten [ska] från kommunens politiska ledning kunna få svar på frågor".
    routed = await bus.collected("moderation.feedback.routed")
    async with moderation(platforms):
        political = comment("PAGE1_pol1", "Varför har politikerna bestämt att lägga ner badhuset? Vem ansvarar?",
                            thread="PAGE1_ppol", municipality="knivsta")
        ordinary = comment("PAGE1_pol2", "Vilka tider har biblioteket öppet på lördag?", thread="PAGE1_ppol2",
                           municipality="knivsta")
        for event in (political, ordinary):
            await bus.publish("social.received.facebook", event)
        clocks = await bus.reply_when("q.moderation.clocks", {"municipality": "knivsta",
                                                              "item_event_id": political.event_id},
                                      lambda r: len(r) == 2)
        assert {c["unit"] for c in clocks} == {"politisk_ledning"} and {c["state"] for c in clocks} == {"running"}
        other = await bus.reply_when("q.moderation.clocks", {"municipality": "knivsta",
                                                             "item_event_id": ordinary.event_id},
                                     lambda r: len(r) == 2)
        assert {c["unit"] for c in other} != {"politisk_ledning"}
        item = await bus.ask("q.moderation.item", {"municipality": "knivsta", "item_event_id": political.event_id})
        assert item["political_question"] is True
        await eventually(lambda: routed, attempts=100, pause=0.05)
        [sent] = [r for r in routed if r["item_event_id"] == political.event_id]
        assert sent["kind"] == "political_question" and sent["unit"] == "politisk_ledning"
        assert "politiska ledning" in sent["unit_name"]
        assert not [r for r in routed if r["item_event_id"] == ordinary.event_id]


async def test_replies_carry_the_writers_name_and_function_where_the_pack_asks(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    # Piteå L69: "ska det framgå vem man är och vilken funktion man har på Piteå kommun".
    async with moderation(platforms):
        sent: dict[str, str] = {}
        for municipality, item_id in (("pitea", "PAGE1_sig1"), ("knivsta", "PAGE1_sig2")):
            question = comment(item_id, "När öppnar simhallen efter renoveringen?", thread=f"{item_id}_t",
                               municipality=municipality)
            await bus.publish("social.received.facebook", question)
            await bus.reply_when("q.moderation.item",
                                 {"municipality": municipality, "item_event_id": question.event_id},
                                 lambda r: bool(r))
            who = {"user_id": "pia", "name": "Pia Persson", "municipality": municipality, "roles": ["communicator"]}
            done = await bus.ask("cmd.moderation.reply", {"actor": who, "municipality": municipality,
                                                            "item_event_id": question.event_id, "reason": "Svar",
                                                            "reply_text": "Simhallen öppnar den 3 mars."})
            assert done["ok"], done
            posts = [r.form().get("message", "") for r in platforms.state.requests
                     if r.method == "POST" and r.path.endswith(f"{item_id}/comments")]
            assert len(posts) == 1, posts
            sent[municipality] = posts[0]
    assert sent["pitea"] == "Simhallen öppnar den 3 mars.\n/Pia Persson, kommunikatör, Piteå kommun"
    assert sent["knivsta"] == "Simhallen öppnar den 3 mars."  # Knivsta's document asks for no signature


async def test_eskilstunas_matter_names_the_board_it_belongs_to(service_env: dict[str, str], platforms: FakePlatforms,
                                                                 bus: Bus) -> None:
    # L103: "Inläggen ska registreras hos den nämnd där sakfrågan hör hemma": moderation names it
    # on moderation.item.tagged; the archive registers with it (tests/integration/archive/test_records.py).
    tagged = await bus.collected("moderation.item.tagged")
    async with moderation(platforms):
        snow = comment("PAGE1_b1", "Varför är inte gatan plogad? Snön ligger kvar sedan i fredags.", thread="PAGE1_pb")
        school = comment("PAGE1_b2", "Skolskjutsen kom inte i morse, det är inte första gången.", thread="PAGE1_pb2")
        for event in (snow, school):
            await bus.publish("social.received.facebook", event)
        await eventually(lambda: {t["item_event_id"] for t in tagged} >= {snow.event_id, school.event_id},
                         attempts=200, pause=0.05)
        by_item = {t["item_event_id"]: t for t in tagged}
        assert by_item[snow.event_id]["unit"] == "samhallsbyggnad"
        assert by_item[snow.event_id]["board"] == "Stadsbyggnadsnämnden"
        assert by_item[school.event_id]["board"] == "Barn- och utbildningsnämnden"


async def test_eskilstuna_records_whether_unlawful_content_is_reported_with_a_reason(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    # L118: "Inlägg eller kommentarer som bryter mot lagstiftning ska polisanmälas"; Knivsta has no such rule.
    async with moderation(platforms):
        threats = {m: comment(f"PAGE1_th_{m}", "Jag ska döda dig, jag vet var du bor.", thread=f"PAGE1_pth_{m}",
                              municipality=m) for m in ("eskilstuna", "knivsta")}
        for event in threats.values():
            await bus.publish("social.received.facebook", event)
        items = {m: await bus.reply_when("q.moderation.item", {"municipality": m, "item_event_id": e.event_id},
                                         lambda r: bool(r)) for m, e in threats.items()}
        assert items["eskilstuna"]["police_report"] is True
        assert items["eskilstuna"]["police_decision"] == {"state": "missing"}
        assert items["knivsta"]["police_report"] is False and items["knivsta"]["police_decision"] is None
        editor = actor("eva", "responsible_editor")
        body = {"actor": editor, "municipality": MUNI, "item_event_id": threats["eskilstuna"].event_id}
        # Removal waits for the report-or-not decision; hiding does not.
        early = await bus.ask("cmd.moderation.remove", body | {"reason": "Hot mot en person", "command_id": "rm-1"})
        assert early["ok"] is False and "beslut om polisanmälan saknas" in early["message"], early
        log = await bus.ask("q.moderation.item",
                            {"municipality": MUNI, "item_event_id": threats["eskilstuna"].event_id})
        assert [d["decision"] for d in log["decision_log"]] == []  # nothing recorded for the refused removal
        knivsta_body = {"actor": actor("kim", "administrator") | {"municipality": "knivsta"}, "municipality": "knivsta",
                        "item_event_id": threats["knivsta"].event_id, "reason": "Hot", "command_id": "rm-k"}
        assert (await bus.ask("cmd.moderation.remove", knivsta_body))["ok"]  # Knivsta's pack asks no such decision
        refused = await bus.ask("cmd.moderation.police_not_reported", body | {"reason": " "})
        assert refused["ok"] is False and "reason" in refused["message"]  # a decision without a reason is refused
        done = await bus.ask("cmd.moderation.police_not_reported",
                             body | {"reason": "Citat ur en film i en tråd om filmen; inget hot mot någon"})
        assert done["ok"], done
        item = await bus.ask("q.moderation.item",
                             {"municipality": MUNI, "item_event_id": threats["eskilstuna"].event_id})
        assert item["police_decision"]["state"] == "not_reported" and item["police_decision"]["by"] == "Eva"
        assert item["police_decision"]["reason"].startswith("Citat ur en film")
        assert item["status"] == "open"  # the removal is still to be decided
        removed = await bus.ask("cmd.moderation.remove", body | {"reason": "Hot mot en person", "command_id": "rm-2"})
        assert removed["ok"], removed
        item = await bus.ask("q.moderation.item",
                             {"municipality": MUNI, "item_event_id": threats["eskilstuna"].event_id})
        assert [d["decision"] for d in item["decision_log"]] == ["police_not_reported", "remove"]


async def test_lidkopings_case_content_leaves_the_channel_once_registered(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    # L58: "Innehåll som är kopplat till pågående ärende eller initierar ett ärende ska tas bort och flyttas till
    # diariet."
    from shared.contracts.archive import RecordRegistered

    async with moderation(platforms):
        case = comment("PAGE1_l1", "Hej, jag väntar fortfarande på beslut i mitt ärende om försörjningsstöd, "
                       "kan ni ringa mig?", thread="PAGE1_pl1", municipality="lidkoping")
        view = comment("PAGE1_l2", "Det är skandal att ni inte plogar gatorna!", thread="PAGE1_pl2",
                       municipality="lidkoping")
        older = comment("PAGE1_l3", "Jag har sökt bygglov för ett garage och undrar hur långt mitt ärende har kommit",
                        thread="PAGE1_pl3", municipality="lidkoping")
        for event in (case, view, older):
            await bus.publish("social.received.facebook", event)
            await bus.reply_when("q.moderation.item", {"municipality": "lidkoping", "item_event_id": event.event_id},
                                 lambda r: bool(r))
        # The registration names its item: no preservation receipt is needed before it
        # (the receipts have a consumer of their own, in batches).
        for n, event in enumerate((case, view)):
            await bus.publish("archive.record.registered", RecordRegistered(
                municipality="lidkoping", record_id=f"rec-l{n}", diarienummer=f"KS 2026/{40 + n}",
                registrar="Public 360", registered_at=datetime.now(UTC), platform="facebook", item_id=event.item_id))
        # The hide decided on it waits for the receipt, and runs once it comes.
        await bus.reply_when("q.moderation.item", {"municipality": "lidkoping", "item_event_id": case.event_id},
                             lambda r: bool(r["platform_actions"]) and r["platform_actions"][0]["state"] == "waiting")
        assert platforms.state.hidden == {}
        await bus.publish("archive.record.preserved", RecordPreserved(
            municipality="lidkoping", record_id="rec-l0", platform="facebook", item_id=case.item_id))
        # One announced by an older archive names only the record: found through the receipt.
        await bus.publish("archive.record.preserved", RecordPreserved(
            municipality="lidkoping", record_id="rec-l3", platform="facebook", item_id=older.item_id))
        await bus.drained("ARCHIVE", "moderation-preserved")
        await bus.publish("archive.record.registered", RecordRegistered(
            municipality="lidkoping", record_id="rec-l3", diarienummer="KS 2026/43",
            registrar="Public 360", registered_at=datetime.now(UTC)))
        await bus.reply_when("q.moderation.item", {"municipality": "lidkoping", "item_event_id": older.event_id},
                             lambda r: bool(r["platform_actions"]) and r["platform_actions"][0]["state"] == "executed")
        q = {"municipality": "lidkoping", "item_event_id": case.event_id}
        moved = await bus.reply_when("q.moderation.item", q,
                                     lambda r: (r["platform_actions"]
                                                and r["platform_actions"][0]["state"] == "executed"))
        [decision] = moved["decision_log"]
        assert decision["automatic"] and decision["decision"] == "hide" and "KS 2026/40" in decision["reason"]
        assert platforms.state.hidden == {"PAGE1_l1": True, "PAGE1_l3": True}
        # A registered complaint is not case content: it stays where it was written.
        await bus.drained("ARCHIVE", "moderation-registered")
        other = await bus.ask("q.moderation.item", {"municipality": "lidkoping", "item_event_id": view.event_id})
        assert other["platform_actions"] == [] and "PAGE1_l2" not in platforms.state.hidden


async def test_a_reply_handled_before_its_question_still_meets_the_clocks(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    """Messages of one thread are handled concurrently (and by several replicas): the
    staff reply may be done before the question it answers is. The clocks are met anyway."""
    async with moderation(platforms):
        asked = datetime.now(UTC) - timedelta(minutes=10)
        reply = comment("PAGE1_r7", "Hej! Återvinningscentralen öppnar 07.00 i morgon.", author=PAGE,
                        thread="PAGE1_p7", direction="upprattad", at=asked + timedelta(minutes=3))
        await bus.judged(reply)
        question = comment("PAGE1_q7", "När öppnar återvinningscentralen i morgon?", thread="PAGE1_p7", at=asked)
        await bus.publish("social.received.facebook", question)
        clocks = await bus.reply_when("q.moderation.clocks", {"municipality": MUNI, "item_event_id": question.event_id},
                                      lambda r: len(r) == 2 and all(c["state"] == "met" for c in r))
        assert {c["met_by"] for c in clocks} == {reply.event_id}
        [verdict] = await bus.ask("q.moderation.verdicts", {"municipality": MUNI, "item_event_id": question.event_id})
        assert verdict["status"] == "answered"

        # A reply from before the question answers nothing.
        early = comment("PAGE1_r8", "Välkomna till vår sida!", author=PAGE, thread="PAGE1_p8", direction="upprattad",
                        at=asked - timedelta(minutes=1))
        await bus.judged(early)
        later = comment("PAGE1_q8", "Hur bokar jag tid för bygglovsrådgivning?", thread="PAGE1_p8", at=asked)
        await bus.publish("social.received.facebook", later)
        running = await bus.reply_when("q.moderation.clocks", {"municipality": MUNI, "item_event_id": later.event_id},
                                       lambda r: len(r) == 2)
        assert all(c["state"] == "running" for c in running)


async def test_a_decided_holiday_period_starting_and_ending_is_announced(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:
    # Eskilstuna L74: longer answer times "ska tydligt framgå": a period the municipality decided
    # switches holiday mode by itself, and says so on the bus for notify's public notice.
    changes = await bus.collected("moderation.holiday.changed")
    chef = actor("cia", "head_of_communications")
    today = datetime.now(UTC)

    def period(start: datetime, end: datetime) -> dict[str, Any]:
        return {"actor": chef, "municipality": MUNI, "key": "holiday_periods", "decided_by": "Kommunstyrelsen",
                "decided_on": "2026-05-04", "value": {"periods": [[start.strftime("%m-%d"), end.strftime("%m-%d")]]}}

    async with moderation(platforms, tick_seconds=0.1):
        now_on = await bus.ask("cmd.moderation.record_decision",
                               period(today - timedelta(days=2), today + timedelta(days=2)))
        assert now_on["ok"], now_on
        await eventually(lambda: any(c["municipality"] == MUNI and c["enabled"] for c in changes),
                         attempts=300, pause=0.05)
        [on] = [c for c in changes if c["municipality"] == MUNI]
        assert on["enabled"] is True and on["actor_id"] is None and "semester" in on["notice"].lower()
        notice = await bus.ask("q.moderation.notice", {"municipality": MUNI})
        assert notice["holiday_mode"] is True

        over = await bus.ask("cmd.moderation.record_decision",
                             period(today + timedelta(days=40), today + timedelta(days=60)))
        assert over["ok"], over
        await eventually(lambda: any(c["municipality"] == MUNI and not c["enabled"] for c in changes),
                         attempts=300, pause=0.05)
        assert [c["enabled"] for c in changes if c["municipality"] == MUNI] == [True, False]


class _Requester:
    """The client's broker (shared/clients/base.Requester) over the test's NATS connection."""

    def __init__(self, nc: Any) -> None:
        self.nc = nc

    async def request(self, message: bytes, subject: str, *, headers: dict[str, str] | None = None,
                      timeout: float = 5) -> Any:
        reply = await request_when_served(self.nc, subject, message, timeout=timeout, headers=headers)
        return SimpleNamespace(body=reply.data)


async def test_the_client_asks_in_the_contracts(service_env: dict[str, str], platforms: FakePlatforms,
                                                bus: Bus) -> None:
    client = ModerationClient(_Requester(bus.nc), timeout=5)
    async with moderation(platforms):
        item = comment("PAGE1_k1", "Jag ska döda dig, jävla idiot")
        await bus.publish("social.received.facebook", item)
        assert await eventually(lambda: client.verdicts(VerdictQuery(municipality=MUNI, item_event_id=item.event_id)))
        [verdict] = await client.verdicts(VerdictQuery(municipality=MUNI, item_event_id=item.event_id))
        assert isinstance(verdict, Verdict) and verdict.id == item.event_id and "threat" in verdict.categories
        assert [v.id for v in await client.queue(QueueQuery(municipality=MUNI, category="threat"))] == [item.event_id]
        detail = await client.item(MUNI, item.event_id)
        assert detail is not None and detail.author.platform_id == "777" and detail.platform_actions == []
        assert detail.police_decision is not None and detail.police_decision.state == "missing"
        assert await client.item(MUNI, "no-such-item") is None
        assert await client.police_report(MUNI, item.event_id) is None
        assert (await client.notice(MUNI)).holiday_mode is False
        assert await client.clocks(ClockQuery(municipality=MUNI, item_event_id=item.event_id)) == []
        with pytest.raises(ModerationRefused):
            await client.item(MUNI, "not an id")
        refused = await bus.ask("q.moderation.item", {"municipality": MUNI})  # what the client refuses before asking
        assert set(refused) == {"error"} and "item_event_id" in refused["error"]
