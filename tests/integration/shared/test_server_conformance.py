"""The MongoDB-wire server conformance suite: every server behaviour the stores rely on.

Run against whatever `MONGODB_URL` names (the embedded nx-27017 in `make test`); a
municipality points it at its own replica set to accept that server:

    MONGODB_URL=mongodb://… .venv/bin/python -m pytest tests/integration/shared/test_server_conformance.py

A behaviour this suite does not prove is one the code must not use. Found wrong on
nx-27017 0.8.1 (2026-12-01) and therefore avoided everywhere (the tests below pin the
replacements, mostly in shared/mongo.py): `$ne` on an array field, or negation on a
dotted path into an array of documents, matches wrongly; `{f: {$ne: null}}` matches
documents without `f`; equality against an indexed array field finds nothing; `$regex`
on an array field finds nothing; an upserting find_one_and_update drops `$setOnInsert`;
two racing conditional *upserts* can both win, and so can two racing conditional
updates whose filter holds an `$or`; `{"list.0": {$exists: true}}` finds nothing; a compound index ending in `_id` makes
every insert fail; bytes values cannot be stored; its SQL update tier changes value
types (the launcher turns it off, devtools/mongodb_wire.py). `$nin: [value]` is
exact on top-level arrays and missing fields, so guards use it, and an idempotent
append keeps its keys in a top-level array beside the list (`events` + `events_keys`).

Races run in separate processes (sync PyMongo, one client each), as replicas would.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pymongo import ASCENDING, DESCENDING, MongoClient, ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from shared.mongo import IS_SET, contains, lacks

ROUNDS = int(os.environ.get("KANALVAKT_CONFORMANCE_ROUNDS", 100))  # a replica set may want more
WORKERS = 4
CTX = mp.get_context("spawn")  # a fresh interpreter per worker, like a second replica


@pytest.fixture
def db(servers) -> Iterator[Database]:
    client: MongoClient = MongoClient(servers.mongodb_url, tz_aware=True)
    name = f"conf{uuid.uuid4().hex[:10]}"
    try:
        yield client[name]
    finally:
        client.drop_database(name)
        client.close()


def _race(target, url: str, dbname: str, *args) -> list[list]:
    """Run `target(url, dbname, worker, *args)` in WORKERS processes at once; their results."""
    start = CTX.Event()
    queue = CTX.Queue()
    procs = [CTX.Process(target=target, args=(url, dbname, w, start, queue, *args)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    start.set()
    results = [queue.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return results


# --- workers (module level: spawn imports them by name) --------------------------------

def _claim_worker(url, dbname, worker, start, queue, rounds):
    coll = MongoClient(url)[dbname]["jobs"]
    start.wait()
    won = []
    for r in range(rounds):
        doc = coll.find_one_and_update({"_id": f"job{r}", "state": "queued"},
                                       {"$set": {"state": "taken", "by": worker}, "$inc": {"attempts": 1}},
                                       return_document=ReturnDocument.AFTER)
        won.append(doc is not None)
    queue.put(won)


def _update_claim_worker(url, dbname, worker, start, queue, rounds):
    coll = MongoClient(url)[dbname]["jobs"]
    start.wait()
    queue.put([coll.update_one({"_id": f"job{r}", "state": "queued"}, {"$set": {"state": "taken"}}).modified_count
               for r in range(rounds)])


def _insert_claim_worker(url, dbname, worker, start, queue, rounds):
    coll = MongoClient(url)[dbname]["claims"]
    start.wait()
    won = []
    for r in range(rounds):
        try:
            coll.insert_one({"_id": f"claim:{r}", "by": worker})
            won.append(True)
        except DuplicateKeyError:
            won.append(False)
    queue.put(won)


def _insert_many_claim_worker(url, dbname, worker, start, queue, rounds):
    """Group commit's write (shared/group_commit.py): one unordered insert_many per batch
    of 10 ids, overlapping with the other workers' batches; a duplicate means "was there"."""
    from pymongo.errors import BulkWriteError

    coll = MongoClient(url)[dbname]["claims"]
    start.wait()
    won = []
    for first in range(0, rounds, 10):
        docs = [{"_id": f"claim:{r}", "by": worker} for r in range(first, min(first + 10, rounds))]
        try:
            coll.insert_many(docs, ordered=False)
            won.extend([True] * len(docs))
        except BulkWriteError as exc:
            clashed = {e["index"] for e in exc.details["writeErrors"] if e["code"] == 11000}
            assert len(clashed) == len(exc.details["writeErrors"])
            won.extend(i not in clashed for i in range(len(docs)))
    queue.put(won)


def _lease_worker(url, dbname, worker, start, queue, rounds):
    """The archive's sequencer lease: insert when free, else a conditional update that
    only an expired lease matches (services/archive/adapters/ledger.py `_lease`). One condition per
    update: a filter with `$or` was not atomic on nx-27017 (both racers matched)."""
    coll = MongoClient(url, tz_aware=True)[dbname]["locks"]
    start.wait()
    won = []
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for r in range(rounds):
        try:
            coll.insert_one({"_id": f"lease:{r}", "owner": worker, "expires_at": now + timedelta(seconds=30)})
            won.append(True)
            continue
        except DuplicateKeyError:
            pass
        taken = coll.update_one({"_id": f"lease:{r}", "expires_at": {"$lt": now}},
                                {"$set": {"owner": worker, "expires_at": now + timedelta(seconds=30)}})
        won.append(taken.matched_count == 1)
    queue.put(won)


def _due_claim_worker(url, dbname, worker, start, queue, rounds):
    """Notify's delivery claim: due by state and time, or a sent one whose lease ran out."""
    coll = MongoClient(url, tz_aware=True)[dbname]["deliveries"]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    start.wait()
    won = []
    for r in range(rounds):
        doc = None
        for due in ({"state": {"$in": ["queued", "retrying"]}, "next_attempt_at": {"$lte": now}},
                    {"state": "sent", "lease_until": {"$lte": now}}):
            doc = coll.find_one_and_update({"_id": f"d{r}", **due},
                                           {"$set": {"state": "sent", "lease_until": now + timedelta(minutes=5)},
                                            "$inc": {"attempt": 1}}, return_document=ReturnDocument.AFTER)
            if doc is not None:
                break
        won.append(doc is not None)
    queue.put(won)


def _batch_claim_worker(url, dbname, worker, start, queue, rounds):
    """Notify's fan-out: update_many claims with a token, then reads what it got."""
    coll = MongoClient(url)[dbname]["deliveries"]
    start.wait()
    got = []
    for r in range(rounds):
        token = f"{worker}:{r}"
        coll.update_many({"broadcast": r, "state": "queued"}, {"$set": {"state": "sent", "claim": token},
                                                               "$inc": {"attempt": 1}})
        got.append([d["_id"] for d in coll.find({"claim": token})])
    queue.put(got)


def _delete_worker(url, dbname, worker, start, queue, rounds):
    coll = MongoClient(url)[dbname]["tokens"]
    start.wait()
    queue.put([coll.delete_one({"_id": f"t{r}"}).deleted_count == 1 for r in range(rounds)])


def _append_worker(url, dbname, worker, start, queue, per_worker):
    coll = MongoClient(url)[dbname]["shared"]
    start.wait()
    for i in range(per_worker):
        key = f"w{worker}-{i}"
        coll.update_one({"_id": "doc"}, {"$push": {"pushed": key}, "$inc": {"count": 1},
                                         "$addToSet": {"members": key}})
        # The guarded append the stores use (`attach`): a repeat of the same key is a no-op.
        for _ in range(2):
            coll.update_one({"_id": "doc", "event_keys": {"$nin": [key]}},
                            {"$push": {"events": {"key": key}, "event_keys": key}})
    queue.put([True])


def _winners(results: list[list]) -> list[int]:
    return [sum(1 for r in results if r[i]) for i in range(len(results[0]))]


# --- exclusive decisions ------------------------------------------------------------------

def test_a_conditional_find_one_and_update_has_exactly_one_winner(db, servers) -> None:
    db.jobs.insert_many([{"_id": f"job{r}", "state": "queued", "attempts": 0} for r in range(ROUNDS)])
    winners = _winners(_race(_claim_worker, servers.mongodb_url, db.name, ROUNDS))
    assert winners == [1] * ROUNDS
    assert db.jobs.count_documents({"attempts": 1}) == ROUNDS


def test_a_conditional_update_one_has_exactly_one_winner(db, servers) -> None:
    db.jobs.insert_many([{"_id": f"job{r}", "state": "queued"} for r in range(ROUNDS)])
    assert _winners(_race(_update_claim_worker, servers.mongodb_url, db.name, ROUNDS)) == [1] * ROUNDS


def test_a_unique_key_insert_has_exactly_one_winner(db, servers) -> None:
    assert _winners(_race(_insert_claim_worker, servers.mongodb_url, db.name, ROUNDS)) == [1] * ROUNDS


def test_racing_unordered_insert_manys_give_each_document_to_one_writer(db, servers) -> None:
    results = _race(_insert_many_claim_worker, servers.mongodb_url, db.name, ROUNDS)
    assert _winners(results) == [1] * ROUNDS
    assert db.claims.count_documents({}) == ROUNDS


def test_an_unordered_insert_many_inserts_all_but_the_clashes_and_names_them(db) -> None:
    from pymongo.errors import BulkWriteError

    db.items.create_index([("key", 1)], unique=True)
    db.items.insert_many([{"_id": "b", "key": "kb"}, {"_id": "x", "key": "kd"}])
    docs = [{"_id": "a", "key": "ka"}, {"_id": "b", "key": "kb"}, {"_id": "c", "key": "kc"},
            {"_id": "d", "key": "kd"}, {"_id": "e", "key": "ke"}]
    with pytest.raises(BulkWriteError) as caught:
        db.items.insert_many(docs, ordered=False)
    errors = caught.value.details["writeErrors"]
    assert sorted((e["index"], e["code"]) for e in errors) == [(1, 11000), (3, 11000)]  # _id, then unique key
    assert caught.value.details["nInserted"] == 3
    assert sorted(d["_id"] for d in db.items.find()) == ["a", "b", "c", "e", "x"]


def test_a_lease_has_exactly_one_holder_whether_free_or_expired(db, servers) -> None:
    expired = datetime(2025, 1, 1, tzinfo=UTC)
    db.locks.insert_many([{"_id": f"lease:{r}", "owner": "crashed", "expires_at": expired}
                          for r in range(0, ROUNDS, 2)])
    assert _winners(_race(_lease_worker, servers.mongodb_url, db.name, ROUNDS)) == [1] * ROUNDS
    assert db.locks.count_documents({"owner": "crashed"}) == 0


def test_a_claim_by_state_and_time_has_exactly_one_winner(db, servers) -> None:
    past = datetime(2025, 6, 1, tzinfo=UTC)
    db.deliveries.insert_many([
        {"_id": f"d{r}", "attempt": 0, **({"state": "retrying", "next_attempt_at": past} if r % 2 else
                                          {"state": "sent", "lease_until": past})} for r in range(ROUNDS)])
    assert _winners(_race(_due_claim_worker, servers.mongodb_url, db.name, ROUNDS)) == [1] * ROUNDS
    assert db.deliveries.count_documents({"attempt": 1}) == ROUNDS


def test_update_many_claims_give_each_document_to_one_claimer(db, servers) -> None:
    rounds = ROUNDS // 4
    db.deliveries.insert_many([{"_id": f"d{r}-{c}", "broadcast": r, "state": "queued", "attempt": 0}
                               for r in range(rounds) for c in range(5)])
    results = _race(_batch_claim_worker, servers.mongodb_url, db.name, rounds)
    for r in range(rounds):
        claimed = [d for worker in results for d in worker[r]]
        assert sorted(claimed) == sorted(f"d{r}-{c}" for c in range(5))  # each once, none lost
    assert db.deliveries.count_documents({"attempt": 1}) == rounds * 5


def test_delete_one_reports_exactly_one_deleter(db, servers) -> None:
    db.tokens.insert_many([{"_id": f"t{r}"} for r in range(ROUNDS)])
    assert _winners(_race(_delete_worker, servers.mongodb_url, db.name, ROUNDS)) == [1] * ROUNDS


def test_concurrent_push_inc_add_to_set_and_guarded_appends_lose_nothing(db, servers) -> None:
    per_worker = 25
    db.shared.insert_one({"_id": "doc", "pushed": [], "count": 0, "members": [], "events": [], "event_keys": []})
    _race(_append_worker, servers.mongodb_url, db.name, per_worker)
    doc = db.shared.find_one({"_id": "doc"})
    expected = {f"w{w}-{i}" for w in range(WORKERS) for i in range(per_worker)}
    assert sorted(doc["pushed"]) == sorted(expected)
    assert doc["count"] == len(expected)
    assert sorted(doc["members"]) == sorted(expected)
    assert sorted(doc["event_keys"]) == sorted(expected)  # each once, although each was tried twice
    assert len(doc["events"]) == len(expected)


# --- update operators and filters the stores use --------------------------------------------

def test_nin_guards_are_exact_on_arrays_and_missing_fields(db) -> None:
    db.r.insert_many([{"_id": "with", "ids": ["a"]}, {"_id": "without"}])
    assert db.r.update_one({"_id": "with", "ids": lacks("a")}, {"$push": {"ids": "a"}}).modified_count == 0
    assert db.r.update_one({"_id": "with", "ids": lacks("b")}, {"$push": {"ids": "b"}}).modified_count == 1
    assert db.r.update_one({"_id": "without", "ids": lacks("a")}, {"$push": {"ids": "a"}}).modified_count == 1
    assert db.r.find_one({"_id": "with"})["ids"] == ["a", "b"]
    assert [d["_id"] for d in db.r.find({"ids": {"$nin": ["b"]}})] == ["without"]
    assert sorted(d["_id"] for d in db.r.find({"ids": {"$nin": ["z"]}})) == ["with", "without"]


def test_null_matches_missing_and_nin_null_means_set(db) -> None:
    db.r.insert_many([{"_id": "missing"}, {"_id": "null", "at": None}, {"_id": "set", "at": 5}])
    assert sorted(d["_id"] for d in db.r.find({"at": None})) == ["missing", "null"]
    assert [d["_id"] for d in db.r.find({"at": IS_SET})] == ["set"]
    assert db.r.update_one({"_id": "missing", "at": None}, {"$set": {"at": 1}}).modified_count == 1


def test_set_on_insert_upsert_reports_whether_it_created(db) -> None:
    first = db.r.update_one({"_id": "k"}, {"$setOnInsert": {"_id": "k", "v": 1}}, upsert=True)
    again = db.r.update_one({"_id": "k"}, {"$setOnInsert": {"_id": "k", "v": 2}}, upsert=True)
    assert first.upserted_id == "k" and again.upserted_id is None
    assert db.r.find_one({"_id": "k"})["v"] == 1


def test_find_one_and_update_returns_the_document_after(db) -> None:
    db.r.insert_one({"_id": "c", "n": 1, "xs": ["a"]})
    doc = db.r.find_one_and_update({"_id": "c", "xs": {"$nin": ["b"]}},
                                   {"$inc": {"n": 1}, "$set": {"s": "x"}, "$push": {"xs": "b"}},
                                   return_document=ReturnDocument.AFTER)
    assert doc == {"_id": "c", "n": 2, "xs": ["a", "b"], "s": "x"}
    upserted = db.r.find_one_and_update({"_id": "new"}, {"$inc": {"n": 1}}, upsert=True,
                                        return_document=ReturnDocument.AFTER)
    assert upserted == {"_id": "new", "n": 1}
    # With $setOnInsert the stores upsert by update_one (an upserting find_one_and_update
    # drops the $setOnInsert on nx-27017 0.8.1) and read after.
    db.r.update_one({"_id": "rate"}, {"$inc": {"n": 1}, "$setOnInsert": {"t": 1}}, upsert=True)
    db.r.update_one({"_id": "rate"}, {"$inc": {"n": 1}, "$setOnInsert": {"t": 2}}, upsert=True)
    assert db.r.find_one({"_id": "rate"}) == {"_id": "rate", "n": 2, "t": 1}


def test_array_operators_each_pull_max_and_size(db) -> None:
    when = datetime(2026, 5, 1, tzinfo=UTC)
    db.r.insert_one({"_id": "a", "cats": ["x"], "tags": [], "holds": ["h1", "h2"], "seen": when})
    db.r.update_one({"_id": "a"}, {"$addToSet": {"cats": {"$each": ["x", "y"]}}, "$push": {"tags": {"$each": [1, 2]}},
                                   "$max": {"seen": when - timedelta(days=1)}})
    db.r.update_one({"_id": "a"}, {"$pull": {"holds": "h1"}})
    doc = db.r.find_one({"_id": "a"})
    assert doc["cats"] == ["x", "y"] and doc["tags"] == [1, 2] and doc["holds"] == ["h2"] and doc["seen"] == when
    db.r.update_one({"_id": "a"}, {"$max": {"seen": when + timedelta(days=1)}})
    assert db.r.find_one({"_id": "a"})["seen"] == when + timedelta(days=1)
    db.r.insert_many([{"_id": "empty", "holds": []}, {"_id": "none"}])
    free = {"$or": [{"holds": {"$size": 0}}, {"holds": None}]}
    assert sorted(d["_id"] for d in db.r.find(free)) == ["empty", "none"]
    db.r.update_one({"_id": "a"}, {"$pull": {"holds": "h2"}})
    assert sorted(d["_id"] for d in db.r.find(free)) == ["a", "empty", "none"]


def test_pull_of_an_embedded_document_by_its_exact_value(db) -> None:
    when = datetime(2026, 2, 1, tzinfo=UTC)
    item = {"kind": "notice", "at": when, "data": {"a": 1}}
    db.r.insert_one({"_id": "acc", "outbox": [item, {"kind": "other", "at": when}]})
    db.r.update_one({"_id": "acc"}, {"$pull": {"outbox": item}})
    assert db.r.find_one({"_id": "acc"})["outbox"] == [{"kind": "other", "at": when}]


def test_dotted_paths_into_sub_documents_and_regex_on_a_scalar(db) -> None:
    db.r.insert_many([{"_id": "k:knivsta:1", "registration": {"status": "pending"}},
                      {"_id": "k:knivsta:2", "registration": {"status": "none"}}, {"_id": "k:nybro:1"}])
    guard = {"registration.status": {"$nin": ["pending", "registered", "failed"]}}
    assert sorted(d["_id"] for d in db.r.find(guard)) == ["k:knivsta:2", "k:nybro:1"]
    assert db.r.update_one({"_id": "k:knivsta:1", **guard}, {"$set": {"x": 1}}).modified_count == 0
    assert db.r.update_one({"_id": "k:knivsta:2", **guard}, {"$set": {"registration.status": "pending"}}
                           ).modified_count == 1
    assert db.r.count_documents({"registration.status": "pending"}) == 2
    assert sorted(d["_id"] for d in db.r.find({"_id": {"$regex": "^[a-z]+:knivsta:"}})) == ["k:knivsta:1",
                                                                                             "k:knivsta:2"]


def test_update_many_with_in_and_pull_by_value(db) -> None:
    db.r.insert_many([{"_id": f"r{i}", "m": "k", "holds": []} for i in range(5)])
    db.r.update_many({"_id": {"$in": ["r1", "r3"]}, "m": "k"}, {"$addToSet": {"holds": "h"}})
    assert sorted(d["_id"] for d in db.r.find({"m": "k", "holds": contains("h")})) == ["r1", "r3"]
    db.r.update_many({"m": "k", "holds": contains("h")}, {"$pull": {"holds": "h"}})
    assert db.r.count_documents({"holds": contains("h")}) == 0


# --- queries ------------------------------------------------------------------------------

@pytest.fixture
def records(db) -> Database:
    """Records shaped like the archive's, with the archive's kinds of index."""
    db.records.create_index([("municipality", 1), ("terms", 1), ("sort_at", 1)])
    db.records.create_index([("municipality", 1), ("categories", 1), ("sort_at", 1)])
    db.records.create_index([("municipality", 1), ("item_event_ids", 1)])
    base = datetime(2026, 1, 1, tzinfo=UTC)
    docs = []
    for i in range(60):
        docs.append({"_id": f"rec{i:03d}", "municipality": "knivsta" if i % 3 else "nybro",
                     "sort_at": base + timedelta(hours=i), "terms": ["alla", "hej" if i % 2 else "tack"],
                     "words": ["skola" if i % 5 == 0 else "sommar", "alla"],
                     "categories": ["hot"] if i % 4 == 0 else [],
                     "item_event_ids": [f"e{i}", f"e{i}b"], "author": {"platform_id": f"u{i % 7}"},
                     "outbox": [{"kind": "account_changed"}] if i % 10 == 0 else []})
    db.records.insert_many(docs)
    return db


def _ids(cursor) -> list[str]:
    return [d["_id"] for d in cursor]


def test_membership_in_an_indexed_array_field(records) -> None:
    """`{field: {$in: [v]}}` (shared.mongo.contains): plain equality against an indexed
    array field finds nothing on nx-27017 0.8.1, so the stores never use it."""
    expected = [f"rec{i:03d}" for i in range(60) if i % 3 and i % 4 == 0]
    assert _ids(records.records.find({"municipality": "knivsta", "categories": contains("hot")}).sort("_id", 1)
                ) == expected
    assert records.records.find_one({"municipality": "knivsta", "item_event_ids": contains("e7b")})["_id"] == "rec007"


def test_all_and_in_on_arrays(records) -> None:
    query = {"municipality": "knivsta", "terms": {"$all": ["alla", "hej"]}}
    expected = [f"rec{i:03d}" for i in range(60) if i % 3 and i % 2]
    assert _ids(records.records.find(query).sort("_id", 1)) == expected
    assert _ids(records.records.find({"_id": {"$in": ["rec001", "rec002", "nope"]}}).sort("_id", 1)) == [
        "rec001", "rec002"]
    assert records.records.count_documents({"author.platform_id": "u3"}) == len(range(3, 60, 7))
    assert records.records.count_documents({"outbox": {"$elemMatch": {"kind": {"$exists": True}}}}) == 6


def test_sort_limit_and_keyset_pages(records) -> None:
    query = {"municipality": "knivsta"}
    everything = _ids(records.records.find(query).sort([("sort_at", ASCENDING), ("_id", ASCENDING)]))
    assert len(everything) == 40 and everything == sorted(everything)
    pages, last = [], None
    while True:
        page_query = dict(query)
        if last:
            page_query["$or"] = [{"sort_at": {"$gt": last["sort_at"]}},
                                 {"sort_at": last["sort_at"], "_id": {"$gt": last["_id"]}}]
        page = list(records.records.find(page_query).sort([("sort_at", 1), ("_id", 1)]).limit(7))
        if not page:
            break
        pages.extend(d["_id"] for d in page)
        last = page[-1]
    assert pages == everything
    newest = _ids(records.records.find(query).sort([("sort_at", DESCENDING), ("_id", DESCENDING)]).limit(5))
    assert newest == everything[::-1][:5]
    span = {"municipality": "knivsta", "sort_at": {"$gte": datetime(2026, 1, 1, 10, tzinfo=UTC),
                                                   "$lt": datetime(2026, 1, 1, 20, tzinfo=UTC)}}
    assert _ids(records.records.find(span).sort("sort_at", 1)) == [f"rec{i:03d}" for i in range(10, 20) if i % 3]


def test_string_key_ranges_sorted_and_limited_on_a_compound_index(db) -> None:
    """The archive's sort_key (services/archive/domain/records.sort_key: "k" + fixed-width
    UTC time + "|" + _id): a date span and a keyset page are one string range on it,
    `$gte`/`$gt` with `$lt`, beside `$eq` and `$all` filters, sorted either way and limited,
    on an index ending in it. The "k" is needed: nx-27017 reads a string that starts like a
    date as a datetime (it compares with SQL datetime() and finds nothing)."""
    db.keyed.create_index([("municipality", 1), ("sort_key", 1)])
    db.keyed.create_index([("municipality", 1), ("account_id", 1), ("sort_key", 1)])
    base = datetime(2026, 1, 1, tzinfo=UTC)
    docs = []
    for i in range(90):
        at = base + timedelta(hours=i // 3)  # three records an hour: ties broken by _id
        rid = f"r{(i * 37) % 90:03d}"
        docs.append({"_id": rid, "municipality": "knivsta" if i % 5 else "nybro", "account_id": f"a{i % 2}",
                     "terms": ["alla", "hej" if i % 2 else "tack"],
                     "sort_key": f"k{at:%Y-%m-%dT%H:%M:%S}.000Z|{rid}"})
    db.keyed.insert_many(docs)
    ordered = sorted((d for d in docs if d["municipality"] == "knivsta"), key=lambda d: d["sort_key"])
    knivsta = {"municipality": {"$eq": "knivsta"}}

    def keys(query: dict, direction: int = 1, limit: int = 0) -> list[str]:
        return [d["sort_key"] for d in db.keyed.find(query).sort("sort_key", direction).limit(limit)]

    assert keys(knivsta) == [d["sort_key"] for d in ordered]
    lo, hi = "k2026-01-01T05:00:00.000Z", "k2026-01-01T20:00:00.000Z"
    span = [d["sort_key"] for d in ordered if lo <= d["sort_key"] < hi]
    assert span and keys({**knivsta, "sort_key": {"$gte": lo, "$lt": hi}}) == span
    assert keys({**knivsta, "sort_key": {"$gte": lo, "$lt": hi}}, -1, 4) == span[::-1][:4]
    for direction, op in ((1, "$gt"), (-1, "$lt")):  # keyset pages of 7, either way, within the span
        pages: list[str] = []
        bound = {"$gte": lo, "$lt": hi}
        while page := keys({**knivsta, "sort_key": bound}, direction, 7):
            pages.extend(page)
            bound = {"$gt": page[-1], "$lt": hi} if op == "$gt" else {"$gte": lo, "$lt": page[-1]}
        assert pages == (span if direction == 1 else span[::-1])
    after = ordered[10]["sort_key"]
    account = [d["sort_key"] for d in ordered if d["account_id"] == "a1" and d["sort_key"] < after]
    assert account and keys({**knivsta, "account_id": {"$eq": "a1"}, "sort_key": {"$lt": after}}, -1, 3) == \
        account[::-1][:3]
    tack = [d["sort_key"] for d in ordered if "tack" in d["terms"] and d["sort_key"] > after]
    assert tack and keys({**knivsta, "terms": {"$all": ["tack"]}, "sort_key": {"$gt": after}}, 1, 5) == tack[:5]


def test_integer_and_id_ranges_page_in_order(db) -> None:
    """`archive verify` reads the log as bounded ranges of the integer `index` and the
    versions as keyset pages on `_id` (services/archive/adapters/audit.py)."""
    db.leaves.create_index([("municipality", 1), ("index", 1)], unique=True)
    db.leaves.insert_many([{"_id": f"l{(i * 7) % 50:02d}", "municipality": "k" if i % 4 else "n", "index": i}
                           for i in range(50)])
    k = {"municipality": {"$eq": "k"}}
    got = [d["index"] for d in db.leaves.find({**k, "index": {"$gte": 10, "$lt": 30}}).sort("index", 1)]
    assert got == [i for i in range(10, 30) if i % 4]
    pages, after = [], None
    while page := list(db.leaves.find({**k, "_id": {"$gt": after}} if after else k).sort("_id", 1).limit(6)):
        pages.extend(d["_id"] for d in page)
        after = page[-1]["_id"]
    assert pages == sorted(f"l{(i * 7) % 50:02d}" for i in range(50) if i % 4)
    # verify's versions are paged by a string field's range (an `_id` range is right but
    # never pushed down to SQL on nx-27017: each page read the whole collection).
    db.versions.insert_many([{"_id": f"v{i}", "municipality": "k", "record_id": f"r{i // 3:02d}", "version": i % 3}
                             for i in range(60)])
    got, after = [], None
    while page := list(db.versions.find({**k, "record_id": {"$gt": after}} if after else k).sort(
            [("record_id", 1), ("version", 1)]).limit(7)):
        got.extend((d["record_id"], d["version"]) for d in page)
        after = page[-1]["record_id"]
        got = [g for g in got if g[0] != after] if len(page) == 7 else got
        after = got[-1][0] if len(page) == 7 else after
    assert got == [(f"r{i // 3:02d}", i % 3) for i in range(60)]


def test_eq_on_an_indexed_key_finds_one_records_versions_and_leaves_in_order(db) -> None:
    """export-sip's look-ups per record (services/archive/app/export._history, through
    RecordStore.versions_of and Ledger.leaves_of): `{record_id: {$eq: r}}` on the
    `(record_id, version)` index sorted by version, and on a `(record_id)` index sorted by
    another field (the leaf's log index), among other records' rows (ids as the archive's:
    hex digests, one a prefix of another).
    (Not `$in` for a page of records: nx-27017 never pushes `$in` down on a field other than
    `_id`, it tests every row with json_each.)"""
    db.versions.create_index([("record_id", 1), ("version", 1)], unique=True)
    db.leaves.create_index([("record_id", 1)])
    rids = [f"{i:02x}" * 16 for i in range(7)] + ["01" * 15]
    versions = [{"_id": f"{rid}:v{n}", "record_id": rid, "version": n, "content": {"text": f"{rid} {n}"}}
                for n in range(1, 4) for rid in rids[: 3 + n]]
    leaves = [{"_id": f"{rids[(i * 3) % 8]}:{i}", "record_id": rids[(i * 3) % 8], "index": (i * 17) % 40}
              for i in range(40)]
    db.versions.insert_many(versions[::-1])
    db.leaves.insert_many(leaves)
    for rid in rids:
        got = list(db.versions.find({"record_id": {"$eq": rid}}).sort("version", 1))
        assert got == [d for d in sorted(versions, key=lambda d: d["version"]) if d["record_id"] == rid]
        assert [d["index"] for d in db.leaves.find({"record_id": {"$eq": rid}}).sort("index", 1)] == sorted(
            d["index"] for d in leaves if d["record_id"] == rid)


def test_eq_on_scalar_fields_is_plain_equality_with_the_count_command(records) -> None:
    """`{field: {$eq: v}}` on scalar fields (the stores' search and list filters: on nx-27017
    a bare value is an OR with "an array holding it" that no index serves, `$eq` a plain
    comparison its indexes do) finds what bare equality finds, sorted and paged; and the
    `count` command counts what count_documents does (verify uses it)."""
    bare = {"municipality": "knivsta", "author.platform_id": "u3"}
    eq = {"municipality": {"$eq": "knivsta"}, "author.platform_id": {"$eq": "u3"}}
    expected = [f"rec{i:03d}" for i in range(59, -1, -1) if i % 3 and i % 7 == 3]
    assert expected and _ids(records.records.find(eq).sort([("sort_at", -1), ("_id", -1)])) == expected
    assert _ids(records.records.find(bare).sort([("sort_at", -1), ("_id", -1)])) == expected
    assert _ids(records.records.find(eq).sort([("sort_at", -1), ("_id", -1)]).limit(2)) == expected[:2]
    assert records.records.find_one({"_id": {"$eq": "rec001"}, "municipality": {"$eq": "nybro"}}) is None
    assert records.command("count", "records", query=eq)["n"] == len(expected) == records.records.count_documents(bare)


def test_distinct_and_projection(records) -> None:
    assert sorted(records.records.distinct("municipality")) == ["knivsta", "nybro"]
    doc = records.records.find_one({"_id": "rec001"}, {"terms": 0, "words": 0})
    assert "terms" not in doc and "words" not in doc and doc["author"] == {"platform_id": "u1"}
    only = records.records.find_one({"_id": "rec001"}, {"outbox": 1})
    assert set(only) == {"_id", "outbox"}


def test_a_unique_compound_index_refuses_a_second_entry(db) -> None:
    db.leaves.create_index([("municipality", 1), ("index", 1)], unique=True)
    db.leaves.insert_one({"_id": "a", "municipality": "k", "index": 0})
    with pytest.raises(DuplicateKeyError):
        db.leaves.insert_one({"_id": "b", "municipality": "k", "index": 0})
    db.leaves.insert_one({"_id": "c", "municipality": "n", "index": 0})
    assert db.leaves.count_documents({}) == 2


def test_updates_keep_every_value_type(db) -> None:
    """nx-27017's SQL update tier stored `$set` datetimes as strings and `$push`ed
    sub-documents as JSON text; the launcher keeps updates off it."""
    when = datetime(2026, 1, 1, 12, 30, tzinfo=UTC)
    db.r.insert_one({"_id": "v", "n": 1})
    db.r.update_one({"_id": "v"}, {"$set": {"at": when, "sub": {"at": when, "ok": True}},
                                   "$inc": {"n": 1}})
    db.r.update_one({"_id": "v"}, {"$push": {"events": {"at": when, "n": 2}}, "$addToSet": {"ids": {"k": 1}}})
    db.r.update_one({"_id": "v"}, {"$setOnInsert": {"x": 1}, "$set": {"later": when}}, upsert=True)
    doc = db.r.find_one({"_id": "v"})
    assert doc == {"_id": "v", "n": 2, "at": when, "sub": {"at": when, "ok": True},
                   "events": [{"at": when, "n": 2}], "ids": [{"k": 1}], "later": when}
    assert db.r.count_documents({"at": {"$gte": when}}) == 1
    assert db.r.count_documents({"events.at": when}) == 1


def test_bulk_upserts_and_an_ordered_insert_that_stops_at_a_clash(db) -> None:
    """The log's sequencer: subtree hashes as bulk upserts (overwriting), leaves as an
    ordered insert_many whose error says how many went in before the clash."""
    from pymongo import UpdateOne
    from pymongo.errors import BulkWriteError

    db.nodes.insert_one({"_id": "k:0:1", "hash": "old"})
    db.nodes.bulk_write([UpdateOne({"_id": f"k:0:{i}"}, {"$set": {"hash": f"h{i}"}}, upsert=True) for i in range(4)],
                        ordered=False)
    assert sorted((d["_id"], d["hash"]) for d in db.nodes.find()) == [(f"k:0:{i}", f"h{i}") for i in range(4)]
    db.leaves.create_index([("municipality", 1), ("index", 1)], unique=True)
    db.leaves.insert_one({"_id": "taken", "municipality": "k", "index": 2})
    with pytest.raises(BulkWriteError) as caught:
        db.leaves.insert_many([{"_id": f"l{i}", "municipality": "k", "index": i} for i in range(4)], ordered=True)
    assert caught.value.details["nInserted"] == 2
    assert sorted(d["_id"] for d in db.leaves.find()) == ["l0", "l1", "taken"]
    db.leaves.delete_many({"_id": {"$in": ["l0", "l1", "nope"]}})
    assert [d["_id"] for d in db.leaves.find()] == ["taken"]


def test_an_unordered_bulk_write_says_which_upserts_created(db) -> None:
    """Group commit's updates (shared/group_commit.each_update): independent single-document
    upserts and updates in one command, each applied, the created ones named by index."""
    from pymongo import UpdateOne

    db.deliveries.insert_one({"_id": "old", "attempts": 1, "status": "received"})
    result = db.deliveries.bulk_write([
        UpdateOne({"_id": "old"}, {"$setOnInsert": {"status": "received"}, "$inc": {"attempts": 1}}, upsert=True),
        UpdateOne({"_id": "new"}, {"$setOnInsert": {"status": "received"}, "$inc": {"attempts": 1}}, upsert=True),
        UpdateOne({"_id": "old"}, {"$set": {"status": "published"}}),
        UpdateOne({"_id": "absent"}, {"$set": {"status": "published"}}),
    ], ordered=False)
    assert result.upserted_ids == {1: "new"}
    assert sorted((d["_id"], d["attempts"], d["status"]) for d in db.deliveries.find()) == [
        ("new", 1, "received"), ("old", 2, "published")]


def test_datetimes_round_trip_as_utc(db) -> None:
    when = datetime(2026, 3, 29, 1, 30, 0, 123000, tzinfo=UTC)
    db.r.insert_one({"_id": "t", "at": when})
    assert db.r.find_one({"_id": "t"})["at"] == when
    assert db.r.count_documents({"at": {"$lte": when}}) == 1


# --- durability ----------------------------------------------------------------------------

def test_acknowledged_writes_survive_a_kill_9_of_the_embedded_server(tmp_path: Path) -> None:
    """The embedded default is killed with SIGKILL after acknowledged writes and started
    again on the same files: every acknowledged write is there. (A replica set's
    durability is its write concern's; this proves the server `make run` starts.)"""
    from devtools.servers import mongodb_server

    proc, url = mongodb_server(tmp_path)
    proc.start()
    try:
        client: MongoClient = MongoClient(url)
        coll = client.durable.items
        for i in range(200):
            coll.insert_one({"_id": i})
        coll.update_one({"_id": 0}, {"$set": {"v": "acked"}})
        client.close()
        proc.kill()
        again, url = mongodb_server(tmp_path, port=int(url.rsplit(":", 1)[1].strip("/")))
        again.start()
        client = MongoClient(url)
        assert client.durable.items.count_documents({}) == 200
        assert client.durable.items.find_one({"_id": 0})["v"] == "acked"
        client.close()
        again.stop()
    finally:
        proc.stop()
