"""The worker's one use case: check the address (and every redirect), render, describe."""

from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit

import httpx

from shared.contracts import utcnow
from shared.logging import get_logger
from shared.snapshots import REFUSED, SnapshotManifest, SnapshotRequest, describe, url_problem

from ..adapters import chromium
from ..adapters.resolver import Resolver, system_resolve
from ..config import SnapshotSettings
from ..domain import resolved_problem, title_of

log = get_logger(__name__)


class Refused(ValueError):
    """An address the worker does not open."""


async def check_address(url: str, *, settings: SnapshotSettings,
                        resolve: Resolver) -> tuple[str, str] | None:
    """Raise `Refused` unless the worker may open `url`; the (host, address) checked, to
    pin Chromium's lookup to, when a name was resolved."""
    private = settings.private_hosts
    if problem := url_problem(url, private_hosts=private):
        raise Refused(problem)
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host in private:
        return None
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None  # a literal address, already checked
    except ValueError:
        pass
    addresses = await resolve(host)
    if problem := resolved_problem(host, addresses):
        raise Refused(problem)
    return host, addresses[0]


async def final_address(url: str, *, settings: SnapshotSettings, client: httpx.AsyncClient,
                        resolve: Resolver, timeout: float) -> tuple[str, tuple[str, str] | None]:
    """Follow the page's HTTP redirects, checking each address before it is asked."""
    for _ in range(settings.max_redirects + 1):
        pin = await check_address(url, settings=settings, resolve=resolve)
        try:
            async with client.stream("GET", url, timeout=timeout) as response:
                location = response.headers.get("location") if response.is_redirect else None
        except httpx.HTTPError as exc:
            raise chromium.RenderError(f"the page did not answer: {type(exc).__name__}: {exc}") from exc
        if not location:
            return url, pin
        url = urljoin(url, location)
    raise Refused(f"more than {settings.max_redirects} redirects")


async def render_page(*, request: SnapshotRequest, settings: SnapshotSettings, client: httpx.AsyncClient,
                      resolve: Resolver = system_resolve) -> tuple[SnapshotManifest, dict[str, bytes]]:
    """Render the page the request names; a manifest saying why not when it is refused or fails."""
    base = {"request_id": request.request_id, "url": request.url, "started_at": utcnow()}
    try:
        final_url, pin = await final_address(request.url, settings=settings, client=client, resolve=resolve,
                                             timeout=request.timeout_s)
        rendered = await chromium.take(final_url, chromium=settings.chromium, timeout=request.timeout_s,
                                       network=chromium.network_flags(proxy=settings.snapshot_proxy, pin=pin))
    except Refused as exc:
        log.warning("snapshot.refused", request_id=request.request_id, url=request.url, reason=str(exc))
        return SnapshotManifest(ok=False, refused=True, error=f"{REFUSED}{exc}", finished_at=utcnow(),
                                **base), {}
    except chromium.RenderError as exc:
        log.warning("snapshot.failed", request_id=request.request_id, url=request.url, error=str(exc))
        return SnapshotManifest(ok=False, error=str(exc), finished_at=utcnow(), **base), {}
    parts = {"html": rendered.html, "png": rendered.png, "pdf": rendered.pdf}
    size = sum(len(p) for p in parts.values())
    if size > request.max_bytes:
        log.warning("snapshot.too_large", request_id=request.request_id, url=request.url, size=size)
        return SnapshotManifest(ok=False, error=f"the render is {size} bytes, more than the {request.max_bytes} "
                                "the archive keeps", finished_at=utcnow(), **base), {}
    manifest = SnapshotManifest(ok=True, final_url=final_url, title=title_of(rendered.html.decode(errors="replace")),
                                finished_at=utcnow(), parts=describe(parts), **base)
    log.info("snapshot.rendered", request_id=request.request_id, url=request.url, final_url=final_url, size=size)
    return manifest, parts
