"""`python -m devtools.bench storage`: the embedded database candidates side by side.

For each server (the embedded nx-27017; FerretDB v1 if `--ferretdb` and its binary can
be built; any `--url`), on DOCS documents shaped like archive records, it prints:
rounds of 200 in which two racing processes *both* won a conditional
find_one_and_update (must be 0), how many of 40 concurrent `$push`es to one document
were kept (must be 40), the median time of an `_id` lookup, of a lookup on an indexed
field, of a lookup on an indexed array field (by `$in`), and of a sort + limit 50 along
an index, and the insert rate while loading.

    python -m devtools.bench storage [--docs 200000] [--ferretdb] [--url mongodb://…]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typing import Any

from pymongo import MongoClient, ReturnDocument
from pymongo.collection import Collection

from devtools.servers import mongodb_server

ROUNDS = 200
PUSHERS = 40
CTX = mp.get_context("spawn")


def _claimer(url: str, start, queue, rounds: int) -> None:
    coll: Collection[dict[str, Any]] = MongoClient(url).bench.jobs
    start.wait()
    queue.put([coll.find_one_and_update({"_id": r, "state": "queued"}, {"$set": {"state": "taken"}},
                                        return_document=ReturnDocument.AFTER) is not None for r in range(rounds)])


def _pusher(url: str, start, n: int) -> None:
    coll: Collection[dict[str, Any]] = MongoClient(url).bench.shared
    start.wait()
    coll.update_one({"_id": "doc"}, {"$push": {"items": n}})


def both_won(url: str) -> int:
    client: MongoClient = MongoClient(url)
    client.bench.jobs.drop()
    client.bench.jobs.insert_many([{"_id": r, "state": "queued"} for r in range(ROUNDS)])
    start, queue = CTX.Event(), CTX.Queue()
    procs = [CTX.Process(target=_claimer, args=(url, start, queue, ROUNDS)) for _ in range(2)]
    for p in procs:
        p.start()
    start.set()
    a, b = queue.get(timeout=600), queue.get(timeout=600)
    for p in procs:
        p.join()
    return sum(1 for x, y in zip(a, b, strict=True) if x and y)


def pushes_kept(url: str) -> int:
    client: MongoClient = MongoClient(url)
    client.bench.shared.drop()
    client.bench.shared.insert_one({"_id": "doc", "items": []})
    start = CTX.Event()
    procs = [CTX.Process(target=_pusher, args=(url, start, n)) for n in range(PUSHERS)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join()
    doc = client.bench.shared.find_one({"_id": "doc"})
    assert doc is not None  # inserted before the pushers started
    return len(doc["items"])


def load(url: str, docs: int) -> float:
    """Records-like documents with the archive's kind of indexes; inserts per second."""
    coll: Collection[dict[str, Any]] = MongoClient(url, tz_aware=True).bench.records
    coll.drop()
    coll.create_index([("municipality", 1), ("account_id", 1), ("sort_at", 1)])
    coll.create_index([("municipality", 1), ("terms", 1), ("sort_at", 1)])
    base = datetime(2016, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    batch = []
    for i in range(docs):
        batch.append({"_id": f"r{i:08d}", "municipality": "knivsta", "account_id": f"acc{i % 50}",
                      "sort_at": base + timedelta(minutes=i), "terms": [f"w{i % 1000}", "kommun"],
                      "text": f"Kommentar {i} om kommunens service"})
        if len(batch) == 1000:
            coll.insert_many(batch, ordered=False)
            batch = []
    if batch:
        coll.insert_many(batch, ordered=False)
    return docs / (time.perf_counter() - began)


def median_ms(run: Callable[[], object], times: int = 7) -> float:
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        run()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def lookups(url: str, docs: int) -> dict[str, float]:
    coll: Collection[dict[str, Any]] = MongoClient(url, tz_aware=True).bench.records
    probe = f"r{docs // 2:08d}"
    return {
        "_id": median_ms(lambda: coll.find_one({"_id": probe})),
        "indexed field": median_ms(lambda: list(coll.find({"municipality": "knivsta", "account_id": "acc7"})
                                            .limit(50))),
        "array $in": median_ms(lambda: list(coll.find({"municipality": "knivsta", "terms": {"$in": ["w77"]}})
                                        .limit(50))),
        "sort+limit 50": median_ms(lambda: list(coll.find({"municipality": "knivsta", "account_id": "acc7"}).sort(
            "sort_at", -1).limit(50))),
    }


@contextmanager
def embedded(kind: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "nx-27017":
            proc, url = mongodb_server(Path(tmp))
            proc.start()
            try:
                yield url
            finally:
                proc.stop()
        else:
            from devtools.migrate_storage import ferretdb_on

            (Path(tmp) / "ferretdb").mkdir()
            with ferretdb_on(Path(tmp) / "ferretdb", Path(tmp)) as url:
                yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--ferretdb", action="store_true", help="also FerretDB v1.24.2 on SQLite (built once)")
    parser.add_argument("--url", action="append", default=[], help="another server to measure")
    args = parser.parse_args(argv)
    targets = [("nx-27017 (embedded)", "nx-27017")] + ([("FerretDB v1 SQLite", "ferretdb")] if args.ferretdb else [])
    targets += [(url, url) for url in args.url]
    print(f"{'server':<24} {'both won':>9} {'pushes kept':>12} {'insert/s':>9} "
          f"{'_id ms':>8} {'field ms':>9} {'array ms':>9} {'sort ms':>9}")
    for label, kind in targets:
        with ExitStack() as stack:
            url = kind if kind.startswith("mongodb://") else stack.enter_context(embedded(kind))
            won, kept, rate = both_won(url), pushes_kept(url), load(url, args.docs)
            t = lookups(url, args.docs)
            print(f"{label:<24} {won:>9} {kept:>9}/{PUSHERS} {rate:>9.0f} {t['_id']:>8.1f} "
                  f"{t['indexed field']:>9.1f} {t['array $in']:>9.1f} {t['sort+limit 50']:>9.1f}", flush=True)
            MongoClient(url).drop_database("bench")
    print(f"({args.docs} documents; both won: of {ROUNDS} rounds of two racing processes; medians of 7)")
    return 0

