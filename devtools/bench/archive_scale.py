"""Ten years of records (issue 13): load N synthetic records through the archive's own
store and ledger, then print p50/p95 of every read the issue names.

    python -m devtools.bench archive-scale [--n 1000000] [--audit 100000] [--reps 20]
        [--mongodb-url URL] [--data-dir /tmp/kanalvakt-scale] [--prefix benchscale]
        [--only load|reads|verify|sip]... [--drop]

With no `--mongodb-url` (nor `MONGODB_URL`) it starts the embedded nx-27017 itself, the
way the supervisor does (devtools/servers.mongodb_server), on `--data-dir`, and
stops it at the end; the data stay there, so a second run reuses them (loading resumes
where it stopped: every write is keyed and idempotent). `--drop` starts afresh.

Records are built by the archive's own builders (records.new_record, records.
version_content, leaf_entry) from PlatformEvents, written with insert_many in chunks
(records, versions, log queue), and each chunk's leaves are appended by Ledger.sequence,
so `verify` and the inclusion proofs run on a real log. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import BulkWriteError

from shared.contracts import PlatformEvent
from shared.contracts.base import utcnow

from services.archive.app import proofs
from services.archive.domain import merkle
from services.archive.domain.records import (
    canonical_json, content_digest, leaf_entry, leaf_key, record_id, version_content,
)
from services.archive.adapters.ledger import Ledger
from shared.contracts.archive import RecordDetail, SearchQuery
from services.archive.app.records import item_meta, new_record
from services.archive.adapters.signing import key_from_settings
from services.archive.adapters.store import RecordStore, record_document

MUNICIPALITY = "knivsta"
START = datetime(2016, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=3653)  # ten years
ACCOUNTS = 20
EDITED_EVERY = 50  # every 50th item was edited once: a second version and leaf
CHUNK = 2000
BUDGET_S = 45  # longest one kind of read is repeated (at least twice)

# Words of comments to a municipality, most common first (drawn Zipf-like: a few are in
# many records, most in few, as in real text).
WORDS = """och att det som en på är av för inte med jag till den har de om ett men så vi kan
man när ska kommunen hej tack fråga varför hur nu bara också skulle finns vill där mycket
snöröjning bygglov förskola äldreboende vatten avlopp parkering busstidtabell simhall
bibliotek öppettider skola lärare gata cykelbana återvinning sophämtning klagomål
synpunkt badplats lekplats kommunfullmäktige socialtjänsten hemtjänst detaljplan
gatubelysning trafiksäkerhet övergångsställe vägarbete fartgupp grönområde idrottshall
fritidsgård ungdomar pensionärer kollektivtrafik pendeltåg järnvägsstation skolskjuts
matsedel skollunch vårdnadshavare förskoleplats barnomsorg ansökan handläggningstid
beslut överklaga nämnden politikerna skattepengar budget renovering ombyggnad
nybyggnation bostäder hyresrätter tomt markanvisning strandskydd naturreservat
vandringsled elljusspår skidspår isbana konstgräs fotbollsplan ishall badhus
gym tennisbana hundrastgård papperskorg nedskräpning klotter skadegörelse belysning
halka sandning plogning snövall trottoar cykelställ laddstolpe elbil busshållplats
Ängsvägen Storgatan Kyrkbacken Centralvägen Stationsgatan Alsike Vassunda Lagga
Knivsta Uppsala Stockholm måndag tisdag onsdag torsdag fredag lördag söndag
januari februari mars april maj juni juli augusti september oktober november december
bra dåligt fantastiskt äntligen tyvärr snälla omgående snarast problem lösning
information hemsidan telefon mejl e-tjänst kundcenter växeln medborgarkontoret""".split()
NAMES = ("Åsa Öberg", "Erik Ström", "Lena Nilsson", "Mohammed Ali", "Karin Ängström", "Per Olsson",
         "Fatima Hassan", "Björn Lindqvist", "Maja Sjöberg", "Jonas Håkansson", "Ida Ekström", "Ali Yilmaz")
CATEGORIES = ("profanity", "threat", "personal_data", "advertising", "off_topic")


def _weights() -> list[float]:
    return [1 / (rank + 1) for rank in range(len(WORDS))]


def item_event(i: int, rng: random.Random, weights: list[float]) -> PlatformEvent:
    """The i-th synthetic item as ingest would have delivered it."""
    at = START + SPAN * (i / 1_000_000)
    text = " ".join(rng.choices(WORDS, weights, k=rng.randint(4, 24)))
    upprattad = i % 10 == 0
    return PlatformEvent(
        event_id=f"bench-ev-{i}", correlation_id=f"bench-ev-{i}", occurred_at=at, municipality=MUNICIPALITY,
        platform="facebook", account_id=f"page-{i % ACCOUNTS}", kind="post" if i % 25 == 0 else "comment",
        item_id=f"bench-item-{i}", parent_id=None if i % 25 == 0 else f"bench-item-{i - i % 25}",
        thread_id=f"bench-item-{i - i % 25}",
        author={"platform_id": "page" if upprattad else f"user-{rng.randrange(40_000)}",
                "name": "Knivsta kommun" if upprattad else rng.choice(NAMES)},
        text=text, published_at=at, received_at=at + timedelta(seconds=2),
        direction="upprattad" if upprattad else "inkommen", raw={"id": f"bench-item-{i}", "message": text},
        delivery_id=f"bench-delivery-{i}")


def _queued(rid: str, version: int, digest: str, now: datetime) -> dict[str, Any]:
    """The log-queue entry Ledger.enqueue writes for a version (same fields, same hashes)."""
    seq = f"v{version}"
    data = canonical_json(leaf_entry(municipality=MUNICIPALITY, record_id=rid, seq=seq, kind="version",
                                     digest=digest, at=now))
    return {"_id": leaf_key(rid, seq), "municipality": MUNICIPALITY, "record_id": rid, "leaf": data.decode(),
            "leaf_hash": merkle.leaf_hash(data).hex(), "queued_at": now}


def build_chunk(first: int, last: int) -> tuple[list[dict], list[dict], list[dict]]:
    """(records, versions, log-queue entries) of items first..last-1, as archive_item writes
    them (records.item_meta, records.new_record, the version document of records.log_version);
    every EDITED_EVERY-th item also has its edit applied (version 2, as _new_version does)."""
    rng, weights = random.Random(first), _weights()
    records, versions, queue = [], [], []
    for i in range(first, last):
        event = item_event(i, rng, weights)
        now = event.received_at + timedelta(seconds=1)
        rid = record_id(event)
        content = version_content(event)
        doc = record_document(new_record(rid, municipality=MUNICIPALITY, source="social", content=content,
                                         meta=item_meta(event), now=now))
        if i % 97 == 0:  # what attach_tags leaves on a tagged record
            doc["categories"] = [CATEGORIES[(i // 97) % len(CATEGORIES)]]
            doc["severity"] = "high"
        contents = [content]
        if i % EDITED_EVERY == 1:
            edited = event.model_copy(update={"event_id": f"bench-ev-{i}-edit", "text": event.text + " (redigerad)"})
            contents.append(version_content(edited))
            doc.update(text=edited.text, version=2, content_sha256=content_digest(contents[1]), edited_at=now)
            doc["item_event_ids"].append(edited.event_id)
            doc["version_events"].append({"event_id": edited.event_id, "version": 2})
            from services.archive.domain.folding import index_terms

            doc["terms"], doc["words"] = index_terms(edited.text, event.author.name, event.account_id)
        records.append(doc)
        for number, c in enumerate(contents, start=1):
            digest = content_digest(c)
            versions.append({"_id": f"{rid}:v{number}", "record_id": rid, "municipality": MUNICIPALITY,
                             "version": number, "content": c, "content_sha256": digest, "archived_at": now})
            queue.append(_queued(rid, number, digest, now))
    return records, versions, queue


async def _count(collection: Any, query: dict) -> int:
    """The `count` command (count_documents is an aggregation nx-27017 runs in Python)."""
    return int((await collection.database.command("count", collection.name, query=query))["n"])


async def _insert(collection: Any, docs: list[dict]) -> None:
    """insert_many, unordered; a document already there (a resumed load) is skipped."""
    try:
        await collection.insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
            raise


async def load_records(store: RecordStore, ledger: Ledger, n: int, *, minutes: float | None = None) -> None:
    """Load items up to n; after `minutes`, stop at the end of a chunk (a later run resumes).
    The store's search indexes are built once at the end (what ensure_indexes does at the
    service's start): one index build is cheaper than keeping 13 indexes per insert."""
    have = await _count(store.records, {"municipality": {"$eq": MUNICIPALITY}})
    start = (have // CHUNK) * CHUNK
    if start >= n:
        print(f"records: {have} already loaded")
        await store.ensure_indexes()
        return
    await ledger.ensure_indexes()
    began = time.perf_counter()
    deadline = None if minutes is None else began + minutes * 60
    pending = asyncio.create_task(asyncio.to_thread(build_chunk, start, min(start + CHUNK, n)))
    done = start
    for first in range(start, n, CHUNK):
        if deadline is not None and time.perf_counter() > deadline:
            print(f"  stopped after {minutes} min at {done} records: run again to resume", flush=True)
            break
        records, versions, queue = await pending
        if first + CHUNK < n:  # build the next chunk while this one is written
            pending = asyncio.create_task(asyncio.to_thread(build_chunk, first + CHUNK, min(first + 2 * CHUNK, n)))
        await _insert(store.records, records)
        await _insert(store.versions, versions)
        await _insert(ledger.queue, queue)
        await ledger.sequence(MUNICIPALITY, batch=CHUNK)
        done = first + len(records)
        if (done // CHUNK) % 10 == 0 or done == n:
            rate = (done - start) / (time.perf_counter() - began)
            print(f"  {done} records ({rate:.0f}/s, {(n - done) / rate / 60:.1f} min to go)", flush=True)
    print(f"loaded {done - start} records in {time.perf_counter() - began:.0f} s", flush=True)
    t0 = time.perf_counter()
    await store.ensure_indexes()
    print(f"store indexes built in {time.perf_counter() - t0:.0f} s", flush=True)


async def load_audit(db: Any, n: int) -> None:
    """n audit entries in the dashboard's audit log, in the numbered pages add_audit keeps
    (services/dashboard/adapters/store.py), written in bulk as devtools/bench/dashboard.py does."""
    from services.dashboard.domain.staff import AuditEntry
    from services.dashboard.adapters.store import AUDIT_PAGE, DashboardStore, audit_page_id

    store = DashboardStore(db)
    counter = await store.audit_counters.find_one({"_id": MUNICIPALITY})
    if counter and int(counter["n"]) >= n:
        print(f"audit entries: {counter['n']} already loaded")
        return
    began, now = time.perf_counter(), utcnow()
    spread = SPAN / n
    actions = ("moderation.hide", "moderation.keep", "archive.search", "login", "archive.record", "notify.ack")
    pages: list[dict] = []
    for k in range((n + AUDIT_PAGE - 1) // AUDIT_PAGE):
        entries = [AuditEntry(at=now - spread * (n - 1 - i), municipality=MUNICIPALITY, user_id=f"u{i % 30}",
                              name=NAMES[i % len(NAMES)], roles=["archivist"], action=actions[i % len(actions)],
                              target=f"bench-item-{i}", reason="bench", outcome="ok").model_dump(mode="python")
                   for i in range(k * AUDIT_PAGE, min((k + 1) * AUDIT_PAGE, n))]
        pages.append({"_id": audit_page_id(MUNICIPALITY, k), "municipality": MUNICIPALITY, "number": k,
                      "entries": entries})
        if len(pages) == 50:
            await _insert(store.audit_pages, pages)
            pages = []
    if pages:
        await _insert(store.audit_pages, pages)
    await store.audit_counters.replace_one({"_id": MUNICIPALITY}, {"_id": MUNICIPALITY, "n": n}, upsert=True)
    print(f"loaded {n} audit entries in {time.perf_counter() - began:.0f} s")


async def load_service_lists(client: Any, args: argparse.Namespace) -> None:
    """What the dashboard's other list pages read at that scale: moderation's verdicts
    (one per inbound item, `--verdicts`, 3 % still open in the queue) and notify's alerts
    (`--alerts`, 10 % open), in the shapes services/moderation/app/tagging.py and
    services/notify/adapters/store.AlertStore.insert write (their pydantic contracts dumped)."""
    from services.moderation.domain.verdict import SEVERITY_RANK
    from services.moderation.adapters.store import ModerationStore
    from services.notify.adapters.store import AlertStore
    from shared.contracts.moderation import ItemTagged, Severity
    from shared.contracts.notify import AlertRaised

    moderation = ModerationStore(client[f"{args.prefix}_moderation"])
    alerts = AlertStore(client[f"{args.prefix}_notify"])
    await moderation.ensure_indexes()
    await alerts.ensure_indexes()
    began = time.perf_counter()
    have = await moderation.verdicts.estimated_document_count()
    rng, weights = random.Random(7), _weights()
    severities = list(Severity)
    for first in range((have // CHUNK) * CHUNK, args.verdicts, CHUNK):
        docs = []
        for i in range(first, min(first + CHUNK, args.verdicts)):
            event = item_event(i * 10 + 1, rng, weights)  # inbound items
            severity = severities[i % len(severities)]
            category = CATEGORIES[i % len(CATEGORIES)] if severity != Severity.none else None
            tagged = ItemTagged(event_id=f"bench-tag-{i}", municipality=MUNICIPALITY, item_event_id=event.event_id,
                                platform=event.platform, account_id=event.account_id, item_id=event.item_id,
                                policy="knivsta", severity=severity, recommended_action="review",
                                categories=[category] if category else [], author_id=event.author.platform_id,
                                thread_id=event.thread_id, received_at=event.received_at)
            docs.append(tagged.model_dump(mode="python") | {
                "_id": event.event_id, "text": event.text, "kind": str(event.kind),
                "direction": str(event.direction), "author": event.author.model_dump(mode="json"),
                "parent_id": event.parent_id, "links": [], "published_at": event.published_at,
                "received_at": event.received_at, "tier": "standard", "unit": None, "signals": [], "spans": [],
                "status": "open" if i % 33 == 0 else "decided", "severity_rank": SEVERITY_RANK[severity],
                "due_at": event.received_at + timedelta(hours=24), "holiday_mode": False,
                "political_question": False, "decisions": []})
        await _insert(moderation.verdicts, docs)
    have = await alerts.alerts.estimated_document_count()
    for first in range((have // CHUNK) * CHUNK, args.alerts, CHUNK):
        docs = []
        for i in range(first, min(first + CHUNK, args.alerts)):
            at = START + SPAN * (i / max(args.alerts, 1))
            alert = AlertRaised(alert_id=f"bench-alert-{i}", occurred_at=at, municipality=MUNICIPALITY,
                                rule="severe_content", severity=severities[2 + i % 3], title="Allvarligt innehåll",
                                body="Ett hot mot en tjänsteperson.", account_id=f"page-{i % ACCOUNTS}",
                                item_event_id=f"bench-ev-{i * 10 + 1}", platform="facebook")
            docs.append(alert.model_dump(mode="python", exclude={"alert_id"}) | {
                "_id": alert.alert_id, "state": "open" if i % 10 == 0 else "acknowledged",
                "raised_at": at, "last_seen_at": at, "escalation_level": 0})
        await _insert(alerts.alerts, docs)
    print(f"moderation verdicts {args.verdicts}, notify alerts {args.alerts} "
          f"(loaded in {time.perf_counter() - began:.0f} s)", flush=True)


def _ms(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) in ms, nearest rank."""
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, -(-95 * len(ordered) // 100) - 1)] * 1000


async def _timed(label: str, calls: list[Callable[[], Awaitable[Any]]], target_ms: float,
                 results: list[tuple[str, float, float, float, int]]) -> None:
    samples, sizes = [], []
    began = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        got = await call()
        samples.append(time.perf_counter() - t0)
        sizes.append(len(got[0]) if isinstance(got, tuple) else len(got) if isinstance(got, list) else 1)
        if time.perf_counter() - began > BUDGET_S and len(samples) >= 2:
            break  # far over its target: the figure is clear, the rest of the run matters more
    p50, p95 = _ms(samples)
    mark = "ok" if p95 < target_ms else "MISS"
    cut = f" (stopped after {len(samples)} of {len(calls)}: {BUDGET_S} s spent)" if len(samples) < len(calls) else ""
    print(f"{label:48s} n={len(samples):3d}  p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  (target p95 < {target_ms:.0f}) "
          f"{mark}  rows/call {min(sizes)}-{max(sizes)}{cut}", flush=True)
    results.append((label, p50, p95, target_ms, len(samples)))


def _token_at(i: int) -> str:
    """A keyset page token positioned at item i (the page after it)."""
    event = item_event(i, random.Random(0), [1.0] * len(WORDS))
    assert event.published_at is not None  # item_event dates every item
    return SearchQuery.encode_token(event.published_at, record_id(event))


async def reads(client: Any, store: RecordStore, ledger: Ledger, args: argparse.Namespace) -> None:
    from services.dashboard.adapters.store import DashboardStore
    from services.moderation.adapters.store import ModerationStore
    from services.notify.adapters.store import AlertStore

    n = await _count(store.records, {"municipality": {"$eq": MUNICIPALITY}})
    leaves = await _count(ledger.leaves, {"municipality": {"$eq": MUNICIPALITY}})
    queued = await _count(ledger.queue, {})
    print(f"records {n}, log leaves {leaves} ({queued} still queued); each read below is repeated with varied terms",
          flush=True)
    rng = random.Random(13)
    reps = args.reps
    content_words = [w for w in WORDS[40:] if len(w) > 4]
    words = [content_words[(k * 7) % len(content_words)] for k in range(reps)]
    prefixes = [w[: 3 + k % 3] for k, w in enumerate(content_words[::5][:reps])]
    while len(prefixes) < reps:
        prefixes.append(prefixes[len(prefixes) % 5])
    res: list[tuple[str, float, float, float, int]] = []

    def search(**fields: Any) -> Callable[[], Awaitable[Any]]:
        return lambda: store.search(SearchQuery(municipality=MUNICIPALITY, limit=50, **fields))

    def span(k: int) -> dict[str, Any]:
        begin = START + SPAN * rng.random() * 0.95
        return {"date_from": begin, "date_to": begin + timedelta(days=1 + k % 30)}

    print("-- archive search (RecordStore.search, what q.archive.search answers; 50 a page)")
    await _timed("Swedish word, newest first", [search(text=w, newest_first=True) for w in words], 250, res)
    await _timed("word prefix (3-5 letters), newest first", [search(text=p, newest_first=True) for p in prefixes],
                 250, res)
    await _timed("account", [search(account_id=f"page-{k % ACCOUNTS}", newest_first=k % 2 == 0)
                             for k in range(reps)], 250, res)
    await _timed("direction", [search(direction=("upprattad", "inkommen")[k % 2], newest_first=k % 4 < 2)
                               for k in range(reps)], 250, res)
    await _timed("category", [search(category=CATEGORIES[k % len(CATEGORIES)], newest_first=k % 2 == 0)
                              for k in range(reps)], 250, res)
    await _timed("date span (1-30 days)", [search(**span(k)) for k in range(reps)], 250, res)
    await _timed("word + account", [search(text=w, account_id=f"page-{k}") for k, w in enumerate(words)], 250, res)
    await _timed("chronological, first page", [search(newest_first=k % 2 == 1) for k in range(reps)], 250, res)
    deep = [rng.randrange(n // 10, max(n // 10 + 1, n - 100)) for _ in range(reps)]
    await _timed("chronological, deep page (token mid-archive)",
                 [search(page_token=_token_at(i), newest_first=k % 2 == 1) for k, i in enumerate(deep)], 250, res)
    await _timed("word, second page", [_second_page(store, w) for w in words], 250, res)

    print("-- record page (proofs.record_detail: record, versions, leaves, inclusion proofs)")
    picks = [rng.randrange(n) for _ in range(reps)]
    picks[: reps // 4] = [i - i % EDITED_EVERY + 1 for i in picks[: reps // 4]]  # some edited: two versions
    rids = [record_id(item_event(i, random.Random(0), [1.0] * len(WORDS))) for i in picks]
    details: list[RecordDetail | None] = []

    def detail(rid: str) -> Callable[[], Awaitable[Any]]:
        async def call() -> Any:
            doc = await proofs.record_detail(store=store, ledger=ledger, municipality=MUNICIPALITY, rid=rid)
            details.append(doc)
            return doc
        return call

    await _timed("record page", [detail(rid) for rid in rids], 200, res)
    built = sum(1 for d in details if d for leaf in d.log.leaves if leaf.inclusion_proof)
    print(f"   ({sum(1 for d in details if d)} records found, {built} inclusion proofs built)")

    print("-- dashboard list pages (the store functions their q.* queries call)")
    moderation = ModerationStore(client[f"{args.prefix}_moderation"])
    alerts = AlertStore(client[f"{args.prefix}_notify"])
    dashboard = DashboardStore(client[f"{args.prefix}_dashboard"])
    vcount = await moderation.verdicts.estimated_document_count()
    acount = await alerts.alerts.estimated_document_count()
    counter = await dashboard.audit_counters.find_one({"_id": MUNICIPALITY})
    audit_n = int(counter["n"]) if counter else 0
    print(f"   (moderation verdicts {vcount}, alerts {acount}, audit entries {audit_n})")
    await _timed("/moderering: ModerationStore.queue (200)", [
        functools.partial(moderation.queue, MUNICIPALITY, status="open", limit=200,
                          account_id=f"page-{k % ACCOUNTS}" if k % 3 == 1 else None,
                          category=CATEGORIES[k % len(CATEGORIES)] if k % 3 == 2 else None)
        for k in range(reps)], 500, res)
    await _timed("/arkiv: RecordStore.search (50, newest first)", [
        search(text=words[k] if k % 3 == 0 else None, account_id=f"page-{k}" if k % 3 == 1 else None,
               direction="upprattad" if k % 3 == 2 else None, newest_first=True) for k in range(reps)], 500, res)
    pages = [None] + [rng.randrange(max(1, audit_n // 100)) for _ in range(reps - 1)]
    await _timed("/logg: DashboardStore.audit_page", [
        functools.partial(dashboard.audit_page, MUNICIPALITY, page=page) for page in pages], 500, res)
    await _timed("/larm: AlertStore.list (50)", [
        functools.partial(alerts.list, MUNICIPALITY, limit=50, state="open" if k % 2 else None,
                          account_id=f"page-{k}" if k % 4 == 3 else None) for k in range(reps)], 500, res)
    misses = [label for label, _, p95, target, _ in res if p95 >= target]
    print(f"-- {len(res) - len(misses)} of {len(res)} reads within target" +
          (f"; missed: {', '.join(misses)}" if misses else ""), flush=True)


def _second_page(store: RecordStore, word: str) -> Callable[[], Awaitable[Any]]:
    async def call() -> Any:
        q = SearchQuery(municipality=MUNICIPALITY, limit=50, text=word, newest_first=True)
        _, token = await store.search(q)
        return await store.search(q.model_copy(update={"page_token": token})) if token else ([], None)
    return call


def _child(label: str, argv: list[str], env: dict[str, str]) -> None:
    """Run a command, print its output, elapsed time and peak RSS (getrusage of children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = (done.stdout.strip().splitlines() or [""])[-1][:200]
    err = done.stderr.strip().splitlines()[-3:] if done.returncode else []
    print(f"{label}: exit {done.returncode} in {seconds:.1f} s, peak RSS "
          f"{peak / 1024:.0f} MB{'' if peak > before else ' (or less: an earlier child peaked higher)'}: {out}",
          flush=True)
    for line in err:
        print(f"   {line}")


def _cli_env(url: str, args: argparse.Namespace) -> dict[str, str]:
    return {**os.environ, "MONGODB_URL": url, "KANALVAKT_DB_PREFIX": args.prefix,
            "KANALVAKT_SIGNING_KEY_FILE": str(Path(args.data_dir) / "signing.key")}


def run_verify(url: str, args: argparse.Namespace) -> None:
    print("-- archive verify (python -m services.archive verify; target 1,000,000 leaves < 5 min)")
    _child("verify", [sys.executable, "-m", "services.archive", "verify", "--municipality", MUNICIPALITY],
           _cli_env(url, args))


def sip_span(loaded: int, n: int) -> tuple[datetime, datetime]:
    """The time span of n loaded items: from the middle of ten years (item 500,000) when
    that many are loaded, else the middle of what is (item i is at START + SPAN * i / 1e6)."""
    first = 500_000 if loaded >= 500_000 + n else max(0, (loaded - n) // 2)
    begin = START + SPAN * (first / 1_000_000)
    return begin, begin + SPAN * (n / 1_000_000)


def run_sip(args: argparse.Namespace, url: str, loaded: int) -> None:
    print(f"-- export-sip of {args.sip_n} records (target < 60 s, bounded memory)")
    _child("bench_sip (synthetic records into the streaming SipWriter)",
           [sys.executable, "-m", "devtools.bench", "archive-sip", "--n", str(args.sip_n)], dict(os.environ))
    # The CLI over a span holding sip_n loaded records (demo delivery values allowed, as
    # under make run: the package is a TEST delivery).
    begin, end = sip_span(loaded, args.sip_n)
    out = Path(args.data_dir) / "sip"
    if out.exists():
        import shutil

        shutil.rmtree(out)
    _child(f"export-sip CLI ({begin:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}, from the loaded archive)",
           [sys.executable, "-m", "services.archive", "export-sip", "--out", str(out), "--municipality",
            MUNICIPALITY, "--from", begin.isoformat(), "--to", end.isoformat()], _cli_env(url, args))
    files = [f for f in out.rglob("*") if f.is_file()] if out.exists() else []
    print(f"   package: {len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")


async def _allow_demo(url: str, args: argparse.Namespace) -> None:
    from services.archive.app import export

    client: AsyncMongoClient = AsyncMongoClient(url, tz_aware=True)
    try:
        await export.note_demo_mode(client[f"{args.prefix}_archive"], enabled=True)
    finally:
        await client.close()


def _embedded(data_dir: Path) -> tuple[Any, str]:
    from devtools.servers import mongodb_server

    proc, url = mongodb_server(data_dir)
    proc.start(timeout=300)  # a large database takes a while to open
    return proc, url


async def run(args: argparse.Namespace, url: str) -> None:
    client: AsyncMongoClient = AsyncMongoClient(url, tz_aware=True, retryWrites=False)
    db = client[f"{args.prefix}_archive"]
    store = RecordStore(db)
    ledger = Ledger(db, key_from_settings(None, Path(args.data_dir) / "signing.key"))
    phases = set(args.only or ["load", "lists", "reads", "verify", "sip"])
    try:
        if args.drop:
            for name in ("archive", "dashboard", "moderation", "notify"):
                await client.drop_database(f"{args.prefix}_{name}")
        if "load" in phases:
            await load_records(store, ledger, args.n, minutes=args.load_minutes)
            await load_audit(client[f"{args.prefix}_dashboard"], args.audit)
        if "lists" in phases:
            await load_service_lists(client, args)
        if "reads" in phases:
            await reads(client, store, ledger, args)
        loaded = await _count(store.records, {"municipality": {"$eq": MUNICIPALITY}})
    finally:
        await client.close()
    if "verify" in phases:
        run_verify(url, args)
    if "sip" in phases:
        await _allow_demo(url, args)
        run_sip(args, url, loaded)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=1_000_000, help="records to load (default 1,000,000)")
    p.add_argument("--audit", type=int, default=100_000, help="audit entries to load (default 100,000)")
    p.add_argument("--verdicts", type=int, default=200_000, help="moderation verdicts to load (default 200,000)")
    p.add_argument("--alerts", type=int, default=20_000, help="notify alerts to load (default 20,000)")
    p.add_argument("--reps", type=int, default=20, help="repetitions of each read (default 20)")
    p.add_argument("--mongodb-url", default=os.environ.get("MONGODB_URL"))
    p.add_argument("--data-dir", default="/tmp/kanalvakt-scale", help="embedded server's data (kept)")
    p.add_argument("--prefix", default="benchscale", help="database prefix (<prefix>_archive, …)")
    p.add_argument("--only", action="append", choices=["load", "lists", "reads", "verify", "sip"],
                   help="run only these phases (repeatable; default all)")
    p.add_argument("--load-minutes", type=float, help="stop loading after this long (resumable)")
    p.add_argument("--sip-n", type=int, default=10_000)
    p.add_argument("--drop", action="store_true", help="drop the bench databases first")
    args = p.parse_args()
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    proc = None
    url = args.mongodb_url
    if not url:
        proc, url = _embedded(Path(args.data_dir))
        print(f"embedded nx-27017 at {url} (data in {args.data_dir})", flush=True)
    try:
        asyncio.run(run(args, url))
    finally:
        if proc is not None:
            proc.stop(timeout=120)

