"""A severe comment raises an alert that appears on the open alerts page without a
reload (server-sent events from notify), and staff acknowledge it."""

from __future__ import annotations

from tests.support.polling import eventually_sync

from .conftest import post_comment


def test_alert_appears_live_and_is_acknowledged(system, staff) -> None:
    person = staff("kommunikator")
    page = person.goto("/larm?state=open")
    page.wait_for_selector("html[data-live=ready]")  # notify is streaming to this page now
    post_comment(system, comment_id="alert_c1", text="Jag ska döda er alla på kommunhuset i morgon", author_id="903",
                 author_name="Hotfull Person")
    row = page.locator("#alert-list tbody tr", has_text="Kvittera")
    assert eventually_sync(lambda: row.count(), attempts=100), "the alert did not appear live"
    person.check_accessibility("larm")
    person.screenshot("alerts-live")
    row.first.get_by_role("button", name="Kvittera").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Kvittering:")
    page = person.goto("/larm?state=acknowledged")
    assert "Kim Kommunikatör" in page.locator("#alert-list").inner_text()

    post_comment(system, comment_id="alert_c2", text="Jag ska spränga skolan i Alsike", author_id="904",
                 author_name="Annan Hotfull")
    page = person.goto("/larm?state=open")
    row = page.locator("#alert-list tbody tr", has_text="Kvittera")
    assert eventually_sync(lambda: row.count() or (page.reload() and 0), attempts=100), "second alert never appeared"
    row.first.get_by_label("Skäl att eskalera").fill("Allvarligt hot mot skola, kommunikationschefen måste veta")
    row.first.get_by_role("button", name="Eskalera").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Eskalering:") and "behörighet" not in flash, flash
    assert "(eskalerat)" in page.locator("#alert-list").inner_text()
    person.assert_clean()
