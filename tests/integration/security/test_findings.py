"""The black-box probe of 2026-12-01 (issue 14), one test per finding, against real
servers: each of these passed for the attacker on the code the probe found.

Findings: 1 signing oracle; 2 a bus that trusts whoever is on it; 3 public or empty
secrets; 4 bad input; 5 limits that do not limit.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx
import nats
import pytest

from services.archive.main import create_app as create_archive
from services.dashboard.app.auth import new_user
from services.dashboard.config import DashboardSettings
from services.dashboard.main import create_app as create_dashboard
from shared.contracts.commands import Role
from services.ingest.config import IngestSettings
from services.ingest.main import create_app as create_ingest
from services.notify.config import NotifySettings
from services.notify.main import create_app as create_notify
from services.registry.config import RegistrySettings
from services.registry.main import create_app as create_registry
from shared.config import nats_password_key
from shared.secret_checks import InsecureSettings
from shared.secrets_file import SIGNING_KEY, ensure_secrets
from shared.signed_requests import RequestSigner, alert_stream_subject, generate_keypair
from shared.streams import ensure_streams
from tests.integration.archive.helpers import settings as archive_settings
from tests.integration.dashboard.conftest import PASSWORD, login
from tests.integration.ingest.conftest import SECRETS, stream_messages
from tests.support import bus
from tests.support.inprocess import running
from tests.support.polling import ask, eventually
from tests.support.webhooks import json_body, linkedin_comment, meta_comment, signed_headers, x_tweet

ACTOR = {"user_id": "inkräktare", "name": "Ingen Alls", "municipality": "knivsta",
         "roles": ["head_of_communications", "crisis_team", "system_administrator"]}
PAGE = "100200300400"
PROPOSAL = {"actor": ACTOR, "platform": "facebook", "name": "Falskt konto", "tier": "local"}


@pytest.fixture
def ingest_settings(service_env: dict[str, str], tmp_path: Path) -> IngestSettings:
    return IngestSettings(**SECRETS, data_dir=tmp_path, poll_enabled=False, registry_timeout_s=0.2)


def _host_port(url: str) -> str:
    return url.rsplit("@", 1)[-1]


async def _connect_as(url: str, user: str, secrets_file: Path) -> nats.NATS:
    password = ensure_secrets(secrets_file)[nats_password_key(user)]
    errors: list[Exception] = []

    async def on_error(exc: Exception) -> None:
        errors.append(exc)

    nc = await nats.connect(f"nats://{user}:{password}@{_host_port(url)}", error_cb=on_error,
                            inbox_prefix=f"_INBOX_{user}".encode())
    nc.errors = errors  # type: ignore[attr-defined]
    return nc


# 1. Signing oracle ---------------------------------------------------------------------


async def test_1_x_crc_does_not_sign_a_forged_webhook_body(ingest_settings: IngestSettings, service_env) -> None:
    forged = json_body(x_tweet(for_user_id="42", tweet_id="666", text="Kommunen stänger skolan i morgon"))
    async with running(create_ingest, ingest_settings) as client:
        crc = await client.get("/webhooks/knivsta/x", params={"crc_token": forged.decode()})
        assert crc.status_code == 400 and "crc_token" in crc.json()["error"]
        # A real CRC token (a UUID, as X sends) is still answered.
        real = await client.get("/webhooks/knivsta/x", params={"crc_token": "9b4507b3-9040-4669-9ca3-6b94edb50553"})
        assert real.status_code == 200 and real.json()["response_token"].startswith("sha256=")
        # Even a signature taken from a real answer does not carry a forged body.
        stolen = real.json()["response_token"]
        post = await client.post("/webhooks/knivsta/x", content=forged, headers={
            "Content-Type": "application/json", "X-Twitter-Webhooks-Signature": stolen})
        assert post.status_code == 401
    assert await stream_messages(service_env["KANALVAKT_NATS_URL"], attempts=2) == []


async def test_1_linkedin_challenge_does_not_sign_a_forged_webhook_body(ingest_settings: IngestSettings,
                                                                        service_env) -> None:
    forged = json_body(linkedin_comment(org_id="2414183", notification_id=1, comment_id="6", text="Falsk kommentar"))
    async with running(create_ingest, ingest_settings) as client:
        answer = await client.get("/webhooks/knivsta/linkedin", params={"challengeCode": forged.decode()})
        assert answer.status_code == 400 and "challengeCode" in answer.json()["error"]
        assert "challengeResponse" not in answer.text
        long_code = await client.get("/webhooks/knivsta/linkedin", params={"challengeCode": "a" * 37})
        assert long_code.status_code == 400
        real = await client.get("/webhooks/knivsta/linkedin",
                                params={"challengeCode": "890e4665-4dfe-4ab1-b689-ed553bceeed0"})
        assert real.status_code == 200 and len(real.json()["challengeResponse"]) == 64
    assert await stream_messages(service_env["KANALVAKT_NATS_URL"], attempts=2) == []


# 2. The bus trusts whoever is on it ------------------------------------------------------


async def test_2_a_client_without_credentials_cannot_connect(service_env) -> None:
    with pytest.raises(Exception, match="Authorization Violation"):
        await nats.connect(f"nats://{_host_port(service_env['KANALVAKT_NATS_URL'])}", connect_timeout=2,
                           allow_reconnect=False, max_reconnect_attempts=0)


async def test_2_a_services_credentials_cannot_publish_another_services_subjects(
        service_env, bus_secrets_file: Path) -> None:
    url = service_env["KANALVAKT_NATS_URL"]
    harness = await nats.connect(url)
    await ensure_streams(harness.jetstream())  # as every service does at start
    await harness.close()
    moderation = await _connect_as(url, "moderation", bus_secrets_file)
    try:
        # Neither "something was received on Facebook" (ingest's) nor a command (the dashboard's).
        await moderation.publish("social.received.facebook", b'{"forged": true}')
        await moderation.publish("cmd.notify.approve_broadcast", b'{"forged": true}')
        await moderation.flush()
        for _ in range(50):
            if len(moderation.errors) >= 2:  # type: ignore[attr-defined]
                break
            await asyncio.sleep(0.05)
        text = " ".join(str(e) for e in moderation.errors)  # type: ignore[attr-defined]
        assert 'publish to "social.received.facebook"' in text and 'publish to "cmd.notify.approve_broadcast"' in text
        # Nor may it read another service's queries.
        with pytest.raises(Exception):  # noqa: B017 - a permissions violation or the timeout, whichever nats-py raises
            sub = await moderation.subscribe("q.archive.records")
            await moderation.flush()
            await sub.next_msg(timeout=0.5)
    finally:
        await moderation.close()
    assert await stream_messages(url, attempts=2) == []


async def test_2_a_command_with_a_forged_actor_is_refused(service_env) -> None:
    """Unsigned, signed with another key, or signed long ago: refused before any handler."""
    url = service_env["KANALVAKT_NATS_URL"]
    async with running(create_registry, RegistrySettings(follow_up_interval_s=0)):
        forger = await bus.connect(url, signing_key=generate_keypair()[0])
        plain = await nats.connect(url)
        replayer = await bus.connect(url)
        try:
            unsigned = await ask(plain, "cmd.registry.propose", PROPOSAL)
            other_key = await ask(forger, "cmd.registry.propose", PROPOSAL)
            body = json.dumps(PROPOSAL).encode()
            old = RequestSigner(service_env[SIGNING_KEY]).headers("cmd.registry.propose", body, now=time.time() - 600)
            replayed = await ask(plain, "cmd.registry.propose", PROPOSAL, headers=old)
            moved = RequestSigner(service_env[SIGNING_KEY]).headers("cmd.registry.approve", body)
            moved_answer = await ask(plain, "cmd.registry.propose", PROPOSAL, headers=moved)
            for answer in (unsigned, other_key, replayed, moved_answer):
                assert answer["ok"] is False and "kunde inte verifieras" in answer["message"]
            # The same proposal signed by the dashboard's key goes through.
            genuine = await ask(replayer, "cmd.registry.propose", PROPOSAL)
            assert genuine["ok"] is True
            accounts = await ask(replayer, "q.registry.accounts", {"municipality": "knivsta"})
            assert [a["name"] for a in accounts] == ["Falskt konto"]
        finally:
            for nc in (forger, plain, replayer):
                await nc.close()


async def test_2_a_query_without_the_dashboards_signature_is_refused(service_env) -> None:
    url = service_env["KANALVAKT_NATS_URL"]
    async with running(create_registry, RegistrySettings(follow_up_interval_s=0, seed_demo=True)):
        plain = await nats.connect(url)
        try:
            inventory = await ask(plain, "q.registry.inventory", {"municipality": "knivsta"})
            assert inventory == {"error": "Frågan avvisades: avsändaren kunde inte verifieras."}
            # What ingest asks on its own behalf stays open to the services the bus allows.
            found = await ask(plain, "q.registry.account_by_platform_id", {
                "municipality": "knivsta", "platform": "facebook", "platform_account_id": "100200300400"})
            assert found["account_id"] == "knivsta-fb-kommun"
        finally:
            await plain.close()


# 3. Public or empty secrets ------------------------------------------------------------


@pytest.mark.parametrize(("setting", "value"), [
    ("meta_app_secret", "dev-meta-app-secret"), ("meta_app_secret", ""), ("meta_verify_token", ""),
    ("x_consumer_secret", "kort"),
])
async def test_3_ingest_refuses_to_start_with_a_public_empty_or_short_secret(
        ingest_settings: IngestSettings, setting: str, value: str) -> None:
    settings = ingest_settings.model_copy(update={setting: __import__("pydantic").SecretStr(value)})
    with pytest.raises(InsecureSettings, match=f"KANALVAKT_{setting.upper()}"):
        async with running(create_ingest, settings):
            pass


async def test_3_a_service_without_the_dashboards_public_key_refuses_to_start(service_env, monkeypatch) -> None:
    monkeypatch.delenv("KANALVAKT_COMMAND_VERIFY_KEY")
    with pytest.raises(InsecureSettings, match="KANALVAKT_COMMAND_VERIFY_KEY"):
        async with running(create_registry, RegistrySettings(follow_up_interval_s=0)):
            pass


async def test_3_demo_users_are_disabled_when_demo_mode_is_off(service_env) -> None:
    demo = DashboardSettings(municipality="knivsta", request_timeout=1.0, seed_demo=True)
    _, app = create_dashboard(demo)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://d.test") as client:
            assert (await login(client, "kommunikator", "demo-kanalvakt")).status_code == 303
    production = DashboardSettings(municipality="knivsta", request_timeout=1.0, seed_demo=False)
    _, app = create_dashboard(production)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://d.test") as client:
            refused = await login(client, "kommunikator", "demo-kanalvakt")
            assert refused.status_code == 401 and "Fel användarnamn eller lösenord." in refused.text


# 4. Bad input ------------------------------------------------------------------------------


def _meta(client: httpx.AsyncClient, payload: dict | bytes, **headers: str):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post("/webhooks/knivsta/meta", content=body,
                       headers=signed_headers("meta", SECRETS["meta_app_secret"], body) | headers)


async def test_4_field_names_mongodb_cannot_store_and_lone_surrogates_are_archived(
        ingest_settings: IngestSettings, service_env, tmp_path: Path) -> None:
    hostile = meta_comment(page_id=PAGE, comment_id="hostile-1", text="Hej")
    value = hostile["entry"][0]["changes"][0]["value"]
    value.update({"$where": "1", "": "tom", "a.b": {"$gt": ""}, "nul\x00key": 1})
    surrogate = meta_comment(page_id=PAGE, comment_id="surrogate-1", text="X", author_name="Y")
    # json.dumps writes a lone surrogate as the escape \ud800, as a hostile sender would.
    surrogate_body = json.dumps(surrogate).replace('"X"', '"tr\\ud800asig"').encode()
    async with running(create_archive, archive_settings(tmp_path)), running(create_ingest, ingest_settings) as client:
        answer = await _meta(client, hostile)
        assert answer.status_code == 200 and any("look-alikes" in p for p in answer.json()["problems"])
        accepted = await _meta(client, surrogate_body)
        assert accepted.status_code == 200 and accepted.json()["accepted"] == 1
        harness = await bus.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            async def records(item_id: str) -> list:
                return await ask(harness, "q.archive.records", {"municipality": "knivsta", "item_id": item_id})

            [kept] = await eventually(lambda: records("hostile-1"))
            [mended] = await eventually(lambda: records("surrogate-1"))
            # stored by ingest's consumer of the INGEST stream, after the answers
            deliveries = await eventually(lambda: _stored(harness, count=2))
        finally:
            await harness.close()
    assert {"＄where", "∅", "a．b", "nul␀key"} <= set(kept["raw"]) and kept["raw"]["a．b"] == {"＄gt": ""}
    assert mended["text"] == "tr\ufffdasig"
    # Kept, published and noted for the system page, not counted as a rejection.
    assert {d["status"] for d in deliveries} == {"published"} and all(d["problems"] for d in deliveries)


async def _stored(harness, *, count: int) -> list | None:
    """The municipality's deliveries once `count` of them are stored (else None)."""
    found = await ask(harness, "q.ingest.deliveries", {"municipality": "knivsta"})
    return found if len(found) == count else None


async def test_4_a_body_nested_10000_deep_is_refused_and_its_delivery_closed(
        ingest_settings: IngestSettings, service_env) -> None:
    async with running(create_ingest, ingest_settings) as client:
        deep = await _meta(client, b"[" * 10_000 + b"]" * 10_000)
        assert deep.status_code == 400 and "nests 10000 levels" in deep.json()["error"]
        harness = await bus.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            [delivery] = await eventually(lambda: _stored(harness, count=1))
        finally:
            await harness.close()
    assert delivery["status"] == "rejected" and "levels" in delivery["reason"]


async def test_4_a_declared_charset_other_than_utf8_is_refused(ingest_settings: IngestSettings) -> None:
    payload = meta_comment(page_id=PAGE, comment_id="u16", text="Åsa")
    async with running(create_ingest, ingest_settings) as client:
        body = json.dumps(payload).encode("utf-16")
        refused = await client.post("/webhooks/knivsta/meta", content=body, headers=signed_headers(
            "meta", SECRETS["meta_app_secret"], body) | {"Content-Type": "application/json; charset=utf-16"})
        assert refused.status_code == 415 and "utf-16" in refused.json()["error"]
        fine = await _meta(client, payload, **{"Content-Type": "application/json; charset=UTF-8"})
        assert fine.status_code == 200


async def test_4_a_body_sent_slowly_is_cut_off(ingest_settings: IngestSettings) -> None:
    settings = ingest_settings.model_copy(update={"body_read_timeout_s": 0.5})
    body = json.dumps(meta_comment(page_id=PAGE, comment_id="slow", text="långsam")).encode()
    stalled = asyncio.Event()

    async def trickle():
        yield body[:10]
        await stalled.wait()  # never set: the client stops sending half-way
        yield body[10:]

    async with running(create_ingest, settings) as client:
        answer = await client.post("/webhooks/knivsta/meta", content=trickle(),
                                   headers=signed_headers("meta", SECRETS["meta_app_secret"], body))
    assert answer.status_code == 408 and "did not arrive" in answer.json()["error"]


# 5. Limits that do not limit -------------------------------------------------------------------


async def test_5_behind_a_trusted_proxy_a_new_forwarded_for_per_request_is_still_limited(
        ingest_settings: IngestSettings) -> None:
    settings = ingest_settings.model_copy(update={"trusted_proxies": ["127.0.0.1", "10.0.0.0/8"],
                                                  "rate_limit_per_s": 0.01, "rate_limit_burst": 3})
    crc = {"crc_token": "9b4507b3-9040-4669-9ca3-6b94edb50553"}
    _, app = create_ingest(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("10.1.2.3", 5000)),
                                     base_url="http://ingest.test") as via_proxy:
            # The attacker writes any address first; our proxy appends the one it saw.
            codes = [(await via_proxy.get("/webhooks/knivsta/x", params=crc, headers={
                "X-Forwarded-For": f"198.51.100.{n}, 203.0.113.9"})).status_code for n in range(6)]
            assert codes == [200, 200, 200, 429, 429, 429]
            limited = await via_proxy.get("/webhooks/knivsta/x", params=crc,
                                          headers={"X-Forwarded-For": "203.0.113.9"})
            assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
            # Another platform behind the same proxy has its own bucket.
            linkedin = await via_proxy.get("/webhooks/knivsta/linkedin", headers={"X-Forwarded-For": "203.0.113.9"},
                                           params={"challengeCode": "890e4665-4dfe-4ab1-b689-ed553bceeed0"})
            assert linkedin.status_code == 200
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("192.0.2.7", 5000)),
                                     base_url="http://ingest.test") as direct:
            # Not from a trusted proxy: the header is ignored, the peer is limited.
            codes = [(await direct.get("/webhooks/knivsta/x", params=crc, headers={
                "X-Forwarded-For": f"198.51.100.{n}"})).status_code for n in range(4)]
            assert codes == [200, 200, 200, 429]


async def test_5_login_throttling_slows_guessing_never_locks_out_and_names_no_account(service_env) -> None:
    settings = DashboardSettings(municipality="knivsta", request_timeout=1.0, login_free_attempts=3,
                                 login_max_delay_s=8.0)
    _, app = create_dashboard(settings)
    clock = [1000.0]
    app.state.dashboard.throttle.clock = lambda: clock[0]  # time passes when the test says so
    async with app.router.lifespan_context(app):
        store = app.state.dashboard.store
        await store.add_user(new_user(username="krisledare", name="Kris", municipality="knivsta",
                                      roles=[Role.crisis_team], password=PASSWORD))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("198.51.100.66", 1)),
                                     base_url="https://d.test") as attacker, \
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("192.0.2.10", 1)),
                                  base_url="https://d.test") as rightful:
            answers = {name: [(await login(attacker, name, "gissning-123")) for _ in range(5)]
                       for name in ("krisledare", "finns-inte")}
            # A real account and an unknown name get exactly the same answers.
            for name, replies in answers.items():
                assert [r.status_code for r in replies] == [401, 401, 401, 429, 429], name
            first_known, first_unknown = answers["krisledare"][0].text, answers["finns-inte"][0].text
            assert first_known.replace("krisledare", "NAME") == first_unknown.replace("finns-inte", "NAME")
            # The rightful user, elsewhere, waits the longest delay at most: never locked out.
            waiting = await login(rightful, "krisledare")
            assert waiting.status_code == 429 and 1 <= int(waiting.headers["Retry-After"]) <= 8
            clock[0] += 8.0
            assert (await login(rightful, "krisledare")).status_code == 303
            # After the wait a wrong guess is just another wrong password again.
            assert (await login(attacker, "krisledare", "gissning-123")).status_code == 401


async def test_5_no_session_document_before_login(service_env) -> None:
    _, app = create_dashboard(DashboardSettings(municipality="knivsta", request_timeout=1.0))
    async with app.router.lifespan_context(app):
        store = app.state.dashboard.store
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://d.test") as client:
            for _ in range(100):
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                             base_url="https://d.test") as visitor:
                    assert (await visitor.get("/login")).status_code == 200
            assert await store.sessions.count_documents({}) == 0
            await store.add_user(new_user(username="kim", name="Kim", municipality="knivsta",
                                          roles=[Role.communicator], password=PASSWORD))
            assert (await login(client, "kim")).status_code == 303  # the form's CSRF token still works
            assert await store.sessions.count_documents({}) == 1


async def test_5_notifys_alert_stream_opens_only_for_the_dashboard(service_env) -> None:
    settings = NotifySettings(health_interval=60, escalation_interval=60)
    async with running(create_notify, settings) as client:
        anonymous = await client.get("/alerts/stream", params={"municipality": "knivsta"})
        assert anonymous.status_code == 401
        elsewhere = await client.get("/alerts/stream", params={"municipality": "knivsta"},
                                     headers=bus.dashboard_headers(alert_stream_subject("pitea")))
        assert elsewhere.status_code == 401


async def test_5_hsts_over_https_only(service_env) -> None:
    _, app = create_dashboard(DashboardSettings(municipality="knivsta", request_timeout=1.0))
    async with app.router.lifespan_context(app):
        for base, expected in (("https://d.test", True), ("http://d.test", False)):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base) as client:
                page = await client.get("/login")
                assert ("max-age=31536000" in page.headers.get("strict-transport-security", "")) is expected


async def test_4_control_and_bidi_characters_are_shown_escaped_to_staff(service_env) -> None:
    _, app = create_dashboard(DashboardSettings(municipality="knivsta", request_timeout=1.0))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://d.test") as client:
            page = await login(client, "anna\u202egnp.exe\x00", "fel-lösenord-1")
    assert page.status_code == 401
    assert "\u202e" not in page.text and "\x00" not in page.text
    assert "anna‹U+202E›gnp.exe‹U+0000›" in page.text
