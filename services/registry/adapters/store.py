"""Accounts (with their audit trail and an outbox of events not yet published) and the
activity seen on them.

Each account is one document: a lifecycle step changes the state, appends to the history
and queues its event in the same single-document update, guarded by the account's
version (optimistic concurrency; no transactions needed). Events leave the outbox only
after JetStream acknowledged them, so a crash between the write and the publish loses
nothing: the follow-up sweep publishes what is left."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts.registry import AccountState, AccountTier, Change
from shared.contracts.social import Direction, Platform
from shared.group_commit import insert_once
from shared.mongo import DuplicateKeyError

from ..domain.activity import INBOUND_KINDS, RATE_WINDOW_WEEKS, UPDATE_KINDS, ActivitySummary, Windows
from ..domain.model import Account

MAX_ANSWER_IDS = 5000
#: Written only by the follow-up sweep (`note_review_notice`, `note_close_recommended`), so a
#: lifecycle write from a stale read never undoes "this notice was sent".
BOOKKEEPING = ("review_due_notified_for", "review_overdue_notified_for", "close_recommended_for")


class Conflict(Exception):
    """Someone else changed the account between our read and our write."""


class PlatformIdTaken(Exception):
    """Another account already has this id on the platform (or this account id exists)."""


@dataclass(frozen=True)
class OutboxItem:
    """An event kept in its account's outbox until JetStream has acknowledged it."""

    event_id: str
    kind: str  # which contract `body` is (adapters/outbox.py: EVENT_TYPES)
    subject: str
    body: str  # the event as JSON

    def doc(self) -> dict[str, str]:
        # Always these keys in this order: `pull_outbox` removes the item by exact match.
        return {"event_id": self.event_id, "kind": self.kind, "subject": self.subject, "body": self.body}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> OutboxItem:
        return cls(event_id=doc["event_id"], kind=doc["kind"], subject=doc["subject"], body=doc["body"])


@dataclass(frozen=True)
class PendingOutbox:
    """An account whose outbox still holds events."""

    account_id: str
    items: list[OutboxItem]


def to_bson(value: Any) -> Any:
    """Enums as their values; everything else as PyMongo takes it (aware datetimes stay dates)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_bson(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_bson(v) for v in value]
    return value


def account_doc(account: Account) -> dict[str, Any]:
    doc = to_bson(account.model_dump(mode="python"))
    doc["_id"] = account.account_id
    doc["platform_key"] = account.platform_key()
    # Flat copies of the facts other services filter on.
    doc["unit"] = account.responsibilities.unit
    doc["board"] = account.responsibilities.board
    doc["administration"] = account.responsibilities.administration
    return doc


def load_account(doc: dict[str, Any]) -> Account:
    return Account.model_validate(doc)


class AccountStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.accounts = db["accounts"]
        self.activity = db["activity"]
        self._insert_activity = insert_once(self.activity)  # with the items handled at the same time

    async def ensure_indexes(self) -> None:
        await self.accounts.create_index([("platform_key", 1)], unique=True, name="platform_key_unique")
        await self.accounts.create_index([("municipality", 1), ("state", 1)])
        await self.accounts.create_index([("municipality", 1), ("platform", 1), ("platform_account_id", 1)])
        await self.activity.create_index([("municipality", 1), ("platform", 1), ("account_id", 1), ("at", -1)])
        await self.activity.create_index([("municipality", 1), ("platform", 1), ("account_id", 1), ("parent_id", 1)])

    # accounts -------------------------------------------------------------------------

    async def insert(self, account: Account, outbox: builtins.list[OutboxItem]) -> None:
        doc = account_doc(account) | {"outbox": [item.doc() for item in outbox]}
        try:
            await self.accounts.insert_one(doc)
        except DuplicateKeyError as exc:
            raise PlatformIdTaken(account.account_id) from exc

    async def save(self, account: Account, *, expected_version: int, new_entries: builtins.list[Change],
                   outbox: builtins.list[OutboxItem]) -> None:
        """Write the account if nobody else did since we read it (else `Conflict`)."""
        account.version = expected_version + 1
        doc = account_doc(account)
        for key in ("_id", "history", *BOOKKEEPING):
            doc.pop(key, None)
        update: dict[str, Any] = {"$set": doc}
        pushes: dict[str, Any] = {}
        if new_entries:
            pushes["history"] = {"$each": [to_bson(e.model_dump(mode="python")) for e in new_entries]}
        if outbox:
            pushes["outbox"] = {"$each": [item.doc() for item in outbox]}
        if pushes:
            update["$push"] = pushes
        try:
            result = await self.accounts.update_one({"_id": account.account_id, "version": expected_version}, update)
        except DuplicateKeyError as exc:
            raise PlatformIdTaken(account.platform_account_id) from exc
        if result.matched_count == 0:
            raise Conflict(account.account_id)

    async def note_review_notice(self, account_id: str, *, due: datetime, overdue: bool) -> bool:
        """Bookkeeping outside the lifecycle: the notice for the review due at `due` (or of its
        being overdue) is sent; true if it changed."""
        field = "review_overdue_notified_for" if overdue else "review_due_notified_for"
        return await self._set_bookkeeping(account_id, {field: due})

    async def note_close_recommended(self, account_id: str, key: str | None) -> bool:
        """Bookkeeping outside the lifecycle: the activity close recommendation sent (its key),
        or none since activity recovered; true if it changed."""
        return await self._set_bookkeeping(account_id, {"close_recommended_for": key})

    async def _set_bookkeeping(self, account_id: str, fields: dict[str, Any]) -> bool:
        result = await self.accounts.update_one({"_id": account_id}, {"$set": to_bson(fields)})
        return result.modified_count == 1

    async def get(self, municipality: str, account_id: str) -> Account | None:
        doc = await self.accounts.find_one({"_id": account_id, "municipality": municipality})
        return load_account(doc) if doc else None

    async def by_platform_id(self, municipality: str, platform: str, platform_account_id: str) -> Account | None:
        doc = await self.accounts.find_one({"platform_key": f"{municipality}:{platform}:{platform_account_id}"})
        return load_account(doc) if doc else None

    async def list(self, municipality: str, *, states: Iterable[AccountState] | None = None, limit: int = 1000,
                   platform: Platform | None = None, tier: AccountTier | None = None, board: str | None = None,
                   administration: str | None = None, unit: str | None = None,
                   platform_account_id: str | None = None, crisis_channel: bool | None = None,
                   ) -> builtins.list[Account]:
        """The municipality's accounts by name; each filter given (not empty) must hold."""
        facts = {"platform": platform and str(platform), "tier": tier and str(tier), "board": board,
                 "administration": administration, "unit": unit, "platform_account_id": platform_account_id}
        query: dict[str, Any] = {"municipality": municipality} | {k: v for k, v in facts.items() if v}
        if crisis_channel is not None:
            query["crisis_channel"] = crisis_channel
        wanted = [str(s) for s in states or ()]
        if wanted:
            query["state"] = {"$in": wanted}
        docs = await self.accounts.find(query).sort([("name", 1), ("_id", 1)]).limit(limit).to_list()
        return [load_account(d) for d in docs]

    async def municipalities(self) -> builtins.list[str]:
        return sorted(await self.accounts.distinct("municipality"))

    async def with_outbox(self, limit: int = 100) -> builtins.list[PendingOutbox]:
        # `$elemMatch` on a field every item has: `{"outbox.0": {$exists: true}}` finds
        # nothing on nx-27017 (the conformance suite proves this form).
        docs = await self.accounts.find({"outbox": {"$elemMatch": {"kind": {"$exists": True}}}},
                                        {"outbox": 1}).limit(limit).to_list()
        return [PendingOutbox(account_id=d["_id"], items=[OutboxItem.from_doc(i) for i in d["outbox"]])
                for d in docs]

    async def pull_outbox(self, account_id: str, item: OutboxItem) -> None:
        # Exact-match pull (the conformance suite proves it; a pull by condition is not used).
        await self.accounts.update_one({"_id": account_id}, {"$pull": {"outbox": item.doc()}})

    # activity -------------------------------------------------------------------------

    async def record_activity(self, *, event_id: str, municipality: str, platform: str, account_id: str,
                              kind: str, direction: str, item_id: str, parent_id: str | None,
                              at: datetime) -> bool:
        """One item seen on an account (by the platform's account id); true when new."""
        return await self._insert_activity({
            "_id": event_id, "municipality": municipality, "platform": platform, "account_id": account_id,
            "kind": kind, "direction": direction, "item_id": item_id, "parent_id": parent_id, "at": at})

    async def activity_summary(self, account: Account, starts: Windows) -> ActivitySummary:
        """Figures for one account from the items seen on it."""
        if not account.platform_account_id:
            return ActivitySummary()
        base = {"municipality": account.municipality, "platform": str(account.platform),
                "account_id": account.platform_account_id}
        own = base | {"direction": str(Direction.upprattad)}
        own_posts = own | {"kind": {"$in": list(UPDATE_KINDS)}}
        inbound = base | {"direction": str(Direction.inkommen), "kind": {"$in": list(INBOUND_KINDS)}}

        async def latest(query: dict[str, Any]) -> datetime | None:
            doc = await self.activity.find_one(query, {"at": 1}, sort=[("at", -1)])
            return doc["at"] if doc else None

        async def count(query: dict[str, Any], since: datetime) -> int:
            return await self.activity.count_documents(query | {"at": {"$gte": since}})

        inbound_docs = await self.activity.find(inbound | {"at": {"$gte": starts.answers}}, {"item_id": 1}) \
            .limit(MAX_ANSWER_IDS).to_list()
        inbound_ids = [d["item_id"] for d in inbound_docs]
        answered: set[str] = set()
        if inbound_ids:
            replies = await self.activity.find(own | {"parent_id": {"$in": inbound_ids}}, {"parent_id": 1}).to_list()
            answered = {r["parent_id"] for r in replies}
        summary = ActivitySummary(
            last_outbound_post_at=await latest(own_posts),
            last_outbound_at=await latest(own),
            last_inbound_at=await latest(base | {"direction": str(Direction.inkommen)}),
            posts_last_7_days=await count(own_posts, starts.week),
            posts_per_week=round(await count(own_posts, starts.rate) / RATE_WINDOW_WEEKS, 2),
            inbound_last_28_days=len(inbound_ids),
            answered_last_28_days=len(answered),
        )
        if starts.low is not None:
            summary.posts_in_low_activity_window = await count(own_posts, starts.low)
        return summary
