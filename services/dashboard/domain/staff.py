"""The dashboard's own documents (it owns only staff accounts, sessions and the audit log), as its
store takes and returns them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.base import AwareDatetime, MunicipalityId, utcnow
from shared.contracts.commands import Actor, Role

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._@-]{1,63}$"


class Stored(BaseModel):
    model_config = ConfigDict(extra="ignore")


class StaffUser(Stored):
    user_id: str
    username: str = Field(..., pattern=USERNAME_PATTERN)
    name: str = Field(..., min_length=1, max_length=200)
    municipality: MunicipalityId
    roles: list[Role] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list, description="Accounts/units the roles apply to; empty = all.")
    password_hash: str | None = None
    oidc_subject: str | None = None
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    last_login: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)

    def actor(self) -> Actor:
        return Actor(user_id=self.user_id, name=self.name, municipality=self.municipality,
                     roles=list(self.roles), units=list(self.units))


class UserChanges(BaseModel):
    """What an update sets on a staff account: only the fields given are written."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    roles: list[Role] | None = None
    units: list[str] | None = None
    active: bool | None = None
    password_hash: str | None = None

    def fields(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


class Session(Stored):
    """A login session (or, before login, just the CSRF token of the login form)."""

    user_id: str | None = None
    csrf: str
    created_at: datetime
    expires_at: datetime
    max_until: datetime
    oidc_state: str | None = None
    oidc_nonce: str | None = None
    oidc_verifier: str | None = None
    flash: str | None = None


class AuditEntry(Stored):
    """Who did what, why and when: every decision and command from the UI."""

    at: AwareDatetime = Field(default_factory=utcnow)
    municipality: MunicipalityId
    user_id: str
    name: str
    roles: list[str] = Field(default_factory=list)
    action: str
    target: str = ""
    reason: str = ""
    outcome: str = Field(..., description="`ok`, `refused` or `error`.")
    message: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
