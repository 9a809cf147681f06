"""Registry's wire models: the commands (`cmd.registry.<what>`) it answers. Events, and
the queries (`q.registry.<what>`) with their replies, are in `shared/contracts/registry.py`.

Commands forbid unknown fields: a field the registry does not know (a password, say) is
refused, never silently kept or dropped. Every string is typed, so `{"$gt": ""}` where a
string belongs is a validation error, never a query operator."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.contracts.base import AwareDatetime, MunicipalityId
from shared.contracts.commands import Actor
from shared.contracts.registry import ACCOUNT_ID, AccountTier, Person
from shared.contracts.social import Platform

Text = Field(default="", max_length=4000)
Short = Field(default=None, max_length=200)
AccountId = Field(..., pattern=ACCOUNT_ID, description="Registry id of the account.")


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: Actor
    municipality: MunicipalityId | None = Field(None, description="Defaults to the actor's municipality.")
    reason: str = Field("", max_length=4000, description="Why (kept in the audit trail).")

    @model_validator(mode="after")
    def _same_municipality(self) -> Command:
        if self.municipality is not None and self.municipality != self.actor.municipality:
            raise ValueError("municipality must be the actor's municipality")
        return self

    @property
    def scope(self) -> str:
        return self.actor.municipality


class ResponsibilitiesPatch(BaseModel):
    """Only the fields sent are changed; `null` clears one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    board: str | None = Short
    administration: str | None = Short
    unit: str | None = Short
    responsible_function: str | None = Short
    manager: Person | None = None
    responsible_editor: Person | None = None
    administrators: list[Person] | None = Field(None, max_length=20)
    substitutes: list[Person] | None = Field(None, max_length=20)
    routines_document: str | None = Field(None, max_length=500)
    sender_identity_confirmed: bool | None = None
    credentials_location: str | None = Field(None, max_length=300)
    credentials_reported_at: AwareDatetime | None = None
    credentials_reported_to: str | None = Short
    crisis_plan: str | None = Field(None, max_length=500)
    website_link: bool | None = None

    def changes(self) -> dict:
        out = self.model_dump(exclude_unset=True, mode="python")
        for key in ("administrators", "substitutes"):
            if key in out and out[key] is None:
                out[key] = []
        for key in ("sender_identity_confirmed", "website_link"):
            if key in out and out[key] is None:
                out[key] = False
        return out


class ProposeAccount(Command):
    account_id: str | None = Field(None, pattern=ACCOUNT_ID, description="Optional; generated when absent.")
    request_id: str | None = Field(None, max_length=128, description="Makes a re-sent proposal a no-op.")
    platform: Platform
    name: str = Field(..., min_length=1, max_length=200)
    tier: AccountTier
    purpose: str = Text
    target_group: str = Field("", max_length=2000)
    url: str | None = Field(None, max_length=500)
    platform_account_id: str = Field("", max_length=200)
    crisis_channel: bool = False
    responsibilities: ResponsibilitiesPatch | None = None


class AccountCommand(Command):
    account_id: str = AccountId


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion_id: str = Field(..., max_length=80)
    met: bool
    note: str | None = Field("", max_length=2000)


class AssessAccount(AccountCommand):
    answers: list[Answer] = Field(..., max_length=50)


class ApproveAccount(AccountCommand):
    consulted: str | None = Field(None, max_length=300, description="Who was consulted before the decision.")


class ActivateAccount(AccountCommand):
    confirmations: dict[str, bool] = Field(default_factory=dict, description="Activation checklist: id → done.")
    platform_account_id: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=500)


class UpdateAccount(AccountCommand):
    name: str | None = Field(None, min_length=1, max_length=200)
    tier: AccountTier | None = None
    url: str | None = Field(None, max_length=500)
    platform_account_id: str | None = Field(None, max_length=200)
    crisis_channel: bool | None = None
    purpose: str | None = Field(None, max_length=4000)
    target_group: str | None = Field(None, max_length=2000)

    def changes(self) -> dict:
        keys = ("name", "tier", "url", "platform_account_id", "crisis_channel", "purpose", "target_group")
        return {k: v for k, v in self.model_dump(exclude_unset=True, mode="python").items()
                if k in keys and v is not None}


class AssignResponsibilities(AccountCommand):
    responsibilities: ResponsibilitiesPatch


class RecordReview(AccountCommand):
    outcome: Literal["continue", "change", "close"]
    changes: str | None = Field("", max_length=4000, description="What is to change (outcome `change`).")
    close_reasons: list[str] = Field(default_factory=list, max_length=20,
                                     description="Ids of the pack's close criteria, or free text.")
