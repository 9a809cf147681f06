"""Headless Chromium: the page's DOM and a screenshot, each in a fresh profile, and the
screenshot as PDF/A-2B (Chromium's own PDFs are not PDF/A). Moved here from the archive,
which no longer runs a browser."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         # WebRTC may not go around the proxy (a page could reach an address directly over UDP).
         "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"]


class RenderError(RuntimeError):
    pass


@dataclass(frozen=True)
class Rendered:
    html: bytes
    png: bytes
    pdf: bytes


async def _run(chromium: str, profile: Path, *args: str, timeout: float, keep_stderr: bool = False) -> bytes:
    """Chromium's stdout (or, with `keep_stderr`, its stderr, which says what it wrote)."""
    proc = await asyncio.create_subprocess_exec(
        chromium, *FLAGS, f"--user-data-dir={profile}", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError as exc:
        raise RenderError(f"chromium timed out after {timeout}s") from exc
    finally:
        if proc.returncode is None:  # timed out, or the worker is stopping: no browser left behind
            proc.kill()
            await asyncio.shield(proc.wait())
    if proc.returncode != 0:
        raise RenderError(f"chromium exited {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    return err if keep_stderr else out


def network_flags(*, proxy: str | None, pin: tuple[str, str] | None) -> list[str]:
    """Every request through `proxy` (loopback too), or the checked host pinned to the
    address that was checked (a second lookup cannot answer differently)."""
    if proxy:
        return [f"--proxy-server={proxy}", "--proxy-bypass-list=<-loopback>"]
    if pin:
        host, address = pin
        return [f"--host-resolver-rules=MAP {host} {'[' + address + ']' if ':' in address else address}"]
    return []


async def take(url: str, *, chromium: str, timeout: float, network: list[str]) -> Rendered:
    """Render `url` twice (DOM, screenshot), each in a fresh profile (nothing carries between
    runs), both at once: staff wait for the answer, and two browsers take little more
    time than one."""
    if not Path(chromium).exists():
        raise RenderError(f"chromium not found at {chromium}")
    with tempfile.TemporaryDirectory(prefix="kv-snap-") as tmp:
        root = Path(tmp)
        png_path = root / "page.png"
        html, shot_log = await asyncio.gather(
            _run(chromium, root / "p1", *network, "--dump-dom", url, timeout=timeout),
            _run(chromium, root / "p2", *network, f"--screenshot={png_path}", "--window-size=1280,2000", url,
                 timeout=timeout, keep_stderr=True))
        if not png_path.exists():
            raise RenderError(f"chromium wrote no screenshot: {shot_log.decode(errors='replace')[-300:]}")
        png = png_path.read_bytes()
        return Rendered(html=html, png=png, pdf=pdfa(png, url))


def pdfa(png: bytes, url: str) -> bytes:
    """The screenshot as PDF/A-2B, with its source URL and the time it was taken."""
    from shared import pdfa

    pdf = pdfa.document(f"Skärmdump {url}")
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, f"{url} · {datetime.now(UTC).isoformat(timespec='seconds')}", new_x="LMARGIN", new_y="NEXT")
    pdf.image(BytesIO(png), w=pdf.epw)
    return bytes(pdf.output())
