"""The whole system as processes (own nats-server, the session's MongoDB-wire server),
driven through Debian's chromium with Playwright; axe-core on every page."""

from __future__ import annotations

import asyncio
import http.server
import threading
import urllib.parse
import concurrent.futures
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from devtools.supervisor import System
from tests.support.polling import eventually_sync
from tests.support.webhooks import meta_body, meta_comment, meta_signature
from tests.support.system import running_system
from devtools.servers import free_port

SECRET = "e2e-dashboard-meta-secret"
PAGE_ID = "100200300400"  # the demo registry's "Knivsta kommun" Facebook page
PASSWORD = "demo-kanalvakt"
CHROMIUM = os.environ.get("KANALVAKT_CHROMIUM", "/usr/bin/chromium")
# Never download a browser; Debian's chromium, quiet and offline.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(os.environ.get("KANALVAKT_SCREENSHOTS", "/tmp/kanalvakt-screenshots"))


class FakeGraphApi:
    """Stands in for Meta's Graph API on localhost: records what the connectors send and
    answers like Graph does, so replies, hides and crisis posts really leave the system."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                form = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                if not form and raw.startswith("{"):
                    form = json.loads(raw)
                fake.requests.append({"method": method, "path": self.path.split("?")[0], "data": form})
                body = json.dumps({"id": f"fb_{len(fake.requests)}", "success": True}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # http.server's naming
                self._answer("POST")

            def do_DELETE(self) -> None:
                self._answer("DELETE")

            def do_GET(self) -> None:
                self._answer("GET")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v21.0"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="package")
def graph_api() -> Iterator[FakeGraphApi]:
    fake = FakeGraphApi()
    yield fake
    fake.stop()


@pytest.fixture(scope="package")
def system(servers, graph_api: FakeGraphApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    registry_port = free_port()
    # The public page a snapshot is taken of: registry's own link page, served locally.
    snapshot_pages = {"knivsta/100200300400": f"http://127.0.0.1:{registry_port}/public/knivsta/sociala-medier"}
    # The snapshot worker opens no private address unless told: this one page is on loopback.
    snapshot_hosts = ["127.0.0.1"]
    sut = System(
        data_dir=tmp_path_factory.mktemp("dashboard-system"),
        nats_url=None,  # a nats-server of its own: no other system's durable consumers in the way
        mongodb_url=servers.mongodb_url,
        ports={"registry": registry_port},
        extra_env={"KANALVAKT_SNAPSHOT_PAGES": json.dumps(snapshot_pages), "KANALVAKT_META_APP_SECRET": SECRET,
                   "KANALVAKT_DB_PREFIX": f"e2e_dash_{uuid.uuid4().hex[:6]}",
                   "KANALVAKT_SNAPSHOT_PRIVATE_HOSTS": json.dumps(snapshot_hosts),
                   "KANALVAKT_SEED_DEMO": "true", "KANALVAKT_DEFAULT_POLICY": "knivsta",
                   "KANALVAKT_FACEBOOK_API_URL": graph_api.url, "KANALVAKT_FACEBOOK_ACCESS_TOKEN": "e2e-page-token",
                   "KANALVAKT_INSTAGRAM_API_URL": graph_api.url, "KANALVAKT_INSTAGRAM_ACCESS_TOKEN": "e2e-page-token"},
    )
    # All services by default; a comma-separated KANALVAKT_E2E_SERVICES narrows it while developing.
    names = [n for n in os.environ.get("KANALVAKT_E2E_SERVICES", "").split(",") if n] or None
    with running_system(sut, names) as started:
        yield started


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Staff:
    """One logged-in person in their own browser context; checks every page they see."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context, self.base = context, base
        self.page: Page = context.new_page()
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.axe = Axe()

    def login(self, username: str, password: str = PASSWORD) -> Staff:
        self.page.goto(self.base + "/login")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_load_state()
        assert "/login" not in self.page.url, self.page.content()[:2000]
        return self

    def goto(self, path: str) -> Page:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        # A page's title is plain text (a screen reader reads it first): no markup in it.
        title = self.page.title()
        assert title.endswith("– Kanalvakt") and "<" not in title, f"{path}: title {title!r}"
        self.check_accessibility(path)
        return self.page

    def check_accessibility(self, label: str) -> None:
        results = self.axe.run(self.page)
        bad = [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
               for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, f"axe on {label}: " + "; ".join(bad)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        csp = [e for e in self.console_errors if "Content Security Policy" in e]
        assert not csp, f"CSP blocked something: {csp}"


@pytest.fixture
def staff(system: System, browser: Browser) -> Iterator[Callable[[str], Staff]]:
    contexts: list[BrowserContext] = []

    def open_as(username: str) -> Staff:
        context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        contexts.append(context)
        return Staff(context, system.url("dashboard")).login(username)

    yield open_as
    for context in contexts:
        context.close()


def post_comment(system: System, *, comment_id: str, text: str, author_name: str = "Åsa Öberg",
                 author_id: str = "555", parent_id: str | None = None) -> None:
    payload = meta_comment(page_id=PAGE_ID, comment_id=comment_id, text=text, author_name=author_name,
                           author_id=author_id, created_time=int(time.time()) - 60)
    if parent_id:  # a reply in a comment thread
        payload["entry"][0]["changes"][0]["value"]["parent_id"] = parent_id
    body = meta_body(payload)
    response = httpx.post(f"{system.url('ingest')}/webhooks/knivsta/meta", content=body,
                          headers={"Content-Type": "application/json",
                                   "X-Hub-Signature-256": meta_signature(SECRET, body)})
    assert response.status_code == 200, response.text


def archived_record(system: System, item_id: str) -> Any:
    """The archive's record of a posted comment, once it is there (what a page about it needs)."""
    return eventually_sync(lambda: ask(system, "archive", "records", {"item_id": item_id}))


def ask(system: System, service: str, what: str, query: dict[str, Any]) -> Any:
    from tests.support.system import ask as signed_ask

    async def run() -> Any:
        return await signed_ask(system, f"q.{service}.{what}", {"municipality": "knivsta", **query}, timeout=5)

    # Playwright's sync API keeps an event loop in this thread: ask from another one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()
