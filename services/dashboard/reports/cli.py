"""`python -m services.dashboard report --month 2026-11 --municipality knivsta --out FILE`:
the monthly report for the board as PDF/A, from the dashboard's reporting projection
(the whole municipality: the board report covers every account)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shared.contracts.base import utcnow
from shared.mongo import make_mongo_client, service_database

from ..config import DashboardSettings
from .domain import Period
from .pages import monthly_report, scope_for
from .projection import ReportStore


def add_parser(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="the monthly report as PDF/A")
    report.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11")
    report.add_argument("--municipality", required=True, help="policy pack id, e.g. knivsta")
    report.add_argument("--out", required=True, type=Path, help="the PDF file to write")


async def run(args: argparse.Namespace) -> int:
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
