"""`python -m services.dashboard`: run the staff web UI (the default, or `serve`); the
operator's commands are cli.py's (`create-admin`, `report`, `dead-letters`)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from shared.runtime.service import serve

from . import cli
from .main import create_app


def main(argv: list[str]) -> int:
    if not argv:
        serve(create_app, service="dashboard")
        return 0
    parser = argparse.ArgumentParser(prog="python -m services.dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the staff web UI (the default)")
    cli.add_parsers(sub)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(create_app, service="dashboard")
        return 0
    if args.command == "report":
        return asyncio.run(cli.run_report(args))
    if args.command == "dead-letters":
        return asyncio.run(cli.run_dead_letters(args))
    return asyncio.run(cli.run_create_admin(args, cli.read_password(args)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
