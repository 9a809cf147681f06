"""`python -m services.dashboard <command>` for an operator at the machine.

- `create-admin --username NAME --name "Full Name"`: the first administrator (the
  password is asked for, or read from stdin with `--password-stdin`).
- `report --month 2026-11 --municipality knivsta --out FILE`: the monthly report for
  the board as PDF/A, from the reports' projection (the whole municipality: the board
  report covers every account).
- `dead-letters list|replay [ID|--all] --by ADMIN`: the system page's dead-letter list
  and replay buttons. It acts as a named system administrator (`--by`, a staff account
  holding that role), signs like the web UI and goes through the same use case
  (app/dead_letters.py).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from shared.contracts.base import utcnow
from shared.contracts.commands import Role
from shared.mongo import make_mongo_client, service_database
from shared.runtime.service import ServiceRuntime

from .adapters.gateway import Gateway
from .adapters.report_store import ReportStore
from .adapters.store import DashboardStore
from .app.auth import password_problem
from .app.dead_letters import replay_all, replay_one
from .app.reports.builders import monthly_report, scope_for
from .app.staff import create_admin
from .config import DashboardSettings
from .domain.reports import Period


def add_parsers(sub: Any) -> None:
    admin = sub.add_parser("create-admin", help="create the first system administrator")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", required=True)
    admin.add_argument("--municipality", default=None)
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    report = sub.add_parser("report", help="the monthly report as PDF/A")
    report.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
    report.add_argument("--municipality", required=True, help="policy pack id, e.g. knivsta")
    report.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    p = sub.add_parser("dead-letters", help="list or replay messages that could not be handled")
    p.add_argument("action", choices=["list", "replay"])
    p.add_argument("dead_letter_id", nargs="?", help="the one to replay (see list)")
    p.add_argument("--all", action="store_true", help="replay every one not replayed yet")
    p.add_argument("--by", required=True, help="username of a system administrator (for the audit trail)")


# --- create-admin -----------------------------------------------------------------------

def read_password(args: argparse.Namespace) -> str:
    return sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Lösenord: ")


async def run_create_admin(args: argparse.Namespace, password: str) -> int:
    if problem := password_problem(password):
        print(problem, file=sys.stderr)
        return 2
    settings = DashboardSettings()
    client = make_mongo_client(settings)
    try:
        store = DashboardStore(service_database(client, settings, "dashboard"))
        await store.ensure_indexes()
        user = await create_admin(store=store, username=args.username, name=args.name,
                                  municipality=args.municipality or settings.municipality, password=password)
    finally:
        await client.close()
    if user is None:
        print(f"Det finns redan ett konto med användarnamnet {args.username}.", file=sys.stderr)
        return 1
    print(f"Administratören {user.username} ({user.municipality}) är skapad.")
    return 0


# --- report -------------------------------------------------------------------------------

async def run_report(args: argparse.Namespace) -> int:
    try:
        period = Period.month(args.month)
    except ValueError:
        print(f"Ogiltig månad {args.month!r}: ange ÅÅÅÅ-MM, t.ex. 2026-11.", file=sys.stderr)
        return 2
    settings = DashboardSettings()
    client = make_mongo_client(settings)
    try:
        store = ReportStore(service_database(client, settings, "dashboard"))
        scope, _ = await scope_for(store, municipality=args.municipality, units=[])
        data = await monthly_report(store, scope, period, generated_at=utcnow())
    finally:
        await client.close()
    args.out.write_bytes(data)
    print(f"Månadsrapporten för {period.label} ({args.municipality}) är skriven till {args.out} ({len(data)} byte).")
    return 0


# --- dead-letters -----------------------------------------------------------------------

async def run_dead_letters(args: argparse.Namespace) -> int:
    if args.action == "replay" and not (args.all or args.dead_letter_id):
        print("Ange ett id (se `list`) eller --all.", file=sys.stderr)
        return 2
    settings = DashboardSettings()
    client = make_mongo_client(settings)
    try:
        user = await DashboardStore(service_database(client, settings, "dashboard")).user_by_name(args.by)
    finally:
        await client.close()
    if user is None or Role.system_administrator not in user.roles:
        print(f"{args.by} är ingen systemadministratör.", file=sys.stderr)
        return 2
    runtime = ServiceRuntime("dashboard", settings)
    await runtime.broker.connect()
    try:
        gw = Gateway(runtime.broker, timeout=settings.request_timeout, signer=settings.request_signer())
        actor = user.actor()
        if args.action == "list":
            listing = await gw.typed("notify", "dead_letters", gw.notify.dead_letters(actor.municipality, limit=200))
            if listing.error:
                print(listing.error, file=sys.stderr)
                return 1
            for d in listing.items:
                state = f"omkörd {d['replayed_at']}" if d.get("replayed_at") else "ej omkörd"
                print(f"{d['id']}\t{d.get('at')}\t{d.get('service')}\t{d.get('subject')}\t"
                      f"{d.get('concerns') or {}}\t{state}\t{d.get('error')}")
            return 0
        if args.all:
            outcome = await replay_all(gw=gw, actor=actor)
            print(f"{outcome.replayed} meddelanden skickades igen.")
            for failure in outcome.failed:
                print(f"Misslyckades: {failure}", file=sys.stderr)
            return 1 if outcome.failed else 0
        result = await replay_one(gw=gw, actor=actor, dead_letter_id=args.dead_letter_id)
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
        return 0 if result.ok else 1
    finally:
        await runtime.broker.stop()
        await runtime.mongo.close()
