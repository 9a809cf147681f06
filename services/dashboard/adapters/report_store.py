"""The reports' projection in the dashboard's own database: `report_facts` (one per event,
read by `_id`), `report_buckets` (counters per account and day), `report_lists` (rows a
report lists) and `report_accounts` (registry's accounts as last published). The use
cases that fill it are app/reports/projection.py, which says how it stays right."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.logging import get_logger

from ..domain import reports as domain
from ..domain.reports import Period

log = get_logger(__name__)

# Families of buckets, each written by one consumer only.
VOLUME, MODERATION, RECORDS, CULLING_RUNS = "vol", "mod", "arc", "run"
# Counters are top-level fields `n:<name>`: a dotted path (`n.<name>`) in an upsert is
# stored as a nested document by MongoDB but as one flat field by nx-27017.
COUNTER = "n:"
# Families also counted per account and month, so a month's report reads one document per
# account instead of one per day (the answer-time histograms make these buckets large).
ROLLED_UP = {MODERATION, RECORDS}
MONTHLY = "-m"


@dataclass
class Sums:
    """Counters of one family over a period, summed in total, per account, day and platform."""

    total: Counter[str] = field(default_factory=Counter)
    accounts: dict[str, Counter[str]] = field(default_factory=dict)
    days: dict[str, Counter[str]] = field(default_factory=dict)
    platforms: dict[str, Counter[str]] = field(default_factory=dict)


class Document(BaseModel):
    """A document of the projection, `_id` as `id`. Written with exactly the fields it was
    given (`exclude_unset`), so each kind keeps the shape it has always had."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id")

    def document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_unset=True)


class Fact(Document):
    """One per event counted (`<kind>:<event's id>`; a duplicate event finds it), and the
    few facts a later event looks up: a tagged item's arrival, a decision, a record's account."""

    kind: str
    municipality: str
    day: str | None = None
    item_event_id: str | None = None
    platform: str | None = None
    account: str | None = None
    received_at: datetime | None = None
    question: bool | None = None
    met_at: datetime | None = None
    working_seconds: int | float | None = None
    decision: str | None = None
    decision_id: str | None = None
    automatic: bool | None = None
    at: datetime | None = None


class Breach(Document):
    """A clock moderation reported breached (`report_lists`, kind `breach`)."""

    kind: Literal["breach"]
    municipality: str
    day: str
    item_event_id: str
    platform: str
    account: str
    clock: str
    due_at: datetime | None = None
    tier: str | None = None
    started_at: datetime | None = None


class RequestRow(Document):
    """A request for allmän handling decided (kind `request`)."""

    kind: Literal["request"]
    municipality: str
    day: str
    request_id: str
    outcome: str
    received_at: datetime
    due_at: datetime
    decided_at: datetime


class BroadcastRow(Document):
    """An approved crisis broadcast (kind `broadcast`)."""

    kind: Literal["broadcast"]
    municipality: str
    day: str
    broadcast_id: str
    title: str
    broadcast_kind: str
    approved_at: datetime
    approved_by: str


class DeliveryRow(Document):
    """A channel's delivery receipt for a broadcast (kind `delivery`)."""

    kind: Literal["delivery"]
    municipality: str
    broadcast_id: str
    delivery_id: str
    channel: str
    platform: str | None = None
    account_id: str | None = None
    state: str
    at: datetime
    url: str | None = None


Row = Breach | RequestRow | BroadcastRow | DeliveryRow


class RegistryAccount(Document):
    """An account as registry last published it (`report_accounts`): its facts from
    `registry.account.*`, its review from `registry.review.due`, a recommendation to close.
    Saved as the fields given, so each event sets only its own."""

    municipality: str
    sequence: int = 0
    platform: str = ""
    platform_account_id: str = ""
    name: str | None = None
    tier: str | None = None
    state: str | None = None
    unit: str | None = None
    board: str | None = None
    administration: str | None = None
    responsible_function: str | None = None
    url: str | None = None
    gaps: list[str] = Field(default_factory=list)
    changed_at: datetime | None = None
    review_due_at: datetime | None = None
    review_overdue: bool | None = None
    close_recommended: list[str] = Field(default_factory=list)
    close_recommended_at: datetime | None = None


class ReportStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.facts = db["report_facts"]  # read by `_id` only: one per event, and a few lookups
        self.lists = db["report_lists"]  # what a report lists row by row: breaches, broadcasts, deliveries
        self.buckets = db["report_buckets"]
        self.accounts = db["report_accounts"]

    async def ensure_indexes(self) -> None:
        await self.buckets.create_index([("family", ASCENDING), ("municipality", ASCENDING), ("day", ASCENDING)])
        await self.lists.create_index([("kind", ASCENDING), ("municipality", ASCENDING), ("day", ASCENDING)])
        await self.lists.create_index([("kind", ASCENDING), ("broadcast_id", ASCENDING)], sparse=True)
        await self.accounts.create_index([("municipality", ASCENDING)])

    # ---- writing (one consumer per family) ----------------------------------------------

    async def seen(self, fact_id: str) -> bool:
        return await self.facts.find_one({"_id": fact_id}, {"_id": 1}) is not None

    async def fact(self, fact_id: str) -> Fact | None:
        found = await self.facts.find_one({"_id": fact_id})
        return Fact.model_validate(found) if found else None

    async def count(self, *, family: str, municipality: str, platform: str, account: str, day: str,
                    counters: dict[str, int], event_id: str) -> None:
        """Add `counters` to one bucket, once per event (see the module's docstring)."""
        if not counters:
            return
        if family in ROLLED_UP:
            await self._count_once(family + MONTHLY, municipality, platform, account, day[:7], counters, event_id)
        await self._count_once(family, municipality, platform, account, day, counters, event_id)

    async def _count_once(self, family: str, municipality: str, platform: str, account: str, day: str,
                          counters: dict[str, int], event_id: str) -> None:
        bucket_id = "|".join((family, municipality, platform, account, day))
        try:
            await self.buckets.update_one(
                {"_id": bucket_id, "last_event": {"$ne": event_id}},
                {"$inc": {COUNTER + key: value for key, value in counters.items()}, "$set": {"last_event": event_id},
                 "$setOnInsert": {"family": family, "municipality": municipality, "platform": platform,
                                  "account": account, "day": day}},
                upsert=True)
        except DuplicateKeyError:  # the bucket exists and already counted this event: a redelivery
            log.info("report.bucket_already_counted", bucket=bucket_id, event_id=event_id)

    async def remember(self, fact: Fact) -> None:
        """The event's fact, written last: from now on the event is a duplicate."""
        await self.facts.replace_one({"_id": fact.id}, fact.document(), upsert=True)

    async def list_row(self, row: Row) -> None:
        """A row a report lists (idempotent: the same `_id` again replaces it with itself)."""
        await self.lists.replace_one({"_id": row.id}, row.document(), upsert=True)

    async def registry_account(self, account_id: str) -> RegistryAccount | None:
        found = await self.accounts.find_one({"_id": account_id})
        return RegistryAccount.model_validate(found) if found else None

    async def save_account(self, account: RegistryAccount) -> None:
        """Sets the fields `account` was given (a single consumer writes them: read, then write)."""
        changes = {k: v for k, v in account.document().items() if k != "_id"}
        await self.accounts.update_one({"_id": account.id}, {"$set": changes}, upsert=True)

    # ---- reading -------------------------------------------------------------------------

    async def sums(self, family: str, scope: domain.Scope, period: Period, *, per_day: bool = False) -> Sums:
        """The family's counters over the period. Whole months come from the monthly
        buckets where the family has them (and days are not asked for); the rest by day."""
        out = Sums()
        base = {"municipality": scope.municipality}
        if family in ROLLED_UP and not per_day:
            months, ranges = period.whole_months(), period.partial_ranges()
            queries = [base | {"family": family + MONTHLY, "day": {"$in": months}}] if months else []
        else:
            ranges, queries = [(period.first.isoformat(), period.last.isoformat())], []
        queries += [base | {"family": family, "day": {"$gte": first, "$lte": last}} for first, last in ranges]
        for query in queries:
            async for doc in self.buckets.find(query, {"_id": 0, "last_event": 0, "family": 0, "municipality": 0}):
                key = domain.account_key(doc["platform"], doc["account"])
                if family != CULLING_RUNS and not scope.allows(key):
                    continue
                counters = {k[len(COUNTER):]: v for k, v in doc.items() if k.startswith(COUNTER)}
                domain.add_into(out.total, counters)
                domain.add_into(out.accounts.setdefault(key, Counter()), counters)
                domain.add_into(out.platforms.setdefault(doc["platform"], Counter()), counters)
                if per_day:
                    domain.add_into(out.days.setdefault(doc["day"], Counter()), counters)
        return out

    async def _listed(self, kind: str, scope: domain.Scope, period: Period, *, limit: int) -> list[dict[str, Any]]:
        cursor = self.lists.find(
            {"kind": kind, "municipality": scope.municipality,
             "day": {"$gte": period.first.isoformat(), "$lte": period.last.isoformat()}}
        ).sort("day", DESCENDING).limit(limit * 4)
        found = [d async for d in cursor
                 if not d.get("account") or scope.allows(domain.account_key(d.get("platform", ""), d["account"]))]
        return found[:limit]

    async def breaches(self, scope: domain.Scope, period: Period, *, limit: int = 500) -> list[Breach]:
        return [Breach.model_validate(d) for d in await self._listed("breach", scope, period, limit=limit)]

    async def requests_decided(self, scope: domain.Scope, period: Period, *, limit: int = 500) -> list[RequestRow]:
        return [RequestRow.model_validate(d) for d in await self._listed("request", scope, period, limit=limit)]

    async def broadcasts(self, scope: domain.Scope, period: Period, *, limit: int = 500) -> list[BroadcastRow]:
        return [BroadcastRow.model_validate(d) for d in await self._listed("broadcast", scope, period, limit=limit)]

    async def deliveries(self, broadcast_ids: list[str]) -> list[DeliveryRow]:
        if not broadcast_ids:
            return []
        found = await self.lists.find({"kind": "delivery", "broadcast_id": {"$in": broadcast_ids}}).to_list()
        return [DeliveryRow.model_validate(d) for d in found]

    async def registry_accounts(self, municipality: str) -> list[RegistryAccount]:
        found = await self.accounts.find({"municipality": municipality}).sort("name", ASCENDING).to_list()
        return [RegistryAccount.model_validate(d) for d in found]
