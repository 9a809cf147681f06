"""The dashboard's own MongoDB database: staff accounts, login sessions, the audit log."""

from __future__ import annotations

import hashlib
from datetime import datetime

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.contracts.base import utcnow

from ..domain.staff import AuditEntry, Session, StaffUser, UserChanges


def token_key(token: str) -> str:
    """Sessions are stored under a hash of the cookie value: a database dump logs no one in."""
    return hashlib.sha256(token.encode()).hexdigest()


class DashboardStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.users = db["users"]
        self.sessions = db["sessions"]
        self.audit = db["audit"]
        self.audit_pages = db["audit_pages"]
        self.audit_counters = db["audit_counters"]

    async def ensure_indexes(self) -> None:
        await self.users.create_index([("municipality", ASCENDING), ("username", ASCENDING)], unique=True)
        await self.users.create_index([("oidc_subject", ASCENDING)])
        await self.sessions.create_index([("expires_at", ASCENDING)])

    async def ping(self) -> None:
        """Raises unless the database answers (the system page)."""
        await self.users.database.command("ping")

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

    async def update_user(self, user_id: str, changes: UserChanges) -> StaffUser | None:
        doc = await self.users.find_one_and_update({"_id": user_id}, {"$set": changes.fields()},
                                                   return_document=ReturnDocument.AFTER)
        return StaffUser.model_validate(doc) if doc else None

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

    async def set_flash(self, token: str, message: str | None) -> None:
        """The one-line message shown on the session's next page (None: shown, forget it)."""
        await self.sessions.update_one({"_id": token_key(token)}, {"$set": {"flash": message}})

    async def drop_session(self, token: str) -> None:
        await self.sessions.delete_one({"_id": token_key(token)})

    async def drop_user_sessions(self, user_id: str) -> None:
        await self.sessions.delete_many({"user_id": user_id})

    async def purge_expired(self, now: datetime) -> int:
        result = await self.sessions.delete_many({"expires_at": {"$lte": now}})
        return result.deleted_count

    # --- audit -----------------------------------------------------------------------
    # The log only grows and is read newest first, a page at a time. It is kept as
    # numbered pages of AUDIT_PAGE entries (`<municipality>|<page number>`), so showing
    # any page is a lookup by _id, however long the log, on any server.
    async def add_audit(self, entry: AuditEntry) -> None:
        counter = await self.audit_counters.find_one_and_update(
            {"_id": entry.municipality}, {"$inc": {"n": 1}}, upsert=True, return_document=ReturnDocument.AFTER)
        assert counter is not None  # upserted
        number = (int(counter["n"]) - 1) // AUDIT_PAGE
        page = {"_id": audit_page_id(entry.municipality, number)}
        push = {"$push": {"entries": entry.model_dump(mode="python")}}
        try:
            await self.audit_pages.update_one(
                page, {**push, "$setOnInsert": {"municipality": entry.municipality, "number": number}}, upsert=True)
        except DuplicateKeyError:
            # Two writers opened the page at once and the other's insert won: append to it
            # (MongoDB retries such an upsert itself; nx-27017 does not).
            await self.audit_pages.update_one(page, push)

    async def audit_page(self, municipality: str, *, page: int | None, minimum: int = 50
                         ) -> tuple[list[AuditEntry], int | None]:
        """Entries newest first from page `page` (default: the newest) and older pages until
        at least `minimum`; and the number of the next older page, if any."""
        if page is None:
            counter = await self.audit_counters.find_one({"_id": municipality})
            if not counter:
                return [], None
            page = (int(counter["n"]) - 1) // AUDIT_PAGE
        out: list[AuditEntry] = []
        while page >= 0 and len(out) < minimum:
            doc = await self.audit_pages.find_one({"_id": audit_page_id(municipality, page)})
            entries = (doc or {}).get("entries", [])
            out.extend(AuditEntry.model_validate(e) for e in sorted(entries, key=lambda e: e["at"], reverse=True))
            page -= 1
        return out, page if page >= 0 else None


AUDIT_PAGE = 100


def audit_page_id(municipality: str, number: int) -> str:
    return f"{municipality}|{number:012d}"
