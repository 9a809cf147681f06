"""The pack page's forms for the link page in the browser: the head of communications
enters the council parties and the GDPR contact (audited local decisions kept by
registry) and the public page of the municipality's channels shows them."""

from __future__ import annotations

import httpx


def test_council_parties_and_gdpr_contact_entered_on_the_pack_page_reach_the_public_page(system, staff) -> None:
    chef = staff("kommunikationschef")
    page = chef.goto("/policy")
    parties = page.get_by_role("form", name="Partierna i kommunfullmäktige")
    parties.get_by_label("Beslutat av (krävs)").fill("Kommunfullmäktige")
    parties.get_by_label("Beslutsdatum (krävs)").fill("2026-10-27")
    parties.get_by_label("Ett parti per rad").fill("Knivstapartiet | https://knivstapartiet.example.se\n"
                                                   "Centerpartiet | https://www.centerpartiet.se/knivsta")
    parties.get_by_role("button", name="Spara partierna").click()
    page.wait_for_load_state()
    assert "sparat (Kommunfullmäktige, 2026-10-27)" in page.locator(".flash").inner_text()

    contact = page.get_by_role("form", name="Kontakt för frågor om personuppgifter")
    contact.get_by_label("Beslutat av (krävs)").fill("Kommunstyrelsen")
    contact.get_by_label("Beslutsdatum (krävs)").fill("2026-09-01")
    contact.get_by_label("Kontakt (funktion och e-post eller telefon)").fill("Dataskyddsombudet, dso@knivsta.se")
    contact.get_by_role("button", name="Spara kontakten").click()
    page.wait_for_load_state()
    assert "Kontakt för frågor om personuppgifter sparat" in page.locator(".flash").inner_text()
    chef.check_accessibility("policy med länksidans beslut")
    decided = page.get_by_role("table", name="Kommunens egna beslut").inner_text()
    assert "council_parties" in decided and "gdpr_contact" in decided and "Karin Kommunikationschef" in decided

    public = httpx.get(system.url("registry") + "/public/knivsta/sociala-medier").text
    assert 'href="https://knivstapartiet.example.se/"' in public and "Centerpartiet" in public
    assert "Frågor om personuppgifter: Dataskyddsombudet, dso@knivsta.se" in public
    chef.assert_clean()
