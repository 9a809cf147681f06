"""The system page as an administrator sees it: every service ready, a dead letter with
the item it concerns, and a replay from the page that archives the item once."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time

import httpx

from shared.contracts import Author, Direction, ItemKind, Platform, PlatformEvent, utcnow
from tests.e2e.fault_campaign import publish_dead_letter

from tests.support.polling import eventually_sync
from tests.support.webhooks import meta_body, meta_comment, meta_signature

from .conftest import archived_record, PAGE_ID, SECRET


def test_an_administrator_sees_a_dead_letter_with_its_item_and_replays_it(system, staff) -> None:
    event = PlatformEvent(
        event_id="ev-sys-dl-1", municipality="knivsta", platform=Platform.facebook, account_id=PAGE_ID,
        kind=ItemKind.comment, item_id="sys_dl_1", author=Author(platform_id="a7", name="Bo"),
        text="Varför är badhuset stängt?", received_at=utcnow(), direction=Direction.inkommen,
    )
    # Playwright's sync API keeps an event loop in this thread: publish from another one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, publish_dead_letter(system, event, service="archive", consumer="archive-records",
                                                     headers={"correlation_id": "corr-sys"})).result()
    admin = staff("admin")
    page = admin.goto("/system")
    row = page.locator("table", has_text="Dead letters").locator("tbody tr", has_text="sys_dl_1")
    assert eventually_sync(lambda: row.count() or (page.reload() and 0)), "the dead letter never showed"
    assert "Beroenden som saknas" not in page.content()  # everything is up
    link = row.get_by_role("link", name="facebook comment sys_dl_1")
    assert link.get_attribute("href") == "/moderation/items/ev-sys-dl-1"
    admin.check_accessibility("system with a dead letter")
    row.get_by_role("button", name="Kör om").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == "Meddelandet är skickat igen.", page.locator(".flash").inner_text()
    replayed = page.locator("table", has_text="Dead letters").locator("tbody tr", has_text="sys_dl_1")
    assert "Omkörd" in replayed.inner_text()
    records = archived_record(system, "sys_dl_1")
    assert len(records) == 1
    admin.screenshot("system-dead-letter-replayed")
    admin.assert_clean()


def test_a_mended_delivery_is_shown_to_the_administrator(system, staff) -> None:
    """A platform's delivery with field names MongoDB cannot store is accepted (a 4xx would
    make the platform retry for ever), mended, and shown on the system page."""
    payload = meta_comment(page_id=PAGE_ID, comment_id="sys_mended_1", text="Vad kostar busskortet?",
                           created_time=int(time.time()) - 60)
    payload["entry"][0]["changes"][0]["value"].update({"$where": "1", "a.b": {"$gt": ""}})
    body = meta_body(payload)
    response = httpx.post(f"{system.url('ingest')}/webhooks/knivsta/meta", content=body,
                          headers={"Content-Type": "application/json",
                                   "X-Hub-Signature-256": meta_signature(SECRET, body)})
    assert response.status_code == 200, response.text
    admin = staff("admin")
    page = admin.goto("/system")
    table = page.locator("table", has_text="Leveranser med anmärkning")
    assert eventually_sync(lambda: table.locator("tbody tr", has_text="publicerad (lagad)").count()
                           or (page.reload() and 0)), "the mended delivery never showed"
    assert "look-alikes" in table.inner_text()
    admin.check_accessibility("system with a mended delivery")
    admin.assert_clean()
