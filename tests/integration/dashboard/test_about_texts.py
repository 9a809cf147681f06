"""Eskilstuna L68 ("Kommunen har skyldighet att informera användarna om uppföranderegler"):
an account taken through registry's lifecycle gets the pack's rules of conduct written
into its about text by notify through the platform's API (Facebook, Vimeo); where the platform
has no such API (Instagram) staff are told to do it by hand; the account page says which."""

from __future__ import annotations

from typing import Any

import pytest

from shared.contracts.commands import Role
from services.notify.config import NotifySettings
from services.notify.main import create_app as notify_app
from services.registry.config import RegistrySettings
from services.registry.main import create_app as registry_app
from shared.policy import load_pack
from tests.support import bus
from tests.support.inprocess import running
from tests.support.platforms import connected_platforms
from tests.support.polling import ask, eventually

from .conftest import dashboard, login

CHEF = {"user_id": "u-chef", "name": "Cecilia Chef", "municipality": "eskilstuna", "roles": ["head_of_communications"]}
RULES = load_pack("eskilstuna").registry.link_page.rules_of_conduct


async def activate(nc: Any, platform: str, name: str, platform_account_id: str) -> str:
    """Propose, assess, approve, assign and activate a municipality-wide Eskilstuna account."""
    proposed = await ask(nc, "cmd.registry.propose", {"actor": CHEF, "platform": platform, "name": name,
                                                      "tier": "municipality_wide", "request_id": f"p-{name}",
                                                      "purpose": "Information till invånarna", "reason": "Behov"})
    assert proposed["ok"], proposed
    ref = {"actor": CHEF, "account_id": proposed["id"]}
    rules = await ask(nc, "q.registry.rules", {"municipality": "eskilstuna"})
    answers = [{"criterion_id": c["id"], "met": True, "note": ""}
               for c in rules["decisions"]["municipality_wide"]["criteria"]]
    assert (await ask(nc, "cmd.registry.assess", ref | {"answers": answers, "reason": "Uppfyllt"}))["ok"]
    assert (await ask(nc, "cmd.registry.approve", ref | {"reason": "Beslut på delegation"}))["ok"]
    people = {"board": "Kommunstyrelsen", "administration": "Kommunledningsförvaltningen", "unit": "Kommunikation",
              "responsible_function": "Kommunikationsavdelningen", "responsible_editor": {"name": "Rut Redaktör"},
              "sender_identity_confirmed": True, "credentials_location": "Lösenordshanteraren"}
    assert (await ask(nc, "cmd.registry.assign", ref | {"responsibilities": people}))["ok"]
    active = await ask(nc, "cmd.registry.activate", ref | {
        "platform_account_id": platform_account_id, "reason": "Klart",
        "url": f"https://www.{platform}.com/eskilstuna{platform_account_id}",
        "confirmations": {"rules_of_conduct_published": True}})
    assert active["ok"], active
    return proposed["id"]


async def test_rules_of_conduct_are_written_into_the_about_text_and_shown_on_the_account_page(
        settings, make_user, service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    with connected_platforms(monkeypatch) as fake:
        async with (running(registry_app, RegistrySettings(follow_up_interval_s=0)),
                    running(notify_app, NotifySettings(municipalities=["eskilstuna"])),
                    dashboard(settings) as (client, store)):
            nc = await bus.connect(service_env["KANALVAKT_NATS_URL"])
            try:
                facebook = await activate(nc, "facebook", "Eskilstuna kommun", "7007")
                instagram = await activate(nc, "instagram", "Eskilstuna kommun på Instagram", "8008")
                vimeo = await activate(nc, "vimeo", "Eskilstuna kommun på Vimeo", "9009")
                written = await eventually(lambda: fake.state.about.get("7007"))
                assert written == RULES  # the whole text; the pack names no link page address
                assert await eventually(lambda: fake.state.about.get("vimeo:9009")) == RULES  # the user's bio
                assert (await ask(nc, "q.notify.about_texts", {"municipality": "eskilstuna",
                                                               "account_id": vimeo}))[0]["state"] == "written"
                about = await eventually(lambda: ask(nc, "q.notify.about_texts", {"municipality": "eskilstuna",
                                                                                  "account_id": facebook}))
                assert about[0]["state"] == "written" and about[0]["written_at"]
                unsupported = await eventually(lambda: ask(nc, "q.notify.about_texts", {
                    "municipality": "eskilstuna", "account_id": instagram}))
                assert unsupported[0]["state"] == "unsupported" and "för hand" in unsupported[0]["note"]

                # Another fact changes: the text is already there, nothing is written again.
                renamed = await ask(nc, "cmd.registry.update", {"actor": CHEF, "account_id": facebook,
                                                               "name": "Eskilstuna kommun (officiell)"})
                assert renamed["ok"], renamed
                async def seen_rename() -> Any:
                    found = await ask(nc, "q.notify.about_texts",
                                      {"municipality": "eskilstuna", "account_id": facebook})
                    return found if found and found[0]["account_name"] == "Eskilstuna kommun (officiell)" else None

                assert await eventually(seen_rename), "notify did not handle the update"
                writes = [r for r in fake.requests_for("facebook", method="POST", path="/v21.0/7007")
                          if "description" in r.form()]
                assert len(writes) == 1

                await make_user(store, "cecilia", [Role.head_of_communications], municipality="eskilstuna")
                await login(client, "cecilia")
                page = (await client.get(f"/register/{facebook}")).text
                assert "Uppföranderegler i kontots om-text" in page and "Skrivna i kontots om-text" in page
                assert "sekretessbelagda uppgifter eller reklam" in page
                page = (await client.get(f"/register/{instagram}")).text
                assert "Plattformen har inget API för kontots om-text: lägg in uppförandereglerna för hand." in page
            finally:
                await nc.close()
