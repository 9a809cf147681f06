"""A request for allmän handling end to end through the archive's commands: an anonymous
request, records attached, passages examined one by one, a decision with reasons and appeal
information, delivery as PDF/A and JSON, every step archived, and the clock's alert."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.archive.main import create_app
from shared.contracts import deterministic_id
from tests.support.inprocess import running
from tests.support.polling import eventually

from .helpers import Client, actor, item, settings

M = "knivsta"


async def test_request_from_intake_to_delivery(service_env, tmp_path: Path) -> None:
    async with running(create_app, settings(tmp_path)):
        client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            clerk = actor(M, "registrar")
            comment = item(M, "c1", "Min granne Kim har personnummer 19811218-9876 och ringer jämt.", n=1)
            post = item(M, "post-1", "Välkommen till Knivsta kommuns sida!", kind="post", direction="upprattad",
                        author=("page-1", "Knivsta kommun"), n=0)
            for event in (post, comment):
                await client.publish("social.received.facebook", event)
            c1 = deterministic_id("record", M, "facebook", "c1")
            p1 = deterministic_id("record", M, "facebook", "post-1")
            assert await eventually(lambda: client.ask("q.archive.record", {"municipality": M, "record_id": c1}))

            # Intake: anonymous, received long ago, so the "skyndsamt" clock has run out.
            received = (datetime.now(UTC) - timedelta(days=10)).isoformat()
            reg = await client.ask("cmd.archive.request_register", {
                "actor": clerk, "description": "Alla kommentarer på kommunens Facebooksida i mars",
                "channel": "e-post", "received_at": received, "wants_json": True})
            assert reg["ok"], reg
            request_id = reg["id"]
            refused = await client.ask("cmd.archive.request_register", {"actor": actor(M, "communicator"),
                                                                        "description": "x" * 10})
            assert refused["ok"] is False  # only those who may disclose

            attached = await client.ask("cmd.archive.request_attach", {"actor": clerk, "request_id": request_id,
                                                                       "record_ids": [p1, c1]})
            assert attached["ok"], attached
            view = await client.ask("q.archive.request", {"municipality": M, "request_id": request_id})
            assert view["requester"] == {"name": None, "contact": None, "anonymous": True}
            assert view["clock"] == "breached" and view["undecided"] == 3
            by_record = {r["id"]: r["passages"] for r in view["examined"]}
            assert [(p["reason"], p["text"]) for p in by_record[c1]] == [
                ("personnummer", "19811218-9876"), ("tredje persons identitet", "Åsa Öberg (555)")]

            # A decision before every passage is examined is refused.
            early = await client.ask("cmd.archive.request_decide", {"actor": clerk, "request_id": request_id,
                                                                    "outcome": "hel"})
            assert early["ok"] is False and "inte prövade" in early["message"]
            no_provision = await client.ask("cmd.archive.request_mark", {
                "actor": clerk, "request_id": request_id, "marks": [{"key": f"{c1}:0", "action": "mask"}]})
            assert no_provision["ok"] is False and "lagrummet" in no_provision["message"]
            marks = [{"key": f"{c1}:0", "action": "mask", "provision": "osl-21-7"},
                     {"key": f"{c1}:sender", "action": "release"},
                     {"key": f"{p1}:sender", "action": "release"}]
            # the post's own passages: only its sender (the municipality)
            assert [p["key"] for p in by_record[p1]] == [f"{p1}:sender"]
            marked = await client.ask("cmd.archive.request_mark", {"actor": clerk, "request_id": request_id,
                                                                   "marks": marks})
            assert marked["ok"], marked
            examined = await client.ask("q.archive.request", {"municipality": M, "request_id": request_id})
            assert (examined["undecided"], examined["masked"]) == (0, 1)

            wrong = await client.ask("cmd.archive.request_decide", {"actor": clerk, "request_id": request_id,
                                                                    "outcome": "hel"})
            assert wrong["ok"] is False and "delvis" in wrong["message"]
            decided = await client.ask("cmd.archive.request_decide", {
                "actor": clerk, "request_id": request_id, "outcome": "delvis",
                "reasons": "Personnumret är en uppgift om en enskilds personliga förhållanden."})
            assert decided["ok"], decided
            assert "Kammarrätten i Stockholm" in decided["data"]["appeal"]
            [announced] = await client.events("archive.request.decided")  # for the reports
            assert (announced["request_id"], announced["outcome"]) == (request_id, "delvis")
            assert announced["received_at"] < announced["decided_at"]

            delivered = await client.ask("cmd.archive.request_deliver", {"actor": clerk, "request_id": request_id,
                                                                         "as_json": True}, timeout=60)
            assert delivered["ok"], delivered
            pdf = base64.b64decode(delivered["data"]["pdf_base64"])
            assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf and b"19811218-9876" not in pdf
            handed = json.loads(delivered["data"]["json"])
            texts = {r["id"]: r for r in handed["records"]}
            assert "19811218-9876" not in texts[c1]["text"] and "█" in texts[c1]["text"]
            assert "OSL 21 kap. 7 §" in texts[c1]["masked"] and texts[c1]["author"] == "Åsa Öberg (555)"
            assert handed["decision"]["outcome"] == "delvis" and "raw" not in texts[c1]

            # Every step is an upprättad handling in the request's thread.
            thread = await client.ask("q.archive.search", {"municipality": M, "thread_id": f"request:{request_id}"})
            kinds = [r["kind"] for r in thread["records"]]
            assert sorted(kinds) == ["begaran", "beslut", "utlamnande"]
            assert all(r["direction"] == "upprattad" for r in thread["records"])
            listed = await client.ask("q.archive.requests", {"municipality": M})
            assert [(r["id"], r["state"], r["clock"]) for r in listed] == [(request_id, "decided", "decided")]

            # The clock: a second, open request past its time raises one alert event.
            late = await client.ask("cmd.archive.request_register", {
                "actor": clerk, "description": "Protokollet från nämnden i maj", "requester_name": "Eva Journalist",
                "requester_contact": "eva@example.se", "received_at": received})
            async def late_alerted():
                found = await client.events("archive.request.at_risk")
                return found if any(a["request_id"] == late["id"] for a in found) else None
            alerts = await eventually(late_alerted)
            assert alerts, "no alert for the open request past its time"
            # Once per request and state (the first request may also have been alerted while open).
            pairs = [(a["request_id"], a["state"]) for a in alerts]
            assert len(pairs) == len(set(pairs)) and (late["id"], "breached") in pairs
            assert {rid for rid, _ in pairs} <= {request_id, late["id"]}
            assert alerts[-1]["description"] == "Protokollet från nämnden i maj"

            # A refusal hands out no records, only the decision with how to appeal.
            refusal = await client.ask("cmd.archive.request_decide", {
                "actor": clerk, "request_id": late["id"], "outcome": "avslag",
                "reasons": "Protokollet är inte upprättat ännu och är därför ingen allmän handling."})
            assert refusal["ok"] and "överklagar" in refusal["data"]["appeal"]
            sent = await client.ask("cmd.archive.request_deliver", {"actor": clerk, "request_id": late["id"],
                                                                    "as_json": True}, timeout=60)
            assert sent["ok"], sent
            letter = json.loads(sent["data"]["json"])
            assert letter["records"] == [] and letter["decision"]["outcome"] == "avslag"
            assert "Kammarrätten i Stockholm" in letter["decision"]["appeal"]
        finally:
            await client.close()
