"""The account as the registry keeps it: facts, responsibilities, assessment, decision,
reviews and the audit trail. Pure data; the rules live beside it."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.contracts.base import AwareDatetime
from shared.contracts import registry as contract
from shared.contracts.registry import ACCOUNT_ID, AccountFacts, AccountState, AccountTier, Change, Person
from shared.contracts.social import Platform

# A place where login details are kept may be named, never the details themselves.
_SECRET_LIKE = re.compile(r"(lösenord|losenord|password|passwd|pwd|pin|kod|code)\s*[:=]", re.IGNORECASE)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class Responsibilities(_Model):
    """Who answers for the account. Login details are never stored: only where they are
    deposited and when they were reported."""

    board: str | None = Field(None, max_length=200, description="Owning board (nämnd).")
    administration: str | None = Field(None, max_length=200, description="Administration (förvaltning).")
    unit: str | None = Field(None, max_length=200, description="Unit (verksamhet/enhet).")
    responsible_function: str | None = Field(None, max_length=200, description="Ansvarig funktion.")
    manager: Person | None = Field(None, description="The manager who decided and gave the assignment.")
    responsible_editor: Person | None = Field(None, description="Ansvarig redaktör.")
    administrators: list[Person] = Field(default_factory=list, max_length=20)
    substitutes: list[Person] = Field(default_factory=list, max_length=20)
    routines_document: str | None = Field(None, max_length=500, description="Reference to the written routines.")
    sender_identity_confirmed: bool = Field(False, description="Logo/graphic profile checked on the account.")
    sender_identity_confirmed_at: AwareDatetime | None = None
    credentials_location: str | None = Field(None, max_length=300, description="Where login details are kept.")
    credentials_reported_at: AwareDatetime | None = Field(None, description="When reported to communications.")
    credentials_reported_to: str | None = Field(None, max_length=200)
    crisis_plan: str | None = Field(None, max_length=500, description="Reference to the account's crisis plan.")
    website_link: bool = Field(False, description="The account links back to the website and the link page.")

    @field_validator("credentials_location")
    @classmethod
    def _no_secrets(cls, value: str | None) -> str | None:
        if value and _SECRET_LIKE.search(value):
            raise ValueError(
                "ange bara var inloggningsuppgifterna förvaras, aldrig själva uppgifterna"
            )
        return value


# An assessment, a decision and an activation are written once and never changed, and are
# stored and replied (AccountDetail) in exactly their wire shape: the contract's frozen models
# serve as the domain's too. A review is the contract's too, unfrozen (below). Responsibilities
# stay a model of their own: the domain bounds every field and refuses login details.
Answer = contract.AssessmentAnswer
Decision = contract.Decision
ChecklistItem = contract.ActivationCheck
Activation = contract.Activation


class Assessment(contract.Assessment):
    @property
    def unmet(self) -> list[Answer]:
        return [a for a in self.answers if a.required and not a.met]


class Review(contract.Review):
    # Decided in place after it was started (record_review, start_closing), so not frozen;
    # every assignment is validated.
    model_config = ConfigDict(frozen=False, validate_assignment=True)


class Account(_Model):
    account_id: str = Field(..., pattern=ACCOUNT_ID)
    municipality: str
    platform: Platform
    platform_account_id: str = ""
    name: str = Field(..., min_length=1, max_length=200)
    tier: AccountTier
    state: AccountState = AccountState.proposed
    crisis_channel: bool = False
    url: str | None = None
    purpose: str = Field("", max_length=4000, description="Mål och syfte.")
    target_group: str = Field("", max_length=2000)
    responsibilities: Responsibilities = Field(default_factory=Responsibilities)
    assessment: Assessment | None = None
    decision: Decision | None = None
    activation: Activation | None = None
    reviews: list[Review] = Field(default_factory=list)
    next_review_at: AwareDatetime | None = None
    review_due_notified_for: AwareDatetime | None = None
    review_overdue_notified_for: AwareDatetime | None = None
    close_recommended_for: str | None = Field(None, description="Key of the last activity close recommendation.")
    # each step as AccountChanged published it; an entry, once written, never changes
    history: list[Change] = Field(default_factory=list)
    version: int = 0
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not re.match(r"^https?://[^\s/$.?#][^\s<>\"']*$", value, re.IGNORECASE) or len(value) > 500:
            raise ValueError("adressen måste vara en webbadress som börjar med https://")
        return value

    @property
    def unit(self) -> str | None:
        return self.responsibilities.unit

    @property
    def open_review(self) -> Review | None:
        if self.reviews and self.reviews[-1].outcome is None:
            return self.reviews[-1]
        return None

    def facts(self) -> AccountFacts:
        r = self.responsibilities
        return AccountFacts(
            account_id=self.account_id, municipality=self.municipality, platform=self.platform,
            platform_account_id=self.platform_account_id, name=self.name, tier=self.tier,
            state=str(self.state), crisis_channel=self.crisis_channel, unit=r.unit, url=self.url,
            board=r.board, administration=r.administration, responsible_function=r.responsible_function,
        )

    def platform_key(self) -> str:
        """Unique key of the account on its platform; a placeholder until it exists there,
        so accounts still being decided never collide."""
        if self.platform_account_id:
            return f"{self.municipality}:{self.platform}:{self.platform_account_id}"
        return f"pending:{self.account_id}"
