"""Every page for every kind of staff member: logs in, renders in Swedish, passes axe."""

from __future__ import annotations


from .conftest import archived_record, Staff, post_comment

PAGES = {
    "kommunikator": ["/moderering", "/larm", "/register", "/konto"],
    "krisledare": ["/kris", "/kris?mall=water", "/larm", "/arkiv?q=biblioteket"],
    "arkivarie": ["/arkiv", "/arkiv?q=biblioteket", "/arkiv/exporter", "/register", "/logg", "/larm"],
    "admin": ["/system", "/anvandare", "/logg", "/register", "/register/knivsta-fb-kommun",
              "/register/lankssida"],
}


def test_every_page_is_accessible_for_every_role(system, staff) -> None:
    post_comment(system, comment_id="pages_c1", text="När öppnar biblioteket i sommar?")
    archived_record(system, "pages_c1")
    for username, paths in PAGES.items():
        person: Staff = staff(username)
        for path in paths:
            page = person.goto(path)
            assert page.locator("html").get_attribute("lang") == "sv"
            assert page.locator("h1").count() == 1
            person.screenshot(f"page-{username}-{path.strip('/').replace('/', '-').replace('?', '-') or 'start'}")
        person.assert_clean()


def test_a_page_outside_ones_role_is_refused(system, staff) -> None:
    person = staff("kommunikator")
    response = person.page.goto(person.base + "/anvandare")
    assert response is not None and response.status == 403
    assert "behörighet" in person.page.content()


def test_logout_ends_the_session(system, staff) -> None:
    person = staff("kommunikator")
    person.goto("/larm")
    person.page.get_by_role("button", name="Logga ut").click()
    person.page.wait_for_url("**/login")
    person.page.goto(person.base + "/larm")
    assert "/login" in person.page.url
