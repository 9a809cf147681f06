"""A registrar searches the archive, opens a record with its inclusion proof, and
exports a disclosure with personal data masked."""

from __future__ import annotations


from .conftest import archived_record, post_comment


def test_search_open_record_and_export_a_disclosure(system, staff) -> None:
    text = "Hej! Jag heter Bo, personnummer 19811218-9876. Varför är simhallen stängd?"
    post_comment(system, comment_id="arch_c1", text=text, author_name="Bo Badare", author_id="777")
    archived_record(system, "arch_c1")

    person = staff("arkivarie")
    page = person.goto("/arkiv")
    page.get_by_label("Sökord").fill("simhallen")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_load_state()
    person.check_accessibility("arkivsök")
    assert page.get_by_role("link", name="Hej! Jag heter Bo").count() == 1
    person.screenshot("archive-search")

    page.get_by_role("link", name="Hej! Jag heter Bo").click()
    page.wait_for_load_state()
    person.check_accessibility("handling")
    assert "Loggposter" in page.content() and "Bo Badare" in page.content()
    person.screenshot("archive-record")

    page.go_back()
    page.get_by_label("Välj handlingen").first.check()
    page.get_by_role("button", name="Lämna ut valda handlingar").click()
    page.wait_for_load_state()
    person.check_accessibility("utlämnande")
    assert page.locator("mark").count() >= 1  # the personnummer is pre-marked for masking
    page.get_by_label("Maskera även (en fras per rad)").fill("Bo")
    page.get_by_label("Begäran (diarienummer)").fill("KS-2026/123")
    page.get_by_label("Skäl och prövning (krävs)").fill("Begäran om allmän handling; personuppgifter maskerade")
    person.screenshot("archive-disclosure")
    with page.expect_download() as info:
        page.get_by_role("button", name="Skapa utlämnandet (PDF)").click()
    download = info.value
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF") and download.suggested_filename.endswith(".pdf")

    log = person.goto("/logg")
    assert "archive.disclose" in log.content() and "KS-2026/123" in log.content()
    exports = person.goto("/arkiv/exporter")
    assert "KS-2026/123" in exports.content()
    person.assert_clean()


def test_hold_culling_dry_run_and_eark_export(system, staff) -> None:
    post_comment(system, comment_id="arch_c2", text="Gäller ärendet om detaljplanen för Alsike?", author_id="778")
    archived_record(system, "arch_c2")
    person = staff("arkivarie")
    page = person.goto("/arkiv?q=detaljplanen")
    page.get_by_role("link", name="Gäller ärendet om detaljplanen").click()
    page.wait_for_load_state()
    hold = page.locator("form", has=page.get_by_role("button", name="Lägg gallringsstopp"))
    hold.get_by_label("Skäl (krävs)").fill("Överklagat ärende, ska inte gallras")
    hold.get_by_role("button", name="Lägg gallringsstopp").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Gallringsstopp: Spärren är lagd")

    page = person.goto("/arkiv")
    assert "Överklagat ärende" in page.locator("main").inner_text()
    culling = page.locator("form", has=page.get_by_role("button", name="Kör gallring"))
    assert culling.get_by_label("Provkörning (inget gallras)").is_checked()
    culling.get_by_label("Skäl (krävs)").fill("Månatlig kontroll")
    culling.get_by_role("button", name="Kör gallring").click()
    page.wait_for_load_state()
    assert "skulle gallras" in page.locator(".flash").inner_text()

    # make run's Knivsta exports with demo delivery values, and the page says so.
    assert "Demovärden:" in page.locator(".package-profile").inner_text()
    assert "000000-0000" in page.locator(".package-profile").inner_text()
    export = page.locator("form", has=page.get_by_role("button", name="Skapa E-ARK-paket"))
    export.get_by_label("Skäl (krävs)").fill("Leverans till e-arkivet")
    export.get_by_role("button", name="Skapa E-ARK-paket").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("E-ARK-export: E-ARK-paketet är skapat."), flash
    assert "Filen finns på servern: " in flash, flash  # the answer's SipExported.path
    person.check_accessibility("arkiv efter åtgärder")
    person.screenshot("archive-actions")
    person.assert_clean()


def test_send_to_case_system_and_read_the_culling_protocol(system, staff) -> None:
    post_comment(system, comment_id="arch_c3", text="Jag vill begära ut protokollet från nämnden i maj.",
                 author_id="779")
    archived_record(system, "arch_c3")
    person = staff("arkivarie")
    page = person.goto("/arkiv?q=protokollet")
    page.get_by_role("link", name="Jag vill begära ut protokollet").click()
    page.wait_for_load_state()
    record_url = page.url
    send = page.locator("form", has=page.get_by_role("button", name="Skicka för diarieföring"))
    send.get_by_label("Nämnd").fill("Kommunstyrelsen")
    send.get_by_role("button", name="Skicka för diarieföring").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    assert flash == "Diarieföring i ärendesystemet: Skickas till ärendehanteringssystemet.", flash
    assert page.url == record_url and "Väntar på diarieföring" in page.locator("dl.facts").first.inner_text()
    assert page.get_by_role("button", name="Skicka för diarieföring").count() == 0  # already on its way
    person.check_accessibility("handling skickad för diarieföring")

    # What a run now would cull, then a real run and its gallringsprotokoll.
    page = person.goto("/arkiv")
    page.get_by_role("link", name="Förhandsvisa vad som skulle gallras nu").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Förhandsvisning av gallring"
    assert "Inget har gallrats" in page.locator("main").inner_text()
    person.check_accessibility("förhandsvisning av gallring")

    def run_culling() -> None:
        page = person.goto("/arkiv")
        culling = page.locator("form", has=page.get_by_role("button", name="Kör gallring"))
        culling.get_by_label("Provkörning (inget gallras)").uncheck()
        culling.get_by_label("Skäl (krävs)").fill("Gallring enligt beslut KS-2012/837")
        culling.get_by_role("button", name="Kör gallring").click()
        page.wait_for_load_state()

    # No gallringsbeslut recorded yet: the run is refused, naming it (issue 17).
    run_culling()
    page = person.page
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Gallringskörning: Gallring vägras: gallringsbeslut saknas"), flash
    assert "/arkiv/gallring/" not in page.url
    # The archivist records Knivsta's KS decision on the pack page, then the run goes ahead.
    page = person.goto("/policy")
    decision = page.locator("form[aria-label='Gallringsbeslut ks-sociala-medier']")
    decision.get_by_label("Beslutat av (krävs)").fill("Kommunstyrelsen")
    decision.get_by_label("Beslutsdatum (krävs)").fill("2013-02-04")
    decision.get_by_label("Diarienummer eller paragraf").fill("KS-2013/12 § 9")
    for rule, months in (("borttaget-olagligt", "60"), ("diariefort", "0"), ("rutin", "24")):
        decision.locator(f"input[name='period_{rule}']").fill(months)
    decision.get_by_role("button", name="Spara gallringsbeslutet").click()
    page.wait_for_load_state()
    assert "Gallringsbeslut sparat (Kommunstyrelsen, 2013-02-04)" in page.locator(".flash").inner_text()
    person.check_accessibility("policypaketet")
    run_culling()
    page = person.page
    assert "/arkiv/gallring/" in page.url, page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Gallringsprotokoll"
    facts = page.locator("dl.facts").inner_text()
    assert "Genomförd" in facts and "Rut Registrator" in facts, facts
    assert page.get_by_role("table").count() == 1 and page.locator("caption").inner_text().startswith("Protokoll:")
    assert page.locator(".flash").inner_text().startswith("Gallringskörning:")
    person.check_accessibility("gallringsprotokoll")
    person.screenshot("archive-culling-protocol")
    protocol_url = page.url

    page = person.goto("/arkiv")
    runs = page.locator("h2:text-is('Gallring') + ul a")
    assert runs.count() >= 1
    runs.first.click()
    page.wait_for_load_state()
    assert page.url == protocol_url
    missing = person.page.goto(person.base + "/arkiv/gallring/finns-inte")
    assert missing is not None and "Gallringskörningen finns inte." in person.page.locator("main").inner_text()
    person.assert_clean()


def test_only_the_disclosers_are_offered_the_disclosure(system, staff) -> None:
    post_comment(system, comment_id="arch_c9", text="Hur lånar jag om böckerna på utlåningsautomaten?")
    archived_record(system, "arch_c9")
    for username, offered in (("krisledare", False), ("arkivarie", True)):  # krisledare reads, may not disclose
        person = staff(username)
        page = person.goto("/arkiv?q=utlåningsautomaten")
        assert page.get_by_role("link", name="Hur lånar jag om").count() == 1
        assert (page.get_by_label("Välj handlingen").count() == 1) is offered, username
        assert (page.get_by_role("button", name="Lämna ut valda handlingar").count() == 1) is offered, username
        person.assert_clean()
