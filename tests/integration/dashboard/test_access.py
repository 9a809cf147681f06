"""Login, sessions, CSRF, roles and the audit trail, against real NATS and MongoDB-wire."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta


import httpx

from shared.contracts.commands import Role
from services.dashboard.adapters.store import token_key
from services.dashboard.main import create_app
from shared.contracts.base import utcnow
from tests.support import bus

from .conftest import PASSWORD, audit_entries, csrf_of, dashboard, login


async def test_login_sets_a_hardened_cookie_and_pages_carry_csp(settings, make_user) -> None:
    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        first = await client.get("/moderering")
        assert first.status_code == 303 and first.headers["location"].startswith("/login?next=/moderering")
        response = await login(client, "kim")
        assert response.status_code == 303
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
        page = await client.get("/moderering")
        assert page.status_code == 200
        assert "Modereringskö" in page.text and 'lang="sv"' in page.text
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in page.text and "<style" not in page.text  # no inline script or style at all


async def test_wrong_password_is_refused_and_further_attempts_wait(settings, make_user) -> None:
    settings.login_free_attempts = 3
    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        for _ in range(3):
            response = await login(client, "kim", "fel lösenord!!")
            assert response.status_code == 401 and "Fel användarnamn eller lösenord." in response.text
        waiting = await login(client, "kim")  # right password, but it must wait a moment now
        assert waiting.status_code == 429 and waiting.headers["retry-after"] == "1"
        assert "Vänta 1 sekund och försök igen." in waiting.text  # singular, as Swedish has it
        unknown = await login(client, "finns-inte")
        assert unknown.status_code == 401 and "Fel användarnamn eller lösenord." in unknown.text


async def test_post_without_csrf_token_is_refused(settings, make_user) -> None:
    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        await client.get("/login")
        forged = await client.post("/login", data={"username": "kim", "password": PASSWORD, "csrf": "gissat"})
        assert forged.status_code == 403 and "Formuläret har gått ut" in forged.text
        await login(client, "kim")
        forged = await client.post("/atgard/moderation/decide",
                                   data={"item_id": "x", "decision": "remove", "reason": "r"})
        assert forged.status_code == 403
        # Both refusals audited, before login (no one known) and after; nothing reached a service.
        entries = await audit_entries(store)
        assert [e.action for e in entries] == ["csrf.refused", "login", "csrf.refused"]
        after, _, before = entries
        assert (before.name, before.user_id, before.target, before.outcome) == ("okänd", "", "/login", "refused")
        assert before.details["token"] == "fel" and before.details["address"]
        assert (after.name, after.target, after.details["token"]) == ("Kim", "/atgard/moderation/decide", "saknas")
        assert PASSWORD not in json.dumps([e.model_dump(mode="json") for e in entries])


async def test_failed_logins_are_audited_with_the_name_tried_never_the_password(settings, make_user) -> None:
    settings.login_free_attempts = 2
    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        assert (await login(client, "kim", "fel lösenord nr 1")).status_code == 401
        assert (await login(client, "finns-inte", "fel lösenord nr 2")).status_code == 401
        assert (await login(client, "kim", "fel lösenord nr 3")).status_code == 401
        assert (await login(client, "kim", "fel lösenord nr 4")).status_code == 429  # waited: nothing was tried
        entries = await audit_entries(store)
        assert [(e.action, e.target, e.name, e.outcome) for e in entries] == [
            ("login.failed", "kim", "okänd", "refused"), ("login.failed", "finns-inte", "okänd", "refused"),
            ("login.failed", "kim", "okänd", "refused")]
        assert all(e.details["address"] and e.details["path"] == "/login" for e in entries)
        assert "fel lösenord" not in json.dumps([e.model_dump(mode="json") for e in entries])
        await make_user(store, "lars", [Role.system_administrator])
        await login(client, "lars")
        log = await client.get("/logg")
        assert "login.failed" in log.text and "finns-inte" in log.text and "från " in log.text


async def test_a_flood_of_refusals_is_bounded_in_the_audit_log(settings, make_user) -> None:
    _, app = create_app(settings)
    async with app.router.lifespan_context(app):
        app.state.dashboard.audit_budget.per_window = 3
        store = app.state.dashboard.store
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://d.test") as client:
            for n in range(10):  # a stale form posted again and again, from anywhere
                assert (await client.post("/login", data={"csrf": f"gissat-{n}"})).status_code == 403
        assert [e.action for e in await audit_entries(store)] == ["csrf.refused"] * 3


async def test_logout_and_expiry_end_the_session(settings, make_user) -> None:
    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        await login(client, "kim")
        token = client.cookies.get("kv_session")
        assert (await client.get("/moderering")).status_code == 200
        await store.sessions.update_one({"_id": token_key(token)},
                                        {"$set": {"expires_at": utcnow() - timedelta(seconds=1)}})
        assert (await client.get("/moderering")).status_code == 303  # expired: back to login
        await login(client, "kim")
        page = await client.get("/moderering")
        out = await client.post("/logout", data={"csrf": csrf_of(page.text)})
        assert out.status_code == 303
        assert (await client.get("/moderering")).status_code == 303
        assert await store.sessions.count_documents({"user_id": {"$ne": None}}) == 0


async def test_roles_are_checked_on_the_server_and_refusals_audited(settings, make_user) -> None:
    async with dashboard(settings) as (client, store):
        await make_user(store, "rut", [Role.registrar])
        await login(client, "rut")
        assert (await client.get("/moderering")).status_code == 403
        assert (await client.get("/anvandare")).status_code == 403
        page = await client.get("/arkiv")
        assert page.status_code == 200
        refused = await client.post("/atgard/moderation/decide", data={
            "csrf": csrf_of(page.text), "item_event_id": "i1", "decision": "remove", "reason": "test"})
        assert refused.status_code == 403
        [entry] = [e for e in await audit_entries(store) if e.action == "moderation.remove"]
        assert entry.outcome == "refused" and entry.name == "Rut"


async def test_decision_goes_to_the_service_with_the_actor_and_is_audited(settings, make_user, service_env) -> None:
    seen: list[dict] = []
    nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])

    async def responder(msg) -> None:
        seen.append(json.loads(msg.data))
        await msg.respond(json.dumps({"ok": True, "message": "Beslutet är sparat.", "id": "i1"}).encode())

    await nc.subscribe("cmd.moderation.hide", cb=responder)
    try:
        async with dashboard(settings) as (client, store):
            await make_user(store, "kim", [Role.communicator])
            await login(client, "kim")
            page = await client.get("/moderering")
            missing_reason = await client.post("/atgard/moderation/decide", data={
                "csrf": csrf_of(page.text), "item_event_id": "i1", "decision": "hide", "back": "/moderering/i1"})
            assert missing_reason.status_code == 303 and not seen
            done = await client.post("/atgard/moderation/decide", data={
                "csrf": csrf_of(page.text), "item_event_id": "i1", "decision": "hide", "reason": "Kränkande",
                "back": "/moderering/i1", "extra": {"$gt": ""}.__str__()})
            assert done.status_code == 303 and done.headers["location"] == "/moderering/i1"
            assert seen[0]["actor"]["name"] == "Kim" and seen[0]["actor"]["roles"] == ["communicator"]
            assert seen[0]["item_event_id"] == "i1" and seen[0]["reason"] == "Kränkande"
            assert seen[0]["municipality"] == "knivsta"
            assert "extra" not in seen[0]
            [entry] = [e for e in await audit_entries(store) if e.action == "moderation.hide" and e.outcome == "ok"]
            assert entry.reason == "Kränkande" and entry.target == "i1"
            log = await client.get("/logg")
            assert log.status_code == 403  # a communicator does not read the audit log
    finally:
        await nc.close()


async def test_a_service_that_does_not_answer_is_said_so_not_faked(settings, make_user) -> None:
    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        await login(client, "kim")
        page = await client.get("/moderering")
        assert page.status_code == 200
        assert "svarar inte på frågan" in page.text and "Inga ärenden att visa." in page.text


async def test_create_admin_command_then_admin_manages_users(settings, service_env) -> None:
    env = {**__import__("os").environ, **service_env}
    created = subprocess.run([sys.executable, "-m", "services.dashboard", "create-admin", "--username", "sam",
                              "--name", "Sam Admin", "--password-stdin"], input=PASSWORD + "\n", env=env,
                             capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    again = subprocess.run([sys.executable, "-m", "services.dashboard", "create-admin", "--username", "sam",
                            "--name", "Sam", "--password-stdin"], input=PASSWORD + "\n", env=env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "finns redan" in again.stderr
    async with dashboard(settings) as (client, store):
        await login(client, "sam")
        page = await client.get("/anvandare")
        assert page.status_code == 200
        response = await client.post("/anvandare", data={
            "csrf": csrf_of(page.text), "username": "stina", "name": "Stina", "password": PASSWORD,
            "roles": ["crisis_team", "not-a-role"]})
        assert response.status_code == 303
        stina = await store.user_by_name("stina")
        assert stina.roles == [Role.crisis_team] and stina.password_hash.startswith("$argon2id$")
        log = await client.get("/logg")
        assert "user.create" in log.text and "stina" in log.text


async def test_audit_log_pages_newest_first_across_pages(settings, make_user) -> None:
    from services.dashboard.domain.staff import AuditEntry
    from services.dashboard.adapters.store import AUDIT_PAGE

    async with dashboard(settings) as (client, store):
        for i in range(AUDIT_PAGE + 30):
            await store.add_audit(AuditEntry(municipality="knivsta", user_id="u", name="U", action=f"test.{i}",
                                             outcome="ok"))
        await store.add_audit(AuditEntry(municipality="nybro", user_id="n", name="N", action="other", outcome="ok"))
        newest, older = await store.audit_page("knivsta", page=None)
        # The newest page holds 30, so the one before it is read too: 130 entries, newest first.
        assert [e.action for e in newest[:2]] == [f"test.{AUDIT_PAGE + 29}", f"test.{AUDIT_PAGE + 28}"]
        assert len(newest) == AUDIT_PAGE + 30 and older is None
        assert all(e.municipality == "knivsta" for e in newest)
        await make_user(store, "sam", [Role.system_administrator])
        await login(client, "sam")
        page = await client.get("/logg")
        assert page.status_code == 200 and f"test.{AUDIT_PAGE + 29}" in page.text and "other" not in page.text


async def test_changing_ones_password_ends_other_sessions(settings, make_user) -> None:
    import httpx as _httpx

    async with dashboard(settings) as (client, store):
        await make_user(store, "kim", [Role.communicator])
        await login(client, "kim")
        other = _httpx.AsyncClient(transport=client._transport, base_url="https://dashboard.test")
        async with other:
            await login(other, "kim")
            assert (await other.get("/konto")).status_code == 200
            page = await client.get("/konto")
            wrong = await client.post("/konto", data={"csrf": csrf_of(page.text), "current": "fel", "new": "x" * 12,
                                                      "again": "x" * 12})
            assert wrong.status_code == 400 and "stämmer inte" in wrong.text
            done = await client.post("/konto", data={"csrf": csrf_of(page.text), "current": PASSWORD,
                                                     "new": "ett nytt långt lösenord",
                                                     "again": "ett nytt långt lösenord"})
            assert done.status_code == 303
            assert (await client.get("/konto")).status_code == 200  # this browser stays logged in
            assert (await other.get("/konto")).status_code == 303  # the other session ended
            other.cookies.clear()
            assert (await login(other, "kim", "ett nytt långt lösenord")).status_code == 303
        actions = [e.action for e in await audit_entries(store)]
        assert "password.change" in actions and "login" in actions
