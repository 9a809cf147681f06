"""`python -m devtools.bench archive-sip --n 10000 [--validate LIB]`: write a SIP of N records
(threads of 20) with the streaming writer; print time, peak traced Python memory and size.

With `--validate`, the package is zipped and judged by commons-ip 2.10.0 (LIB: its jar
folder, e.g. ~/.cache/kanalvakt/commons-ip-2.10.0/lib) and the verdict printed too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shared.policy.sections.archive import PackageProfile

from services.archive.adapters import sip
from services.archive.adapters.store import Record
from services.archive.app import export
from services.archive.domain.records import sort_key


def _record(i: int, at: datetime) -> dict:
    thread = f"post-{i // 20}"
    return {"_id": f"r{i:07d}", "municipality": "bench", "source": "social", "platform": "facebook",
            "account_id": "page-1", "thread_id": thread, "parent_id": None if i % 20 == 0 else thread,
            "kind": "post" if i % 20 == 0 else "comment", "direction": "inkommen",
            "text": "Hej kommunen! När öppnar simhallen igen efter renoveringen? " * 3,
            "author": {"platform_id": str(i % 500), "name": f"Invånare {i % 500}"},
            "published_at": at, "sort_at": at, "sort_key": sort_key(at, f"r{i:07d}"), "version": 1, "categories": [],
            "tags": []}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--validate", type=Path, help="commons-ip lib folder: also validate the package")
    args = p.parse_args()
    profile = PackageProfile(organisation_number="212000-0000", submission_agreement="BENCH")
    start_at = datetime(2026, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        facts = export.package_facts(export.delivery(profile, demo_allowed=False), municipality="bench",
                                     municipality_name="Benchmark kommun", label="benchmark", created=start_at)
        tracemalloc.start()
        began = time.perf_counter()
        writer = sip.SipWriter(Path(tmp), facts)
        for i in range(args.n):
            writer.add(Record.model_validate(_record(i, start_at + timedelta(seconds=i))), [], [])
        root = writer.finish(log_head=None)
        seconds = time.perf_counter() - began
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        files = [f for f in root.rglob("*") if f.is_file()]
        size = sum(f.stat().st_size for f in files)
        print(f"records {args.n}: {seconds:.1f} s ({args.n / seconds:.0f} records/s), peak traced memory "
              f"{peak / 1e6:.1f} MB, {len(files)} files, {size / 1e6:.1f} MB")
        if args.validate:
            archive = sip.zip_package(root)
            reports = Path(tmp) / "reports"
            reports.mkdir()
            began = time.perf_counter()
            subprocess.run(["java", "-cp", f"{args.validate}/*", "org.roda_project.commons_ip2.cli.Main", "validate",
                            "-i", str(archive), "--specification-version", "2.1.0", "-o", str(reports)],
                           capture_output=True, check=False, cwd=tmp)
            summary = json.loads(next(reports.glob("*.json")).read_text())["summary"]
            print(f"commons-ip 2.10.0: {summary['result']}, {summary['errors']} errors, {summary['warnings']} "
                  f"warnings ({time.perf_counter() - began:.1f} s)")

