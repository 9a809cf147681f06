"""`make run`'s supervisor as a user runs it: it starts everything, prints the URLs,
keeps what was accepted across a Ctrl-C and a fresh start, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from devtools.servers import free_port, tcp_open
from devtools.supervisor import System
from tests.support.webhooks import json_body, meta_body, meta_comment, meta_signature, signed_headers, web_comment

SECRET = "supervisor-secret"


def _port_base() -> int:
    # 12 consecutive free ports: probe a random base until all are free.
    for _ in range(50):
        base = free_port()
        if base + 12 < 65000 and all(_free(base + i) for i in range(12)):
            return base
    raise RuntimeError("no block of free ports")


def _free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _start(data_dir: Path, base: int) -> tuple[subprocess.Popen[str], list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("NATS_URL", "MONGODB_URL")}
    env.update({"KANALVAKT_META_APP_SECRET": SECRET, "PYTHONUNBUFFERED": "1"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "devtools.supervisor", "--data-dir", str(data_dir), "--port-base", str(base)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:  # bounded by the supervisor's own start timeouts
        lines.append(line)
        if "Stop with Ctrl-C" in line or "could not start" in line:
            break
    return proc, lines


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=120)
    return out


def _records(data_dir: Path, base: int, item_id: str) -> list[dict]:
    import asyncio

    from tests.support.system import ask as signed_ask

    # The supervisor's own nats-server: the dashboard's user and key from its secrets file.
    system = System(data_dir=data_dir.resolve(), nats_url=f"nats://127.0.0.1:{base + 10}")

    async def ask() -> list[dict]:
        return await signed_ask(system, "q.archive.records", {"municipality": "knivsta", "item_id": item_id},
                                url=system.nats_url_as("dashboard"))

    for _ in range(100):
        found = asyncio.run(ask())
        if found:
            return found
        time.sleep(0.2)
    return asyncio.run(ask())


@pytest.mark.timeout(600)
def test_run_prints_urls_keeps_data_across_restart_and_stops_cleanly(tmp_path: Path) -> None:
    base = _port_base()
    proc, banner = _start(tmp_path / "var", base)
    text = "".join(banner)
    try:
        assert "Kanalvakt is running" in text, text
        assert "Exercise mode" in text  # demo data never posts to real accounts
        assert "Demo comments: 8" in text, text  # sent through ingest's signed webhook
        services = sorted(["archive", "dashboard", "ingest", "moderation", "notify", "registry"])
        dashboard_port = services.index("dashboard") + base
        ingest_port = services.index("ingest") + base
        assert f"http://127.0.0.1:{dashboard_port}/" in text
        assert httpx.get(f"http://127.0.0.1:{dashboard_port}/healthz").status_code == 200

        body = meta_body(meta_comment(page_id="100200300400", comment_id="sup_c1",
                                      text="Hej! När öppnar återvinningen?"))
        response = httpx.post(f"http://127.0.0.1:{ingest_port}/webhooks/knivsta/meta", content=body,
                              headers={"Content-Type": "application/json",
                                       "X-Hub-Signature-256": meta_signature(SECRET, body)})
        assert response.status_code == 200, response.text
        # The web form's webhook, signed as README says with the secrets file's value (the
        # exercise platform simulator once put its own in the services' environment).
        secrets = dict(line.split("=", 1) for line in (tmp_path / "var" / "secrets.env").read_text().splitlines()
                       if "=" in line and not line.startswith("#"))
        web = json_body(web_comment(site="www.knivsta.se", item_id="sup_w1", text="Tack för en fin park!"))
        response = httpx.post(f"http://127.0.0.1:{ingest_port}/webhooks/knivsta/web", content=web,
                              headers=signed_headers("web", secrets["KANALVAKT_WEB_SECRET"], web))
        assert response.status_code == 200, response.text
    finally:
        out = _stop(proc)
    assert proc.returncode == 0, out
    assert "Kanalvakt: stopped." in out
    # Every child is gone: nothing answers on the ports any more.
    assert not any(tcp_open("127.0.0.1", base + i) for i in (0, 1, 2, 3, 4, 5, 10, 11))

    # A fresh start on the same data finds the accepted comment archived, once.
    proc, banner = _start(tmp_path / "var", base)
    try:
        assert "Kanalvakt is running" in "".join(banner), "".join(banner)
        records = _records(tmp_path / "var", base, "sup_c1")
        assert len(records) == 1
        assert records[0]["text"] == "Hej! När öppnar återvinningen?"
        # The demo delivery was sent again on this start: recognised, still archived once.
        demo = _records(tmp_path / "var", base, "demo_c5")
        assert len(demo) == 1 and demo[0]["direction"] == "inkommen"
    finally:
        _stop(proc)
    assert proc.returncode == 0
