"""`python -m services.dashboard`: run the staff web UI.

`python -m services.dashboard report --month 2026-11 --municipality knivsta --out FILE`
writes the monthly report (PDF/A).
`python -m services.dashboard create-admin --username NAME --name "Full Name"` creates
the first administrator (the password is asked for, or read from stdin with
`--password-stdin`). `python -m services.dashboard dead-letters list|replay [ID|--all] --by ADMIN`
lists or replays the messages that could not be handled (as the system page does).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from shared.mongo import make_mongo_client, service_database
from shared.runtime.service import serve

from .auth import password_problem
from . import dead_letters_cli
from .config import DashboardSettings
from .main import create_app
from .reports import cli as report_cli
from .service import create_admin
from .store import DashboardStore


async def _create_admin(args: argparse.Namespace, password: str) -> int:
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


def main(argv: list[str]) -> int:
    if not argv:
        serve(create_app, service="dashboard")
        return 0
    parser = argparse.ArgumentParser(prog="python -m services.dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the staff web UI (the default)")
    admin = sub.add_parser("create-admin", help="create the first system administrator")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", required=True)
    admin.add_argument("--municipality", default=None)
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    report_cli.add_parser(sub)
    dead_letters_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(create_app, service="dashboard")
        return 0
    if args.command == "report":
        return asyncio.run(report_cli.run(args))
    if args.command == "dead-letters":
        return asyncio.run(dead_letters_cli.run(args))
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Lösenord: ")
    if problem := password_problem(password):
        print(problem, file=sys.stderr)
        return 2
    return asyncio.run(_create_admin(args, password))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
