"""Search benchmark: load N synthetic records, print query times.

    python -m devtools.bench archive-search --n 1000000 [--mongodb-url URL] [--keep]

Uses the same indexes and query builder as the service (`RecordStore`). Prints figures;
asserts nothing (timings depend on the machine and on MongoDB vs FerretDB).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient

from services.archive.domain.folding import index_terms
from services.archive.domain.records import sort_key
from shared.contracts.archive import SearchQuery
from services.archive.adapters.store import RecordStore

WORDS = ("snöröjning bygglov förskola äldreboende vatten avlopp parkering busstidtabell simhall bibliotek "
         "öppettider skola lärare gata cykelbana återvinning sophämtning klagomål synpunkt tack fråga "
         "Ängsvägen Storgatan Kyrkbacken Piteå Knivsta Eskilstuna badplats lekplats kommunfullmäktige").split()
START = datetime(2024, 1, 1, tzinfo=UTC)
NAMES = ("Åsa Öberg", "Erik Ström", "Lena Nilsson", "Mohammed Ali", "Karin Ängström", "Per Olsson")


def synthetic(i: int, rng: random.Random, start: datetime) -> dict:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 30)))
    name = rng.choice(NAMES)
    terms, words = index_terms(text, name, None)
    at = start + timedelta(seconds=i * 30)
    return {"_id": f"bench{i:09d}", "municipality": "bench", "source": "social", "platform": "facebook",
            "account_id": f"page-{i % 20}", "item_id": f"i{i}", "thread_id": f"t{i // 10}", "kind": "comment",
            "direction": "inkommen" if i % 4 else "upprattad", "author": {"platform_id": str(i % 5000), "name": name},
            "text": text, "terms": terms, "words": words, "author_terms": index_terms(name)[0],
            "categories": ["profanity"] if i % 97 == 0 else [], "sort_at": at,
            "sort_key": sort_key(at, f"bench{i:09d}"), "published_at": at,
            "archived_at": at, "registration": {"status": "not_required"}, "raw": {}}


async def _plan(db, q: SearchQuery) -> str:
    """The index the server chose (MongoDB's explain); FerretDB v1 answers without one."""
    store = RecordStore(db)
    captured: dict = {}
    real = store.records.find

    def spy(filter_, *args, **kwargs):  # capture the filter the store builds
        captured["filter"] = filter_
        return real(filter_, *args, **kwargs)

    store.records.find = spy  # type: ignore[method-assign]
    await store.search(q)
    try:
        explained = await db.command("explain", {"find": "records", "filter": captured["filter"],
                                                 "sort": {"sort_key": 1}, "limit": 51},
                                     verbosity="queryPlanner")
    except Exception as exc:  # noqa: BLE001 - a benchmark prints what it can
        return f"(no explain: {type(exc).__name__})"
    text = str(explained.get("queryPlanner", {}).get("winningPlan", ""))
    names = sorted(set(__import__("re").findall(r"'indexName': '([^']+)'", text)))
    return "index " + ",".join(names) if names else "(no index reported)"


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--mongodb-url", default="mongodb://127.0.0.1:27017")
    p.add_argument("--db", default="kanalvakt_bench_archive")
    p.add_argument("--keep", action="store_true", help="keep the loaded data (re-run queries only)")
    args = p.parse_args()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(args.mongodb_url, tz_aware=True, retryWrites=False)
    db = client[args.db]
    store = RecordStore(db)
    have = await db["records"].count_documents({"municipality": "bench"})
    if have < args.n:
        await store.ensure_indexes()
        rng = random.Random(1)
        start = START
        t0 = time.perf_counter()
        for chunk in range(have, args.n, 5000):
            await db["records"].insert_many([synthetic(i, rng, start) for i in range(chunk, min(chunk + 5000, args.n))],
                                            ordered=False)
        print(f"loaded {args.n - have} records in {time.perf_counter() - t0:.1f}s")
    print(f"records: {await db['records'].count_documents({'municipality': 'bench'})}")
    queries: dict[str, dict[str, Any]] = {
        "all, first page": {},
        "word prefix 'snör'": {"text": "snör"},
        "two words 'bygglov klagomål'": {"text": "bygglov klagomål"},
        "rare word + account": {"text": "badplats", "account_id": "page-3"},
        "author name 'öberg'": {"author_name": "oberg"},
        "category profanity, newest first": {"category": "profanity", "newest_first": True},
        "a week, direction upprättad": {"date_from": START + timedelta(seconds=args.n * 10),
                                        "date_to": START + timedelta(seconds=args.n * 10, days=7),
                                        "direction": "upprattad"},
        "long word 'kommunfullmäktige'": {"text": "kommunfullmäktige"},
    }
    for label, fields in queries.items():
        q = SearchQuery(municipality="bench", limit=50, **fields)
        t0 = time.perf_counter()
        docs, token = await store.search(q)
        first = time.perf_counter() - t0
        t1 = time.perf_counter()
        if token:
            await store.search(q.model_copy(update={"page_token": token}))
        second = time.perf_counter() - t1
        plan = await _plan(db, q)
        print(f"{label:40s} {len(docs):3d} hits  page 1 {first * 1000:8.1f} ms  page 2 {second * 1000:8.1f} ms  {plan}")
    if not args.keep:
        await client.drop_database(args.db)
    await client.close()

