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


def test_an_account_proposed_in_the_ui_is_taken_all_the_way_to_active(system, staff) -> None:
    """Propose → assess with the checklist → approve (Knivsta: the head of the unit) →
    assign people, organisation and address → the compliance gaps are gone → activate."""
    name = "Knivsta bibliotek"
    proposer = staff("kommunikator")
    page = proposer.goto("/register")
    page.get_by_label("Kontots namn").fill(name)
    page.get_by_label("Plattform").select_option("instagram")
    page.get_by_label("Syfte").fill("Tipsa om bibliotekets program och nya böcker.")
    page.get_by_label("Målgrupp").fill("Låntagare i alla åldrar")
    page.get_by_label("Motivering (krävs)").fill("Biblioteket når fler låntagare där de redan finns")
    page.get_by_role("button", name="Skicka förslaget").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Förslag på konto:")

    assessor = staff("krisledare")
    page = assessor.goto("/register")
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state()
    account_path = page.url.removeprefix(assessor.base)
    form = page.locator("form", has=page.get_by_role("button", name="Bedöm"))
    boxes = form.locator("input[name=met]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    form.get_by_label("Skäl (krävs)").fill("Alla kriterier i riktlinjen är uppfyllda")
    form.get_by_role("button", name="Bedöm").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == "Bedömning: Bedömningen är registrerad."

    # Knivsta: "Beslut om att använda sociala medier ... fattas av respektive verksamhetschef."
    admin = staff("admin")
    page = admin.goto("/anvandare")
    new = page.locator("form", has=page.get_by_role("button", name="Skapa konto"))
    new.get_by_label("Användarnamn").fill("verksamhetschef")
    new.get_by_label("Namn", exact=True).fill("Vera Verksamhetschef")
    new.get_by_label("Lösenord (minst 12 tecken)").fill("demo-kanalvakt")
    new.get_by_label("Verksamhetschef", exact=True).check()
    new.get_by_role("button", name="Skapa konto").click()
    page.wait_for_load_state()
    assert "verksamhetschef" in page.locator("table").inner_text()

    chef = staff("verksamhetschef")
    page = chef.goto(account_path)
    approve = page.locator("form", has=page.get_by_role("button", name="Godkänn"))
    approve.get_by_label("Skäl (krävs)").fill("Biblioteket har resurser för bevakning")
    approve.get_by_role("button", name="Godkänn").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Godkännande:"), page.locator(".flash").inner_text()
    assert "godkänt" in page.locator("dl.facts").inner_text()
    gaps = page.locator("h2:text-is('Brister') + ul li.bad")
    assert gaps.count() >= 4, page.locator("h2:text-is('Brister') + ul").inner_text()
    chef.check_accessibility("godkänt konto med brister")
    register = chef.goto("/register")
    assert name in register.locator("#brister").inner_text()

    page = chef.goto(account_path)
    people = page.locator("form", has=page.get_by_role("button", name="Spara ansvariga personer"))
    manager = people.get_by_role("group", name="Ansvarig chef")
    manager.get_by_label("Namn").fill("Vera Verksamhetschef")
    manager.get_by_label("Funktion/titel").fill("Bibliotekschef")
    first_admin = people.get_by_role("group", name="Administratör 1")
    first_admin.get_by_label("Namn").fill("Adam Bibliotekarie")
    first_admin.get_by_label("E-post").fill("adam.bibliotekarie@knivsta.se")
    people.get_by_role("group", name="Ersättare 1").get_by_label("Namn").fill("Sara Ersättare")
    people.get_by_role("group", name="Ansvarig redaktör").get_by_label("Namn").fill("Erik Redaktör")
    people.get_by_role("button", name="Spara ansvariga personer").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Ansvar:"), page.locator(".flash").inner_text()
    facts = page.locator("dl.facts").inner_text()
    assert "Adam Bibliotekarie" in facts and "Sara Ersättare" in facts and "Erik Redaktör" in facts, facts

    org = page.locator("form", has=page.get_by_role("button", name="Spara organisation och rutiner"))
    org.get_by_label("Nämnd").fill("Kultur- och fritidsnämnden")
    org.get_by_label("Förvaltning").fill("Kultur- och fritidsförvaltningen")
    org.get_by_label("Verksamhet/enhet").fill("Biblioteket")
    org.get_by_label("Ansvarig funktion").fill("Bibliotekschef")
    org.get_by_label("Skriftliga rutiner").fill("Rutin för sociala medier, dnr KFN-2026/12")
    org.get_by_label("Avsändaren är tydlig").check()
    org.get_by_label("Var inloggningsuppgifterna förvaras").fill("Kommunikationsavdelningens kassaskåp")
    org.get_by_label("Rapporterade till kommunikationsavdelningen (datum)").fill("2026-03-02")
    org.get_by_role("button", name="Spara organisation och rutiner").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Ansvar:"), page.locator(".flash").inner_text()
    facts = page.locator("dl.facts").inner_text()
    assert "Kultur- och fritidsnämnden" in facts and "bekräftad" in facts and "2026-03-02" in facts, facts

    details = page.locator("form", has=page.get_by_role("button", name="Spara kontots uppgifter"))
    details.get_by_label("Officiell adress").fill("https://www.instagram.com/knivstabibliotek")
    details.get_by_label("Kontots id på plattformen").fill("178400900900")
    details.get_by_role("button", name="Spara kontots uppgifter").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Kontouppgifter:"), page.locator(".flash").inner_text()
    assert page.locator("h2:text-is('Brister') + ul").inner_text() == "Inga brister."
    chef.check_accessibility("konto med ansvar på plats")
    chef.screenshot("registry-responsibilities")
    register = chef.goto("/register")
    assert name not in register.locator("#brister").inner_text()

    page = chef.goto(account_path)
    activate = page.locator("form", has=page.get_by_role("button", name="Aktivera"))
    confirms = activate.locator("input[name=confirm]")
    for i in range(confirms.count()):
        confirms.nth(i).check()
    activate.get_by_label("Skäl (krävs)").fill("Allt är på plats")
    activate.get_by_role("button", name="Aktivera").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Aktivering:"), page.locator(".flash").inner_text()
    assert "aktivt" in page.locator("dl.facts").inner_text()
    history = page.locator("h2:text-is('Historik') + ol").inner_text()
    assert "Aktiverades" in history and "Vera Verksamhetschef" in history
    chef.check_accessibility("aktivt konto")
    preview = chef.goto("/register/lankssida")
    assert name in preview.locator("main").inner_text()
    log = admin.goto("/logg")
    assert "registry.assign" in log.content() and "registry.update" in log.content()
    for person in (proposer, assessor, admin, chef):
        person.assert_clean()


def test_an_account_administrator_asks_the_archive_for_a_page_snapshot(system, staff) -> None:
    person = staff("kommunikator")  # communicator + account administrator: may snapshot, not manage
    page = person.goto("/register/knivsta-fb-kommun")
    assert page.get_by_role("button", name="Spara ansvariga personer").count() == 0
    snapshot = page.locator("form", has=page.get_by_role("button", name="Ta skärmdump till arkivet"))
    snapshot.get_by_label("Skäl").fill("Före byte av profilbild")
    snapshot.get_by_role("button", name="Ta skärmdump till arkivet").click()
    page.wait_for_load_state()
    # Archive checked the role, took the page (registry's public page stands in for the
    # account's page on the platform) with headless Chromium, and kept it as a record.
    flash = page.locator(".flash").inner_text()
    assert flash == "Skärmdump av kontots sida: Skärmdumpen är arkiverad.", flash
    assert page.url.endswith("/register/knivsta-fb-kommun")
    person.assert_clean()
