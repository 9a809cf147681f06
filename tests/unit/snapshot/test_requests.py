"""Which pages the snapshot worker opens: the rules moved from the archive (http(s) only)
and the worker's own (public addresses only, every redirect checked, names resolved)."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from services.archive.adapters.pages import page_url as registry_address
from shared.contracts.registry import AccountView
from services.snapshot.config import SnapshotSettings
from services.snapshot.domain import resolved_problem, title_of
from services.snapshot.app.render_page import Refused, check_address, final_address
from shared.snapshots import (SnapshotManifest, SnapshotRequest, SnapshotWorkerUnavailable, _assemble, address_problem,
                              chunk_size, chunks_of, describe, url_problem, web_address)

REFUSED = [
    "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "javascript:alert(1)", "chrome://settings",
    "ftp://example.com/", "about:blank", "view-source:https://example.com/", "https:///nohost", "",
    "http://127.0.0.1/", "http://127.1/", "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/",
    "http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://localhost/", "http://a.localhost/",
    "http://mongo-1:27017/", "http://nats-1/", "http://db.internal/", "http://printer.local/",
    "http://user:pw@example.com/", "http://example.com@127.0.0.1/", "http://example.com:27017/",
    "http://example.com:4222/", "http://exa mple.com/", "http://example.com/\nx",
]
ALLOWED = ["https://www.facebook.com/knivstakommun", "http://example.com/", "https://example.com:443/a?b=c",
           "https://xn--pite-loa.se/", "https://93.184.216.34/"]


@pytest.mark.parametrize("url", REFUSED)
def test_the_worker_refuses_what_is_not_a_public_web_page(url: str) -> None:
    assert url_problem(url) is not None


@pytest.mark.parametrize("url", ALLOWED)
def test_public_web_pages_are_opened(url: str) -> None:
    assert url_problem(url) is None


def test_a_private_host_is_opened_only_when_the_operator_names_it() -> None:
    assert url_problem("http://127.0.0.1:8123/page") is not None
    assert url_problem("http://127.0.0.1:8123/page", private_hosts=frozenset({"127.0.0.1"})) is None
    # Naming one host opens no other, and never another scheme.
    assert url_problem("http://10.0.0.1/", private_hosts=frozenset({"127.0.0.1"})) is not None
    assert url_problem("file:///etc/passwd", private_hosts=frozenset({"127.0.0.1", ""})) is not None


def _account(url: str) -> AccountView:
    # only the address matters to the rule; the rest of registry's reply is not read
    return AccountView.model_construct(url=url)


def test_the_archive_and_the_worker_share_one_rule_for_web_addresses() -> None:
    # The archive's check of registry's address is the worker's first rule, not a copy.
    assert registry_address(_account("file:///etc/passwd")) is None
    assert registry_address(_account("javascript:alert(1)")) is None
    assert registry_address(_account("https://www.facebook.com/knivsta")) == "https://www.facebook.com/knivsta"
    assert registry_address(None) is None
    for url in ("file:///x", "data:,x", "https://ok.example/"):
        assert (registry_address(_account(url)) is not None) == web_address(url)


def test_a_request_for_anything_but_http_is_invalid() -> None:
    with pytest.raises(ValidationError, match="http"):
        SnapshotRequest(url="file:///etc/passwd", request_id="r1")
    with pytest.raises(ValidationError):
        SnapshotRequest(url="https://example.com/", request_id="../../etc")
    assert SnapshotRequest(url="https://example.com/", request_id="r1").max_bytes == 10 * 1024 * 1024


def test_a_name_must_resolve_to_public_addresses_only() -> None:
    assert resolved_problem("example.com", ["93.184.216.34"]) is None
    assert "does not resolve" in resolved_problem("nowhere.example", [])
    # One private answer among public ones (how DNS rebinding starts) is enough to refuse.
    assert "10.0.0.5" in resolved_problem("rebind.example", ["93.184.216.34", "10.0.0.5"])
    assert address_problem("::ffff:10.1.2.3") is not None and address_problem("2606:4700::1111") is None


def resolver(table: dict[str, list[str]]):
    async def resolve(host: str) -> list[str]:
        return table.get(host, [])
    return resolve


async def test_a_name_that_resolves_to_a_private_address_is_refused_before_any_request() -> None:
    asked: list[str] = []
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: asked.append(str(r.url)) or httpx.Response(200)))
    settings = SnapshotSettings()
    with pytest.raises(Refused, match=r"10.0.0.5"):
        await final_address("https://intranet.example.com/", settings=settings, client=client,
                            resolve=resolver({"intranet.example.com": ["10.0.0.5"]}), timeout=5)
    assert asked == []
    assert await check_address("https://www.example.com/", settings=settings,
                               resolve=resolver({"www.example.com": ["93.184.216.34"]})) == (
        "www.example.com", "93.184.216.34")


async def test_every_redirect_is_checked_and_the_final_address_reported() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "old.example.com":
            return httpx.Response(301, headers={"location": "https://new.example.com/sida"})
        if request.url.path == "/metadata":
            return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})
        return httpx.Response(200, text="<html></html>")

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    public = resolver({"old.example.com": ["93.184.216.34"], "new.example.com": ["93.184.216.35"]})
    settings = SnapshotSettings()
    final, pin = await final_address("https://old.example.com/", settings=settings, client=client, resolve=public,
                                     timeout=5)
    assert final == "https://new.example.com/sida" and pin == ("new.example.com", "93.184.216.35")
    with pytest.raises(Refused, match=r"169.254.169.254"):
        await final_address("https://new.example.com/metadata", settings=settings, client=client, resolve=public,
                            timeout=5)


def test_the_title_is_the_documents_own() -> None:
    assert title_of("<html><head><title> Piteå\n kommun &amp; Facebook </title></head></html>") == \
        "Piteå kommun & Facebook"
    assert title_of("<html><body>ingen titel</body></html>") is None


def test_a_render_travels_in_chunks_and_every_part_is_checked() -> None:
    parts = {"html": b"<html>" + b"x" * 5000 + b"</html>", "png": b"\x89PNG" + b"p" * 3000, "pdf": b"%PDF" + b"d" * 10}
    chunks = chunks_of(parts, chunk_size(4096 + 1024))
    assert len(chunks) == 2 and b"".join(chunks) == parts["html"] + parts["png"] + parts["pdf"]
    request = SnapshotRequest(url="https://example.com/", request_id="r1")
    manifest = SnapshotManifest(ok=True, request_id="r1", parts=describe(parts), chunks=len(chunks))
    render = _assemble(request, manifest.model_dump_json().encode(), dict(enumerate(chunks)))
    assert render.parts == parts
    # A missing chunk, a changed byte or another request's answer: asked again, never stored.
    with pytest.raises(SnapshotWorkerUnavailable, match="did not arrive"):
        _assemble(request, manifest.model_dump_json().encode(), {0: chunks[0]})
    with pytest.raises(SnapshotWorkerUnavailable, match="SHA-256"):
        _assemble(request, manifest.model_dump_json().encode(), {0: chunks[0], 1: chunks[1][:-1] + b"!"})
    other = manifest.model_copy(update={"request_id": "r2"})
    with pytest.raises(SnapshotWorkerUnavailable, match="another request"):
        _assemble(request, other.model_dump_json().encode(), dict(enumerate(chunks)))
