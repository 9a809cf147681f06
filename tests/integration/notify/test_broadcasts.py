"""Crisis broadcasts through the real connectors against the local fake platforms: the
two-person rule, fan-out to the website, the CMS and every active crisis account,
receipts, retries, idempotency, threaded updates, all-clear and cancel."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from services.notify.config import NotifySettings
from services.notify.main import create_app
from tests.support.platforms import FakePlatforms, connected_platforms

from tests.support.polling import ask, eventually
from tests.support import bus

from .support import registry_stub, served

WRITER = {"user_id": "u-kim", "name": "Kim Krisledare", "municipality": "knivsta", "roles": ["crisis_team"]}
APPROVER = {"user_id": "u-sam", "name": "Sam Samordnare", "municipality": "knivsta", "roles": ["crisis_team"]}
OUTSIDER = {"user_id": "u-eva", "name": "Eva Kommunikatör", "municipality": "knivsta", "roles": ["communicator"]}

ACCOUNTS = [
    {
        "account_id": "kn-fb",
        "municipality": "knivsta",
        "platform": "facebook",
        "platform_account_id": "100200300400",
        "name": "Knivsta kommun",
        "tier": "municipality_wide",
        "state": "active",
        "crisis_channel": True,
    },
    {
        "account_id": "kn-x",
        "municipality": "knivsta",
        "platform": "x",
        "platform_account_id": "4455",
        "name": "Knivsta kommun på X",
        "tier": "municipality_wide",
        "state": "active",
        "crisis_channel": True,
    },
    {
        "account_id": "kn-li",
        "municipality": "knivsta",
        "platform": "linkedin",
        "platform_account_id": "778899",
        "name": "Knivsta kommun på LinkedIn",
        "tier": "municipality_wide",
        "state": "active",
        "crisis_channel": True,
    },
    {
        "account_id": "kn-bib",
        "municipality": "knivsta",
        "platform": "facebook",
        "platform_account_id": "100200300555",
        "name": "Knivsta bibliotek",
        "tier": "local",
        "state": "active",
        "crisis_channel": False,
    },
    {
        "account_id": "kn-old",
        "municipality": "knivsta",
        "platform": "facebook",
        "platform_account_id": "1001",
        "name": "Gammalt konto",
        "tier": "local",
        "state": "closed",
        "crisis_channel": True,
    },
]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The fake platforms, with every connector's settings pointing at them."""
    with connected_platforms(monkeypatch) as platforms:
        yield platforms


async def command(nc: Any, what: str, body: dict[str, Any]) -> dict[str, Any]:
    return await ask(nc, f"cmd.notify.{what}", body)


async def query(nc: Any, what: str, body: dict[str, Any]) -> Any:
    return await ask(nc, f"q.notify.{what}", {"municipality": "knivsta"} | body)


async def settled(nc: Any, broadcast_id: str, count: int) -> dict[str, Any] | None:
    found = await query(nc, "broadcast", {"broadcast_id": broadcast_id})
    done = [d for d in found["deliveries"] if d["state"] in ("confirmed", "failed", "cancelled")]
    return found if len(found["deliveries"]) == count and len(done) == count else None


async def test_crisis_broadcast_two_person_rule_fan_out_update_and_all_clear(
    service_env: dict[str, str], fake: FakePlatforms, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One try per connector call: the retries seen here are notify's own (receipts, backoff).
    monkeypatch.setenv("KANALVAKT_CONNECTOR_RETRY_ATTEMPTS", "1")
    nats_url = service_env["KANALVAKT_NATS_URL"]
    settings = NotifySettings(
        cms_webhook_url=f"{fake.base_urls['web']}/actions",
        cms_webhook_secret=fake.web_secret,
        delivery_backoff=[0.05],
        delivery_sweep_interval=0.05,
        municipalities=["knivsta"],
    )
    async with registry_stub(nats_url, accounts=ACCOUNTS), served(create_app, settings) as url:
        nc = await bus.connect(nats_url)
        events: list[tuple[str, dict[str, Any]]] = []

        async def collect(msg: Any) -> None:
            events.append((msg.subject, json.loads(msg.data)))

        await nc.subscribe("notify.>", cb=collect)
        try:
            templates = await query(nc, "templates", {})
            water = next(t for t in templates if t["id"] == "water")
            assert "omrade" in water["placeholders"]

            # Only the crisis team drafts; the template needs its values filled in.
            refused = await command(nc, "draft_broadcast", {"actor": OUTSIDER, "template_id": "water"})
            assert refused["ok"] is False and "krisledningen" in refused["message"]
            draft = await command(
                nc, "draft_broadcast", {"actor": WRITER, "template_id": "water", "request_id": "req-1"}
            )
            assert draft["ok"] is True
            assert any("Fyll i" in e for e in draft["data"]["checks"]["errors"])

            content = {
                "title": "Inget vatten i Alsike",
                "body": "Det är avbrott i vattnet i Alsike. Vi lagar felet. "
                "Vatten finns vid skolan. Ta med egna dunkar. " * 6,
                "short_text": "Inget vatten i Alsike. Vatten finns vid skolan.",
                "severity": "warning",
                "image_url": fake.image_url,
                "links": [{"url": "https://www.knivsta.se/kris", "label": "Mer information"}],
            }
            revised = await command(
                nc, "revise_broadcast", {"actor": WRITER, "broadcast_id": draft["id"], "content": content}
            )
            assert revised["ok"] is True
            assert any("alternativtext" in e for e in revised["data"]["checks"]["errors"])
            content["image_alt_text"] = "Karta över Alsike med vattenstationen vid skolan markerad."
            revised = await command(
                nc, "revise_broadcast", {"actor": WRITER, "broadcast_id": draft["id"], "content": content}
            )
            assert revised["data"]["checks"]["errors"] == []
            assert set(revised["data"]["checks"]["lengths"]) == {"facebook", "x", "linkedin", "web"}

            # A resent draft command (same request id) creates no second draft.
            again = await command(
                nc, "draft_broadcast", {"actor": WRITER, "template_id": "water", "request_id": "req-1"}
            )
            assert again["id"] == draft["id"]

            # Two-person rule: the writer cannot approve; a second crisis-team member can.
            own = await command(nc, "approve_broadcast", {"actor": WRITER, "broadcast_id": draft["id"]})
            assert own["ok"] is False and "själv" in own["message"]
            stale = await command(
                nc, "approve_broadcast", {"actor": APPROVER, "broadcast_id": draft["id"], "revision": 1}
            )
            assert stale["ok"] is False
            approved = await command(
                nc,
                "approve_broadcast",
                {"actor": APPROVER, "broadcast_id": draft["id"], "revision": 3, "accept_warnings": True},
            )
            assert approved["ok"] is True, approved
            # The same approval resent: accepted, nothing posted twice.
            resent = await command(nc, "approve_broadcast", {"actor": APPROVER, "broadcast_id": draft["id"]})
            assert resent["ok"] is True

            # Website, CMS and the three active crisis accounts (not the library, not the closed one).
            found = await eventually(lambda: settled(nc, draft["id"], 5))
            by_channel = {d["channel"]: d for d in found["deliveries"]}
            assert set(by_channel) == {"website", "cms", "account:kn-fb", "account:kn-x", "account:kn-li"}
            assert all(d["state"] == "confirmed" and d["platform_post_id"] for d in found["deliveries"])
            assert len(fake.requests_for("x", method="POST", path="/2/tweets")) == 1
            tweet = fake.requests_for("x", method="POST", path="/2/tweets")[0].json()
            # The body does not fit X: the short text goes there, with the link.
            assert tweet["text"].startswith("Inget vatten i Alsike. Vatten finns vid skolan.")
            assert "https://www.knivsta.se/kris" in tweet["text"] and len(tweet["text"]) <= 280
            facebook = fake.requests_for("facebook", method="POST")[0].form()
            assert "Ta med egna dunkar." in str(facebook)
            assert len(fake.requests_for("web", method="POST")) == 1

            async with httpx.AsyncClient(base_url=url) as http:
                banner = (await http.get("/crisis/knivsta/banner.json")).json()
                assert banner["active"] is True and banner["broadcast"]["title"] == "Inget vatten i Alsike"
                assert banner["broadcast"]["image"]["alt"].startswith("Karta över Alsike")
                feed = await http.get("/crisis/knivsta/feed.atom")
                assert feed.headers["content-type"].startswith("application/atom+xml")
                assert "Inget vatten i Alsike" in feed.text
                assert (await http.get("/crisis/nowhere/banner.json")).status_code == 404

            # An update threads under the original where the platform allows; X fails twice first.
            fake.fail("x", times=2, status=503)
            update = await command(
                nc,
                "draft_broadcast",
                {
                    "actor": APPROVER,
                    "kind": "update",
                    "parent_id": draft["id"],
                    "content": {
                        "title": "Vattnet är snart tillbaka",
                        "body": "Felet är lagat. Vattnet kommer tillbaka i kväll.",
                    },
                },
            )
            assert update["ok"] is True, update
            ok = await command(nc, "approve_broadcast", {"actor": WRITER, "broadcast_id": update["id"]})
            assert ok["ok"] is True, ok
            found = await eventually(lambda: settled(nc, update["id"], 5))
            by_channel = {d["channel"]: d for d in found["deliveries"]}
            original = {
                d["channel"]: d for d in (await query(nc, "broadcast", {"broadcast_id": draft["id"]}))["deliveries"]
            }
            assert by_channel["account:kn-x"]["state"] == "confirmed"
            assert by_channel["account:kn-x"]["attempt"] >= 2
            assert by_channel["account:kn-x"]["reply_to"] == original["account:kn-x"]["platform_post_id"]
            assert by_channel["account:kn-fb"]["reply_to"] == original["account:kn-fb"]["platform_post_id"]

            # All clear closes the event: the banner goes quiet.
            clear = await command(
                nc, "draft_broadcast", {"actor": WRITER, "kind": "all_clear", "parent_id": draft["id"]}
            )
            assert clear["ok"] is True, clear
            ok = await command(
                nc, "approve_broadcast", {"actor": APPROVER, "broadcast_id": clear["id"], "accept_warnings": True}
            )
            assert ok["ok"] is True, ok
            await eventually(lambda: settled(nc, clear["id"], 5))
            async with httpx.AsyncClient(base_url=url) as http:
                assert (await http.get("/crisis/knivsta/banner.json")).json()["active"] is False
            late = await command(
                nc,
                "draft_broadcast",
                {"actor": WRITER, "kind": "update", "parent_id": draft["id"], "content": {"title": "x", "body": "y"}},
            )
            assert late["ok"] is False

            # Every step is an event archive can keep (full content, who approved).
            subjects = {s for s, _ in events}
            assert {
                "notify.broadcast.drafted",
                "notify.broadcast.revised",
                "notify.broadcast.approved",
                "notify.delivery.queued",
                "notify.delivery.sent",
                "notify.delivery.confirmed",
                "notify.delivery.retrying",
            } <= subjects
            approval = next(
                b for s, b in events if s == "notify.broadcast.approved" and b["broadcast_id"] == draft["id"]
            )
            assert approval["approved_by"]["name"] == "Sam Samordnare"
            # A delivery names the account's platform id too: the archive files the post under it.
            confirmed = [b for s, b in events if s == "notify.delivery.confirmed" and b.get("platform") == "facebook"]
            assert confirmed and {b["platform_account_id"] for b in confirmed} <= {"100200300400", "100200300555"}
            assert approval["content"]["title"] == "Inget vatten i Alsike"
        finally:
            await nc.close()


async def test_cancel_stops_pending_deliveries(
    service_env: dict[str, str], fake: FakePlatforms, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANALVAKT_CONNECTOR_RETRY_ATTEMPTS", "1")
    nats_url = service_env["KANALVAKT_NATS_URL"]
    settings = NotifySettings(delivery_backoff=[3600.0], municipalities=["knivsta"])
    fake.fail("linkedin", times=100, status=503)
    async with registry_stub(nats_url, accounts=ACCOUNTS), served(create_app, settings):
        nc = await bus.connect(nats_url)
        try:
            draft = await command(
                nc,
                "draft_broadcast",
                {
                    "actor": WRITER,
                    "content": {
                        "title": "Strömavbrott",
                        "body": "Det är strömavbrott i Knivsta. Vi arbetar med felet.",
                    },
                },
            )
            approved = await command(
                nc, "approve_broadcast", {"actor": APPROVER, "broadcast_id": draft["id"], "accept_warnings": True}
            )
            assert approved["ok"] is True, approved

            async def linkedin_waiting() -> Any:
                found = await query(nc, "broadcast", {"broadcast_id": draft["id"]})
                states = {d["channel"]: d["state"] for d in found["deliveries"]}
                return states if states.get("account:kn-li") == "retrying" else None

            await eventually(linkedin_waiting)
            cancelled = await command(
                nc, "cancel_broadcast", {"actor": WRITER, "broadcast_id": draft["id"], "reason": "Fel område."}
            )
            assert cancelled["ok"] is True and cancelled["data"]["deliveries_cancelled"] == 1
            found = await query(nc, "broadcast", {"broadcast_id": draft["id"]})
            states = {d["channel"]: d["state"] for d in found["deliveries"]}
            assert states["account:kn-li"] == "cancelled"
            assert states["account:kn-fb"] == "confirmed"
            assert found["state"] == "cancelled"
        finally:
            await nc.close()


async def test_eskilstunas_holiday_notice_is_pinned_on_every_account_and_taken_down_after(
    service_env: dict[str, str], fake: FakePlatforms, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Eskilstuna L74: "Under semestertider kan längre svarstider accepteras, men det ska tydligt framgå."
    from shared.contracts import HolidayModeChanged, deterministic_id

    nats_url = service_env["KANALVAKT_NATS_URL"]
    settings = NotifySettings(delivery_backoff=[0.05], delivery_sweep_interval=0.05,
                              municipalities=["eskilstuna", "knivsta"])
    eskilstuna = {"municipality": "eskilstuna", "tier": "local", "state": "active"}
    accounts = [{**ACCOUNTS[0], "account_id": "es-fb", "municipality": "eskilstuna", "platform_account_id": "5005"},
                # Not crisis channels, but their answers slow down too: they get the notice.
                {**ACCOUNTS[3], **eskilstuna, "account_id": "es-bib", "platform_account_id": "5006"},
                {**ACCOUNTS[1], **eskilstuna, "account_id": "es-x", "platform_account_id": "6006",
                 "crisis_channel": False},
                {**ACCOUNTS[4], "municipality": "eskilstuna", "account_id": "es-old"},  # closed: nothing
                ACCOUNTS[0]]
    async with registry_stub(nats_url, accounts=accounts), served(create_app, settings) as url:
        nc = await bus.connect(nats_url)
        try:
            async def switch(m: str, enabled: bool) -> None:
                event = HolidayModeChanged(event_id=f"holiday-{m}-{enabled}", municipality=m, enabled=enabled,
                                           factor=2.0, notice=f"Längre svarstider i {m} i sommar.", actor_id="u-chef")
                await nc.jetstream().publish("moderation.holiday.changed", event.model_dump_json().encode(),
                                             headers={"Nats-Msg-Id": event.event_id})

            for m in ("eskilstuna", "knivsta"):
                await switch(m, True)
            notice_id = deterministic_id("holiday-notice", "holiday-eskilstuna-True")

            async def notice(count: int, done: Any = lambda d: d["state"] == "confirmed") -> Any:
                reply = await nc.request("q.notify.broadcast", json.dumps(
                    {"municipality": "eskilstuna", "broadcast_id": notice_id}).encode(), timeout=5)
                found = json.loads(reply.data) if reply.data else None
                return found if found and len([d for d in found["deliveries"] if done(d)]) == count else None

            found = await eventually(lambda: notice(4))
            assert found, "the holiday notice was not published on the website and every live account"
            assert found["content"]["body"] == "Längre svarstider i eskilstuna i sommar."
            by_channel = {d["channel"]: d for d in found["deliveries"]}
            assert set(by_channel) == {"website", "account:es-fb", "account:es-bib", "account:es-x"}
            posts = {c: by_channel[c]["platform_post_id"] for c in ("account:es-fb", "account:es-bib")}
            # Facebook pins it to the top of both Pages; X has no API for that, and says so.
            assert all(fake.state.pinned.get(p) is True for p in posts.values()), fake.state.pinned
            assert by_channel["account:es-fb"]["pinned"] is True and by_channel["account:es-bib"]["pinned"] is True
            assert by_channel["account:es-x"]["pinned"] is False and "fästa" in by_channel["account:es-x"]["pin_note"]
            posted = [r.form() for r in fake.requests_for("facebook", method="POST")]
            assert any("Längre svarstider i eskilstuna" in str(p) for p in posted)
            async with httpx.AsyncClient(base_url=url) as http:
                assert (await http.get("/crisis/eskilstuna/banner.json")).json()["active"] is True
            # Knivsta's document does not ask for it: nothing is published there.
            reply = await nc.request("q.notify.broadcast", json.dumps(
                {"municipality": "knivsta", "broadcast_id": deterministic_id("holiday-notice", "holiday-knivsta-True")}
            ).encode(), timeout=5)
            assert not reply.data or json.loads(reply.data) is None
            assert not any("Längre svarstider i knivsta" in str(p) for p in posted)

            # Holiday mode ends: unpinned and taken down everywhere, gone from the website's banner.
            await switch("eskilstuna", False)
            found = await eventually(lambda: notice(3, lambda d: bool(d.get("withdrawn_at"))))
            assert found, "the holiday notice was not withdrawn"
            assert all(fake.state.pinned[p] is False for p in posts.values())
            tweet = by_channel["account:es-x"]["platform_post_id"]
            assert set(posts.values()) | {tweet} <= fake.state.deleted
            async with httpx.AsyncClient(base_url=url) as http:
                assert (await http.get("/crisis/eskilstuna/banner.json")).json()["active"] is False
        finally:
            await nc.close()
