import asyncio
from services.archive.main import create_app
from tests.support.inprocess import running
from .helpers import Client, item, settings
M="eskilstuna"
async def test_dbg(service_env, tmp_path):
    cfg = settings(tmp_path)
    async with running(create_app, cfg):
        client = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        comment = item(M, "c1", "Varför är det inte plogat på Ängsvägen? Ring mig 19811218-9876", n=2)
        await client.publish("social.received.facebook", comment)
        await asyncio.sleep(1)
        edit = item(M, "c1", "Varför är det inte plogat på Ängsvägen än?", kind="edit", n=3)
        await client.publish("social.received.facebook", edit)
        delete = item(M, "c1", "", kind="delete", n=4)
        await client.publish("social.received.facebook", delete)
        await client.publish("moderation.item.tagged", {"event_id": "tag-1", "municipality": M, "item_event_id": comment.event_id,
                      "platform": "facebook", "account_id": "page-1", "item_id": "c1", "policy": M})
        decision = {"event_id": "dec-1", "municipality": M, "item_event_id": comment.event_id,
                        "item_id": "c1", "decision": "reply", "reason": "Svar lämnat",
                        "by": {"user_id": "u9", "name": "Kim Kommunikatör"}, "occurred_at": "2026-03-01T13:00:00+00:00"}
        await client.publish("moderation.item.decided", decision)
        await asyncio.sleep(4)
        for name in ("MODERATION","SOCIAL"):
            for ci in await client.js.consumers_info(name): print("CONS", ci.name, ci.num_pending, ci.num_ack_pending, ci.num_redelivered, ci.delivered)
        r = await client.ask("q.archive.records", {"municipality": M})
        for x in r: print("REC", {k: x.get(k) for k in ("item_id","version","deleted_on_platform","decisions","categories","text","item_event_ids")})
        await client.close()
