"""Records (allmänna handlingar), their versions and everything done to them.

Only server behaviour the conformance suite proves (tests/integration/shared/
test_server_conformance.py): unique indexes for idempotency, single-document atomic
conditional updates instead of transactions, ordinary (multikey) indexes for search.
Every write is safe with several archive replicas and the CLIs running at once.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Literal

from pydantic import Field
from pymongo import ASCENDING, DESCENDING, ReturnDocument, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts import utcnow
from shared.contracts.base import AwareDatetime, Contract
from shared.contracts.archive import (Culled, CullingRun, DeletedOnPlatform, DisclosureEntry, Hold, Identified, Media,
                                     RecordDecision, RecordEvent, RecordTag, RecordView, Registration, SearchQuery,
                                     SifProgress, Staff, Stored, Version)
from shared.group_commit import GroupCommit, each_update, insert_once
from shared.mongo import IS_SET, contains, lacks

from ..domain.folding import query_terms
from ..domain.records import sort_key, span_key


# The fields registration is judged on (app/records.facts_of and mark_registration).
FACT_FIELDS = {f: 1 for f in ("municipality", "direction", "kind", "source", "categories", "intents", "removed",
                              "deleted_on_platform", "registration", "police_reported", "archived_at",
                              "published_at", "holds", "tag_verdicts_keys")}


# The lists of RecordFacts and Record default to a plain `[]` (pydantic copies it for each
# record), not `default_factory=list`: pydantic 2.14 takes a default factory's inspect.signature
# each time `model_construct` fills it in, hundreds of microseconds on every record written.

class RecordFacts(Identified):
    """What registration and retention are judged on (`FACT_FIELDS`), read from a record."""

    municipality: str
    direction: str | None = None
    kind: str | None = None
    source: str = "social"
    categories: list[str] = Field([])
    intents: list[str] = Field([])
    removed: bool | None = None
    deleted_on_platform: DeletedOnPlatform | None = None
    registration: Registration | None = None
    police_reported: bool | None = None
    archived_at: AwareDatetime | None = None
    published_at: AwareDatetime | None = None
    holds: list[str] = Field([])
    tag_verdicts_keys: list[str] = Field([], description="The tag verdicts attached, by event id.")


class CullingCandidate(RecordFacts):
    """A record a culling run looks at: its facts and what its protocol names."""

    content_sha256: str | None = None
    sort_at: AwareDatetime | None = None
    account_id: str | None = None
    platform: str | None = None


class TagVerdict(Stored):
    """Moderation's verdict on the item (`moderation.item.tagged`), kept on its record."""

    event_id: str
    policy: str
    severity: str
    recommended_action: Any = None
    intents: list[str]
    tags: list[RecordTag]
    at: AwareDatetime


class VersionEvent(Stored):
    """Which version an item's event made (`version_events`: a redelivered edit is not versioned twice)."""

    event_id: str
    version: int


class Record(RecordView, CullingCandidate):
    """A record as stored (`records`): what the queries give (`RecordView`), what it is judged
    on (`RecordFacts`), and what only the archive reads: the platform's payload (`raw`), the
    item's events, the search terms, the keys that make each append happen once. A record
    read back dumps to the document it was read from (absent fields stay absent,
    `shared.contracts.base.StoredShape`)."""

    parent_id: str | None = None
    subject: str | None = Field(None, description="The subject an upprättad record's event came on.")
    concerns_item_id: str | None = None
    concerns_request_id: str | None = None
    flags: list[str] = Field([])
    account_registered: bool | None = None
    item_event_ids: list[str] = Field([], description="Every event that delivered the item.")
    version_events: list[VersionEvent] = Field([])
    delivery_id: str | None = None
    raw: dict[str, Any] = Field({})
    sort_key: str | None = Field(None, description="(sort_at, _id) as one string: domain/records.sort_key.")
    terms: list[str] = Field([])
    words: list[str] = Field([])
    author_terms: list[str] = Field([])
    edited_at: AwareDatetime | None = None
    events_keys: list[str] = Field([])
    decisions_keys: list[str] = Field([])
    tag_verdicts: list[TagVerdict] = Field([])
    severity: str | None = None
    hidden_on_platform: bool | None = None


# What a record is searched by, never shown or handed out.
SEARCH_FIELDS = {"terms", "words", "author_terms"}

# A new record's fields in the order they have always been stored in (the contracts' order
# differs); a field not listed (written later by an update) follows.
STORED_ORDER = ("id", "municipality", "source", "platform", "account_id", "item_id", "concerns_item_id", "thread_id",
                "parent_id", "kind", "subject", "direction", "published_at", "received_at", "flags",
                "account_registered", "item_event_ids", "version_events", "delivery_id", "concerns_request_id",
                "author", "text", "media", "links", "raw", "archived_at", "sort_at", "sort_key", "version",
                "content_sha256", "terms", "words", "author_terms", "tags", "categories", "intents", "decisions",
                "events", "holds", "registration", "culled", "deleted_on_platform")


def in_stored_order(record: Record, *, exclude: set[str] | None = None, id_as: str = "id") -> dict[str, Any]:
    """The record's fields in `STORED_ORDER` (the record's JSON in an export reads as stored), its
    id named `id_as`."""
    fields = record.model_dump(exclude=exclude)
    ordered = {id_as if name == "id" else name: fields.pop(name) for name in STORED_ORDER if name in fields}
    return ordered | fields


def record_document(record: Record) -> dict[str, Any]:
    """The record as it is stored: `_id` first, then its fields in `STORED_ORDER`."""
    return in_stored_order(record, id_as="_id")


class Edit(Contract):
    """What a new version of an item changes on its record (the item edited on the platform)."""

    text: str
    raw: dict[str, Any]
    media: list[Media]
    links: list[Any]
    terms: list[str]
    words: list[str]
    content_sha256: str
    edited_at: AwareDatetime


class Registered(Registration):
    """A registration as noted on the record (from the records system's answer or by hand)."""

    status: Literal["registered"] = "registered"
    diarienummer: str
    board: str | None
    case_reference: str | None
    registrar: str
    registered_at: AwareDatetime
    manual: bool
    rule_id: str | None
    document_number: str | None
    system: str


class Disclosure(DisclosureEntry):
    """A disclosure as logged (`disclosures`): the entry staff list, and the documents handed out."""

    html: str
    pdf: bytes


def document(model: Identified) -> dict[str, Any]:
    """A typed document as it is stored: `id` as `_id`, then the fields it was made with."""
    return {"_id": model.id, **model.model_dump(exclude={"id"})}


def key_range(date_from: datetime | None, date_to: datetime | None, *, after: str | None = None,
              descending: bool = False) -> dict[str, str]:
    """The `sort_key` range of a date span [date_from, date_to) continued after the page
    token's key `after`: one comparison per bound, the tighter one (tests/integration/
    shared/test_server_conformance.py proves this shape on nx-27017)."""
    lower = ("$gte", span_key(date_from)) if date_from else None
    upper = ("$lt", span_key(date_to)) if date_to else None
    if after is not None:
        if descending and (upper is None or after < upper[1]):
            upper = ("$lt", after)
        elif not descending and (lower is None or after >= lower[1]):
            lower = ("$gt", after)
    return dict(bound for bound in (lower, upper) if bound)


class RecordStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db
        self.records = db["records"]
        self.versions = db["versions"]
        self.holds = db["holds"]
        self.culling_runs = db["culling_runs"]
        self.disclosures = db["disclosures"]
        self.audit = db["audit"]
        # Concurrent handlers' first writes go to the database together (shared/group_commit.py).
        self._insert_record = insert_once(self.records)
        self._insert_version = insert_once(self.versions)
        self._update_record = each_update(self.records)
        self._read_facts = GroupCommit(self._find_facts)

    async def ensure_indexes(self) -> None:
        r = self.records
        # Every search index ends in sort_key ((sort_at, _id) as one string, domain/records.
        # sort_key), the order results are paged in, so the server walks the index in order
        # and stops at the page size; a date span or a page token is one string range on it.
        # (`_id` as a last key makes nx-27017 refuse every insert: "JSON path error near '_id'";
        # a datetime range on sort_at is never pushed down to SQL.)
        for fields in ((), ("terms",), ("account_id",), ("author.platform_id",), ("thread_id",), ("categories",),
                       ("author_terms",), ("direction",), ("source", "account_id")):
            await r.create_index([("municipality", 1), *((f, 1) for f in fields), ("sort_key", 1)])
        await r.create_index([("municipality", 1), ("item_id", 1)])
        await r.create_index([("municipality", 1), ("item_event_ids", 1)])
        await r.create_index([("registration.status", 1), ("registration.next_attempt_at", 1)])
        await self.versions.create_index([("record_id", 1), ("version", 1)], unique=True)
        await self.holds.create_index([("municipality", 1), ("released_at", 1)])
        await self.culling_runs.create_index([("municipality", 1), ("started_at", -1)])
        await self.disclosures.create_index([("municipality", 1), ("requested_at", -1)])

    # --- records and versions ---------------------------------------------------

    async def insert_record(self, record: Record) -> bool:
        """Create the record with its first version; False if it already existed."""
        return await self._insert_record(record_document(record))

    async def put_version(self, version: Version) -> None:
        """Idempotent: a version is written once (same _id on redelivery)."""
        await self._insert_version(document(version))

    async def bump_version(self, rid: str, event_id: str, edit: Edit) -> int | None:
        """Apply a new version to the record once per event; its version number, or None if
        the event was applied already (the number is then in `version_events`)."""
        doc = await self.records.find_one_and_update(
            {"_id": rid, "item_event_ids": lacks(event_id)},
            {"$inc": {"version": 1}, "$set": edit.model_dump(), "$push": {"item_event_ids": event_id}},
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:
            return None
        await self.records.update_one({"_id": rid}, {"$push": {"version_events": {"event_id": event_id,
                                                                                   "version": doc["version"]}}})
        return int(doc["version"])

    async def note_item_event(self, rid: str, event_id: str) -> None:
        """The same item delivered again under another event id: noted, not versioned."""
        await self.records.update_one({"_id": rid}, {"$addToSet": {"item_event_ids": event_id}})

    async def version_of_event(self, rid: str, event_id: str) -> int | None:
        doc = await self.records.find_one({"_id": rid}, {"version_events": 1, "item_event_ids": 1, "version": 1})
        if doc is None:
            return None
        for entry in doc.get("version_events", []):
            if entry["event_id"] == event_id:
                return int(entry["version"])
        if event_id in doc.get("item_event_ids", []):
            return int(doc.get("version", 1))  # crashed between the two writes: last bump was ours
        return None

    async def add_event(self, rid: str, event: RecordEvent) -> bool:
        """Append an event (deleted on the platform, hidden…) once; False if already there."""
        return await self._attach(rid, "events", event.model_dump())

    async def attach_decision(self, rid: str, decision: RecordDecision) -> bool:
        """A decision on the item (moderation's, by its event) joins its record once."""
        return await self._attach(rid, "decisions", decision.model_dump())

    async def attach_tag_verdict(self, rid: str, verdict: TagVerdict, *, categories: list[str],
                                 intents: list[str]) -> None:
        """Moderation's verdict, its tags, categories and intents and its severity on the record:
        once per verdict, in one atomic single-document update, sent with the updates of the
        handlers running at the same time (shared/group_commit.py)."""
        entry = verdict.model_dump()
        keys = "tag_verdicts_keys"
        update = {"$addToSet": {"categories": {"$each": categories}, "intents": {"$each": intents}},
                  "$push": {"tags": {"$each": entry["tags"]}, "tag_verdicts": entry, keys: verdict.event_id},
                  "$set": {"severity": verdict.severity}}
        await self._update_record(UpdateOne({"_id": rid, keys: lacks(verdict.event_id)}, update))

    async def _attach(self, rid: str, list_field: str, entry: dict[str, Any], key: str = "event_id") -> bool:
        """Append `entry` to the record's `list_field` once: its key goes into the top-level
        `<list_field>_keys` in the same atomic update, and that array guards the append."""
        keys = f"{list_field}_keys"
        result = await self.records.update_one(
            {"_id": rid, keys: lacks(entry[key])}, {"$push": {list_field: entry, keys: entry[key]}}
        )
        return result.modified_count == 1

    async def _set(self, rid: str, fields: dict[str, Any], *, unless: dict[str, Any] | None = None) -> bool:
        result = await self.records.update_one({"_id": rid, **(unless or {})}, {"$set": fields})
        return result.matched_count == 1

    async def note_deleted(self, rid: str, *, at: datetime, event_id: str) -> None:
        """Deleted on the platform (the first deletion counts)."""
        await self._set(rid, {"deleted_on_platform": DeletedOnPlatform(at=at, event_id=event_id).model_dump()},
                        unless={"deleted_on_platform": None})

    async def note_hidden(self, rid: str, hidden: bool) -> None:
        await self._set(rid, {"hidden_on_platform": hidden})

    async def note_removed(self, rid: str) -> None:
        """Removed by the municipality (moderation's hide or remove, executed)."""
        await self._set(rid, {"removed": True})

    async def note_police_reported(self, rid: str) -> None:
        await self._set(rid, {"police_reported": True})

    async def queue_registration(self, rid: str, *, rule_id: str | None, reason: str, board: str | None,
                                 next_attempt_at: datetime, requested_at: datetime) -> None:
        """Pending for the case-management system, unless it is pending, registered or failed already."""
        await self._set(rid, {"registration": {
            "status": "pending", "rule_id": rule_id, "reason": reason, "board": board, "attempts": 0,
            "next_attempt_at": next_attempt_at, "requested_at": requested_at}},
            unless={"registration.status": {"$nin": ["pending", "registered", "failed"]}})

    async def note_registered(self, rid: str, registration: Registered) -> None:
        await self._set(rid, {"registration": registration.model_dump()})

    async def note_registration_attempt(self, rid: str, *, attempts: int, error: str, failed: bool,
                                        next_attempt_at: datetime) -> None:
        """An attempt that did not register: retried at `next_attempt_at`, or `failed` (given up)."""
        await self._set(rid, {
            "registration.attempts": attempts, "registration.last_error": error,
            "registration.status": "failed" if failed else "pending",
            "registration.next_attempt_at": next_attempt_at})

    async def note_sif_progress(self, rid: str, progress: SifProgress) -> None:
        """The Public 360 steps done so far (adapters/public360.py), so a retry resumes there."""
        await self._set(rid, {"registration.sif": progress.model_dump()})

    async def facts(self, rid: str) -> RecordFacts | None:
        """What registration is judged on (services/archive/app/records.facts_of), for many
        records asked at the same time in one query; None if there is no such record."""
        found = await self._read_facts(rid)
        return RecordFacts.model_validate(found) if found else None

    async def _find_facts(self, rids: list[str]) -> list[dict[str, Any] | None]:
        found = {d["_id"]: d for d in await self.records.find({"_id": {"$in": sorted(set(rids))}},
                                                                FACT_FIELDS).to_list()}
        return [found.get(rid) for rid in rids]

    async def get(self, municipality: str, rid: str) -> Record | None:
        found = await self.records.find_one({"_id": rid, "municipality": municipality})
        return Record.model_validate(found) if found else None

    async def get_any(self, rid: str) -> Record | None:
        found = await self.records.find_one({"_id": rid})
        return Record.model_validate(found) if found else None

    async def find_item(self, municipality: str, *, item_id: str | None = None,
                        item_event_id: str | None = None) -> str | None:
        """The id of the record of a social item, by one of its events or by its id on the platform."""
        if item_event_id:
            found = await self.records.find_one({"municipality": municipality,
                                                 "item_event_ids": contains(item_event_id)})
            if found:
                return found["_id"]
        if item_id:
            found = await self.records.find_one({"municipality": municipality, "item_id": item_id,
                                                 "source": "social"})
            return found["_id"] if found else None
        return None

    async def versions_of(self, rid: str) -> list[Version]:
        return [Version.model_validate(doc) for doc in
                await self.versions.find({"record_id": {"$eq": rid}}).sort("version", 1).to_list()]  # see search

    async def list(self, municipality: str, *, item_id: str | None = None, limit: int = 50) -> list[RecordView]:
        query: dict[str, Any] = {"municipality": municipality}
        if item_id:
            query["item_id"] = item_id
        return [RecordView.model_validate(doc) for doc in await self.records.find(
            query, {"terms": 0, "words": 0, "sort_key": 0}).sort("sort_key", 1).limit(limit).to_list()]

    # --- search ------------------------------------------------------------------

    async def search(self, q: SearchQuery) -> tuple[builtins.list[RecordView], str | None]:
        """Chronological, keyset-paginated search; returns (records, next page token).
        Scalar fields are matched with `$eq`: nx-27017 reads a bare value as "equal, or an
        array holding it", an OR no index serves (every search sorted the whole collection:
        devtools/bench/archive_scale.py); `$eq` is a comparison the indexes above serve, and
        on MongoDB it means the same."""
        query: dict[str, Any] = {"municipality": {"$eq": q.municipality}}
        longer: list[str] = []
        if q.text:
            lookups = query_terms(q.text)
            if lookups:
                query["terms"] = {"$all": [term for term, _ in lookups]}
                # A word longer than the indexed prefixes is confirmed against the full
                # words here: a `$regex` on an array field finds nothing on nx-27017.
                longer = [full for _, full in lookups if full]
        for field, value in (("account_id", q.account_id), ("author.platform_id", q.author_id),
                             ("platform", q.platform), ("direction", q.direction), ("thread_id", q.thread_id),
                             ("kind", q.kind), ("source", q.source), ("registration.status", q.registration_status)):
            if value is not None:
                query[field] = {"$eq": str(value)}
        if q.category:
            query["categories"] = contains(q.category)
        if q.author_name:
            author_terms = [term for term, _ in query_terms(q.author_name)]
            if author_terms:
                query.setdefault("$and", []).append({"author_terms": {"$all": author_terms}})
        if q.deleted is not None:
            query["deleted_on_platform"] = IS_SET if q.deleted else None
        after = sort_key(*q.decode_token()) if q.page_token else None
        if span := key_range(q.date_from, q.date_to, after=after, descending=q.newest_first):
            query["sort_key"] = span
        direction = DESCENDING if q.newest_first else ASCENDING
        projection = {"terms": 0, "author_terms": 0, "raw": 0, "sort_key": 0} if longer else {
            "terms": 0, "words": 0, "author_terms": 0, "raw": 0, "sort_key": 0}
        order = [("sort_key", direction)]

        def wanted(doc: dict[str, Any]) -> bool:
            return all(any(w.startswith(full) for w in doc.get("words", [])) for full in longer)

        if longer:
            # Long words are confirmed here: read a limited page with room to spare, a larger
            # one only if too few are confirmed (a cursor without a limit made nx-27017 read
            # every match before answering).
            fetch = 2 * q.limit + 50
            while True:
                rows = await self.records.find(query, projection).sort(order).limit(fetch).to_list()
                docs = [doc for doc in rows if wanted(doc)][: q.limit + 1]
                if len(docs) > q.limit or len(rows) < fetch:
                    break
                fetch *= 4
            for doc in docs:
                doc.pop("words", None)
        else:
            docs = await self.records.find(query, projection).sort(order).limit(q.limit + 1).to_list()
        token = None
        if len(docs) > q.limit:
            docs = docs[: q.limit]
            token = SearchQuery.encode_token(docs[-1]["sort_at"], docs[-1]["_id"])
        return [RecordView.model_validate(doc) for doc in docs], token

    async def in_pages(self, municipality: str, *, account_id: str | None, date_from: datetime | None,
                       date_to: datetime | None, page_size: int) -> AsyncIterator[builtins.list[Record]]:
        """Records in (sort_at, _id) order, a page at a time (the E-ARK export): keyset on
        sort_key along the search indexes, one string range per page (key_range)."""
        base: dict[str, Any] = {"municipality": {"$eq": municipality}}
        if account_id:
            base["account_id"] = {"$eq": account_id}
        after: str | None = None
        projection = {"terms": 0, "words": 0, "author_terms": 0}
        while True:
            query = dict(base)
            if span := key_range(date_from, date_to, after=after):
                query["sort_key"] = span
            page = await self.records.find(query, projection).sort("sort_key", 1).limit(page_size).to_list()
            if not page:
                return
            after = page[-1]["sort_key"]
            for doc in page:
                doc.pop("sort_key", None)
            yield [Record.model_validate(doc) for doc in page]

    # --- registration outbox -------------------------------------------------------

    async def due_registrations(self, now: datetime, limit: int = 50) -> builtins.list[Record]:
        return [Record.model_validate(doc) for doc in await self.records.find(
            {"registration.status": "pending", "registration.next_attempt_at": {"$lte": now}}
        ).limit(limit).to_list()]

    # --- holds ---------------------------------------------------------------------

    async def place_hold(self, hold: Hold) -> None:
        try:
            await self.holds.insert_one(document(hold))
        except DuplicateKeyError:
            return
        await self.records.update_many({"_id": {"$in": hold.record_ids}, "municipality": hold.municipality},
                                       {"$addToSet": {"holds": hold.id}})

    async def release_hold(self, municipality: str, hold_id: str, by: Staff, reason: str) -> bool:
        result = await self.holds.update_one(
            {"_id": hold_id, "municipality": municipality, "released_at": None},
            {"$set": {"released_at": utcnow(), "released_by": by.model_dump(), "release_reason": reason}})
        if result.modified_count:
            await self.records.update_many({"municipality": municipality, "holds": contains(hold_id)},
                                           {"$pull": {"holds": hold_id}})
        return result.modified_count == 1

    async def list_holds(self, municipality: str, *, active: bool | None, limit: int) -> builtins.list[Hold]:
        query: dict[str, Any] = {"municipality": municipality}
        if active is not None:
            query["released_at"] = None if active else IS_SET
        return [Hold.model_validate(doc) for doc in
                await self.holds.find(query).sort("placed_at", -1).limit(limit).to_list()]

    # --- culling -------------------------------------------------------------------

    async def culling_candidates(self, municipality: str, *, after_id: str | None,
                                 batch: int) -> builtins.list[CullingCandidate]:
        query: dict[str, Any] = {"municipality": municipality, "culled": None}
        if after_id:
            query["_id"] = {"$gt": after_id}
        projection = {"raw": 0, "terms": 0, "words": 0, "author_terms": 0, "text": 0}
        return [CullingCandidate.model_validate(doc) for doc in
                await self.records.find(query, projection).sort("_id", 1).limit(batch).to_list()]

    async def cull(self, rid: str, culled: Culled) -> bool:
        """Remove the content (text, raw, media, author, versions' content); keep the
        record's metadata, its digests and its log leaves. Refused if a hold appeared."""
        changes = {"$set": {"culled": culled.model_dump(), "text": "", "raw": {}, "media": [], "links": [], "terms": [],
                            "words": [], "author": {"platform_id": "", "name": None, "profile_url": None},
                            "author_terms": []}}
        # "No hold" is two single-condition updates, not one `$or` (not atomic on nx-27017):
        # a hold placed at the same moment makes the condition false, never half-culled.
        for no_hold in ({"holds": {"$size": 0}}, {"holds": None}):
            result = await self.records.update_one({"_id": rid, "culled": None, **no_hold}, changes)
            if result.modified_count:
                await self.versions.update_many({"record_id": rid}, {"$set": {"content": None, "culled": True}})
                return True
        return False

    async def save_run(self, run: CullingRun) -> None:
        await self.culling_runs.replace_one({"_id": run.id}, document(run), upsert=True)

    async def list_runs(self, municipality: str, limit: int) -> builtins.list[CullingRun]:
        return [CullingRun.model_validate(doc) for doc in await self.culling_runs.find(
            {"municipality": municipality}).sort("started_at", -1).limit(limit).to_list()]

    async def get_run(self, municipality: str, run_id: str) -> CullingRun | None:
        found = await self.culling_runs.find_one({"_id": run_id, "municipality": municipality})
        return CullingRun.model_validate(found) if found else None

    # --- disclosure log, audit -----------------------------------------------------

    async def log_disclosure(self, entry: Disclosure) -> None:
        await self.disclosures.insert_one(document(entry))

    async def list_disclosures(self, municipality: str, limit: int) -> builtins.list[DisclosureEntry]:
        return [DisclosureEntry.model_validate(doc) for doc in await self.disclosures.find(
            {"municipality": municipality}, {"html": 0, "pdf": 0}).sort("requested_at", -1).limit(limit).to_list()]

    async def get_disclosure(self, municipality: str, disclosure_id: str) -> Disclosure | None:
        found = await self.disclosures.find_one({"_id": disclosure_id, "municipality": municipality})
        return Disclosure.model_validate(found) if found else None

    async def last_snapshot_at(self, municipality: str, account_id: str) -> datetime | None:
        """When the account's page was last snapshot (the latest snapshot record's `sort_at`)."""
        last = await self.records.find_one({"municipality": municipality, "source": "snapshot",
                                            "account_id": account_id}, sort=[("sort_key", -1)])
        return last["sort_at"] if last else None

    async def municipalities(self) -> builtins.list[str]:
        return sorted(await self.records.distinct("municipality"))
