"""The dashboard's own MongoDB database: staff accounts, login sessions, the audit log."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts.base import utcnow

from .domain import STOCKHOLM
from .schemas import AuditEntry, Session, StaffUser


def token_key(token: str) -> str:
    """Sessions are stored under a hash of the cookie value: a database dump logs no one in."""
    return hashlib.sha256(token.encode()).hexdigest()


class DashboardStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.users = db["users"]
        self.sessions = db["sessions"]
        self.audit = db["audit"]
        self.audit_days = db["audit_days"]

    async def ensure_indexes(self) -> None:
        await self.users.create_index([("municipality", ASCENDING), ("username", ASCENDING)], unique=True)
        await self.users.create_index([("oidc_subject", ASCENDING)])
        await self.sessions.create_index([("expires_at", ASCENDING)])
        await self.audit.create_index([("municipality", ASCENDING), ("day", ASCENDING), ("at", DESCENDING)])
        await self.audit_days.create_index([("municipality", ASCENDING), ("day", DESCENDING)])

    # --- users -----------------------------------------------------------------------
    async def add_user(self, user: StaffUser) -> bool:
        try:
            # _id = user_id: every request looks the user up by it.
            await self.users.insert_one({"_id": user.user_id, **user.model_dump(mode="python")})
        except DuplicateKeyError:
            return False
        return True

    async def user(self, user_id: str) -> StaffUser | None:
        doc = await self.users.find_one({"_id": user_id})
        return StaffUser.model_validate(doc) if doc else None

    async def user_by_name(self, username: str) -> StaffUser | None:
        doc = await self.users.find_one({"username": username})
        return StaffUser.model_validate(doc) if doc else None

    async def user_by_subject(self, issuer: str, subject: str) -> StaffUser | None:
        doc = await self.users.find_one({"oidc_subject": f"{issuer}|{subject}"})
        return StaffUser.model_validate(doc) if doc else None

    async def users_page(self, municipality: str, *, skip: int, limit: int) -> list[StaffUser]:
        cursor = self.users.find({"municipality": municipality}).sort("username", ASCENDING).skip(skip).limit(limit)
        return [StaffUser.model_validate(d) async for d in cursor]

    async def update_user(self, user_id: str, changes: dict[str, Any]) -> StaffUser | None:
        doc = await self.users.find_one_and_update({"_id": user_id}, {"$set": changes},
                                                   return_document=ReturnDocument.AFTER)
        return StaffUser.model_validate(doc) if doc else None

    async def record_failure(self, user_id: str, *, max_failures: int, lock_for: timedelta) -> None:
        doc = await self.users.find_one_and_update({"_id": user_id}, {"$inc": {"failed_logins": 1}},
                                                   return_document=ReturnDocument.AFTER)
        if doc and doc.get("failed_logins", 0) >= max_failures:
            await self.users.update_one({"_id": user_id},
                                        {"$set": {"locked_until": utcnow() + lock_for, "failed_logins": 0}})

    async def record_success(self, user_id: str) -> None:
        await self.users.update_one({"_id": user_id},
                                    {"$set": {"failed_logins": 0, "locked_until": None, "last_login": utcnow()}})

    # --- sessions --------------------------------------------------------------------
    async def put_session(self, token: str, session: Session) -> None:
        doc = session.model_dump(mode="python")
        await self.sessions.replace_one({"_id": token_key(token)}, {"_id": token_key(token), **doc}, upsert=True)

    async def session(self, token: str, now: datetime) -> Session | None:
        doc = await self.sessions.find_one({"_id": token_key(token)})
        if not doc:
            return None
        session = Session.model_validate(doc)
        if session.expires_at <= now:
            await self.sessions.delete_one({"_id": token_key(token)})
            return None
        return session

    async def touch_session(self, token: str, expires_at: datetime) -> None:
        await self.sessions.update_one({"_id": token_key(token)}, {"$set": {"expires_at": expires_at}})

    async def drop_session(self, token: str) -> None:
        await self.sessions.delete_one({"_id": token_key(token)})

    async def drop_user_sessions(self, user_id: str) -> None:
        await self.sessions.delete_many({"user_id": user_id})

    async def purge_expired(self, now: datetime) -> int:
        result = await self.sessions.delete_many({"expires_at": {"$lte": now}})
        return result.deleted_count

    # --- audit -----------------------------------------------------------------------
    # The log is read newest first, a page at a time, however long it grows. Entries are
    # bucketed by day (Swedish date) with a small index of days, so a page sorts at most
    # one day's entries: MongoDB uses the (municipality, day, at) index, and FerretDB
    # (which sorts in memory) never has to sort the whole log.
    async def add_audit(self, entry: AuditEntry) -> None:
        day = audit_day(entry.at)
        await self.audit.insert_one({**entry.model_dump(mode="python"), "day": day})
        await self.audit_days.update_one({"_id": f"{entry.municipality}|{day}"},
                                         {"$setOnInsert": {"municipality": entry.municipality, "day": day}},
                                         upsert=True)

    async def audit_page(self, municipality: str, *, before: datetime | None, limit: int) -> list[AuditEntry]:
        """Up to `limit` entries older than `before` (newest first), from as few days as needed."""
        start_day = audit_day(before) if before else "9999-12-31"
        days = await self.audit_days.find({"municipality": municipality, "day": {"$lte": start_day}}) \
            .sort("day", DESCENDING).limit(400).to_list()
        out: list[AuditEntry] = []
        for day in days:
            query: dict[str, Any] = {"municipality": municipality, "day": day["day"]}
            if before:
                query["at"] = {"$lt": before}
            cursor = self.audit.find(query).sort("at", DESCENDING).limit(limit - len(out))
            out.extend([AuditEntry.model_validate(d) async for d in cursor])
            if len(out) >= limit:
                break
        return out


def audit_day(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).date().isoformat()
