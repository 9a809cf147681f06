"""Registry contracts: the facts other services ask about an account, the events of its
lifecycle (`registry.account.<verb-past>`, `registry.review.due`), the queries it
answers (`q.registry.<what>`) with their replies, and the commands of an account's
lifecycle (`cmd.registry.<what>`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .base import AwareDatetime, Contract, Envelope, MunicipalityId, StoredShape
from .commands import Actor
from .queries import MunicipalityQuery
from .social import Platform

if TYPE_CHECKING:
    from shared.policy.sections.registry import RegistryPolicy


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


class ChangeDetails(StoredShape):
    """What a change of one verb adds to its history entry and event. Only the keys of its
    verb are set, and only those are sent and stored (the JSON is as it was as a dict)."""

    tier: str | None = Field(None, description="proposed: the account type proposed.")
    platform: str | None = Field(None, description="proposed: the platform.")
    unmet: list[str] | None = Field(None, description="assessed: the criteria not met.")
    criteria: int | None = Field(None, description="assessed: how many criteria the pack sets.")
    decided_by: str | None = Field(None, description="approved, rejected: who decides, in the pack's words.")
    report_to: str | None = Field(None, description="approved: the body the decision is reported to.")
    consulted: str | None = Field(None, description="approved: who was consulted.")
    reminder: str | None = Field(None, description="approved: a consultation the pack recommends.")
    changed: list[str] | None = Field(None, description="updated: the fields changed.")
    gaps: list[str] | None = Field(None, description="updated: what a live account now lacks (codes).")
    next_review_at: str | None = Field(None, description="activated, reviewed: the next review (ISO time).")
    due_at: str | None = Field(None, description="review_started: when the review is due (ISO time).")
    outcome: str | None = Field(None, description="reviewed: keep, change or close.")
    changes: str | None = Field(None, description="reviewed: the changes decided.")
    close_reasons: list[str] | None = Field(None, description="reviewed: why it is to close.")


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
    details: ChangeDetails = Field(default_factory=ChangeDetails, description="What the verb adds (outcome, gaps…).")


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


# Queries (`q.registry.<what>`, core NATS request/reply) and their replies ---------------
#
# Every failure, a malformed request included, is answered with `QueryError`
# (shared/contracts/queries.py); an unknown
# account is an explicit JSON `null`. Callers ask through `shared.clients.registry`.

ACCOUNT_ID = r"^[a-z0-9][a-z0-9_-]{2,80}$"
_Filter = Field(None, max_length=200)


class AccountsQuery(MunicipalityQuery):
    """`q.registry.accounts` → `list[AccountView]`."""

    states: list[AccountState] | None = Field(None, description="Only accounts in these states.")
    state: AccountState | None = Field(None, description="Only accounts in this state.")
    crisis_channel: bool | None = Field(None, description="Only accounts (not) flagged for crisis use.")
    platform: Platform | None = None
    tier: AccountTier | None = None
    board: str | None = _Filter
    administration: str | None = _Filter
    unit: str | None = _Filter


class AccountQuery(MunicipalityQuery):
    """`q.registry.account` → `AccountDetail | None`."""

    account_id: str = Field(..., pattern=ACCOUNT_ID, description="Registry id of the account.")


class AccountByPlatformId(MunicipalityQuery):
    """`q.registry.account_by_platform_id` → `AccountView | None`."""

    platform: Platform
    platform_account_id: str = Field(..., min_length=1, max_length=200)


class ResponsibleQuery(MunicipalityQuery):
    """`q.registry.responsible` → `Responsible | None`: by registry id, or by the account's
    id on a platform (platform optional), or by unit."""

    account_id: str | None = Field(None, min_length=1, max_length=200,
                                   description="Registry id (a platform id is also tried).")
    platform: Platform | None = None
    platform_account_id: str | None = Field(None, min_length=1, max_length=200)
    unit: str | None = Field(None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_key(self) -> ResponsibleQuery:
        if not (self.account_id or self.platform_account_id or self.unit):
            raise ValueError("give account_id, platform_account_id (with platform) or unit")
        return self


class InventoryQuery(MunicipalityQuery):
    """`q.registry.inventory` → `Inventory`."""

    board: str | None = _Filter
    administration: str | None = _Filter


class RulesQuery(MunicipalityQuery):
    """`q.registry.rules` → `Rules`."""

    tier: AccountTier | None = None


class Contact(Person):
    """A person in routing order: `role` is the first role they hold, `roles` all of them."""

    role: str | None = None
    roles: list[str] = Field(default_factory=list)


class Gap(Contract):
    code: str
    message: str = Field(..., description="Swedish, for staff.")
    severity: str = Field("gap", description="`gap` or `warning`.")


class Responsibilities(Contract):
    """Who answers for an account (where its login details are kept, never the details)."""

    board: str | None = None
    administration: str | None = None
    unit: str | None = None
    responsible_function: str | None = None
    manager: Person | None = None
    responsible_editor: Person | None = None
    administrators: list[Person] = Field(default_factory=list)
    substitutes: list[Person] = Field(default_factory=list)
    routines_document: str | None = None
    sender_identity_confirmed: bool = False
    sender_identity_confirmed_at: AwareDatetime | None = None
    credentials_location: str | None = None
    credentials_reported_at: AwareDatetime | None = None
    credentials_reported_to: str | None = None
    crisis_plan: str | None = None
    website_link: bool = False


class AccountView(AccountFacts):
    """An account as staff and the other services read it (`q.registry.accounts`,
    `q.registry.account_by_platform_id`)."""

    state_label: str = ""
    platform_label: str = ""
    tier_label: str = ""
    official: bool = Field(False, description="In a state where it is an open channel of the municipality.")
    purpose: str = ""
    target_group: str = ""
    responsibilities: Responsibilities = Field(default_factory=Responsibilities)
    next_review_at: AwareDatetime | None = None
    review_status: str | None = Field(None, description="`due`, `overdue` or null.")
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    version: int = 0
    actions: list[str] = Field(default_factory=list, description="Commands that may follow in this state.")


class ChecklistItem(Contract):
    id: str
    text: str
    required: bool
    met: bool | None = None
    note: str | None = ""


class AssessmentAnswer(Contract):
    criterion_id: str
    text: str
    met: bool
    required: bool = True
    note: str = ""


class Assessment(Contract):
    """The assessment against the tier's checklist, as recorded."""

    tier: AccountTier
    answers: list[AssessmentAnswer]
    by: ActorRef
    at: AwareDatetime


class Decision(Contract):
    approved: bool
    by: ActorRef
    at: AwareDatetime
    reason: str = ""
    decided_by: str = Field("", description="Who decides, per the pack (Swedish).")
    report_to: str | None = None
    consulted: str | None = None


class ActivationCheck(Contract):
    id: str
    text: str
    confirmed: bool


class Activation(Contract):
    at: AwareDatetime
    by: ActorRef
    checklist: list[ActivationCheck] = Field(default_factory=list)


class Review(Contract):
    started_at: AwareDatetime
    started_by: ActorRef
    reason: str = ""
    outcome: str | None = Field(None, description="continue, change or close; null while open.")
    decided_at: AwareDatetime | None = None
    decided_by: ActorRef | None = None
    changes: str = ""
    close_reasons: list[str] = Field(default_factory=list)
    note: str = ""


class Change(Contract):
    """One entry of an account's history (what `AccountChanged` published)."""

    sequence: int
    verb: str
    from_state: AccountState | None
    to_state: AccountState
    actor: ActorRef
    reason: str = ""
    at: AwareDatetime
    event_id: str
    details: ChangeDetails = Field(default_factory=ChangeDetails)


class ActivityFigures(Contract):
    """An account's activity from the items seen on it (own posts, inbound items, answers)."""

    last_outbound_post_at: datetime | None = None
    last_outbound_at: datetime | None = None
    last_inbound_at: datetime | None = None
    posts_last_7_days: int = 0
    posts_per_week: float = Field(0.0, description="Average over 4 weeks.")
    posts_in_low_activity_window: int | None = None
    low_activity_window_days: int | None = None
    inbound_last_28_days: int = 0
    answered_last_28_days: int = 0
    answered_share: float | None = None


class AccountDetail(AccountView):
    """Everything about one account (`q.registry.account`): the view, the assessment's
    checklist, the decision, reviews, history, gaps and activity."""

    checklist: list[ChecklistItem] = Field(default_factory=list)
    assessment: Assessment | None = None
    decision: Decision | None = None
    activation: Activation | None = None
    reviews: list[Review] = Field(default_factory=list)
    history: list[Change] = Field(default_factory=list, description="Each lifecycle change, oldest first.")
    activation_blockers: list[Gap] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    activity: ActivityFigures = Field(default_factory=ActivityFigures)
    contacts: list[Contact] = Field(default_factory=list)


class Responsible(Contract):
    """Who answers for an account, or for a unit's live accounts (`q.registry.responsible`);
    `people` is the routing order notify uses."""

    account_id: str | None = Field(None, description="Null when asked by unit.")
    name: str | None = None
    platform: Platform | None = None
    platform_account_id: str | None = None
    state: AccountState | None = None
    tier: AccountTier | None = None
    unit: str | None = None
    board: str | None = None
    administration: str | None = None
    responsible_function: str | None = None
    manager: Person | None = None
    responsible_editor: Person | None = None
    administrators: list[Person] = Field(default_factory=list)
    substitutes: list[Person] = Field(default_factory=list)
    people: list[Contact] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list, description="The same as `people`.")
    decision_roles: list[str] = Field(default_factory=list)
    close_roles: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list, description="Asked by unit: the unit's live accounts.")


class CrisisChannel(Contract):
    """An official account flagged for crisis use that can be posted to now (`q.registry.crisis_channels`)."""

    account_id: str
    name: str
    platform: Platform
    platform_account_id: str
    url: str | None = None
    tier: AccountTier
    unit: str | None = None
    state: AccountState


class ComplianceRow(Contract):
    """An account with at least one gap (`q.registry.compliance`, worst first)."""

    account_id: str
    name: str
    platform: Platform
    state: AccountState
    state_label: str = ""
    unit: str | None = None
    board: str | None = None
    gaps: list[Gap]


class ReviewDueRow(Contract):
    """An active account whose review falls due within 30 days (`q.registry.reviews_due`)."""

    account_id: str
    name: str
    platform: Platform
    next_review_at: AwareDatetime
    review_status: str | None = None


class InventoryColumn(Contract):
    id: str = Field(..., description="The key of the column's cell in each row.")
    heading: str = Field(..., description="Swedish, as the document management plan shows it.")


# A row is one line of the table the reply itself describes: the account's id and a cell
# (text) per column, looked up by the column ids the reply sends (`columns`); every reader
# (CSV, the printable page, the dashboard's export) walks those columns, so a row is a
# mapping by column id rather than a model of today's columns.
InventoryRow = dict[str, str]


class InventoryAdministration(Contract):
    administration: str
    rows: list[InventoryRow] = Field(default_factory=list)


class InventoryGroup(Contract):
    """The rows of one board, per administration (the printable page's sections)."""

    board: str
    administrations: list[InventoryAdministration] = Field(default_factory=list)


class Inventory(Contract):
    """The förteckning of official accounts (`q.registry.inventory`)."""

    municipality: str
    municipality_name: str
    heading: str
    kept_by: str | None = None
    reported_to: str | None = None
    generated_at: AwareDatetime
    columns: list[InventoryColumn] = Field(default_factory=list)
    rows: list[InventoryRow] = Field(default_factory=list, description="One per account, keyed by column id.")
    groups: list[InventoryGroup] = Field(default_factory=list)


class PublicChannel(Contract):
    account_id: str
    name: str
    platform: Platform
    platform_label: str = ""
    url: str | None = None
    unit: str | None = None
    board: str | None = None
    tier: AccountTier
    tier_label: str = ""


class CouncilParty(Contract):
    name: str
    url: str


class LinkPage(Contract):
    """The public page of official channels (`q.registry.link_page`): its JSON feed and its HTML."""

    municipality: str
    municipality_name: str
    title: str
    intro: str | None = None
    url: str | None = None
    website: str | None = None
    contact: str | None = None
    updated_at: AwareDatetime
    channels: list[PublicChannel] = Field(default_factory=list)
    council_parties_heading: str | None = None
    council_parties_intro: str | None = None
    council_parties: list[CouncilParty] = Field(default_factory=list)
    rules_of_conduct: str | None = None
    personal_data_controller: str | None = None
    gdpr_contact: str | None = None
    html: str = ""


class Rules(Contract):
    """The pack's registry rules, for forms (`q.registry.rules`): `municipality`,
    `municipality_name` and, beside them, the fields of `shared.policy.sections.registry.RegistryPolicy`,
    read typed as `policy`."""

    # That model imports this module, so it cannot be a base or a field here: its fields
    # arrive as extras (the JSON stays flat) and are validated into it once the reply is.
    model_config = ConfigDict(frozen=True, extra="allow")

    municipality: str
    municipality_name: str
    _policy: RegistryPolicy = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        from shared.policy.sections.registry import RegistryPolicy

        self._policy = RegistryPolicy.model_validate(self.model_extra or {})

    @property
    def policy(self) -> RegistryPolicy:
        return self._policy


# Commands (`cmd.registry.<what>`, request/reply, answered with `CommandResult`) ---------
#
# Commands forbid unknown fields: a field the registry does not know (a password, say) is
# refused, never silently kept or dropped. Every string is typed, so `{"$gt": ""}` where a
# string belongs is a validation error, never a query operator.

_Text = Field(default="", max_length=4000)
_Short = Field(default=None, max_length=200)
_AccountId = Field(..., pattern=ACCOUNT_ID, description="Registry id of the account.")


class RegistryCommand(BaseModel):
    """What every registry command carries (`cmd.registry.run_follow_up` carries only this)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: Actor
    municipality: MunicipalityId | None = Field(None, description="Defaults to the actor's municipality.")
    reason: str = Field("", max_length=4000, description="Why (kept in the audit trail).")

    @model_validator(mode="after")
    def _same_municipality(self) -> RegistryCommand:
        if self.municipality is not None and self.municipality != self.actor.municipality:
            raise ValueError("municipality must be the actor's municipality")
        return self

    @property
    def scope(self) -> str:
        return self.actor.municipality


class ResponsibilitiesPatch(BaseModel):
    """Only the fields sent are changed; `null` clears one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    board: str | None = _Short
    administration: str | None = _Short
    unit: str | None = _Short
    responsible_function: str | None = _Short
    manager: Person | None = None
    responsible_editor: Person | None = None
    administrators: list[Person] | None = Field(None, max_length=20)
    substitutes: list[Person] | None = Field(None, max_length=20)
    routines_document: str | None = Field(None, max_length=500)
    sender_identity_confirmed: bool | None = None
    credentials_location: str | None = Field(None, max_length=300)
    credentials_reported_at: AwareDatetime | None = None
    credentials_reported_to: str | None = _Short
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


class ProposeAccount(RegistryCommand):
    """`cmd.registry.propose`."""

    account_id: str | None = Field(None, pattern=ACCOUNT_ID, description="Optional; generated when absent.")
    request_id: str | None = Field(None, max_length=128, description="Makes a re-sent proposal a no-op.")
    platform: Platform
    name: str = Field(..., min_length=1, max_length=200)
    tier: AccountTier
    purpose: str = _Text
    target_group: str = Field("", max_length=2000)
    url: str | None = Field(None, max_length=500)
    platform_account_id: str = Field("", max_length=200)
    crisis_channel: bool = False
    responsibilities: ResponsibilitiesPatch | None = None


class AccountCommand(RegistryCommand):
    """A step on one account: `cmd.registry.reject`, `start_review`, `decide_close`, `close`."""

    account_id: str = _AccountId


class CriterionAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion_id: str = Field(..., max_length=80)
    met: bool
    note: str | None = Field("", max_length=2000)


class AssessAccount(AccountCommand):
    """`cmd.registry.assess`."""

    answers: list[CriterionAnswer] = Field(..., max_length=50)


class ApproveAccount(AccountCommand):
    """`cmd.registry.approve`."""

    consulted: str | None = Field(None, max_length=300, description="Who was consulted before the decision.")


class ActivateAccount(AccountCommand):
    """`cmd.registry.activate`."""

    confirmations: dict[str, bool] = Field(default_factory=dict, description="Activation checklist: id → done.")
    platform_account_id: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=500)


class UpdateAccount(AccountCommand):
    """`cmd.registry.update`."""

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
    """`cmd.registry.assign`."""

    responsibilities: ResponsibilitiesPatch


class RecordReview(AccountCommand):
    """`cmd.registry.record_review`."""

    outcome: Literal["continue", "change", "close"]
    changes: str | None = Field("", max_length=4000, description="What is to change (outcome `change`).")
    close_reasons: list[str] = Field(default_factory=list, max_length=20,
                                     description="Ids of the pack's close criteria, or free text.")


# The commands' answers (`CommandResult.data`) ---------------------------------------------

class SteppedAccount(AccountView):
    """The account as a lifecycle command left it, as staff see it."""

    id: str = Field(..., description="The account's id again (`account_id`), as the answer has always carried it.")


class AccountStepped(Contract):
    """`cmd.registry.<step>` (propose, assess, approve, …, close): the account after the step."""

    account: SteppedAccount


class FollowUpCounts(Contract):
    """`cmd.registry.run_follow_up`: what one follow-up sweep did."""

    review_due: int = Field(..., description="Review notices sent (due or overdue).")
    close_recommended: int = Field(..., description="Accounts recommended for closing on their activity.")
    outbox: int = Field(..., description="Events left in an outbox, published now.")
