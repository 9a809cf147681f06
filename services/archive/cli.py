"""`python -m services.archive [command]`: with no command, run the archive service.

Commands (staff and operators; the dashboard uses `cmd.archive.*` for the same acts):

    verify [--municipality M]                       recompute the Merkle log, check every signed head
    export-sip --out DIR [--municipality M] [--account ID] [--from DATE] [--to DATE] [--zip]
    register RECORD_ID DIARIENUMMER --registrar NAME [--board B] [--case REF]
    cull --municipality M --by NAME [--dry-run]     a culling run; prints the gallringsprotokoll
    snapshot --municipality M --account ID --url URL
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from shared.runtime.service import serve

from .config import ArchiveSettings
from .main import create_app


def _date(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m services.archive", description="Kanalvakt archive")
    sub = p.add_subparsers(dest="command")
    v = sub.add_parser("verify", help="recompute the log from the stored records")
    v.add_argument("--municipality")
    e = sub.add_parser("export-sip", help="write an E-ARK CSIP/SIP 2.1.0 package (FGS Paketstruktur 2.0)")
    e.add_argument("--out", required=True, type=Path)
    e.add_argument("--municipality", default=None, help="default: the only one in the archive")
    e.add_argument("--account")
    e.add_argument("--from", dest="date_from", type=_date)
    e.add_argument("--to", dest="date_to", type=_date)
    e.add_argument("--zip", action="store_true", help="also write the package as <OBJID>.zip next to the folder")
    r = sub.add_parser("register", help="record a manual registration (diarieföring)")
    r.add_argument("record_id")
    r.add_argument("diarienummer")
    r.add_argument("--registrar", required=True)
    r.add_argument("--board")
    r.add_argument("--case", dest="case_reference")
    c = sub.add_parser("cull", help="a culling run under the pack's retention rules")
    c.add_argument("--municipality", required=True)
    c.add_argument("--by", required=True, help="who performs the run (for the protocol)")
    c.add_argument("--dry-run", action="store_true")
    s = sub.add_parser("snapshot", help="snapshot an account's public page now")
    s.add_argument("--municipality", required=True)
    s.add_argument("--account", required=True)
    s.add_argument("--url", help="page to snapshot; default: SNAPSHOT_PAGES, then the account's address in registry")
    return p


async def run(args: argparse.Namespace, settings: ArchiveSettings) -> int:
    from shared.broker import declare_streams
    from shared.contracts.commands import Refusal

    from .adapters import sip
    from .adapters.store import document
    from .app import export
    from .app.culling import run_culling
    from .app.registration import register_record
    from .app.verify import verify
    from .main import build

    runtime, store, ledger = build(settings)
    try:
        if args.command == "verify":
            report = await verify(runtime.db, municipality=args.municipality)
            print(report.summary())
            return 0 if report.ok else 1
        if args.command == "export-sip":
            municipality = args.municipality
            if municipality is None:
                found = await store.municipalities()
                if len(found) != 1:
                    print(f"--municipality is needed (archive holds: {', '.join(found) or 'none'})", file=sys.stderr)
                    return 2
                municipality = found[0]
            try:
                path = await export.export_sip(store=store, ledger=ledger, out=args.out, municipality=municipality,
                                               account_id=args.account, date_from=args.date_from,
                                               date_to=args.date_to)
            except export.ExportRefused as exc:
                print(exc, file=sys.stderr)
                return 2
            print(sip.zip_package(path) if args.zip else path)
            return 0
        await runtime.broker.connect()
        await declare_streams(runtime.broker, settings)
        if args.command == "register":
            doc = await store.get_any(args.record_id)
            if doc is None:
                print(f"no record {args.record_id}", file=sys.stderr)
                return 1
            event = await register_record(store=store, ledger=ledger, broker=runtime.broker, rid=args.record_id,
                                          diarienummer=args.diarienummer, registrar=args.registrar,
                                          board=args.board, case_reference=args.case_reference, manual=True)
            print(f"registered {event.record_id} as {event.diarienummer}")
        elif args.command == "cull":
            try:
                result = await run_culling(store=store, ledger=ledger, broker=runtime.broker,
                                           municipality=args.municipality, actor={"user_id": "cli", "name": args.by},
                                           dry_run=args.dry_run)
            except Refusal as refused:
                print(refused.message, file=sys.stderr)
                return 1
            print(json.dumps(document(result), default=str, ensure_ascii=False, indent=2))
        elif args.command == "snapshot":
            from shared.clients.registry import RegistryClient

            from .adapters.pages import PageDirectory
            from .adapters.snapshot_requests import SnapshotRequestStore
            from .app import snapshots

            registry = RegistryClient(runtime.broker, timeout=settings.registry_timeout_s)
            url = args.url or await PageDirectory(registry, settings.snapshot_pages).url_for(
                args.municipality, args.account)
            if not url:
                print(f"no page address for {args.account}: give --url or record it in registry", file=sys.stderr)
                return 2
            outcome, detail = await snapshots.request_snapshot(
                store=store, requests=SnapshotRequestStore(runtime.db), ledger=ledger, broker=runtime.broker,
                settings=settings, municipality=args.municipality, account_id=args.account, url=url,
                requested_by={"user_id": "cli", "name": "command line"})
            if outcome == "failed":
                print(f"snapshot failed: {detail}", file=sys.stderr)
                return 1
            if outcome == "waiting":
                print(f"the snapshot worker did not answer ({detail}); the request is kept and the running "
                      "archive service asks again until it does", file=sys.stderr)
                return 3
            print(f"snapshot archived as record {detail}")
        await ledger.sequence_all()
        return 0
    finally:
        await runtime.broker.stop()
        await runtime.mongo.close()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        serve(create_app, service="archive")
        return 0
    return asyncio.run(run(args, ArchiveSettings()))
