"""What the municipality enters itself for its link page on /policy (audited local
decisions kept by registry): Nybro's council parties (L119) and Lidköping's GDPR contact
(L77), then shown on the public link page and, for the contact, in disclosures."""

from __future__ import annotations

from pathlib import Path

from services.archive.main import create_app as archive_app
from shared.contracts.commands import Role
from services.registry.config import RegistrySettings
from services.registry.main import create_app as registry_app
from shared.contracts import deterministic_id
from tests.integration.archive.helpers import Client, actor, item
from tests.integration.archive.helpers import settings as archive_settings
from tests.support.inprocess import running
from tests.support.polling import eventually

from .conftest import audit_entries, csrf_of, dashboard, login

PARTIES = "Moderaterna | https://moderaterna.se/nybro\nSocialdemokraterna | https://www.socialdemokraterna.se/nybro\n"


async def _record(client, path: str, form: dict[str, str]) -> str:
    csrf = csrf_of((await client.get("/konto")).text)
    answer = await client.post(path, data={"csrf": csrf, "back": "/policy", **form})
    assert answer.status_code == 303 and answer.headers["location"] == "/policy"
    return (await client.get("/policy")).text


async def test_nybros_council_parties_entered_on_the_pack_page_show_on_the_link_page(settings, make_user) -> None:
    async with running(registry_app, RegistrySettings()) as registry, dashboard(settings) as (client, store):
        await make_user(store, "nina", [Role.head_of_communications], municipality="nybro")
        await make_user(store, "kalle", [Role.communicator], municipality="nybro")
        assert "Moderaterna" not in (await registry.get("/public/nybro/sociala-medier")).text

        await login(client, "kalle")
        csrf = csrf_of((await client.get("/konto")).text)
        refused = await client.post("/atgard/registry/record_decision", data={"csrf": csrf, "key": "council_parties"})
        assert refused.status_code == 403  # a communicator records no decisions
        await client.post("/logout", data={"csrf": csrf})

        await login(client, "nina")
        page = (await client.get("/policy")).text
        assert "Partierna i kommunfullmäktige är inte inlagda" in page
        assert 'action="/atgard/registry/record_decision"' in page
        bad = await _record(client, "/atgard/registry/record_decision", {
            "key": "council_parties", "decided_by": "Kommunfullmäktige", "decided_on": "2026-10-27",
            "parties": "Moderaterna utan adress"})
        assert "Ogiltigt beslut om partierna i kommunfullmäktige" in bad  # registry names the field
        page = await _record(client, "/atgard/registry/record_decision", {
            "key": "council_parties", "decided_by": "Kommunfullmäktige", "decided_on": "2026-10-27",
            "reference": "KF 2026/14 § 7", "parties": PARTIES})
        assert "Beslut om partierna i kommunfullmäktige sparat (Kommunfullmäktige, 2026-10-27)" in page
        assert "Partierna i kommunfullmäktige är inte inlagda" not in page
        row = page[page.index("registry.link_page.council_parties"):][:600]
        assert "Moderaterna" in row and "Lokalt beslut" in row and "KF 2026/14 § 7" in row

        html = (await registry.get("/public/nybro/sociala-medier")).text
        assert 'href="https://moderaterna.se/nybro"' in html and "Socialdemokraterna" in html
        assert "Varje parti som är representerat i kommunfullmäktige har rätt till en länk" in html
        feed = (await registry.get("/public/nybro/sociala-medier.json")).json()
        assert [p["name"] for p in feed["council_parties"]] == ["Moderaterna", "Socialdemokraterna"]
        assert "Moderaterna" not in (await registry.get("/public/knivsta/sociala-medier")).text  # Nybro's own
        entries = [e for e in await audit_entries(store, "nybro") if e.action == "registry.record_decision"]
        assert sorted(e.outcome for e in entries) == ["ok", "refused", "refused"]


async def test_lidkopings_gdpr_contact_shows_on_the_link_page_and_in_disclosures(
        settings, make_user, service_env: dict[str, str], tmp_path: Path) -> None:
    async with (running(registry_app, RegistrySettings()) as registry,
                running(archive_app, archive_settings(tmp_path)),
                dashboard(settings) as (client, store)):
        bus = await Client.connect(service_env["KANALVAKT_NATS_URL"])
        try:
            comment = item("lidkoping", "lk1", "Hej! Hur söker jag bygglov för ett garage?")
            await bus.publish("social.received.facebook", comment)
            record_id = deterministic_id("record", "lidkoping", "facebook", "lk1")
            assert await eventually(lambda: bus.ask("q.archive.record", {"municipality": "lidkoping",
                                                                         "record_id": record_id}))
            registrar = actor("lidkoping", "registrar")
            before = await bus.ask("cmd.archive.disclose", {"actor": registrar, "record_ids": [record_id]})
            assert before["ok"], before
            assert "Frågor om personuppgifter" not in before["data"]["html"]
            assert "den nämnd som driver det" in before["data"]["html"]  # the controller, from the pack (L79)

            await make_user(store, "lena", [Role.head_of_communications], municipality="lidkoping")
            await login(client, "lena")
            assert "Ingen kontakt för frågor om personuppgifter" in (await client.get("/policy")).text
            page = await _record(client, "/atgard/registry/record_decision", {
                "key": "gdpr_contact", "decided_by": "Kommunstyrelsen", "decided_on": "2026-09-01",
                "contact": "Dataskyddsombudet, dataskydd@lidkoping.se"})
            assert "Kontakt för frågor om personuppgifter sparat (Kommunstyrelsen, 2026-09-01)" in page
            assert "Ingen kontakt för frågor om personuppgifter" not in page

            html = (await registry.get("/public/lidkoping/sociala-medier")).text
            assert "Frågor om personuppgifter: Dataskyddsombudet, dataskydd@lidkoping.se" in html
            after = await bus.ask("cmd.archive.disclose", {"actor": registrar, "record_ids": [record_id],
                                                           "reference": "KS 2026/61"})
            assert after["ok"], after
            assert "Frågor om personuppgifter: Dataskyddsombudet, dataskydd@lidkoping.se" in after["data"]["html"]
        finally:
            await bus.nc.close()
