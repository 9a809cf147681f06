"""Records from every source, versions, deletions, tags, search, proofs, verify, culling."""

from __future__ import annotations

from pathlib import Path

from pymongo import AsyncMongoClient

from services.archive.cli import parser, run as cli_run
from services.archive.domain import merkle
from services.archive.main import create_app
from shared.contracts import deterministic_id
from tests.support.inprocess import running

from tests.support.polling import eventually

from .helpers import Client, actor, item, settings

M = "eskilstuna"


async def search(client: Client, **query):
    return await client.ask("q.archive.search", {"municipality": M, **query})


async def test_every_item_is_kept_versioned_tagged_searchable_and_verifiable(service_env, tmp_path: Path) -> None:
    cfg = settings(tmp_path)
    async with running(create_app, cfg):
        client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            post = item(M, "post-1", "Snöröjningen på Ängsvägen startar i morgon", kind="post",
                        direction="upprattad", author=("page-1", "Eskilstuna kommun"), n=1)
            comment = item(M, "c1", "Varför är det inte plogat på Ängsvägen? Ring mig 19811218-9876", n=2)
            await client.publish("social.received.facebook", post)
            await client.publish("social.received.facebook", comment)
            await client.publish("social.received.facebook", comment)  # a redelivery: nothing new
            preserved = await eventually(lambda: _preserved(client, "c1"))
            assert preserved, "archive.record.preserved was not published"

            # An edit is a new version; a deletion on the platform is an event, the content stays.
            edit = item(M, "c1", "Varför är det inte plogat på Ängsvägen än?", kind="edit", n=3)
            await client.publish("social.received.facebook", edit)
            delete = item(M, "c1", "", kind="delete", n=4)
            await client.publish("social.received.facebook", delete)
            tagged = {"event_id": "tag-1", "municipality": M, "item_event_id": comment.event_id,
                      "platform": "facebook", "account_id": "page-1", "item_id": "c1", "policy": M,
                      "tags": [{"category": "personal_data", "rule_id": "pnr",
                                "spans": [{"start": 49, "end": 62, "text": "19811218-9876"}]}],
                      "intents": ["complaint"], "severity": "low", "recommended_action": "review",
                      "unit": "samhallsbyggnad", "board": "Stadsbyggnadsnämnden"}
            await client.publish("moderation.item.tagged", tagged)
            decision = {"event_id": "dec-1", "municipality": M, "item_event_id": comment.event_id,
                        "item_id": "c1", "decision": "reply", "reason": "Svar lämnat",
                        "by": {"user_id": "u9", "name": "Kim Kommunikatör"}, "occurred_at": "2026-03-01T13:00:00+00:00"}
            await client.publish("moderation.item.decided", decision)
            broadcast = {"event_id": "bc-1", "municipality": M, "broadcast_id": "b1", "kind": "alert",
                         "content": {"title": "Vattenläcka", "body": "Koka vattnet i Torshälla"},
                         "approved_by": {"user_id": "u2", "name": "Krisledare"}}
            await client.publish("notify.broadcast.approved", broadcast)

            async def settled():
                rec = await client.ask("q.archive.records", {"municipality": M, "item_id": "c1"})
                if not rec or rec[0]["version"] != 2 or not rec[0].get("deleted_on_platform") \
                        or not rec[0].get("decisions") or not rec[0].get("categories") \
                        or rec[0]["registration"]["status"] == "not_required":  # judged just after the tags
                    return None
                return rec
            records = await eventually(settled)
            assert records and len(records) == 1, [
                {k: r.get(k) for k in ("item_id", "version", "deleted_on_platform", "decisions", "categories", "text")}
                for r in await client.ask("q.archive.records", {"municipality": M})]
            rec = records[0]
            assert rec["direction"] == "inkommen" and rec["author"]["name"] == "Åsa Öberg"
            assert rec["text"] == "Varför är det inte plogat på Ängsvägen än?"
            assert rec["deleted_on_platform"]["event_id"] == delete.event_id
            assert rec["categories"] == ["personal_data"] and rec["intents"] == ["complaint"]
            assert rec["decisions"][0]["decision"] == "reply"
            # Eskilstuna: a complaint needs handling, so it is to be registered.
            assert rec["registration"]["status"] == "pending"
            assert rec["registration"]["rule_id"] == "kraver-handlaggning"
            # L103: "registreras hos den nämnd där sakfrågan hör hemma": the board of the routed unit.
            assert rec["registration"]["board"] == "Stadsbyggnadsnämnden"

            # Search: folded, prefixed, filtered, chronological, paginated.
            found = await search(client, text="angsVÄG")
            assert [r["item_id"] for r in found["records"]] == ["post-1", "c1"]
            plog = await search(client, text="plog", direction="inkommen")
            assert [r["item_id"] for r in plog["records"]] == ["c1"]
            assert (await search(client, text="ängsvägen", category="threat"))["records"] == []
            # The broadcast's record comes by a consumer of its own: the four are there before paging.
            async def all_kept():
                return len((await search(client, limit=10))["records"]) == 4 or None
            await eventually(all_kept)
            page1 = await search(client, limit=2)
            assert len(page1["records"]) == 2 and page1["next_page_token"]
            page2 = await search(client, limit=2, page_token=page1["next_page_token"])
            ids = [r["id"] for r in page1["records"] + page2["records"]]
            assert len(ids) == len(set(ids)) == 4  # post, comment, decision record, broadcast record
            upprattad = await search(client, direction="upprattad", source="notify")
            assert [r["text"] for r in upprattad["records"]] == ["Vattenläcka\n\nKoka vattnet i Torshälla"]
            hostile = await search(client, text={"$gt": ""})
            assert "error" in hostile

            # Record detail: versions, and an inclusion proof that verifies against the signed head.
            async def proven():
                d = await client.ask("q.archive.record", {"municipality": M, "record_id": rec["id"]})
                return d if d["log"]["leaves"] and all("inclusion_proof" in x for x in d["log"]["leaves"]) \
                    and len(d["log"]["leaves"]) >= 3 else None
            detail = await eventually(proven)
            assert [v["version"] for v in detail["versions"]] == [1, 2]
            head = detail["log"]["tree_head"]
            for leaf in detail["log"]["leaves"]:
                assert merkle.verify_inclusion(bytes.fromhex(leaf["leaf_hash"]), leaf["leaf_index"],
                                               head["tree_size"], [bytes.fromhex(p) for p in leaf["inclusion_proof"]],
                                               bytes.fromhex(head["root_hash"]))
        finally:
            await client.close()

    # verify: OK, then culling keeps it OK, then tampering is named exactly.
    out = await _cli(cfg, "verify")
    assert out[0] == 0 and out[1].startswith("OK 4 records, root "), out
    async with running(create_app, cfg):
        client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            archivist = actor(M, "archivist")
            refused = await client.ask("cmd.archive.register", {"actor": actor(M, "communicator"),
                                                                "record_id": rec["id"], "diarienummer": "KS 2026/1"})
            assert refused["ok"] is False and "Behörighet" in refused["message"]
            done = await client.ask("cmd.archive.register", {"actor": actor(M, "registrar"), "record_id": rec["id"],
                                                             "diarienummer": "KS 2026/17", "board": "Kommunstyrelsen"})
            assert done["ok"], done
            post_id = deterministic_id("record", M, "facebook", "post-1")
            await client.ask("cmd.archive.register", {"actor": actor(M, "registrar"), "record_id": post_id,
                                                      "diarienummer": "KS 2026/18"})
            hold = await client.ask("cmd.archive.hold", {"actor": archivist, "record_ids": [post_id],
                                                         "reason": "Begäran om utlämnande pågår"})
            assert hold["ok"]
            # No gallringsbeslut recorded: culling is refused, naming what is missing (issue 17).
            refused = await client.ask("cmd.archive.cull", {"actor": archivist})
            assert refused["ok"] is False and "Gallring vägras" in refused["message"], refused
            assert "registrerat-i-arende" in refused["message"] and "diarienummer" in refused["message"]
            assert not await client.events("archive.record.culled")
            for decision, periods in (("registrerat-i-arende", {"registrerat": 0}),
                                      ("ringa-betydelse", {"borttaget-olagligt": 60, "rutin": 24})):
                wrong = await client.ask("cmd.archive.record_decision", {
                    "actor": actor(M, "communicator"), "municipality": M, "key": f"gallringsbeslut.{decision}",
                    "value": {"periods": periods}, "decided_by": "Kommunstyrelsen", "decided_on": "2025-03-01",
                    "reference": "KS 2025/14"})
                assert wrong["ok"] is False and "Behörighet" in wrong["message"]
                recorded = await client.ask("cmd.archive.record_decision", {
                    "actor": archivist, "municipality": M, "key": f"gallringsbeslut.{decision}",
                    "value": {"periods": periods}, "decided_by": "Kommunstyrelsen", "decided_on": "2025-03-01",
                    "reference": "KS 2025/14 § 3"})
                assert recorded["ok"], recorded
            run = await client.ask("cmd.archive.cull", {"actor": archivist})
            assert run["ok"] and run["data"] == {"count": 1, "held_skipped": 1}, run
            protocol = await client.ask("q.archive.culling_run", {"municipality": M, "run_id": run["id"]})
            assert [e["record_id"] for e in protocol["entries"]] == [rec["id"]]
            assert protocol["entries"][0]["decision"] == "registrerat-i-arende"
            assert protocol["decisions"]["registrerat-i-arende"]["reference"] == "KS 2025/14 § 3"
            assert protocol["decisions"]["registrerat-i-arende"]["decided_on"] == "2025-03-01"
            assert protocol["by"]["name"] == "Eva Arkivarie"
            culled = await client.ask("q.archive.records", {"municipality": M, "item_id": "c1"})
            assert culled[0]["text"] == "" and culled[0]["culled"]["run_id"] == run["id"]
            registered = await client.events("archive.record.registered")
            # Each names the platform item its record keeps (moderation finds the item by it).
            assert {(e["diarienummer"], e.get("platform"), e.get("item_id")) for e in registered} == {
                ("KS 2026/17", "facebook", "c1"), ("KS 2026/18", "facebook", "post-1")}
            assert len(await client.events("archive.record.culled")) == 1
            await eventually(lambda: _queue_empty(cfg))
        finally:
            await client.close()
    code, text = await _cli(cfg, "verify")
    assert code == 0 and text.startswith("OK 4 records, root "), text

    mongo = AsyncMongoClient(cfg.mongodb_url.get_secret_value())
    db = mongo[cfg.database_name("archive")]
    await db["versions"].update_one({"_id": f"{post_id}:v1"}, {"$set": {"content.text": "Något annat"}})
    await db["log_leaves"].update_one({"index": 2}, {"$set": {"leaf_hash": "00" * 32}})
    await mongo.close()
    code, text = await _cli(cfg, "verify")
    assert code == 1
    assert f"record {post_id} version 1: content was changed" in text
    assert "leaf 2 (" in text and "is not the hash of its entry" in text


async def _preserved(client: Client, item_id: str):
    return [e for e in await client.events("archive.record.preserved") if e["item_id"] == item_id]


async def _queue_empty(cfg) -> bool:
    mongo = AsyncMongoClient(cfg.mongodb_url.get_secret_value())
    try:
        return await mongo[cfg.database_name("archive")]["log_queue"].count_documents({}) == 0
    finally:
        await mongo.close()


async def _cli(cfg, *argv: str) -> tuple[int, str]:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = await cli_run(parser().parse_args(list(argv)), cfg)
    return code, buffer.getvalue().strip()
