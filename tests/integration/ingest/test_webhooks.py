"""Every platform's front door against real NATS and the MongoDB-wire server: the
verification GET, the signed POST, the event on the stream, the raw delivery kept, and
a clear refusal for everything that is not a genuine delivery."""

from __future__ import annotations

import json

import httpx
import pytest

from services.ingest.config import IngestSettings
from services.ingest.main import create_app
from shared.contracts import ItemKind
from shared.contracts.registry import AccountView
from tests.support import bus
from tests.support.inprocess import running
from tests.support.polling import eventually
from tests.support.webhooks import (
    instagram_comment, json_body, linkedin_comment, meta_comment, meta_message, signed_headers, web_comment, x_tweet,
    youtube_feed,
)

from .conftest import SECRETS, stream_messages

PAGE = "100200300400"


def post(client: httpx.AsyncClient, platform: str, body: bytes, *, municipality: str = "knivsta",
         secret: str | None = None, route: str | None = None, **headers: str):
    name = {"meta": "meta_app_secret", "x": "x_consumer_secret", "linkedin": "linkedin_client_secret",
            "youtube": "youtube_hub_secret", "web": "web_secret"}[platform]
    all_headers = signed_headers(platform, secret or SECRETS[name], body) | headers
    return client.post(f"/webhooks/{municipality}/{route or platform}", content=body, headers=all_headers)


async def test_verification_challenges_of_every_platform(ingest_settings: IngestSettings) -> None:
    async with running(create_app, ingest_settings) as client:
        ok = await client.get("/webhooks/knivsta/meta", params={"hub.mode": "subscribe",
                                                                 "hub.verify_token": SECRETS["meta_verify_token"],
                                                                 "hub.challenge": "1158201444"})
        assert (ok.status_code, ok.text) == (200, "1158201444")
        wrong = await client.get("/webhooks/knivsta/meta", params={"hub.mode": "subscribe", "hub.verify_token": "no",
                                                                    "hub.challenge": "1"})
        assert wrong.status_code == 403 and "1" not in wrong.json()["error"].replace("verify", "")
        crc = await client.get("/webhooks/knivsta/x", params={"crc_token": "abc"})
        assert crc.status_code == 200 and crc.json()["response_token"].startswith("sha256=")
        li = await client.get("/webhooks/knivsta/linkedin",
                              params={"challengeCode": "890e4665-4dfe-4ab1-b689-ed553bceeed0"})
        assert li.json()["challengeCode"] == "890e4665-4dfe-4ab1-b689-ed553bceeed0"
        assert len(li.json()["challengeResponse"]) == 64
        topic = "https://www.youtube.com/xml/feeds/videos.xml?channel_id=UC1"
        yt = await client.get("/webhooks/knivsta/youtube", params={
            "hub.mode": "subscribe", "hub.topic": topic,
            "hub.challenge": "yt-ch", "hub.lease_seconds": "864000"})
        assert (yt.status_code, yt.text) == (200, "yt-ch")
        # Echoed challenges are plain text a browser never sniffs as HTML (a probe sent <script>).
        assert {yt.headers["x-content-type-options"], ok.headers["x-content-type-options"]} == {"nosniff"}
        assert yt.headers["content-type"].startswith("text/plain")
        bad_topic = await client.get("/webhooks/knivsta/youtube", params={
            "hub.mode": "subscribe",
            "hub.topic": "https://evil", "hub.challenge": "x"})
        assert bad_topic.status_code == 404


async def test_each_platform_delivery_is_published_with_its_platform_id(ingest_settings: IngestSettings,
                                                                        service_env) -> None:
    async with running(create_app, ingest_settings) as client:
        answers = [
            await post(client, "meta",
                       json_body(meta_comment(page_id=PAGE, comment_id="fb1", text="Varför är det så här?"))),
            await post(client, "meta",
                       json_body(instagram_comment(account_id="1784", comment_id="ig1", text="Snyggt!")),
                       route="instagram"),
            await post(client, "meta", json_body(meta_message(object_="page", account_id=PAGE, sender_id="9",
                                                              mid="m1", text="Hej, en fråga om bygglov"))),
            await post(client, "x", json_body(x_tweet(for_user_id="42", tweet_id="1001", text="@knivsta hjälp",
                                                      in_reply_to="1000"))),
            await post(client, "linkedin", json_body(linkedin_comment(org_id="2414183", notification_id=77,
                                                                      comment_id="li1", text="Grattis!"))),
            await post(client, "youtube", youtube_feed(channel_id="UC1", video_id="vid1", title="Kommunfullmäktige")),
            await post(client, "web", json_body(web_comment(site="knivsta.se", item_id="tt-1", text="Mer lekplatser"))),
        ]
        assert [a.status_code for a in answers] == [200] * 7, [a.text for a in answers]
        assert all(a.json()["accepted"] == 1 for a in answers)
    found = await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=7)
    by_item = {m["event"]["item_id"]: m for m in found}
    assert set(by_item) == {"fb1", "ig1", "m1", "1001",
                            "urn:li:comment:(urn:li:activity:7000000000000000000,li1)", "vid1", "tt-1"}
    assert by_item["fb1"]["subject"] == "social.received.facebook"
    assert by_item["ig1"]["subject"] == "social.received.instagram"
    assert by_item["m1"]["event"]["kind"] == ItemKind.direct_message
    assert by_item["1001"]["subject"] == "social.received.x" and by_item["1001"]["event"]["kind"] == "reply"
    assert by_item["vid1"]["event"]["direction"] == "upprattad"
    assert by_item["fb1"]["event"]["text"] == "Varför är det så här?"
    for message in found:
        assert message["headers"]["Nats-Msg-Id"] == message["event"]["event_id"]


async def test_a_retried_delivery_is_one_event_and_the_raw_body_is_kept(ingest_settings: IngestSettings,
                                                                        service_env) -> None:
    body = json_body(meta_comment(page_id=PAGE, comment_id="dup1", text="Åäö – samma igen"))
    async with running(create_app, ingest_settings) as client:
        first = await post(client, "meta", body)
        second = await post(client, "meta", body)
        assert first.status_code == second.status_code == 200
        assert first.json()["delivery_id"] == second.json()["delivery_id"]
        assert second.json()["duplicates"] == 1
        nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            async def both_attempts_stored() -> list | None:
                # ingest's consumer of the INGEST stream writes them after the answers
                reply = await nc.request("q.ingest.deliveries", json.dumps({"municipality": "knivsta"}).encode(),
                                         timeout=3)
                found = json.loads(reply.data)
                return found if found and found[0].get("attempts") == 2 else None

            stored = await eventually(both_attempts_stored)
            wrong = await nc.request("q.ingest.deliveries", json.dumps({"municipality": "knivsta",
                                                                         "status": {"$ne": 1}}).encode(), timeout=3)
            assert "status" in json.loads(wrong.data)["error"]
        finally:
            await nc.close()
    assert stored, "the two attempts were not stored"
    [delivery] = stored
    assert delivery["status"] == "published" and delivery["attempts"] == 2 and "body" not in delivery
    found = await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=1)
    assert [m["event"]["item_id"] for m in found] == ["dup1"]


async def test_linkedin_notification_ids_are_published_once(ingest_settings: IngestSettings, service_env) -> None:
    payload = linkedin_comment(org_id="2414183", notification_id=4242, comment_id="c1", text="Hej")
    async with running(create_app, ingest_settings) as client:
        assert (await post(client, "linkedin", json_body(payload))).json()["accepted"] == 1
        # LinkedIn sends the same notification again inside a different push (other bytes).
        again = dict(payload, type="ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", resent=True)
        answer = await post(client, "linkedin", json_body(again))
        assert answer.status_code == 200 and answer.json()["accepted"] == 0
    assert len(await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=1)) == 1


async def test_bad_requests_get_clear_errors_and_nothing_else_breaks(ingest_settings: IngestSettings,
                                                                     service_env) -> None:
    settings = ingest_settings.model_copy(update={"max_body_bytes": 4096})
    async with running(create_app, settings) as client:
        forged_body = json_body(meta_comment(page_id=PAGE, comment_id="f", text="<script>alert('x')</script>"))
        forged = await post(client, "meta", forged_body, secret="not-the-secret")
        assert forged.status_code == 401 and "script" not in forged.text
        assert forged.json()["error"] == "missing or invalid X-Hub-Signature-256 signature"
        unsigned = await client.post("/webhooks/knivsta/x", content=b"{}", headers={"Content-Type": "application/json"})
        assert unsigned.status_code == 401
        broken = await post(client, "meta", b'{"object": "page", "entry": [}')
        assert broken.status_code == 400 and "not valid JSON" in broken.json()["error"]
        assert "line 1 column" in broken.json()["error"]
        wrong_shape = await post(client, "meta", json_body({"object": "user", "entry": []}))
        assert wrong_shape.status_code == 400 and '"object"' in wrong_shape.json()["error"]
        form = await post(client, "meta", b"a=b", **{"Content-Type": "application/x-www-form-urlencoded"})
        assert form.status_code == 415 and "application/json" in form.json()["error"]
        huge = json_body({"object": "page", "entry": [], "pad": "x" * 5000})
        assert (await post(client, "meta", huge)).status_code == 413
        async def chunks():  # no Content-Length: the limit must hold while reading
            yield b"{" + b" " * 3000
            yield b" " * 3000 + b"}"

        chunked = await client.post("/webhooks/knivsta/meta", content=chunks(),
                                    headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413
        assert (await client.post("/webhooks/knivsta/myspace", content=b"{}")).status_code == 404
        assert "meta" in (await client.get("/webhooks/knivsta/myspace")).json()["error"]
        assert (await client.post("/webhooks/Knivsta!/meta", content=b"{}")).status_code == 404
        no_pack = await client.post("/webhooks/atlantis/meta", content=b"{}")
        assert no_pack.status_code == 404 and "municipality" in no_pack.json()["error"]
        # After all that, a genuine delivery still goes through.
        good = await post(client, "meta", json_body(meta_comment(page_id=PAGE, comment_id="ok1", text="Hej")))
        assert good.status_code == 200 and good.json()["accepted"] == 1
        metrics = (await client.get("/metrics")).text
        assert 'kanalvakt_ingest_signature_failures_total{platform="meta"}' in metrics
    found = await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=1)
    assert [m["event"]["item_id"] for m in found] == ["ok1"]


async def test_one_source_sending_too_much_gets_429(ingest_settings: IngestSettings) -> None:
    settings = ingest_settings.model_copy(update={"rate_limit_per_s": 0.5, "rate_limit_burst": 3})
    async with running(create_app, settings) as client:
        codes = [(await client.get("/webhooks/knivsta/x", params={"crc_token": "t"})).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        limited = await client.get("/webhooks/knivsta/x", params={"crc_token": "t"})
        assert limited.headers["retry-after"] and "too many" in limited.json()["error"]


async def test_per_municipality_secret_overrides_the_default(ingest_settings: IngestSettings) -> None:
    settings = ingest_settings.model_copy(
        update={"webhook_secrets": {"pitea": {"web_secret": "pitea-own-secret-0123"}}})
    body = json_body(web_comment(site="pitea.se", item_id="p1", text="Hej från Piteå"))
    async with running(create_app, settings) as client:
        assert (await post(client, "web", body, municipality="pitea")).status_code == 401
        own = await post(client, "web", body, municipality="pitea", secret="pitea-own-secret-0123")
        assert own.status_code == 200
        assert (await post(client, "web", body, municipality="knivsta")).status_code == 200


async def test_registry_decides_registered_unregistered_or_unknown(ingest_settings: IngestSettings,
                                                                   service_env) -> None:
    nats_url = service_env["KANALVAKT_NATS_URL"]
    asked: list[dict] = []

    async def start_registry():
        nc = await bus.connect(nats_url)

        async def answer(msg):
            query = json.loads(msg.data)
            asked.append(query)
            known = query["platform_account_id"] == PAGE
            doc = AccountView(account_id="knivsta-fb-kommun", platform="facebook", platform_account_id=PAGE,
                              municipality="knivsta", name="Knivsta kommun", tier="municipality_wide",
                              state="active") if known else None
            await msg.respond(doc.model_dump_json().encode() if doc else b"null")

        await nc.subscribe("q.registry.account_by_platform_id", queue="registry", cb=answer)
        await nc.flush()
        return nc

    async with running(create_app, ingest_settings) as client:
        # No registry yet: accepted anyway, flagged registry_unavailable.
        unregistered = await post(client, "meta", json_body(meta_comment(page_id="999", comment_id="r0", text="a")))
        assert unregistered.status_code == 200
        registry = await start_registry()
        try:
            await post(client, "meta", json_body(meta_comment(page_id=PAGE, comment_id="r1", text="b")))
            await post(client, "meta", json_body(meta_comment(page_id="777", comment_id="r2", text="c")))
        finally:
            await registry.close()
    found = {m["event"]["item_id"]: m["event"] for m in await stream_messages(nats_url, expect=3)}
    assert found["r0"]["flags"] == ["registry_unavailable"] and found["r0"]["account_registered"] is True
    assert found["r1"]["flags"] == [] and found["r1"]["registry_account_id"] == "knivsta-fb-kommun"
    assert found["r2"]["flags"] == ["unregistered_account"] and found["r2"]["account_registered"] is False
    assert {"municipality": "knivsta", "platform": "facebook", "platform_account_id": PAGE} in asked


async def test_numbers_no_database_can_hold_are_kept_as_digits_and_the_delivery_published(
        ingest_settings: IngestSettings, service_env) -> None:
    """One integer beyond 64 bits used to get a whole delivery's items dead-lettered by the
    archive (BSON holds none), and 4,301 digits a 500 before anything was kept."""
    import bson

    payload = meta_comment(page_id=PAGE, comment_id="n1", text="Hej")
    payload["entry"][0]["changes"][0]["value"]["extra"] = 2**63
    payload["entry"][0]["changes"].append(meta_comment(page_id=PAGE, comment_id="n2", text="Tack")
                                          ["entry"][0]["changes"][0])
    huge = json_body({"object": "page", "entry": [{"id": PAGE, "time": 1, "changes": []}]}).replace(
        b'"time": 1', b'"time": ' + b"9" * 4301)
    async with running(create_app, ingest_settings) as client:
        answer = await post(client, "meta", json_body(payload))
        assert answer.status_code == 200 and answer.json()["accepted"] == 2, answer.text
        assert any("64 bits" in p for p in answer.json()["problems"])
        long_time = await post(client, "meta", huge)
        assert long_time.status_code == 200 and long_time.json()["accepted"] == 0, long_time.text
        nan = await post(client, "meta", b'{"object": "page", "entry": [], "x": NaN}')
        assert nan.status_code == 400 and nan.json()["error"] == "body is not valid JSON: NaN is not a JSON value"
    found = await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=2)
    assert sorted(m["event"]["item_id"] for m in found) == ["n1", "n2"]
    for message in found:
        bson.encode(message["event"])  # what the archive stores: every value BSON can hold


async def test_a_batch_with_one_bad_change_publishes_the_rest_and_reports_it(ingest_settings: IngestSettings,
                                                                             service_env) -> None:
    payload = meta_comment(page_id=PAGE, comment_id="b1", text="bra")
    payload["entry"][0]["changes"].append({"field": "feed", "value": {"item": "comment", "verb": "add",
                                                                     "from": {"id": "1"}}})
    async with running(create_app, ingest_settings) as client:
        answer = await post(client, "meta", json_body(payload))
    assert answer.status_code == 200 and answer.json()["accepted"] == 1
    assert "comment_id" in answer.json()["problems"][0]
    assert len(await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=1)) == 1


@pytest.mark.parametrize("count", [300])
async def test_a_burst_is_published_with_bounded_in_flight_acks(ingest_settings: IngestSettings, service_env,
                                                                count: int) -> None:
    settings = ingest_settings.model_copy(update={"publish_max_in_flight": 16})
    values = [{"item": "comment", "verb": "add", "comment_id": f"burst{i}", "post_id": f"{PAGE}_1",
               "from": {"id": str(i)}, "message": f"kommentar {i}"} for i in range(count)]
    payload = {"object": "page", "entry": [{"id": PAGE, "time": 1, "changes": [
        {"field": "feed", "value": v} for v in values]}]}
    async with running(create_app, settings) as client:
        answer = await post(client, "meta", json_body(payload))
        assert answer.status_code == 200 and answer.json()["accepted"] == count
    assert len(await stream_messages(service_env["KANALVAKT_NATS_URL"], expect=count)) == count
