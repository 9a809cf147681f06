"""Moderating with the keyboard only: the queue, an item, a decision with a reason; and a
reply that goes out through the connector and stops the SLA clock."""

from __future__ import annotations

from tests.support.polling import eventually_sync

from .conftest import PAGE_ID, Staff, ask, post_comment


def open_queue_item(person: Staff, text_start: str) -> None:
    page = person.goto("/moderering")
    link = page.get_by_role("link", name=text_start)
    assert eventually_sync(lambda: link.count() or (page.reload() and 0), attempts=50), "item never reached the queue"
    person.check_accessibility("modereringskö")


def test_moderate_an_item_end_to_end_with_the_keyboard_only(system, staff) -> None:
    post_comment(system, comment_id="mod_c1", text="Ni är helt jävla värdelösa idioter allihop", author_id="901",
                 author_name="Arg Invånare")
    person = staff("kommunikator")
    open_queue_item(person, "Ni är helt jävla")
    page = person.page
    person.screenshot("moderation-queue")

    # Keyboard only: Tab to the item link, Enter to open; Tab through the decision form.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.textContent || ''").startswith(
                "Ni är helt jävla"):
            break
    else:
        raise AssertionError("the item link is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/moderering/*")
    person.check_accessibility("ärende")
    assert page.locator("mark").count() >= 1  # the matched words are highlighted
    person.screenshot("moderation-item")

    decision = page.get_by_label("Beslut", exact=True)
    decision.focus()
    page.keyboard.press("Home")  # first option: Behåll
    page.keyboard.press("ArrowDown")  # next: Dölj
    assert decision.input_value() == "hide"
    for _ in range(10):  # Tab on to the reason field
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "reason":
            break
    page.keyboard.type("Kränkande språk mot personal, strider mot riktlinjen")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Beslut (dölj)"), flash
    assert "Kränkande språk mot personal" in page.locator("main").inner_text()
    person.check_accessibility("ärende efter beslut")
    person.assert_clean()

    log = staff("admin").goto("/logg")
    assert "moderation.hide" in log.content() and "Kim Kommunikatör" in log.content()


def test_reply_from_the_ui_goes_through_the_connector(system, staff, graph_api) -> None:
    post_comment(system, comment_id="mod_c2", text="Hej, när öppnar återvinningscentralen på lördag?", author_id="902",
                 author_name="Nyfiken Granne")
    person = staff("kommunikator")
    page = person.goto("/moderering?status=open&intent=question")
    link = page.get_by_role("link", name="Hej, när öppnar återvinningscentralen")
    assert eventually_sync(lambda: link.count() or (page.reload() and 0), attempts=50), \
        "question never reached the queue"
    link.click()
    page.wait_for_url("**/moderering/*")
    page.get_by_label("Beslut", exact=True).select_option("reply")
    page.get_by_label("Svarstext").fill("Hej! Återvinningscentralen har öppet 10–15 på lördag.")
    page.get_by_label("Skäl (krävs)").fill("Besvarad fråga")
    page.get_by_role("button", name="Spara beslut").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Beslut (svara)"), flash
    assert "Återvinningscentralen har öppet 10–15" in page.locator("main").inner_text()
    item_event_id = page.url.rsplit("/", 1)[1]
    sent = eventually_sync(lambda: [r for r in graph_api.requests if r["path"].endswith("/mod_c2/comments")])
    assert sent and sent[0]["method"] == "POST"
    assert sent[0]["data"]["message"] == "Hej! Återvinningscentralen har öppet 10–15 på lördag."
    # Facebook then delivers the page's own reply as a webhook, like any comment: that is
    # what the SLA clock stops on (the reply is on the platform, not just intended).
    post_comment(system, comment_id="fb_reply_mod_c2", text=sent[0]["data"]["message"], author_id=PAGE_ID,
                 author_name="Knivsta kommun", parent_id="mod_c2")
    clocks = eventually_sync(lambda: [c for c in ask(system, "moderation", "clocks", {"item_event_id": item_event_id})
                                      if c.get("state") == "met"], attempts=50)
    assert clocks, "the reply did not stop the SLA clock"
    person.assert_clean()


def test_police_report_needs_the_policys_role_and_shows_the_package(system, staff) -> None:
    post_comment(system, comment_id="mod_c3", text="Jag ska döda dig Kim, jag vet var du bor", author_id="905",
                 author_name="Hotare")
    communicator = staff("kommunikator")
    open_queue_item(communicator, "Jag ska döda dig Kim")
    communicator.page.get_by_role("link", name="Jag ska döda dig Kim").click()
    communicator.page.wait_for_url("**/moderering/*")
    communicator.page.get_by_label("Beslut", exact=True).select_option("police_report")
    communicator.page.get_by_label("Skäl (krävs)").fill("Olaga hot")
    with communicator.page.expect_navigation():
        communicator.page.get_by_role("button", name="Spara beslut").click()
    communicator.screenshot("moderation-police-refused")
    assert "kräver någon av rollerna" in communicator.page.locator(".flash").inner_text()  # moderation refused
    person = staff("krisledare")  # head of communications: the policy lets this role report to the police
    open_queue_item(person, "Jag ska döda dig Kim")
    page = person.page
    page.get_by_role("link", name="Jag ska döda dig Kim").click()
    page.wait_for_url("**/moderering/*")
    page.get_by_label("Beslut", exact=True).select_option("police_report")
    page.get_by_label("Skäl (krävs)").fill("Olaga hot mot medarbetare")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara beslut").click()
    person.screenshot("moderation-police-report")
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Beslut (polisanmäl)") and "kräver" not in flash, flash
    section = page.get_by_role("region", name="Underlag för polisanmälan")
    assert "Hotare" in section.inner_text() and "Olaga hot mot medarbetare" in section.inner_text()
    person.check_accessibility("polisanmälan")
    person.screenshot("moderation-police-report")
    person.assert_clean()
