"""An account's lifecycle from the registry page: proposed by a communicator, assessed
against the policy's checklist by the head of communications; inventory and link page."""

from __future__ import annotations


def test_propose_and_assess_an_account_with_its_checklist(system, staff) -> None:
    proposer = staff("kommunikator")
    page = proposer.goto("/register")
    page.get_by_label("Kontots namn").fill("Knivsta fritidsgård")
    page.get_by_label("Plattform").select_option("instagram")
    page.get_by_label("Syfte").fill("Nå unga med information om fritidsgårdens aktiviteter.")
    page.get_by_label("Målgrupp").fill("Unga 13–18 år")
    page.get_by_label("Motivering (krävs)").fill("Verksamheten behöver nå sin målgrupp där den finns")
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Förslag på konto:"), page.locator(".flash").inner_text()
    row = page.locator("tbody tr", has_text="Knivsta fritidsgård")
    assert row.count() == 1 and "föreslaget" in row.inner_text()
    proposer.assert_clean()

    assessor = staff("krisledare")  # head of communications: may assess in every pack
    page = assessor.goto("/register")
    page.get_by_role("link", name="Knivsta fritidsgård").click()
    page.wait_for_load_state()
    assessor.check_accessibility("konto att bedöma")
    form = page.locator("form", has=page.get_by_role("button", name="Bedöm"))
    boxes = form.locator("input[name=met]")
    assert boxes.count() >= 1, "the tier's checklist is shown"
    for i in range(boxes.count()):
        boxes.nth(i).check()
    form.get_by_label("Skäl (krävs)").fill("Uppfyller riktlinjens krav")
    form.get_by_role("button", name="Bedöm").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash == "Bedömning: Bedömningen är registrerad.", flash
    assert "bedömt" in page.locator("dl.facts").inner_text()
    assessor.screenshot("registry-assessed")

    with page.expect_download() as info:
        assessor.page.goto(assessor.base + "/register")
        page.get_by_role("link", name="Ladda ner kontoförteckningen (CSV)").click()
    csv = info.value.path().read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("Socialt medium;") and "Knivsta kommun" in csv
    preview = assessor.goto("/register/lankssida")
    assert "Knivsta kommun" in preview.locator("main").inner_text()
    assessor.assert_clean()
