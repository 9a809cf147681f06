"""`python -m devtools.bench dashboard [N]`: how the dashboard's own pages hold up with N
audit entries (default 200 000). `python -m devtools.bench dashboard reports [N]`: the
reports over N items (default 1,000,000; devtools/bench/dashboard_reports.py). Starts nats-server
and FerretDB in a temp directory
unless NATS_URL / MONGODB_URL are set; prints figures, asserts nothing.

The other services' pages are as fast as the queries they answer (each benchmarks its
own); the dashboard asks them for one page at a time.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

from shared.contracts.base import utcnow
from devtools.servers import servers_for

from services.dashboard.app.auth import new_user
from services.dashboard.config import DashboardSettings
from services.dashboard.main import create_app
from devtools.bench import dashboard_reports as report_bench
from services.dashboard.domain.staff import AuditEntry
from shared.contracts.commands import Role
from services.dashboard.adapters.store import AUDIT_PAGE, audit_page_id


async def run(n: int, settings: DashboardSettings) -> None:
    _, app = create_app(settings)
    async with app.router.lifespan_context(app):
        store = app.state.dashboard.store
        await store.add_user(new_user(username="bench", name="Bench", municipality="knivsta",
                                      roles=[Role.system_administrator], password="bench-password-1"))
        start, now = time.perf_counter(), utcnow()
        spread = timedelta(days=365) / n  # a year of decisions
        pages: dict[int, list[dict]] = {}
        for i in range(n):  # written the way add_audit writes them, in bulk
            entry = AuditEntry(at=now - spread * (n - 1 - i), municipality="knivsta", user_id="u", name="U",
                               action="moderation.hide", target=f"item{i}", reason="bench", outcome="ok")
            pages.setdefault(i // AUDIT_PAGE, []).append(entry.model_dump(mode="python"))
            if (i + 1) % (AUDIT_PAGE * 50) == 0 or i == n - 1:
                await store.audit_pages.insert_many([{"_id": audit_page_id("knivsta", k), "municipality": "knivsta",
                                                      "number": k, "entries": v} for k, v in pages.items()])
                pages = {}
        await store.audit_counters.insert_one({"_id": "knivsta", "n": n})
        print(f"seeded {n} audit entries in {time.perf_counter() - start:.1f} s")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bench.test") as client:
            page = await client.get("/login")
            csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            await client.post("/login", data={"csrf": csrf, "username": "bench", "password": "bench-password-1"})
            url, timings = "/logg", []
            t0 = time.perf_counter()
            await client.get("/anvandare")
            print(f"users page (ms): {(time.perf_counter() - t0) * 1000:.0f}")
            for _ in range(5):  # the newest page, then four pages further back
                t0 = time.perf_counter()
                response = await client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
                marker = 'href="/logg?sida='
                url = "/logg?sida=" + response.text.split(marker, 1)[1].split('"', 1)[0] if marker in response.text \
                    else url
            print("audit log pages (ms): " + ", ".join(f"{t:.0f}" for t in timings))


def main() -> None:
    # `bench reports [N]`: the reports over N items (devtools/bench/dashboard_reports.py)
    reports = len(sys.argv) > 1 and sys.argv[1] == "reports"
    args = sys.argv[2:] if reports else sys.argv[1:]
    n = int(args[0]) if args else (1_000_000 if reports else 200_000)
    with tempfile.TemporaryDirectory() as tmp, servers_for(Path(tmp)) as (nats_url, mongodb_url):
        settings = DashboardSettings(nats_url=nats_url, mongodb_url=mongodb_url,
                                     db_prefix=f"bench{int(time.time())}")
        asyncio.run(report_bench.run(n, settings) if reports else run(n, settings))

