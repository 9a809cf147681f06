"""Page snapshots between the archive and the snapshot worker: the request, the answer,
which addresses a snapshot may be of, and how a render travels over the bus.

The worker (services/snapshot) runs headless Chromium with no database and no route to
one; the archive asks it on `q.snapshot.render` and stores what comes back. Only the
archive may ask and only the snapshot user may answer (shared/runtime/nats_auth.py), so
the archive trusts an answer because of who could have sent it, and checks every part
against the SHA-256 the manifest gives.

**Size.** A render (DOM, PNG, PDF/A) is often more than one NATS message: the server's
`max_payload` is 4 MB in the embedded and the production configs (1 MiB by default). So
the worker sends the render's bytes as chunks of at most `max_payload` less room for
headers, on the asker's reply inbox, and the manifest (this module's `SnapshotManifest`)
last, as the ordinary reply; one connection's messages arrive in order. Core NATS and
not the JetStream object store: a render is handed over once and then kept by the
archive, so nothing needs to persist on the bus, and the worker needs no JetStream
permissions at all (a bucket would give a browser-facing process a stream to write and
the archive one more to clean). A chunk lost on the way is an incomplete answer, which
the archive treats like a worker that did not answer: it asks again. The whole render
is bounded by `max_bytes` (the archive's: the record keeps it in one MongoDB document,
at most 16 MiB with the media as base64) and by `SNAPSHOT_REPLIES` messages per request.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from . import subjects
from .faults import DependencyUnavailable

CHUNK_HEADER = "Kanalvakt-Snapshot-Chunk"
REQUEST_HEADER = "Kanalvakt-Snapshot-Request"
HEADER_ROOM = 1024  # NATS counts headers in max_payload
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PART_ORDER = ("html", "png", "pdf")
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "png": "image/png", "pdf": "application/pdf"}


class SnapshotRequest(BaseModel):
    """`q.snapshot.render`: render one public page."""

    url: str = Field(..., max_length=2000, description="The page (http or https only).")
    request_id: str = Field(..., pattern=r"^[A-Za-z0-9_.:-]{1,120}$",
                            description="The archive's id of the request (logged by both sides).")
    # ≤ 120: the answer (two renderings, the transfer) must come while the worker may
    # still answer (SNAPSHOT_REPLY_EXPIRES, 5 minutes).
    timeout_s: float = Field(60.0, gt=0, le=120, description="Longest Chromium may take for each rendering.")
    max_bytes: int = Field(DEFAULT_MAX_BYTES, gt=0, le=64 * 1024 * 1024,
                           description="Largest render the asker keeps (DOM, PNG and PDF together).")

    @field_validator("url")
    @classmethod
    def _web_address(cls, url: str) -> str:
        if not web_address(url):
            raise ValueError(NOT_WEB)
        return url


class SnapshotPart(BaseModel):
    name: Literal["html", "png", "pdf"]
    media_type: str
    size: int = Field(..., ge=0)
    sha256: str = Field(..., pattern=r"^[0-9a-f]{64}$")


class SnapshotManifest(BaseModel):
    """The worker's answer, sent last: what it rendered (or why not) and the parts' hashes."""

    ok: bool
    request_id: str | None = None
    url: str | None = None
    final_url: str | None = Field(None, description="The address after the HTTP redirects (each one checked).")
    title: str | None = None
    started_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    parts: list[SnapshotPart] = Field(default_factory=list, description="In the order their bytes were sent.")
    chunks: int = Field(0, ge=0, description="Messages that carried the parts' bytes, before this one.")
    refused: bool = Field(False, description="The address is not one the worker opens (private, not http(s)).")
    error: str | None = None


@dataclass(frozen=True)
class Render:
    """A render as the archive receives it, every part checked against its hash."""

    manifest: SnapshotManifest
    parts: dict[str, bytes]

    @property
    def html(self) -> str:
        return self.parts["html"].decode("utf-8", errors="replace")


class SnapshotWorkerUnavailable(DependencyUnavailable):
    """The worker did not answer, or its answer did not arrive whole: ask again later."""


class SnapshotFailed(RuntimeError):
    """The worker answered that it would not or could not render the page."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


# --- which addresses ----------------------------------------------------------------

NOT_WEB = "only http(s) addresses with a host name are rendered (not file:, data:, javascript:…)"
REFUSED = "Adressen öppnas inte: "  # how a refusal reads to staff
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_LOCAL_NAMES = ("localhost", "local", "internal", "localdomain", "home.arpa", "lan", "intranet", "corp")


def web_address(url: str) -> bool:
    """An http(s) URL with a host: the only kind a snapshot is ever of (a registry value or
    a setting is data, not something Chromium should open blindly: no file:, data:,
    javascript: or chrome: URLs)."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 0x20 for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def address_problem(ip: str) -> str | None:
    """Why the worker must not open `ip` (loopback, private, link-local, shared, reserved,
    multicast…), or None for a public address."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return f"{ip} is not an IP address"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        return f"{address} is not a public address"
    return None


def url_problem(url: str, *, private_hosts: frozenset[str] = frozenset()) -> str | None:
    """Why the worker refuses `url` before any name is looked up, or None.

    `private_hosts`: host names the operator lets it open although they are not public
    (a page on the municipality's intranet; the tests' local pages), on any port."""
    if not web_address(url):
        return NOT_WEB
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.username is not None or parts.password is not None:
        return "an address with a user name or password is not rendered"
    if host in private_hosts:
        return None
    if parts.port not in (None, 80, 443):
        return f"port {parts.port} is not a web port (80, 443)"
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        labels = host.split(".")
        # No single-label names (a container's name: mongo-1, nats-1), no local zones, and
        # no numeric forms Chromium would read as an address (http://2130706433/ is 127.0.0.1).
        if len(labels) < 2 or not _TLD.match(labels[-1]):
            return f"{host} is not a public host name"
        if any(host == name or host.endswith("." + name) for name in _LOCAL_NAMES):
            return f"{host} is a local name"
        return None
    return address_problem(host.strip("[]"))


# --- the render on the bus ----------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunk_size(max_payload: int) -> int:
    return max(4096, max_payload - HEADER_ROOM)


def chunks_of(parts: dict[str, bytes], size: int) -> list[bytes]:
    data = b"".join(parts[name] for name in PART_ORDER if name in parts)
    return [data[i:i + size] for i in range(0, len(data), size)]


def describe(parts: dict[str, bytes]) -> list[SnapshotPart]:
    return [SnapshotPart(name=name, media_type=MEDIA_TYPES[name], size=len(parts[name]), sha256=sha256(parts[name]))
            for name in PART_ORDER if name in parts]


async def ask_render(nc: Any, request: SnapshotRequest, *, timeout: float) -> Render:
    """Ask the worker (over `nc`, the asker's nats-py connection) and gather its chunks and
    manifest. Raises `SnapshotWorkerUnavailable` when no worker answers in `timeout` or
    the answer is incomplete, `SnapshotFailed` when it refused or failed to render."""
    from nats.errors import ConnectionClosedError, NoRespondersError

    inbox = nc.new_inbox()
    sub = await nc.subscribe(inbox, pending_bytes_limit=2 * request.max_bytes + 8 * 1024 * 1024)
    received: dict[int, bytes] = {}
    total = 0
    deadline = time.monotonic() + timeout
    try:
        await nc.publish(subjects.SNAPSHOT_RENDER, request.model_dump_json().encode(), reply=inbox)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SnapshotWorkerUnavailable(f"no complete answer from the snapshot worker in {timeout:.0f} s")
            try:
                msg = await sub.next_msg(timeout=left)
            except TimeoutError as exc:
                raise SnapshotWorkerUnavailable(
                    f"no complete answer from the snapshot worker in {timeout:.0f} s") from exc
            headers = msg.headers or {}
            if headers.get("Status") == "503":
                raise SnapshotWorkerUnavailable("no snapshot worker is running") from NoRespondersError()
            index = headers.get(CHUNK_HEADER)
            if index is not None:
                if headers.get(REQUEST_HEADER) != request.request_id or not index.isdigit():
                    continue  # not this request's (cannot happen on a fresh inbox; never trusted)
                total += len(msg.data)
                if total > request.max_bytes:
                    raise SnapshotFailed(f"the render is larger than {request.max_bytes} bytes", refused=False)
                received[int(index)] = msg.data
                continue
            return _assemble(request, msg.data, received)
    except ConnectionClosedError as exc:
        raise SnapshotWorkerUnavailable("NATS connection closed while waiting for the render") from exc
    finally:
        try:
            await sub.unsubscribe()
        except Exception:  # noqa: BLE001 - a closed connection has no subscription left to end
            pass


def _assemble(request: SnapshotRequest, body: bytes, received: dict[int, bytes]) -> Render:
    try:
        manifest = SnapshotManifest.model_validate_json(body)
    except ValueError as exc:
        # A refusal by the signature check or an unreadable answer: not the page's fault.
        raise SnapshotWorkerUnavailable(f"unreadable answer from the snapshot worker: {body[:200]!r}") from exc
    if not manifest.ok:
        raise SnapshotFailed(manifest.error or "the snapshot worker did not render the page", refused=manifest.refused)
    if manifest.request_id != request.request_id:
        raise SnapshotWorkerUnavailable("the snapshot worker answered another request")
    if sorted(received) != list(range(manifest.chunks)):
        raise SnapshotWorkerUnavailable(f"{manifest.chunks - len(received)} of {manifest.chunks} chunks did not arrive")
    data = b"".join(received[i] for i in range(manifest.chunks))
    parts: dict[str, bytes] = {}
    offset = 0
    for part in manifest.parts:
        parts[part.name] = data[offset:offset + part.size]
        offset += part.size
        if sha256(parts[part.name]) != part.sha256:
            raise SnapshotWorkerUnavailable(f"the {part.name} part does not match its SHA-256")
    if offset != len(data) or set(parts) != set(PART_ORDER):
        raise SnapshotWorkerUnavailable("the render's parts do not add up to what was sent")
    return Render(manifest=manifest, parts=parts)
