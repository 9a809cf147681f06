"""`python -m services.archive verify`: recompute the whole log from the stored records.

Checks, per municipality: leaf indexes are 0..n-1 with no gap; every leaf hash is the
hash of its stored leaf; every version's content still has the digest its leaf names
(culled content is gone, its digest and leaf stay); every version has a leaf; every
signed tree head's root is the recomputed root at its size and its signature holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pymongo.asynchronous.database import AsyncDatabase

from ..domain import merkle
from ..domain.records import content_digest, leaf_key
from ..adapters.signing import sth_message, verify_signature

PAGE = 5000  # leaves per query


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    records: int = 0
    leaves: int = 0
    roots: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            roots = ", ".join(f"{m} {r}" for m, r in self.roots.items())
            if len(self.roots) == 1:
                roots = next(iter(self.roots.values()))
            return f"OK {self.records} records, root {roots or merkle.EMPTY_ROOT.hex()}"
        return "FAIL\n" + "\n".join(self.problems)


async def verify(db: AsyncDatabase, *, municipality: str | None = None) -> Report:
    report = Report()
    # `$eq`: a bare value is an OR on nx-27017 that no index serves (RecordStore.search).
    query = {"municipality": {"$eq": municipality}} if municipality else {}
    municipalities = sorted(await db["log_leaves"].distinct("municipality", query))
    # The `count` command: count_documents is an aggregation nx-27017 runs over every
    # document in Python (a hundred times slower).
    report.records = int((await db.command("count", "records", query=query))["n"])
    for m in municipalities:
        await _verify_log(db, m, report)
    await _verify_versions(db, query, report)
    return report


async def _verify_log(db: AsyncDatabase, municipality: str, report: Report) -> None:
    tree = merkle.Frontier()  # the right edge only: bounded memory however long the log
    heads = {h["tree_size"]: h async for h in db["log_sths"].find({"municipality": {"$eq": municipality}})}
    expected = 0
    async for leaf in _leaves(db, municipality):
        index = int(leaf["index"])
        if index != expected:
            report.problems.append(f"{municipality}: log leaf {expected} missing (next is {index})")
            return
        recomputed = merkle.leaf_hash(leaf["leaf"].encode())
        if recomputed.hex() != leaf["leaf_hash"]:
            report.problems.append(f"{municipality}: leaf {index} ({leaf['_id']}): stored hash {leaf['leaf_hash']} "
                                   f"is not the hash of its entry ({recomputed.hex()})")
        tree.append(recomputed)
        expected += 1
        if expected in heads:
            _check_head(municipality, heads.pop(expected), tree.root(), report)
    for size in sorted(heads):
        report.problems.append(f"{municipality}: signed tree head of size {size} but the log has {expected} leaves")
    report.leaves += expected
    report.roots[municipality] = tree.root().hex() if expected else merkle.EMPTY_ROOT.hex()


async def _leaves(db: AsyncDatabase, municipality: str, page: int = PAGE):
    """The log's leaves in index order, read as bounded index ranges: one cursor over the
    whole log made nx-27017 read every leaf into memory first (6.9 GB at a million)."""
    first = 0
    while True:
        batch = await db["log_leaves"].find(
            {"municipality": {"$eq": municipality}, "index": {"$gte": first, "$lt": first + page}},
            {"index": 1, "leaf": 1, "leaf_hash": 1}).sort("index", 1).to_list()
        for leaf in batch:
            yield leaf
        if len(batch) < page:
            # A short range is the end of the log, or a gap the caller reports: one more
            # look past it finds leaves beyond a gap (so the report names the gap).
            beyond = await db["log_leaves"].find_one({"municipality": {"$eq": municipality},
                                                      "index": {"$gte": first + page}}, {"index": 1, "leaf": 1,
                                                                                         "leaf_hash": 1},
                                                     sort=[("index", 1)])
            if beyond is None:
                return
            yield beyond
            return
        first += page


def _check_head(municipality: str, head: dict, root: bytes, report: Report) -> None:
    size = head["tree_size"]
    if head["root_hash"] != root.hex():
        report.problems.append(f"{municipality}: tree head {size}: signed root {head['root_hash']} "
                               f"but recomputed root is {root.hex()}")
    message = sth_message(municipality, size, int(head["timestamp_ms"]), bytes.fromhex(head["root_hash"]))
    if not verify_signature(head["public_key"], head["signature"], message):
        report.problems.append(f"{municipality}: tree head {size}: signature does not verify")


async def _verify_versions(db: AsyncDatabase, query: dict, report: Report, batch: int = 1000) -> None:
    """Every version against its leaf, the leaves of `batch` versions in one look-up by `_id`
    (one query per version made a million round trips)."""
    after: str | None = None
    while True:
        # Keyset pages by record_id (bounded memory, as the leaves above). Not by `_id`:
        # nx-27017 never pushes an `_id` range down to SQL (it read every version a page).
        page_query = {**query, "record_id": {"$gt": after}} if after is not None else query
        page = await db["versions"].find(page_query).sort([("record_id", 1), ("version", 1)]).limit(
            batch).to_list()
        if len(page) == batch and page[0]["record_id"] != page[-1]["record_id"]:
            # The last record's versions may go on in the next page: it starts there.
            last = page[-1]["record_id"]
            page = [v for v in page if v["record_id"] != last]
        elif len(page) < batch:
            if page:
                await _check_versions(db, page, report)
            return
        await _check_versions(db, page, report)
        after = page[-1]["record_id"]


async def _check_versions(db: AsyncDatabase, versions: list[dict], report: Report) -> None:
    keys = [leaf_key(v["record_id"], f"v{v['version']}") for v in versions]
    found = {d["_id"]: d async for d in db["log_leaves"].find({"_id": {"$in": keys}}, {"leaf": 1})}
    if missing := [k for k in keys if k not in found]:
        found |= {d["_id"]: d async for d in db["log_queue"].find({"_id": {"$in": missing}}, {"leaf": 1})}
    for version, key in zip(versions, keys, strict=True):
        leaf = found.get(key)
        if leaf is None:
            report.problems.append(f"record {version['record_id']} version {version['version']}: not in the log")
            continue
        named = json.loads(leaf["leaf"])["content_sha256"]
        if version.get("content_sha256") != named:
            report.problems.append(f"record {version['record_id']} version {version['version']}: digest "
                                   f"{version.get('content_sha256')} differs from the log's {named}")
        content = version.get("content")
        if content is not None and content_digest(content) != named:
            report.problems.append(f"record {version['record_id']} version {version['version']}: content was "
                                   f"changed (digest {content_digest(content)}, log says {named})")
