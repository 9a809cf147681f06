"""The stored shape of records does not depend on how the archive's code types them: every
write path (an item, its re-poll, edit and deletion, a deletion of an item never seen, tags,
decisions and actions, a broadcast, a request, a registration queued, attempted and noted, a
hold, a cull) leaves in MongoDB, read back raw with pymongo, exactly the documents
`record_shapes.json` holds (captured from the code that wrote them as dicts: the same field
names, the same values and types, the same absent fields). Values a run makes anew (the
moments written, request ids) are compared by their type."""

from __future__ import annotations

import itertools
import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo import AsyncMongoClient

from services.archive.adapters.ledger import Ledger
from services.archive.adapters.requests import RequestStore
from services.archive.adapters.store import Record, RecordStore, record_document
from services.archive.app import records, registration, requests
from services.archive.domain.records import item_record_id
from shared.contracts import ItemTagged, MediaRef
from shared.contracts.archive import Culled, Hold, SifProgress

from .helpers import item

M = "eskilstuna"
SHAPES = Path(__file__).with_name("record_shapes.json")


class Broker:
    """Takes every event published (what is published is not this test's concern)."""

    async def publish(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def _plain(value: Any, since: datetime) -> Any:
    """The document as JSON: a datetime by its type and value (one written during the run as
    `<now>`), so dates and strings are told apart."""
    if isinstance(value, datetime):
        return "<now>" if since <= value < since + timedelta(hours=1) else {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {k: _plain(v, since) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, since) for v in value]
    return value


def _record(doc: dict[str, Any], since: datetime) -> dict[str, Any]:
    plain = _plain(doc, since)
    if plain["sort_at"] == "<now>":  # its key names the moment: compared by its form
        at, rid = plain["sort_key"].split("|")
        assert at.startswith("k") and datetime.fromisoformat(at[1:]) >= since and rid == doc["_id"], at
        plain["sort_key"] = "<now>|" + rid
    return plain


async def _write_every_kind(db: Any, monkeypatch: Any) -> dict[str, str]:
    store, ledger, broker = RecordStore(db), Ledger(db, Ed25519PrivateKey.generate()), Broker()
    counter = itertools.count()
    monkeypatch.setattr(requests, "new_id", lambda: f"id{next(counter)}")
    post = item(M, "post-1", "Snöröjningen på Ängsvägen startar i morgon", kind="post", direction="upprattad",
                author=("page-1", "Eskilstuna kommun"), n=1).model_copy(update={
                    "media": [MediaRef(url="https://example.org/plog.jpg", alt_text="En plog")]})
    comment = item(M, "c1", "Varför är det inte plogat? Ring mig 19811218-9876", n=2)
    for event in (post, comment, comment.model_copy(update={"event_id": "re-poll"}),
                  item(M, "c1", "Varför är det inte plogat än?", kind="edit", n=3),
                  item(M, "c1", "", kind="delete", n=4), item(M, "c2", "", kind="delete", n=5),
                  item(M, "c3", "Dölj mig", n=6), item(M, "c3", "", kind="hide", n=7)):
        await records.archive_item(store=store, ledger=ledger, broker=broker, event=event)  # type: ignore[arg-type]
    await records.attach_tags(store=store, tagged=ItemTagged.model_validate({
        "event_id": "tag-1", "municipality": M, "item_event_id": comment.event_id, "platform": "facebook",
        "account_id": "page-1", "item_id": "c1", "policy": M, "intents": ["complaint"], "severity": "low",
        "recommended_action": "review", "board": "Stadsbyggnadsnämnden",
        "tags": [{"category": "personal_data", "rule_id": "pnr", "spans": [{"start": 34, "end": 47,
                                                                            "text": "19811218-9876"}]}]}))
    upstream = [
        ("moderation.item.decided", {"event_id": "dec-1", "municipality": M, "item_event_id": comment.event_id,
                                     "item_id": "c1", "decision": "register", "reason": "Diarieförs",
                                     "actor_id": "u9", "actor_name": "Kim",
                                     "occurred_at": "2026-03-01T13:00:00+00:00"}),
        ("moderation.item.decided", {"event_id": "dec-2", "municipality": M, "item_id": "c3",
                                     "decision": "police_report", "by": {"user_id": "u9", "name": "Kim"}}),
        ("moderation.action.hide", {"event_id": "act-1", "municipality": M, "item_id": "c3", "action": "hide",
                                    "state": "executed", "platform": "facebook"}),
        ("notify.broadcast.approved", {"event_id": "bc-1", "municipality": M, "broadcast_id": "b1",
                                       "content": {"title": "Vattenläcka", "body": "Koka vattnet"},
                                       "approved_by": {"user_id": "u2", "name": "Krisledare"},
                                       "occurred_at": "2026-03-02T08:00:00+00:00"}),
        ("notify.delivery.confirmed", {"event_id": "del-1", "municipality": M, "platform": "facebook",
                                       "account_id": "page-1", "platform_post_id": "fb-77", "text": "Koka vattnet",
                                       "broadcast_id": "b1", "occurred_at": "2026-03-02T08:01:00+00:00"}),
    ]
    for subject, payload in upstream:
        await records.archive_upstream(store=store, ledger=ledger, subject=subject, payload=payload)
    c1, c3 = item_record_id(M, "facebook", "c1"), item_record_id(M, "facebook", "c3")
    await store.note_registration_attempt(c1, attempts=1, error="HTTP 503", failed=False,
                                          next_attempt_at=datetime(2030, 1, 1, tzinfo=UTC))
    await store.note_sif_progress(c1, SifProgress(case_number="KS 2026/1"))
    await registration.register_record(store=store, ledger=ledger, broker=broker, rid=c3,  # type: ignore[arg-type]
                                       diarienummer="KS 2026/9", registrar="Rut", board=None, case_reference="A1",
                                       manual=True)
    request = await requests.register_request(
        store=store, requests=RequestStore(db), ledger=ledger, actor={"user_id": "u3", "name": "Rut"},
        municipality=M, description="Allt om plogning", channel="e-post", requester_name=None,
        requester_contact=None, received_at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC), wants_json=False)
    post_id = item_record_id(M, "facebook", "post-1")
    await store.place_hold(Hold(id="hold-1", municipality=M, record_ids=[post_id], reason="Tvist",
                                placed_by={"user_id": "u1", "name": "Arkivarie"},
                                placed_at=datetime(2026, 3, 4, tzinfo=UTC)))
    c2 = item_record_id(M, "facebook", "c2")
    await store.cull(c2, Culled(run_id="run-1", at=datetime(2026, 3, 5, tzinfo=UTC), rule_id="r1", decision="g1",
                                by="Arkivarie"))
    return {"post": post_id, "comment": c1, "deleted_unseen": c2, "hidden": c3,
            "decision": await _id_of(db, "dec-1"), "police_report": await _id_of(db, "dec-2"),
            "action": await _id_of(db, "act-1"), "broadcast": await _id_of(db, "bc-1"),
            "delivery": await _id_of(db, "del-1"), "request": request.record_id or ""}


async def _id_of(db: Any, event_id: str) -> str:
    found = await db["records"].find_one({"item_event_ids": event_id, "source": {"$ne": "social"}})
    return found["_id"]


async def test_every_write_path_leaves_the_stored_shape_it_always_had(servers, monkeypatch) -> None:
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    db = client[f"shapes{uuid.uuid4().hex[:8]}"]
    since = datetime.now(UTC).replace(microsecond=0)
    try:
        ids = await _write_every_kind(db, monkeypatch)
        raw = {name: await db["records"].find_one({"_id": rid}) for name, rid in ids.items()}
        # Read typed (the store's read boundary), a record dumps to the document it was read from.
        assert {name: record_document(Record.model_validate(doc)) for name, doc in raw.items()} == raw
        written = {name: _record(doc, since) for name, doc in raw.items()}
    finally:
        await client.drop_database(db.name)
        await client.close()
    if os.environ.get("KANALVAKT_CAPTURE_SHAPES"):  # how record_shapes.json was made, once
        SHAPES.write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(SHAPES.read_text(encoding="utf-8"))
    for name in expected:
        assert written[name] == expected[name], name
        if name != "deleted_unseen":  # its `flags` now stands where every other item's record has it
            assert list(written[name]) == list(expected[name]), name  # the fields' order too
    assert written.keys() == expected.keys()


async def test_a_broadcasts_post_is_filed_under_the_accounts_platform_id(servers) -> None:
    """Found by a black-box probe: the crisis broadcast's Facebook post was filed under the
    registry's id, so the archive's account filter (platform ids) never found it."""
    client: AsyncMongoClient = AsyncMongoClient(servers.mongodb_url, tz_aware=True)
    db = client[f"shapes{uuid.uuid4().hex[:8]}"]
    try:
        store, ledger = RecordStore(db), Ledger(db, Ed25519PrivateKey.generate())
        for event_id, extra in (("del-new", {"platform_account_id": "100200300400"}), ("del-old", {})):
            await records.archive_upstream(store=store, ledger=ledger, subject="notify.delivery.confirmed", payload={
                "event_id": event_id, "municipality": M, "platform": "facebook", "account_id": "kn-fb",
                "platform_post_id": f"fb-{event_id}", "text": "Koka vattnet", "broadcast_id": "b1", **extra})
        filed = {doc["item_id"]: doc["account_id"] async for doc in db["records"].find({}, {"item_id": 1,
                                                                                         "account_id": 1})}
        assert filed == {"fb-del-new": "100200300400", "fb-del-old": "kn-fb"}
    finally:
        await client.drop_database(db.name)
        await client.close()
