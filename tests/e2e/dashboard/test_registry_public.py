"""Registry's public pages, opened straight from its HTTP edge as a resident's browser
would (no login): the collected link page and the printable inventory pass axe-core."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.mark.parametrize(("path", "heading"), [
    ("/public/knivsta/sociala-medier", "Knivsta kommun i sociala medier"),
    ("/public/knivsta/forteckning.html", None),
])
def test_public_registry_page_is_accessible(system, browser, path, heading) -> None:
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    try:
        page = context.new_page()
        errors: list[str] = []  # failed loads (other than the browser's own favicon request) and CSP refusals
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        response = page.goto(system.url("registry") + path)
        assert response is not None and response.status == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert page.locator("html").get_attribute("lang") == "sv"
        h1 = page.get_by_role("heading", level=1)
        assert h1.count() == 1
        if heading:
            assert h1.inner_text() == heading
        assert "Knivsta kommun" in page.locator("body").inner_text()  # the demo's official accounts are listed
        results = Axe().run(page)
        bad = [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
               for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, f"axe on {path}: " + "; ".join(bad)
        if heading:  # the link page: keyboard users reach the first link with Tab
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.tagName") == "A"
        assert not errors, errors
    finally:
        context.close()
