"""Registry contracts: the facts other services ask about an account, and the events of
its lifecycle (`registry.account.<verb-past>`, `registry.review.due`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import AwareDatetime, Contract, Envelope
from .social import Platform


class AccountTier(StrEnum):
    municipality_wide = "municipality_wide"
    local = "local"


class AccountState(StrEnum):
    """The lifecycle: proposed → assessed → approved | rejected → active → under_review →
    (active again) | closing → closed."""

    proposed = "proposed"
    assessed = "assessed"
    approved = "approved"
    rejected = "rejected"
    active = "active"
    under_review = "under_review"
    closing = "closing"
    closed = "closed"


#: States in which an account is an official, open channel of the municipality.
OFFICIAL_STATES = frozenset({AccountState.active, AccountState.under_review, AccountState.closing})


class AccountFacts(Contract):
    """What ingest, moderation and notify need to know about an account."""

    account_id: str = Field(..., description="Registry id of the account.")
    municipality: str
    platform: Platform
    platform_account_id: str = Field(
        "", description="The account's id on the platform; empty until the account exists there."
    )
    name: str
    tier: AccountTier
    state: str = Field(..., description="An `AccountState` value.")
    crisis_channel: bool = Field(False, description="Used for crisis broadcasts when active.")
    unit: str | None = None
    url: str | None = Field(None, description="Official address of the account.")
    board: str | None = Field(None, description="Owning board (nämnd).")
    administration: str | None = Field(None, description="Owning administration (förvaltning).")
    responsible_function: str | None = Field(None, description="Responsible function (ansvarig funktion).")


class Person(Contract):
    """A person holding a responsibility for an account (contact details for routing)."""

    name: str = Field(..., min_length=1, max_length=200)
    user_id: str | None = Field(None, max_length=200, description="Staff id in the dashboard, when known.")
    email: str | None = Field(None, max_length=320)
    phone: str | None = Field(None, max_length=50)
    function: str | None = Field(None, max_length=200, description="Title or function, e.g. Kommunikatör.")


class ActorRef(Contract):
    """Who made a change, and in which role (for the audit trail)."""

    user_id: str
    name: str
    role: str | None = Field(None, description="The role that authorised the change; null for the system.")


class AccountChanged(Envelope):
    """An account's lifecycle moved (or its responsibilities changed).

    Published on `registry.account.<verb>` with verb one of: proposed, assessed, approved,
    rejected, activated, updated, review_started, reviewed, closing_started, closed."""

    account_id: str
    verb: str = Field(..., description="What happened, e.g. `approved`.")
    from_state: AccountState | None = Field(None, description="State before; null when proposed.")
    to_state: AccountState
    actor: ActorRef
    reason: str = Field("", description="Why, in the actor's words.")
    sequence: int = Field(..., ge=1, description="Position of this change in the account's history.")
    account: AccountFacts = Field(..., description="The account after the change.")
    details: dict = Field(default_factory=dict, description="Verb-specific details (outcome, report_to…).")


class ReviewDue(Envelope):
    """An account's follow-up review is due (`registry.review.due`)."""

    account_id: str
    account: AccountFacts
    due_at: AwareDatetime
    overdue: bool = False
    responsible: list[Person] = Field(default_factory=list, description="Who should carry out the review.")


class CloseRecommended(Envelope):
    """The registry recommends closing an account (`registry.account.close_recommended`):
    a review concluded it, or the activity rules of the pack say so. Notify alerts the
    people who may decide."""

    account_id: str
    account: AccountFacts
    reasons: list[str] = Field(..., min_length=1, description="Why, in Swedish.")
    source: str = Field(..., description="`review` or `activity`.")
    decided_by_roles: list[str] = Field(default_factory=list, description="Roles that may decide to close.")
    responsible: list[Person] = Field(default_factory=list)
