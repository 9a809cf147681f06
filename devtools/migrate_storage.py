"""`python -m devtools.migrate_storage`: move an existing `var/` from FerretDB v1
(the embedded default until 2026-12) to nx-27017, copying every database and checking
document counts.

    python -m devtools.migrate_storage --data-dir var            # FerretDB's files in var/ferretdb
    python -m devtools.migrate_storage --from mongodb://… --to mongodb://…

With `--data-dir`, FerretDB is started read-only on a free loopback port from its files
in `<data-dir>/ferretdb` (its binary from `KANALVAKT_FERRETDB_BIN` or
`deploy/local/build-ferretdb.sh`, which builds it once), and nx-27017 on
`<data-dir>/mongodb`. Stop `make run` first. Indexes are not copied: every service
creates its own at start. The copy is idempotent (documents are inserted by `_id`, a
second run skips what is there), so an interrupted migration is simply run again.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import BulkWriteError

from devtools.servers import ManagedProcess, ServerError, free_port, mongodb_answers, mongodb_server

SYSTEM_DATABASES = {"admin", "config", "local"}
BATCH = 1000


def ferretdb_binary(root: Path) -> Path:
    if explicit := os.environ.get("KANALVAKT_FERRETDB_BIN"):
        return Path(explicit)
    built = subprocess.run([str(root / "deploy/local/build-ferretdb.sh")], check=True, capture_output=True, text=True)
    return Path(built.stdout.strip().splitlines()[-1])


@contextmanager
def ferretdb_on(sqlite_dir: Path, log_dir: Path) -> Iterator[str]:
    port = free_port()
    url = f"mongodb://127.0.0.1:{port}/"
    proc = ManagedProcess(
        name="ferretdb",
        args=[str(ferretdb_binary(Path(__file__).resolve().parents[2])), "--handler=sqlite",
              f"--sqlite-url=file:{sqlite_dir}/", f"--listen-addr=127.0.0.1:{port}", "--telemetry=disable",
              f"--state-dir={sqlite_dir}", "--log-level=warn"],
        ready=lambda: mongodb_answers(url),
        log_path=log_dir / "ferretdb-migration.log",
    )
    proc.start()
    try:
        yield url
    finally:
        proc.stop()


def copy_all(source_url: str, target_url: str) -> list[tuple[str, str, int, int]]:
    """Copy every user database; (database, collection, source count, target count)."""
    source: MongoClient = MongoClient(source_url)
    target: MongoClient = MongoClient(target_url)
    report = []
    try:
        for db_name in sorted(set(source.list_database_names()) - SYSTEM_DATABASES):
            for coll_name in sorted(source[db_name].list_collection_names()):
                src, dst = source[db_name][coll_name], target[db_name][coll_name]
                batch: list[dict] = []
                for doc in src.find({}, sort=[("_id", 1)]):
                    batch.append(doc)
                    if len(batch) >= BATCH:
                        _insert(dst, batch)
                        batch = []
                if batch:
                    _insert(dst, batch)
                report.append((db_name, coll_name, src.count_documents({}), dst.count_documents({})))
    finally:
        source.close()
        target.close()
    return report


def _insert(collection, docs: list[dict]) -> None:
    try:
        collection.insert_many(docs, ordered=False)
    except BulkWriteError as exc:  # already copied by an earlier run: those stand
        if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
            raise


def archive_backfills(target_url: str) -> None:
    """Fields later archive code pages on, for records written before them (every
    `<prefix>_archive` database): services/archive/adapters/migrations.py."""
    from services.archive.adapters.migrations import backfill_sort_keys

    client: MongoClient = MongoClient(target_url, tz_aware=True)
    try:
        for name in sorted(n for n in client.list_database_names() if n.endswith("_archive")):
            print(f"migrate: {name}.records: sort_key written on {backfill_sort_keys(client[name])} records")
    finally:
        client.close()


def backfill_only(target: str | None, data_dir: Path | None) -> int:
    if target:
        archive_backfills(target)
        return 0
    if data_dir is None:
        print("migrate: give --to or --data-dir", file=sys.stderr)
        return 2
    proc, url = mongodb_server(data_dir.resolve())
    proc.start()
    try:
        archive_backfills(url)
    finally:
        proc.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="the var/ directory of the embedded default")
    parser.add_argument("--from", dest="source", help="a running source server instead of <data-dir>/ferretdb")
    parser.add_argument("--to", dest="target", help="a running target server instead of <data-dir>/mongodb")
    parser.add_argument("--archive-sort-keys", action="store_true",
                        help="only backfill the archive records' sort_key on the target (nx-27017 already)")
    args = parser.parse_args(argv)
    if args.archive_sort_keys:
        return backfill_only(args.target, args.data_dir)
    if not args.data_dir and not (args.source and args.target):
        parser.error("give --data-dir, or both --from and --to")
    with ExitStack() as stack:
        source, target = args.source, args.target
        if not source:
            sqlite_dir = args.data_dir / "ferretdb"
            if not sqlite_dir.is_dir():
                print(f"migrate: nothing to migrate: {sqlite_dir} does not exist")
                return 0
            source = stack.enter_context(ferretdb_on(sqlite_dir.resolve(), args.data_dir / "log"))
        if not target:
            proc, target = mongodb_server(args.data_dir.resolve())
            proc.start()
            stack.callback(proc.stop)
        try:
            report = copy_all(source, target)
        except ServerError as exc:
            print(f"migrate: {exc}", file=sys.stderr)
            return 1
        archive_backfills(target)
    width = max((len(f"{d}.{c}") for d, c, _, _ in report), default=10)
    bad = [row for row in report if row[2] != row[3]]
    for db_name, coll, n_source, n_target in report:
        mark = "ok" if n_source == n_target else "DIFFERS"
        print(f"{db_name + '.' + coll:<{width}}  {n_source:>9} → {n_target:>9}  {mark}")
    total = sum(r[2] for r in report)
    print(f"migrate: {len(report)} collections, {total} documents; "
          + ("every count matches" if not bad else f"{len(bad)} collections differ"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
