"""A crisis broadcast: drafted by one member of the crisis team, refused when the same
person approves it, approved by a second, with per-channel deliveries shown live."""

from __future__ import annotations

import re

from tests.support.polling import eventually_sync


def test_broadcast_is_approved_by_a_second_person(system, staff) -> None:
    drafter = staff("krisledare")
    page = drafter.goto("/kris")
    page.get_by_label("Rubrik").fill("Vattenläcka i centrala Knivsta")
    page.get_by_label("Meddelande").fill("Kokningsrekommendation gäller i centrala Knivsta. Koka vattnet i tre minuter "
                                         "innan du dricker det. Vi skriver mer här när vi vet mer.")
    page.get_by_label("Kort text").fill("Koka vattnet i centrala Knivsta.")
    page.get_by_role("button", name="Spara utkast och kontrollera").click()
    page.wait_for_url(re.compile(r".*/kris/[^/]+$"))
    url = page.url
    drafter.check_accessibility("utkast")
    assert "Utkast" in page.content()

    # The drafter cannot approve their own draft (notify refuses; the page says why).
    box = page.get_by_label("Jag har läst varningarna och vill skicka ändå")
    if box.count():
        box.check()
    page.get_by_role("button", name="Godkänn och skicka").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Godkännande:") and "Utkast" in page.locator("dl.facts").inner_text(), flash

    approver = staff("krisstab")
    page2 = approver.goto(url.removeprefix(approver.base))
    box = page2.get_by_label("Jag har läst varningarna och vill skicka ändå")
    if box.count():
        box.check()
    page2.get_by_role("button", name="Godkänn och skicka").click()
    page2.wait_for_load_state()
    assert "Godkänt och skickat" in page2.locator("dl.facts").inner_text(), page2.locator(".flash").inner_text()
    assert "Stina Krisstab" in page2.locator("dl.facts").inner_text()

    # Deliveries appear per channel without reloading the page (SSE → fragment reload).
    rows = eventually_sync(lambda: page2.locator("#deliveries tbody tr td:first-child").all_inner_texts()
                           if "Inga leveranser ännu." not in page2.locator("#deliveries").inner_text() else None,
                           attempts=75)
    assert rows, "no delivery rows appeared"
    approver.check_accessibility("utskick godkänt")
    approver.screenshot("crisis-approved")
    drafter.assert_clean()
    approver.assert_clean()
