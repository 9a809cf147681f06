"""Registry responsibilities and archive actions from the UI: the form becomes the
command on NATS with the logged-in person, CSRF and role are checked first, and a real
culling run leads to its protocol."""

from __future__ import annotations

import json

from shared.contracts.commands import Role
from tests.support import bus

from .conftest import audit_entries, csrf_of, dashboard, login


async def test_responsibility_forms_send_assign_and_update_with_the_actor(settings, make_user, service_env) -> None:
    seen: dict[str, list[dict]] = {}
    nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])

    async def responder(msg) -> None:
        seen.setdefault(msg.subject, []).append(json.loads(msg.data))
        await msg.respond(json.dumps({"ok": True, "message": "Ändringen är sparad.", "id": "bib"}).encode())

    for what in ("assign", "update"):
        await nc.subscribe(f"cmd.registry.{what}", cb=responder)

    async def culled(msg) -> None:
        await msg.respond(json.dumps({"ok": True, "message": "Gallringen är klar.", "id": "run-7"}).encode())

    await nc.subscribe("cmd.archive.cull", cb=culled)
    try:
        async with dashboard(settings) as (client, store):
            await make_user(store, "vera", [Role.head_of_unit])
            await make_user(store, "kim", [Role.communicator])
            await login(client, "vera")
            csrf = csrf_of((await client.get("/konto")).text)
            no_csrf = await client.post("/atgard/registry/assign", data={"account_id": "bib", "part": "people",
                                                                         "admin0_name": "Adam"})
            assert no_csrf.status_code == 403 and not seen
            done = await client.post("/atgard/registry/assign", data={
                "csrf": csrf, "account_id": "bib", "part": "people", "back": "/register/bib",
                "admin0_name": "Adam Bibliotekarie", "admin0_email": "adam@knivsta.se", "sub0_name": "Sara",
                "manager_name": "Vera", "password": "hemligt"})
            assert done.status_code == 303 and done.headers["location"] == "/register/bib"
            [sent] = seen["cmd.registry.assign"]
            assert sent["actor"]["roles"] == ["head_of_unit"] and sent["account_id"] == "bib"
            assert sent["responsibilities"]["administrators"] == [{"name": "Adam Bibliotekarie",
                                                                   "email": "adam@knivsta.se"}]
            assert sent["responsibilities"]["responsible_editor"] is None
            assert "hemligt" not in json.dumps(sent)  # only the form's known fields are sent
            await client.post("/atgard/registry/update", data={
                "csrf": csrf, "account_id": "bib", "url": "https://www.instagram.com/knivstabibliotek"})
            assert seen["cmd.registry.update"][0]["url"] == "https://www.instagram.com/knivstabibliotek"
            actions = {e.action for e in await audit_entries(store) if e.outcome == "ok"}
            assert {"registry.assign", "registry.update"} <= actions

            await client.post("/logout", data={"csrf": csrf})
            await login(client, "kim")  # a communicator does not manage accounts
            csrf = csrf_of((await client.get("/konto")).text)
            refused = await client.post("/atgard/registry/assign", data={"csrf": csrf, "account_id": "bib",
                                                                         "part": "organisation"})
            assert refused.status_code == 403 and len(seen["cmd.registry.assign"]) == 1

            await client.post("/logout", data={"csrf": csrf})
            await make_user(store, "rut", [Role.archivist])
            await login(client, "rut")
            csrf = csrf_of((await client.get("/konto")).text)
            real = await client.post("/atgard/archive/cull", data={"csrf": csrf, "reason": "Årlig gallring",
                                                                   "then": "culling_run", "back": "/arkiv"})
            assert real.status_code == 303 and real.headers["location"] == "/arkiv/gallring/run-7"
            dry = await client.post("/atgard/archive/cull", data={"csrf": csrf, "reason": "Kontroll", "dry_run": "true",
                                                                  "then": "culling_run", "back": "/arkiv"})
            assert dry.headers["location"] == "/arkiv"  # a dry run keeps no protocol
            protocol = await client.get("/arkiv/gallring/run-7")
            assert protocol.status_code == 200 and "svarar inte på frågan" in protocol.text
    finally:
        await nc.close()
