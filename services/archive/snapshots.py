"""Page snapshots (Piteå: every six months and before large changes; SKR guidance):
HTML, PNG and PDF of an account's public page through headless Chromium, kept as a record."""

from __future__ import annotations

import asyncio
import base64
import tempfile
from dataclasses import dataclass
from pathlib import Path

from shared.logging import get_logger

log = get_logger(__name__)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


class SnapshotError(RuntimeError):
    pass


@dataclass(frozen=True)
class Snapshot:
    html: str
    png: bytes
    pdf: bytes


async def _run(chromium: str, profile: Path, *args: str, timeout: float) -> bytes:
    proc = await asyncio.create_subprocess_exec(
        chromium, *FLAGS, f"--user-data-dir={profile}", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError as exc:
        proc.kill()
        await proc.wait()
        raise SnapshotError(f"chromium timed out after {timeout}s") from exc
    if proc.returncode != 0:
        raise SnapshotError(f"chromium exited {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    return out


async def take(url: str, *, chromium: str = "/usr/bin/chromium", timeout: float = 60.0) -> Snapshot:
    """Render `url` three ways, each in a fresh profile (nothing carries between runs)."""
    if not Path(chromium).exists():
        raise SnapshotError(f"chromium not found at {chromium}")
    with tempfile.TemporaryDirectory(prefix="kv-snap-") as tmp:
        root = Path(tmp)
        html = await _run(chromium, root / "p1", "--dump-dom", url, timeout=timeout)
        png_path = root / "page.png"
        await _run(chromium, root / "p2", f"--screenshot={png_path}", "--window-size=1280,2000", url,
                   timeout=timeout)
        if not png_path.exists():
            raise SnapshotError("chromium wrote no screenshot")
        png = png_path.read_bytes()
        return Snapshot(html=html.decode(errors="replace"), png=png, pdf=pdfa(png, url))


def pdfa(png: bytes, url: str) -> bytes:
    """The screenshot as PDF/A-2B (Chromium's own PDFs are not PDF/A), with its source URL."""
    from datetime import UTC, datetime
    from io import BytesIO

    from shared import pdfa

    pdf = pdfa.document(f"Skärmdump {url}")
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, f"{url} · {datetime.now(UTC).isoformat(timespec='seconds')}", new_x="LMARGIN", new_y="NEXT")
    pdf.image(BytesIO(png), w=pdf.epw)
    return bytes(pdf.output())


def as_media(snapshot: Snapshot) -> list[dict[str, str]]:
    """The PNG and PDF as data URLs on the record's media (the record holds them itself)."""
    return [
        {"url": "data:image/png;base64," + base64.b64encode(snapshot.png).decode(), "kind": "screenshot",
         "alt_text": "Skärmdump av kontots sida"},
        {"url": "data:application/pdf;base64," + base64.b64encode(snapshot.pdf).decode(), "kind": "pdf",
         "alt_text": "Sidan som PDF"},
    ]
