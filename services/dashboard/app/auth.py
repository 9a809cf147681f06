"""Local accounts (argon2id) and login sessions kept in the dashboard's own database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.contracts.base import new_id, utcnow

from shared.contracts.commands import Role

from ..adapters.store import DashboardStore
from ..config import DashboardSettings
from ..domain.staff import Session, StaffUser

# argon2-cffi's defaults are argon2id with the RFC 9106 "low memory" parameters.
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the timing the same.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

MIN_PASSWORD_LENGTH = 12
WRONG_LOGIN = "Fel användarnamn eller lösenord."  # the same for an unknown user and a wrong password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."
    return None


def new_user(*, username: str, name: str, municipality: str, roles: list[Role], units: list[str] | None = None,
             password: str | None = None, oidc_subject: str | None = None) -> StaffUser:
    return StaffUser(user_id=new_id(), username=username.strip().lower(), name=name.strip(),
                     municipality=municipality, roles=roles, units=units or [],
                     password_hash=hash_password(password) if password else None, oidc_subject=oidc_subject)


@dataclass
class Sessions:
    store: DashboardStore
    settings: DashboardSettings

    def _new(self, now: datetime, user_id: str | None) -> Session:
        max_until = now + timedelta(hours=self.settings.session_max_hours)
        return Session(user_id=user_id, csrf=secrets.token_urlsafe(32), created_at=now,
                       expires_at=min(now + timedelta(minutes=self.settings.session_idle_minutes), max_until),
                       max_until=max_until)

    def prelogin(self, csrf: str | None, oidc: dict[str, str] | None = None) -> tuple[Session, str | None]:
        """Before login there is no session document (a flood of anonymous visits writes
        nothing): the login form's CSRF token is a cookie of its own (double submit), and
        an OIDC login's state, nonce and PKCE verifier travel in another. Returns the
        in-memory session and the new CSRF token to set, if the browser had none."""
        fresh = None if csrf and 20 <= len(csrf) <= 100 else secrets.token_urlsafe(32)
        session = self._new(utcnow(), None)
        session.csrf = fresh or csrf or ""  # fresh is None only when csrf is a valid token
        oidc = oidc or {}
        session.oidc_state, session.oidc_nonce, session.oidc_verifier = (
            oidc.get("state"), oidc.get("nonce"), oidc.get("verifier"))
        return session, fresh

    async def login(self, old_token: str | None, user: StaffUser) -> tuple[str, Session]:
        """A fresh token at login (no session fixation); the pre-login session is dropped."""
        if old_token:
            await self.store.drop_session(old_token)
        token = secrets.token_urlsafe(32)
        session = self._new(utcnow(), user.user_id)
        await self.store.put_session(token, session)
        await self.store.record_success(user.user_id)
        return token, session

    async def load(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = utcnow()
        session = await self.store.session(token, now)
        if session is None:
            return None
        if session.user_id:  # sliding idle expiry, capped by the absolute maximum
            expires = min(now + timedelta(minutes=self.settings.session_idle_minutes), session.max_until)
            if expires - session.expires_at > timedelta(seconds=30):
                await self.store.touch_session(token, expires)
                session.expires_at = expires
        return session

    async def authenticate(self, username: str, password: str) -> tuple[StaffUser | None, str | None]:
        """The user, or why not (one message for unknown user and wrong password)."""
        user = await self.store.user_by_name(username.strip().lower())
        # No lock (domain/throttle.py slows guessing down instead): a lock
        # would let anyone keep the rightful user out, and its message name real accounts.
        if not verify_password(user.password_hash if user else None, password) or not user or not user.active:
            return None, WRONG_LOGIN
        return user, None
