"""A crisis broadcast with an image in the browser (Eskilstuna L82): the form asks for the
creator's permission and the consents, notify refuses approval while one is missing and
says which, and once the writer confirms them the second person's approval goes out."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re

from pymongo import AsyncMongoClient

from services.dashboard.app.auth import new_user
from shared.contracts.commands import Role
from services.dashboard.adapters.store import DashboardStore

PASSWORD = "ett långt lösenord för krisövningen"


def add_eskilstuna_crisis_team(system, servers) -> None:
    """Two members of Eskilstuna's crisis team in the running system's staff database
    (the demo users are Knivsta's; Eskilstuna's pack is the one that asks for consent)."""
    async def run() -> None:
        client = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
        try:
            store = DashboardStore(client[f"{system.extra_env['KANALVAKT_DB_PREFIX']}_dashboard"])
            for username, name in (("ebba.kris", "Ebba Krisledare"), ("erik.kris", "Erik Krisstab")):
                await store.add_user(new_user(username=username, name=name, municipality="eskilstuna",
                                              roles=[Role.crisis_team], password=PASSWORD))
        finally:
            await client.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # Playwright owns this thread's loop
        pool.submit(asyncio.run, run()).result()


def test_an_image_is_approved_only_with_every_consent_confirmed(system, servers, browser) -> None:
    add_eskilstuna_crisis_team(system, servers)
    contexts = []

    def open_as(username: str):
        from .conftest import Staff

        context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        contexts.append(context)
        return Staff(context, system.url("dashboard")).login(username, PASSWORD)

    try:
        writer = open_as("ebba.kris")
        page = writer.goto("/kris")
        page.get_by_label("Rubrik").fill("Översvämning i Torshälla")
        page.get_by_label("Meddelande").fill("Ån har svämmat över vid Holmen. Gå inte nära vattnet. "
                                             "Vi skriver mer här när vi vet mer.")
        page.get_by_label("Bildens webbadress").fill("https://www.eskilstuna.se/bilder/holmen.jpg")
        page.get_by_label("Alternativtext").fill("Vatten över gångvägen vid Holmen.")
        page.get_by_label("Upphovspersonen (t.ex. fotografen) har gett tillstånd").check()
        page.get_by_role("button", name="Spara utkast och kontrollera").click()
        page.wait_for_url(re.compile(r".*/kris/[^/]+$"))
        url = page.url.removeprefix(writer.base)
        writer.check_accessibility("utkast med bild")
        checks = page.locator("main").inner_text()
        assert ("Fel: Bilden kan inte publiceras utan bekräftelse av samtycke från igenkännbara personer, "
                "vårdnadshavares samtycke för barn.") in checks

        approver = open_as("erik.kris")
        page2 = approve(approver, url)
        flash = page2.locator(".flash").inner_text()
        assert "Utkastet har fel som måste rättas först: Bilden kan inte publiceras" in flash, flash
        assert "Utkast" in page2.locator("dl.facts").inner_text()

        # The writer confirms the consents in the draft's own form.
        page = writer.goto(url)
        page.get_by_text("Ändra utkastet").click()
        form = page.locator("form[action='/atgard/notify/revise_broadcast']")
        form.get_by_label("Igenkännbara personer på bilden har samtyckt").check()
        form.get_by_label("Vårdnadshavare har samtyckt för barn på bilden").check()
        assert form.get_by_label("Upphovspersonen (t.ex. fotografen) har gett tillstånd").is_checked()
        form.get_by_role("button", name="Spara ändringen").click()
        page.wait_for_load_state()
        assert "Bilden kan inte publiceras" not in page.locator("main").inner_text()
        assert page.get_by_role("list", name="Samtycken för bilden").inner_text().count("inte bekräftat") == 0

        page2 = approve(approver, url)
        assert "Godkänt och skickat" in page2.locator("dl.facts").inner_text(), page2.locator(".flash").inner_text()
        approver.check_accessibility("utskick med bild godkänt")
        approver.screenshot("crisis-image-consent")
        writer.assert_clean()
        approver.assert_clean()
    finally:
        for context in contexts:
            context.close()


def approve(approver, url: str):
    """The crisis approver sends the draft at `url` (past the warnings, if any)."""
    page = approver.goto(url)
    box = page.get_by_label("Jag har läst varningarna och vill skicka ändå")
    if box.count():
        box.check()
    page.get_by_role("button", name="Godkänn och skicka").click()
    page.wait_for_load_state()
    return page
