"""Records and their versions: ids, content, canonical JSON, digests and log leaves.

A record is one allmän handling (one item on a platform, one broadcast, one decision,
one snapshot). Its content at a moment is a *version*; every version, and every event
on a record (deleted on the platform, culled), is one leaf of the Merkle log. A leaf
holds the SHA-256 of the content, not the content, so culling the content later leaves
the leaf (and the whole log) verifiable.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python

from shared.contracts import PlatformEvent, deterministic_id

LEAF_SCHEMA = 1


def record_id(event: PlatformEvent) -> str:
    """One record per item on a platform, whatever happens to it later (edits are versions)."""
    return item_record_id(event.municipality, event.platform, event.item_id)


def item_record_id(municipality: str, platform: object, item_id: str) -> str:
    """The record of a platform item, from what any event about the item names."""
    return deterministic_id("record", municipality, platform, item_id)


def upstream_record_id(municipality: str, subject: str, event_id: str) -> str:
    """One record per event another service drew up (a decision, a broadcast, a post)."""
    return deterministic_id("record", municipality, subject, event_id)


def span_key(at: datetime) -> str:
    """The `sort_key` bound of an instant: every record at or after it sorts at or above it.
    Fixed width, UTC, milliseconds (what BSON keeps of a datetime, so a key rebuilt from a
    stored `sort_at` is the stored key). The leading "k" matters: nx-27017 reads a string
    that starts like a date as a datetime and compares it with SQL datetime(), unindexed."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    at = at.astimezone(UTC)
    return f"k{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z"


def sort_key(at: datetime, rid: str) -> str:
    """One sortable string for (sort_at, _id): date spans and keyset pages are a single
    string range nx-27017 answers from an index (a datetime range or an `$or` it answers
    by sorting every match in Python: services/archive/README.md)."""
    return f"{span_key(at)}|{rid}"


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON (sorted keys, no spaces, UTF-8): the bytes that are hashed."""
    return json.dumps(to_jsonable_python(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def version_content(event: PlatformEvent) -> dict[str, Any]:
    """What one version of an item holds, JSON-safe (strings survive the database exactly)."""
    return to_jsonable_python({
        "text": event.text,
        "author": event.author.model_dump(mode="json"),
        "media": [m.model_dump(mode="json") for m in event.media],
        "links": list(event.links),
        "published_at": iso(event.published_at),
        "received_at": iso(event.received_at),
        "raw": event.raw,
        "kind": str(event.kind),
        "event_id": event.event_id,
    })


def leaf_entry(*, municipality: str, record_id: str, seq: str, kind: str, digest: str, at: datetime) -> dict[str, Any]:
    """What a log leaf says: which record, which version or event, the content's digest, when."""
    return {
        "schema": LEAF_SCHEMA,
        "municipality": municipality,
        "record_id": record_id,
        "entry": seq,
        "kind": kind,
        "content_sha256": digest,
        "at": at.isoformat(),
    }


def leaf_key(record_id: str, seq: str) -> str:
    return f"{record_id}:{seq}"
