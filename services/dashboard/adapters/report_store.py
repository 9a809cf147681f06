"""The reports' projection in the dashboard's own database: `report_facts` (one per event,
read by `_id`), `report_buckets` (counters per account and day), `report_lists` (rows a
report lists) and `report_accounts` (registry's accounts as last published). The use
cases that fill it are app/reports/projection.py, which says how it stays right."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

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

    async def fact(self, fact_id: str) -> dict[str, Any] | None:
        return await self.facts.find_one({"_id": fact_id})

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

    async def remember(self, doc: dict[str, Any]) -> None:
        """The event's fact, written last: from now on the event is a duplicate."""
        await self.facts.replace_one({"_id": doc["_id"]}, doc, upsert=True)

    async def list_row(self, doc: dict[str, Any]) -> None:
        """A row a report lists (idempotent: the same `_id` again replaces it with itself)."""
        await self.lists.replace_one({"_id": doc["_id"]}, doc, upsert=True)

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

    async def listed(self, kind: str, scope: domain.Scope, period: Period, *, limit: int = 500
                       ) -> list[dict[str, Any]]:
        cursor = self.lists.find(
            {"kind": kind, "municipality": scope.municipality,
             "day": {"$gte": period.first.isoformat(), "$lte": period.last.isoformat()}}
        ).sort("day", DESCENDING).limit(limit * 4)
        found = [d async for d in cursor
                 if not d.get("account") or scope.allows(domain.account_key(d.get("platform", ""), d["account"]))]
        return found[:limit]

    async def deliveries(self, broadcast_ids: list[str]) -> list[dict[str, Any]]:
        if not broadcast_ids:
            return []
        return await self.lists.find({"kind": "delivery", "broadcast_id": {"$in": broadcast_ids}}).to_list()

    async def registry_accounts(self, municipality: str) -> list[dict[str, Any]]:
        return await self.accounts.find({"municipality": municipality}).sort("name", ASCENDING).to_list()
