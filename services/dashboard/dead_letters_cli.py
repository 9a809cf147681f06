"""`python -m services.dashboard dead-letters list|replay`: the system page's dead-letter
list and replay buttons for an operator at the machine. It acts as a named system
administrator (`--by`, a staff account holding that role), signs like the web UI and
goes through the same use case (services/dashboard/dead_letters.py)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.contracts.commands import Role
from shared.mongo import make_mongo_client, service_database
from shared.runtime.service import ServiceRuntime

from .config import DashboardSettings
from .dead_letters import replay_all, replay_one
from .gateway import Gateway
from .store import DashboardStore


def add_parser(sub: Any) -> None:
    p = sub.add_parser("dead-letters", help="list or replay messages that could not be handled")
    p.add_argument("action", choices=["list", "replay"])
    p.add_argument("dead_letter_id", nargs="?", help="the one to replay (see list)")
    p.add_argument("--all", action="store_true", help="replay every one not replayed yet")
    p.add_argument("--by", required=True, help="username of a system administrator (for the audit trail)")


async def run(args: argparse.Namespace) -> int:
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
            listing = await gw.query("notify", "dead_letters", actor.municipality, limit=200)
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
