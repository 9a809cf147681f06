"""A registrar takes a request for allmän handling from intake to delivery in the browser:
an anonymous request, a record found and attached, each pre-marked passage decided, a
partial disclosure with reasons and appeal information, the PDF/A and JSON handed out."""

from __future__ import annotations

import json
from urllib.parse import urlparse


from .conftest import archived_record, post_comment


def test_request_for_allman_handling_from_intake_to_delivery(system, staff) -> None:
    text = "Min granne har personnummer 19811218-9876 och parkerar på min tomt vid Ängbyvägen."
    post_comment(system, comment_id="req_c1", text=text, author_name="Sara Sökande", author_id="880")
    archived_record(system, "req_c1")

    person = staff("arkivarie")
    page = person.goto("/arkiv")
    page.get_by_role("link", name="Begäran om allmän handling").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Begäran om allmän handling"
    person.check_accessibility("begäranden")

    # Intake: anonymous (no name), by e-mail, the requester wants JSON too.
    page.get_by_label("Vad som begärs (krävs)").fill("Kommentarer om parkering vid Ängbyvägen")
    page.get_by_label("Hur begäran kom in").select_option("e-post")
    page.get_by_label("Sökanden vill också ha handlingarna som JSON").check()
    page.get_by_role("button", name="Registrera begäran").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == "Begäran: Begäran är registrerad."
    facts = page.locator("dl.facts").first.inner_text()
    assert "Anonym" in facts and "I tid" in facts and "PDF och JSON" in facts
    request_url = page.url
    person.check_accessibility("en begäran")

    # Search the archive and attach the comment.
    page.get_by_label("Sök i arkivet").fill("Ängbyvägen")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_load_state()
    page.get_by_label("Min granne har personnummer", exact=False).check()
    page.get_by_role("button", name="Knyt valda handlingar till begäran").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == "1 handlingar är knutna till begäran."

    # The system pre-marked the personnummer, the sender and whatever moderation tagged; a
    # person decides each: the personnummer is masked, the rest released.
    rows = page.locator("article.examined tbody tr")
    marked = [rows.nth(i).locator("mark").inner_text() for i in range(rows.count())]
    assert "19811218-9876" in marked and "Sara Sökande (880)" in marked
    assert f"Oprövade passager: {len(marked)}" in page.locator("main").inner_text()
    person.check_accessibility("prövning av passager")
    person.screenshot("request-examination")
    for i, passage in enumerate(marked):
        row = rows.nth(i)
        if passage == "19811218-9876":
            row.get_by_label("Maskas", exact=True).check()
            row.get_by_label("Lagrum för 19811218-9876").select_option("osl-21-7")
        else:
            row.get_by_label("Lämnas ut", exact=True).check()
    page.get_by_role("button", name="Spara prövningen").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text() == f"{len(marked)} passager är prövade."
    assert "Oprövade passager: 0 · Maskade: 1" in page.locator("main").inner_text()

    # The decision: partly disclosed, with reasons; the appeal information follows.
    page.get_by_label("Lämnas ut delvis (med maskeringar)").check()
    page.get_by_label("Skäl (krävs vid delvis utlämnande", exact=False).fill(
        "Personnumret rör en enskilds personliga förhållanden (OSL 21 kap. 7 §).")
    page.get_by_role("button", name="Fatta beslut").click()
    page.wait_for_load_state()
    assert page.locator(".flash").inner_text().startswith("Beslut: Handlingarna lämnas ut delvis")
    decision = page.locator("dl.decision").inner_text()
    assert "Kammarrätten i Stockholm" in decision and "tre veckor" in decision and "OSL 21 kap. 7 §" in decision
    person.check_accessibility("beslut om utlämnande")

    with page.expect_download() as pdf_info:
        page.get_by_role("button", name="Lämna ut som PDF").click()
    pdf = pdf_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and b"19811218-9876" not in pdf
    with page.expect_download() as json_info:
        page.get_by_role("button", name="Lämna ut som JSON").click()
    handed = json.loads(json_info.value.path().read_text())
    assert handed["decision"]["outcome"] == "delvis"
    assert all("19811218-9876" not in r["text"] for r in handed["records"])

    page = person.goto(urlparse(request_url).path)
    assert page.locator("table", has_text="Utlämnat").locator("tbody tr").count() == 2
    person.screenshot("request-delivered")
    person.assert_clean()
