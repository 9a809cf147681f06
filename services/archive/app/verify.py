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

from shared.contracts.archive import TreeHead

from ..adapters.audit import AuditVersion, LogAudit
from ..adapters.signing import sth_message, verify_signature
from ..domain import merkle
from ..domain.records import content_digest, leaf_key


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
    audit = LogAudit(db)
    report = Report()
    report.records = await audit.record_count(municipality)
    for m in await audit.municipalities(municipality):
        await _verify_log(audit, m, report)
    async for page in audit.version_pages(municipality):
        await _check_versions(audit, page, report)
    return report


async def _verify_log(audit: LogAudit, municipality: str, report: Report) -> None:
    tree = merkle.Frontier()  # the right edge only: bounded memory however long the log
    heads = await audit.heads(municipality)
    expected = 0
    async for leaf in audit.leaves(municipality):
        index = leaf.index
        if index != expected:
            report.problems.append(f"{municipality}: log leaf {expected} missing (next is {index})")
            return
        recomputed = merkle.leaf_hash(leaf.leaf.encode())
        if recomputed.hex() != leaf.leaf_hash:
            report.problems.append(f"{municipality}: leaf {index} ({leaf.id}): stored hash {leaf.leaf_hash} "
                                   f"is not the hash of its entry ({recomputed.hex()})")
        tree.append(recomputed)
        expected += 1
        if expected in heads:
            _check_head(municipality, heads.pop(expected), tree.root(), report)
    for size in sorted(heads):
        report.problems.append(f"{municipality}: signed tree head of size {size} but the log has {expected} leaves")
    report.leaves += expected
    report.roots[municipality] = tree.root().hex() if expected else merkle.EMPTY_ROOT.hex()


def _check_head(municipality: str, head: TreeHead, root: bytes, report: Report) -> None:
    size = head.tree_size
    if head.root_hash != root.hex():
        report.problems.append(f"{municipality}: tree head {size}: signed root {head.root_hash} "
                               f"but recomputed root is {root.hex()}")
    message = sth_message(municipality, size, int(head.timestamp_ms), bytes.fromhex(head.root_hash))
    if not verify_signature(head.public_key, head.signature, message):
        report.problems.append(f"{municipality}: tree head {size}: signature does not verify")


async def _check_versions(audit: LogAudit, versions: list[AuditVersion], report: Report) -> None:
    keys = [leaf_key(v.record_id, f"v{v.version}") for v in versions]
    found = await audit.leaf_entries(keys)
    for version, key in zip(versions, keys, strict=True):
        leaf = found.get(key)
        if leaf is None:
            report.problems.append(f"record {version.record_id} version {version.version}: not in the log")
            continue
        named = json.loads(leaf)["content_sha256"]
        if version.content_sha256 != named:
            report.problems.append(f"record {version.record_id} version {version.version}: digest "
                                   f"{version.content_sha256} differs from the log's {named}")
        content = version.content
        if content is not None and content_digest(content) != named:
            report.problems.append(f"record {version.record_id} version {version.version}: content was "
                                   f"changed (digest {content_digest(content)}, log says {named})")
